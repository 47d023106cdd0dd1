"""The demo shows plans kept alive: a review overdue, a KPI drifting, tactics done and late."""

from __future__ import annotations

from datetime import date

from facilitation.demo.progress import add_plan_in_progress
from facilitation.history.monthly import MonthlyTotal, save_history
from facilitation.plan.kpi_history import kpi_tracks
from facilitation.portfolio.due import due_items
from facilitation.portfolio.subjects import portfolio_lines

TODAY = date(2027, 3, 17)


def test_the_review_demo_has_an_overdue_review_a_drifting_kpi_and_late_tactics(store):
    save_history(store, "metro.csv", [
        MonthlyTotal("territory", "Metro", f"{2023 + m // 12}-{m % 12 + 1:02d}", 700_000)
        for m in range(50)], rows_read=50)
    save_history(store, "south.csv", [MonthlyTotal("territory", "South", "2026-01", 1)],
                 rows_read=1)
    add_plan_in_progress(store, TODAY)
    lines = {line.subject_name: line for line in portfolio_lines(store, TODAY)}
    metro = lines["Metro"]
    assert lines["South"].plan is None
    assert metro.plan.period_start == "2026-12" and metro.plan.target_amount == 4_540_000
    assert metro.overdue and metro.last_review is not None
    assert metro.kpis_off_pace == ("Meetings booked",) and metro.tactics_late == 1
    tracks = {t.kpi.name: t for t in kpi_tracks(store, metro.plan.id, TODAY)}
    assert tracks["Meetings booked"].actuals[-4:] == (41, 37, 34, None)
    kinds = {item.kind for item in due_items(store, TODAY)}
    assert {"review overdue", "tactic late", "tactic due"} <= kinds
    add_plan_in_progress(store, TODAY)           # a second run adds nothing
    assert store.query("SELECT count(*) FROM plans")[0][0] == 1
