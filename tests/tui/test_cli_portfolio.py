"""`spip portfolio` and `spip due`, for scripts and cron."""

from __future__ import annotations

import json
from datetime import date

import time_machine
from click.testing import CliRunner

from facilitation.plan.plans import PlanInput, create_plan
from facilitation.plan.reviews import ReviewRhythm, set_review_rhythm
from spip_tui.cli import cli
from tests.facilitation.history_helpers import save_subject, seasonal_amounts


def setup(store):
    for name in ("North", "South"):
        save_subject(store, name, seasonal_amounts(36), start="2023-09")
    plan_id = create_plan(store, PlanInput("territory", "North", "Priya Raman", "2026-11",
                                           "2027-01", "1300000"))
    set_review_rhythm(store, plan_id, ReviewRhythm("monthly", date(2026, 9, 15), 12,
                                                   date(2027, 1, 31)), today=date(2026, 9, 1))


def run(db_path, *args):
    with time_machine.travel("2026-10-20 09:00 +0000", tick=False):
        result = CliRunner().invoke(cli, ["--db", str(db_path), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_portfolio_json_lists_every_subject_with_its_gap_and_a_roll_up(store, db_path):
    setup(store)
    found = json.loads(run(db_path, "portfolio", "--json"))
    north, south = found["subjects"]
    assert north["subject"] == "North" and north["review_overdue"]
    assert north["gap"] == north["target"] - north["expected"]
    assert isinstance(north["check_score"], int)
    assert south["plan_id"] is None and south["needs"] == ["no plan"]
    [territory, everything] = found["roll_up"]["groups"]
    assert territory["group"] == "territory" and everything["expected"] == north["expected"]


def test_portfolio_filters(store, db_path):
    setup(store)
    found = json.loads(run(db_path, "portfolio", "--json", "--no-plan", "--no-forecast"))
    assert [s["subject"] for s in found["subjects"]] == ["South"]
    text = run(db_path, "portfolio", "--overdue", "--no-forecast")
    assert "North" in text and "South" not in text


def test_due_prints_what_is_due_and_writes_every_upcoming_review_as_ics(store, db_path,
                                                                        tmp_path):
    from icalendar import Calendar

    setup(store)
    assert run(db_path, "due").startswith("1 review overdue")
    found = json.loads(run(db_path, "due", "--json"))
    assert found["items"][0]["kind"] == "review overdue"
    ics = tmp_path / "reviews.ics"
    run(db_path, "due", "--ics", str(ics))
    events = Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert events and all(str(e["summary"]).endswith("North (territory)") for e in events)
    assert min(e["dtstart"].dt for e in events) >= date(2026, 10, 20)


def test_kpi_import_saves_actuals_or_lists_bad_rows_by_line(store, db_path, plan_id, tmp_path):
    from facilitation.plan.kpis import KpiInput, add_kpi

    add_kpi(store, plan_id, KpiInput("Meetings booked", "meetings", target="40"))
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text("month,metric,value\n2026-09,Meetings booked,38\n2026-10,Meetings booked,41\n")
    bad.write_text("month,metric,value\n2026-09,Meetings booked,many\n")
    result = CliRunner().invoke(cli, ["--db", str(db_path), "kpi-import", "North", str(good)])
    assert result.exit_code == 0 and "Imported 2 KPI actuals for North" in result.output
    result = CliRunner().invoke(cli, ["--db", str(db_path), "kpi-import", "North", str(bad)])
    assert result.exit_code == 1
    assert 'line 2: "many" is not a number' in result.output
    assert store.query("SELECT count(*) FROM kpi_actuals")[0][0] == 2
