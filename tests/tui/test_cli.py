"""The `spip` command: plans for scripts, the demo, and one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from facilitation import __version__


def spip(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "spip_tui", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def test_version():
    result = spip("--version")
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_demo_without_opening_creates_plans_that_plans_json_lists(tmp_path: Path):
    db = tmp_path / "demo.sqlite"
    created = spip("demo", "--db", str(db), "--no-open")
    assert created.returncode == 0, created.stderr
    assert "Created" in created.stderr
    listed = spip("--db", str(db), "plans", "--json")
    plans = json.loads(listed.stdout)
    subjects = {p["subject_name"] for p in plans}
    assert {"North", "Coastal", "Dana Whitfield", "Harbor Logistics"} <= subjects
    assert all(p["status"] == "active" for p in plans)
    again = spip("demo", "--db", str(db), "--no-open")
    assert "Using" in again.stderr  # reused, not rebuilt


def test_spip_db_environment_variable_names_the_database(tmp_path: Path, db_path, plan_id):
    import os

    result = spip("plans", env={**os.environ, "SPIP_DB": str(db_path)})
    assert "North" in result.stdout


def test_a_bad_database_is_one_line_on_stderr_and_a_failure(tmp_path: Path):
    bad = tmp_path / "notes.sqlite"
    bad.write_text("not a database\n" * 10)
    result = spip("--db", str(bad), "plans")
    assert result.returncode != 0
    assert result.stderr.count("\n") == 1
    assert "not an SQLite database" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_folder_is_one_line_and_creates_nothing(tmp_path: Path):
    result = spip("--db", str(tmp_path / "nope" / "x.sqlite"), "plans")
    assert result.returncode != 0
    assert result.stderr.strip() == f"spip: cannot open {tmp_path}/nope/x.sqlite: the folder " \
                                    f"{tmp_path}/nope does not exist"


def test_an_unknown_option_is_one_line(tmp_path: Path):
    result = spip("--frobnicate")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--frobnicate" in result.stderr
