"""`spip compare` and `spip asof` from the shell."""

from __future__ import annotations

import json

from tests.facilitation.test_compare import year  # noqa: F401  (fixture)
from tests.tui.test_cli import spip


def test_compare_prints_each_change_under_its_heading(db_path, plan_id, year):  # noqa: F811
    workshop, _ = year
    result = spip("--db", str(db_path), "compare", "North", "--from", f"session:{workshop}")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("North (territory): full-plan session of 2025-11-20")
    assert "re-scored      Recession: L2×I3 → L4×I3" in result.stdout
    assert "KPIs:" in lines and "Tactics:" in lines


def test_compare_json_and_a_bad_moment(db_path, plan_id, year):  # noqa: F811
    data = json.loads(spip("--db", str(db_path), "compare", "North", "--json").stdout)
    assert data["subject"] == "North" and data["to"] == "now"
    assert {"what": "kpi", "name": "Meetings booked", "how": "target changed",
            "before": "10 meetings monthly", "after": "12 meetings monthly"} in data["changes"]
    bad = spip("--db", str(db_path), "compare", "North", "--from", "yesterday")
    assert bad.returncode == 1
    assert bad.stderr.strip().startswith('spip: "yesterday" is not a moment')


def test_asof_writes_the_plan_as_it_was(db_path, plan_id, year, tmp_path):  # noqa: F811
    out = tmp_path / "north.html"
    result = spip("--db", str(db_path), "asof", "North", "--at", "2026-01-01",
                  "--format", "html", "-o", str(out), "--no-forecast")
    assert result.returncode == 0, result.stderr
    html = out.read_text()
    assert "(as of end of 2026-01-01)" in html and "Port strike" in html
    printed = spip("--db", str(db_path), "asof", "North", "--at", "now", "--no-forecast").stdout
    assert "Port strike" not in printed and "New competitor from the south" in printed


def test_sessions_search_lists_matching_sessions(db_path, plan_id, year):  # noqa: F811
    workshop, _ = year
    result = spip("--db", str(db_path), "sessions", "--search", "lapsed")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"session:{workshop}  2025-11-20  North  full-plan  Priya")
    assert "    strategy: Win back lapsed accounts" in result.stdout
    data = json.loads(spip("--db", str(db_path), "sessions", "--since", "2026-01-01",
                           "--json").stdout)
    assert [d["script"] for d in data] == ["annual-contingency-review"]
