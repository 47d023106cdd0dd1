"""`spip` itself: with no command it opens the app straight away; with a command (or
--help, --version, anything else) it hands over to the command line in spip_tui.cli.

Why two doors: click and the command modules cost a fifth of a bare Textual app's start-up
(benchmarks/startup.py), and opening the app needs none of them.
"""

from __future__ import annotations

import os
import sys
import time

from spip_tui import startup_gc

startup_gc.starting()  # before the imports: they are most of what start-up allocates

from facilitation.store.database import Store
from facilitation.store.errors import StoreError
from facilitation.store.locations import resolve_db_path

STARTED = time.perf_counter()

# The only options `spip` takes before a command; each takes one value.
APP_OPTIONS = ("--db", "--scripts")


def app_options(args: list[str]) -> dict[str, str] | None:
    """The --db/--scripts values when they are all the arguments (the app is to open);
    None when anything else is there (a command, --help, a value missing)."""
    found: dict[str, str] = {}
    rest = list(args)
    while rest:
        option, equals, value = rest.pop(0).partition("=")
        if option not in APP_OPTIONS:
            return None
        if not equals:
            if not rest or rest[0].startswith("-"):
                return None  # the command line says what is missing
            value = rest.pop(0)
        if not value:
            return None
        found[option[2:]] = value
    return found


def open_database(db: str | None) -> Store:
    """The database named by --db / SPIP_DB / the default (StoreError with a one-line
    reason when it cannot be used)."""
    return Store.open(resolve_db_path(db))


def run_app(store: Store) -> None:
    """Run the app on an open store until it ends; exit with its return code."""
    from spip_tui.app import SpipApp

    app = SpipApp(store, STARTED)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


def main() -> None:
    """The `spip` command."""
    options = app_options(sys.argv[1:])
    if options is None:
        startup_gc.started()  # a command shows no screen: it collects as usual
        from spip_tui.cli import main as command_line

        command_line()
        return
    from spip_tui.terminal import visible_output

    with visible_output():
        if "scripts" in options:
            os.environ["SPIP_SCRIPTS"] = options["scripts"]  # as the command line does
        try:
            store = open_database(options.get("db"))
        except (StoreError, OSError) as exc:
            print(f"spip: {exc}", file=sys.stderr)
            sys.exit(1)
        run_app(store)
