"""The `spip` command. Heavy modules are imported inside the commands that need them."""

from __future__ import annotations

import json
import sys

import click

from facilitation import __version__
from facilitation.store.database import Store
from facilitation.store.errors import StoreError
from spip_tui.launch import open_database, run_app
from spip_tui.terminal import visible_output


class CliError(click.ClickException):
    """Printed as one line on stderr with exit code 1."""

    def show(self, file=None) -> None:
        click.echo(f"spip: {self.format_message()}", err=True)


def open_store(db: str | None) -> Store:
    """Open the database named by --db / SPIP_DB / the default, or fail in one line."""
    try:
        return open_database(db)
    except StoreError as exc:
        raise CliError(str(exc)) from None


@click.group(invoke_without_command=True)
@click.option("--db", metavar="PATH", envvar="SPIP_DB", help="Database file (default: $SPIP_DB, "
              "else spip.sqlite in your user data folder).")
@click.option("--scripts", "scripts_dir", metavar="DIR", envvar="SPIP_SCRIPTS",
              help="Your own workshop scripts folder (they override shipped ones of the "
              "same name; default: $SPIP_SCRIPTS).")
@click.version_option(__version__, prog_name="spip")
@click.pass_context
def cli(ctx: click.Context, db: str | None, scripts_dir: str | None) -> None:
    """spip: build and keep sales performance improvement plans.

    With no command, opens the app on the database.
    """
    ctx.obj = {"db": db, "scripts": scripts_dir}
    if scripts_dir:
        import os

        # The app and every command find scripts through this variable.
        os.environ["SPIP_SCRIPTS"] = scripts_dir
    if ctx.invoked_subcommand is None:
        run_app(open_store(db))


@cli.command()
@click.option("--db", "demo_db", metavar="PATH", help="Write the demo database here.")
@click.option("--open/--no-open", "open_app", default=True, help="Open the app on it (default).")
@click.option("--fresh", is_flag=True, help="Rebuild the demo database even if it exists.")
@click.pass_context
def demo(ctx: click.Context, demo_db: str | None, open_app: bool, fresh: bool) -> None:
    """Create (or reuse) the demo database with realistic plans, and open it."""
    from pathlib import Path

    from facilitation.demo.build import ensure_demo
    from facilitation.store.locations import demo_db_path

    path = Path(demo_db or ctx.obj["db"] or demo_db_path()).expanduser()
    try:
        store, created = ensure_demo(path, fresh=fresh)
    except StoreError as exc:
        raise CliError(str(exc)) from None
    click.echo(f"{'Created' if created else 'Using'} the demo database {path}", err=True)
    from facilitation.demo.live import join_hint

    if (hint := join_hint(store)) is not None:
        click.echo(f"Join its live session from a second terminal: {hint}", err=True)
    if open_app:
        run_app(store)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for scripts.")
@click.option("--all", "include_archived", is_flag=True, help="Include archived plans.")
@click.pass_context
def plans(ctx: click.Context, as_json: bool, include_archived: bool) -> None:
    """List the plans."""
    from dataclasses import asdict

    from facilitation.plan.plans import list_plans
    from facilitation.store.model import format_money

    summaries = list_plans(open_store(ctx.obj["db"]), include_archived=include_archived)
    if as_json:
        click.echo(json.dumps([
            {**asdict(s.plan), "last_session": s.last_session, "next_review": s.next_review}
            for s in summaries
        ], indent=2))
        return
    if not summaries:
        click.echo("No plans.")
    for s in summaries:
        p = s.plan
        click.echo(f"{p.id:>4}  {p.subject_name:<28} {p.subject_kind:<12} {p.owner:<18} "
                   f"{format_money(p.target_amount):>12}  {p.period}  {p.status}")


@cli.command()
@click.option("--copy", "copy_name", metavar="NAME", help="Copy this script into the --scripts "
              "folder, to edit it there.")
