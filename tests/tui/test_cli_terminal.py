"""Nothing `spip` prints can act on the terminal: escape sequences in stored text or in
an imported file's cells are shown as visible symbols."""

from __future__ import annotations

import sqlite3

from tests.tui.test_cli import spip

ESCAPES = "\x1b]0;owned\x07\x1b[2J"


def assert_harmless(output: str) -> None:
    assert "\x1b" not in output and "\x07" not in output
    # click drops colour-style sequences (ESC [ ... J) itself when not on a terminal
    assert "␛]0;owned␇" in output


def test_plans_check_and_export_show_stored_escape_sequences_visibly(db_path, plan_id, store):
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE plans SET subject_name = ?, owner = ?",
                  [f"North{ESCAPES}", f"Priya{ESCAPES}"])
    conn.commit()
    conn.close()
    listed = spip("--db", str(db_path), "plans")
    assert listed.returncode == 0, listed.stderr
    assert_harmless(listed.stdout)
    checked = spip("--db", str(db_path), "check", str(plan_id))
    assert_harmless(checked.stdout)
    exported = spip("--db", str(db_path), "export", str(plan_id), "--format", "md", "-o", "-")
    assert exported.returncode == 0, exported.stderr
    assert "\x1b" not in exported.stdout and "\x07" not in exported.stdout


def test_an_import_refusal_quoting_a_cell_shows_its_escapes_visibly(db_path, store, tmp_path):
    csv = tmp_path / "sales.csv"
    csv.write_text(f"date,rep,amount\n2024-01-01,Ann,{ESCAPES}12\n", encoding="utf-8")
    result = spip("--db", str(db_path), "import", str(csv))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert_harmless(result.stderr)


def test_an_unknown_subject_named_with_escapes_is_echoed_visibly(db_path, store):
    result = spip("--db", str(db_path), "history", f"Nobody{ESCAPES}")
    assert result.returncode == 1
    assert_harmless(result.stderr)
