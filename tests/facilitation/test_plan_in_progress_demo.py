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


def test_the_demo_reviews_leave_notes_who_held_them_and_decisions_for_the_next(tmp_path):
    from facilitation.demo.build import build_demo
    from facilitation.ideas.strategies import list_strategies
    from facilitation.plan.decisions import previous_review_decisions
    from facilitation.plan.plans import find_plan
    from facilitation.plan.reviews import list_reviews

    store = build_demo(tmp_path / "demo.sqlite")
    metro = find_plan(store, "Metro")
    tactics = {t.action: t for s in list_strategies(store, metro.id) for t in s.tactics}
    late = tactics["Book a quarterly review with every top-40 account"]
    assert late.status == "late" and "Omar calls them" in late.status_note
    assert {t.status for t in tactics.values() if t.status_note} == {"done", "late", "dropped"}
    assert {r.held_by for r in list_reviews(store, metro.id) if r.held_at} == {"Priya Raman"}
    coastal = find_plan(store, "Coastal")
    carried = previous_review_decisions(store, coastal.id)
    assert [d.status for d in carried.decisions] == ["done", "open"]
    store.close()