@click.option("--as", "new_name", metavar="NEW", help="The copy's name (default: the same).")
@click.pass_context
def scripts(ctx: click.Context, copy_name: str | None, new_name: str | None) -> None:
    """List the workshop scripts (and any that cannot be used, with the reason)."""
    from facilitation.workshop.scripts import ScriptError, copy_script, load_scripts

    if copy_name:
        if not ctx.obj["scripts"]:
            raise CliError("say where to copy it: spip --scripts DIR scripts --copy NAME")
        try:
            target = copy_script(copy_name, ctx.obj["scripts"], new_name)
        except ScriptError as exc:
            raise CliError(str(exc)) from None
        click.echo(f"Copied {copy_name} to {target}; edit it and it appears as "
                   f"{target.stem}.")
        return
    catalogue = load_scripts(ctx.obj["scripts"])
    for name, script in catalogue.scripts.items():
        minutes = f"{script.total_minutes:g} min" if script.total_minutes else "no timers"
        click.echo(f"{name:<28} {script.title:<30} {len(script.steps):>2} steps  {minutes:<9}"
                   f"  {script.path}")
    for error in catalogue.errors:
        click.echo(f"spip: {error}", err=True)
    if catalogue.errors:
        sys.exit(1)


@cli.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--date-col", metavar="NAME", help="Column with the date or month.")
@click.option("--subject-col", metavar="NAME", help="Column with the subject's name.")
@click.option("--amount-col", metavar="NAME", help="Column with the amount.")
@click.option("--kind-col", metavar="NAME", help="Column with each row's subject kind.")
@click.option("--units-col", metavar="NAME", help="Column with units sold.")
@click.option("--kind", metavar="KIND", help="Subject kind of every row: salesperson, territory, "
              "key account or team (guessed from the subject column's name if not given).")
@click.option("--date-order", type=click.Choice(["day-first", "month-first"]),
              help="How to read dates like 03/04/2024.")
@click.pass_context
def import_(ctx: click.Context, file: str, date_col: str | None, subject_col: str | None,
            amount_col: str | None, kind_col: str | None, units_col: str | None,
            kind: str | None, date_order: str | None) -> None:
    """Import sales history from a CSV or Excel file (replaces an earlier import of it)."""
    from facilitation.history.importer import ImportProblem, import_sales_file

    store = open_store(ctx.obj["db"])
    mapping = {"date": date_col, "subject": subject_col, "amount": amount_col,
               "kind": kind_col, "units": units_col}
    try:
        saved = import_sales_file(store, file, mapping=mapping, kind=kind, date_order=date_order)
    except ImportProblem as exc:
        raise CliError(str(exc)) from None
    click.echo(f"{'Replaced' if saved.replaced else 'Imported'} {saved.source}: "
               f"{saved.rows_read:,} rows, {saved.subjects} subjects, {saved.months} months")
    precompute_with_progress(store, saved.import_id)


def precompute_with_progress(store, import_id: int) -> None:
    """After an import: its subjects' forecasts and past performance into the cache, with
    a progress line on stderr (so that `spip forecast`, `spip history` and the app find
    them ready)."""
    from facilitation.history.precompute import precompute_import

    def progress(done: int, total: int) -> None:
        click.echo(f"\rPrecomputing forecasts and past performance: {done}/{total}",
                   nl=done == total, err=True)

    precompute_import(store, import_id, progress)


@cli.command()
@click.argument("subject")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for scripts.")
@click.pass_context
def history(ctx: click.Context, subject: str, as_json: bool) -> None:
    """Monthly sales of SUBJECT with rolling averages, trend and peers."""
    from facilitation.history.cache import cached_past_performance
    from facilitation.history.report import (
        past_performance_data,
        past_performance_lines,
        subject_by_name,
    )

    store = open_store(ctx.obj["db"])
    found = cached_past_performance(store, *subject_by_name(store, subject))
    assert found is not None
    if as_json:
        click.echo(json.dumps(past_performance_data(found), indent=2))
    else:
        click.echo("\n".join(past_performance_lines(found)))


