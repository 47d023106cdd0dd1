"""`spip` with no command opens the app without the command line; anything else goes to it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from spip_tui.launch import app_options


@pytest.mark.parametrize(("args", "options"), [
    ([], {}),
    (["--db", "x.sqlite"], {"db": "x.sqlite"}),
    (["--db=x.sqlite", "--scripts", "mine"], {"db": "x.sqlite", "scripts": "mine"}),
    (["plans"], None),
    (["--db", "x.sqlite", "plans"], None),
    (["--help"], None),
    (["--version"], None),
    (["--db"], None),
    (["--db", "--help"], None),
    (["--db="], None),
    (["--frobnicate"], None),
])
def test_only_database_and_scripts_options_open_the_app_directly(args, options):
    assert app_options(args) == options


def test_opening_the_app_on_a_bad_database_is_one_line_and_a_failure(tmp_path: Path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database\n" * 10)
    result = subprocess.run([sys.executable, "-m", "spip_tui", "--db", str(bad)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("spip: ")
    assert "not an SQLite database" in result.stderr


def test_opening_the_app_does_not_load_the_command_line():
    # Only what opening the app loads counts: a sitecustomize (the moved clock's, say) may
    # have loaded modules before it.
    code = ("import sys; before = set(sys.modules); "
            "import spip_tui.launch, spip_tui.app, spip_tui.screens.home; "
            "print(sorted(m for m in set(sys.modules) - before if m == 'click'"
            " or m.startswith('spip_tui.cli') or m.startswith('importlib.resources')))")
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           timeout=120, check=True).stdout.strip()
    assert found == "[]"
