"""`spip check` and `spip export` from the shell."""

from __future__ import annotations

import json
from pathlib import Path

from tests.tui.test_cli import spip


def test_check_prints_the_score_and_lacks_and_exits_1(db_path, plan_id):
    result = spip("--db", str(db_path), "check", "North")
    assert result.returncode == 1
    assert "North (territory): plan check 0/100" in result.stdout
    assert "no review is scheduled  [step: Review rhythm]" in result.stdout


def test_check_json_and_unknown_plan(db_path, plan_id):
    data = json.loads(spip("--db", str(db_path), "check", str(plan_id), "--json").stdout)
    assert data["score"] == 0 and data["complete"] is False
    assert {lack["step_kind"] for lack in data["lacking"]} >= {"kpis", "review_rhythm"}
    missing = spip("--db", str(db_path), "check", "Nowhere")
    assert missing.returncode == 1 and missing.stderr.strip() == 'spip: there is no plan for "Nowhere"'


def test_check_exits_0_on_a_finished_plan(finished):
    store, _, _ = finished
    result = spip("--db", str(store.path), "check", "West")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "100/100" in result.stdout and "Nothing is missing." in result.stdout


def test_export_writes_each_format(db_path, plan_id, tmp_path: Path):
    for fmt in ("md", "html", "csv", "xlsx", "ics"):
        out = tmp_path / f"north.{fmt}"
        result = spip("--db", str(db_path), "export", "North", "--format", fmt, "-o", str(out))
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 0 and f"Wrote {out}" in result.stderr
    assert (tmp_path / "north.md").read_text().startswith("# Sales performance improvement plan")


def test_export_to_stdout_and_errors(db_path, plan_id, tmp_path: Path):
    printed = spip("--db", str(db_path), "export", "North", "--format", "md", "-o", "-")
    assert printed.stdout.startswith("# Sales performance improvement plan: North")
    bad = spip("--db", str(db_path), "export", "North", "--format", "pdf")
    assert bad.returncode == 2 and "pdf" in bad.stderr
    nowhere = spip("--db", str(db_path), "export", "North", "--format", "md",
                   "-o", str(tmp_path / "no" / "x.md"))
    assert nowhere.returncode == 1 and "does not exist" in nowhere.stderr