@cli.command()
@click.argument("subject")
@click.option("--target", required=True, metavar="AMOUNT", help="Target for the period.")
@click.option("--period", required=True, metavar="START..END", help="e.g. 2027-01..2027-03")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for scripts.")
@click.pass_context
def forecast(ctx: click.Context, subject: str, target: str, period: str, as_json: bool) -> None:
    """Forecast SUBJECT's sales over a period, with the gap to a target."""
    from facilitation.history.cache import subject_forecast
    from facilitation.history.report import forecast_data, forecast_lines, subject_by_name
    from facilitation.store.model import month_index, parse_amount, parse_month

    start, dots, end = period.partition("..")
    if not dots:
        raise CliError(f'period "{period}": write it as START..END, e.g. 2027-01..2027-03')
    start, end = parse_month(start), parse_month(end)
    if month_index(end) < month_index(start):
        raise CliError(f"period {period}: the end month comes before the start month")
    amount = parse_amount(target)
    store = open_store(ctx.obj["db"])
    kind, name = subject_by_name(store, subject)
    found = subject_forecast(store, kind, name, start, end, amount)
    if found is None:
        raise CliError(f"{name} has no history before {start} to forecast from")
    if as_json:
        click.echo(json.dumps(forecast_data(found), indent=2))
    else:
        click.echo("\n".join(forecast_lines(found)))


@cli.command()
@click.argument("plan")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for scripts.")
@click.pass_context
def check(ctx: click.Context, plan: str, as_json: bool) -> None:
    """Score PLAN (id or subject name) 0-100 and list what it lacks.

    Exit code 0 when nothing is missing, 1 when something is.
    """
    from facilitation.plan.plans import find_plan
    from facilitation.summary.check import check_plan

    store = open_store(ctx.obj["db"])
    found = find_plan(store, plan)
    result = check_plan(store, found.id)
    if as_json:
        click.echo(json.dumps({"subject": found.subject_name, **result.to_json()}, indent=2))
    else:
        click.echo(f"{found.title}: plan check {result.score}/100")
        if result.complete:
            click.echo("Nothing is missing.")
        for lack in result.lacking:
            click.echo(f"  - {lack.message}  [step: {lack.step_title}]")
    if not result.complete:
        sys.exit(1)


@cli.command()
@click.argument("plan")
@click.option("--format", "fmt", required=True,
              type=click.Choice(["md", "html", "csv", "xlsx", "ics"]),
              help="md/html: the plan document; csv/xlsx: tactics and KPIs; ics: review dates.")
@click.option("-o", "--output", metavar="FILE", help="Write here (default: SUBJECT-plan.FORMAT "
              "in the current folder; '-' prints md, html, csv or ics to standard output).")
@click.pass_context
def export(ctx: click.Context, plan: str, fmt: str, output: str | None) -> None:
    """Export PLAN (id or subject name) as a document, a table or a calendar."""
    from facilitation.exports import DOCUMENT_FORMATS, ExportError, export_plan, render
    from facilitation.plan.plans import find_plan
    from facilitation.summary.document import plan_document

    store = open_store(ctx.obj["db"])
    found = find_plan(store, plan)
    if output == "-":
        if fmt == "xlsx":
            raise CliError("an xlsx workbook cannot go to standard output; give -o FILE")
        forecast = {} if fmt in DOCUMENT_FORMATS else {"forecast": None}
        click.echo(render(plan_document(store, found.id, **forecast), fmt).decode("utf-8-sig"),
                   nl=False)
        return
    try:
        path = export_plan(store, found.id, fmt, output)
    except ExportError as exc:
        raise CliError(str(exc)) from None
    click.echo(f"Wrote {path}", err=True)


# Commands kept in modules of their own; imported here, after open_store, which they use.
from .cli_coach import COMMANDS as COACH_COMMANDS
from .cli_ledger import ledger
from .cli_live import COMMANDS as LIVE_COMMANDS
from .cli_portfolio import due, kpi_import, portfolio
from .cli_retrospective import retrospective

cli.add_command(portfolio)
cli.add_command(due)
cli.add_command(kpi_import)
cli.add_command(ledger)
cli.add_command(retrospective)
for _command in LIVE_COMMANDS + COACH_COMMANDS:
    cli.add_command(_command)


def main() -> None:
    """Entry point: click's errors stay one line; unexpected errors never show a traceback;
    nothing printed can act on the terminal (spip_tui.terminal)."""
    with visible_output():
        _run()


def _run() -> None:
    try:
        cli(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("spip: aborted", err=True)
        sys.exit(1)
    except click.UsageError as exc:
        click.echo(f"spip: {exc.format_message()} (see spip --help)", err=True)
        sys.exit(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except StoreError as exc:  # a lock held too long, a disk gone read-only: one line
        click.echo(f"spip: {exc}", err=True)
        sys.exit(1)
    except (KeyError, ValueError, OSError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        click.echo(f"spip: {message}", err=True)
        sys.exit(1)
