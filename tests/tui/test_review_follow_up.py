"""A progress review in the app: KPI actuals imported from CSV through the sales import's
dialog, tactics set done/late/dropped with a note, the previous review's decisions at the
start, and who held each review."""

from __future__ import annotations

import time_machine
from textual.widgets import Select

from facilitation.ideas.strategies import add_strategy, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic, get_tactic
from facilitation.plan.decisions import DecisionInput, add_decision
from facilitation.plan.kpis import KpiInput, add_kpi
from facilitation.plan.reviews import (
    ReviewRhythm,
    list_reviews,
    mark_review_held,
    set_review_rhythm,
)
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import end_session, go_to_step, start_session
from spip_tui.dialogs.fields_form import FieldsForm
from spip_tui.dialogs.import_history import ImportDialog
from tests.tui.screen import wait_until
from tests.tui.test_history_screens import settle, static_text
from tests.tui.test_plan_steps import open_session
from tests.tui.test_session_screen import screen_text, type_text

NOW = "2026-11-20 09:00 +0000"


def actuals(store):
    return [tuple(r) for r in store.query(
        "SELECT k.name, a.period_start, a.actual FROM kpi_actuals a JOIN kpis k ON k.id = a.kpi_id "
        "ORDER BY k.name, a.period_start")]


async def choose_file(app, pilot, path) -> None:
    app.screen.query_one("#path").value = str(path)
    app.screen.query_one("#path").focus()
    await pilot.press("enter")
    await settle(app, pilot)


async def test_kpi_actuals_are_imported_from_csv_and_a_bad_file_saves_nothing(
        app, store, plan_id, tmp_path):
    bad = tmp_path / "crm-bad.csv"
    bad.write_text("period,kpi,actual\n2026-09,Meetings,18\n2026-13,Meetings,3\n"
                   "2026-10,Visits,4\n")
    good = tmp_path / "crm.csv"
    good.write_text("When,What,How many\n2026-09,Meetings,18\n2026-10,Meetings,17\n"
                    "2026-10,Calls,120\n")
    with time_machine.travel(NOW, tick=True):
        add_kpi(store, plan_id, KpiInput("Meetings", "meetings", target="20"))
        add_kpi(store, plan_id, KpiInput("Calls", "calls", target="100"))
        session_id = start_session(store, plan_id, get_script("progress-review"), "Priya")
        async with app.run_test(size=(80, 24)) as pilot:
            await open_session(app, pilot, session_id)
            await pilot.press("i")
            await wait_until(pilot, lambda: isinstance(app.screen, ImportDialog))
            await choose_file(app, pilot, bad)
            check = static_text(app, "#check")
            assert "2 bad rows" in check
            assert 'line 3: "2026-13" is not a date' in check
            assert 'line 4: no KPI "Visits" in this plan' in check
            await pilot.press("ctrl+s")                   # refused: nothing to import
            await settle(app, pilot)
            assert isinstance(app.screen, ImportDialog) and actuals(store) == []

            # Headers it cannot guess: the same mapping dialog asks for the columns.
            await choose_file(app, pilot, good)
            assert "Choose the column for: Period, KPI, Actual" in static_text(app, "#check")
            for role, column in (("period", "When"), ("kpi", "What"), ("actual", "How many")):
                app.screen.query_one(f"#col-{role}", Select).value = column
                await settle(app, pilot)
            assert "3 actuals: 2 KPIs × 2 periods" in static_text(app, "#check")
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: not isinstance(app.screen, ImportDialog))
            await settle(app, pilot)
            assert actuals(store) == [("Calls", "2026-10-01", 120), ("Meetings", "2026-09-01", 18),
                                      ("Meetings", "2026-10-01", 17)]
            text = screen_text(app)
            assert "Off pace: Meetings" in " ".join(text.split())   # the grid is filled
            assert "120" in text and "17" in text


async def test_a_tactic_is_set_late_with_a_note_in_the_review(app, store, plan_id):
    strategy = add_strategy(store, plan_id, "Call every lapsed customer")
    take_clarity_test(store, strategy, True)
    tactic = add_tactic(store, strategy, TacticInput("Book the agency", "Ann", "2099-12-01"))
    session_id = start_session(store, plan_id, get_script("progress-review"), "Priya")
    go_to_step(store, session_id, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        await pilot.press("tab", "u")
        await wait_until(pilot, lambda: isinstance(app.screen, FieldsForm))
        app.screen.query_one("#status", Select).value = "late"
        app.screen.query_one("#note").focus()
        await type_text(pilot, "agency booked until May")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, FieldsForm))
        await pilot.pause()
        assert "late: agency booked until May" in screen_text(app)
    saved = get_tactic(store, tactic)
    assert (saved.status, saved.status_note) == ("late", "agency booked until May")
    [event] = store.query("SELECT payload FROM events WHERE kind = 'tactic.status_changed'")
    assert "agency booked until May" in event[0]


async def test_the_review_starts_with_the_previous_reviews_decisions(app, store, plan_id):
    script = get_script("progress-review")
    first = start_session(store, plan_id, script, "Marcus Bell")
    add_decision(store, plan_id, DecisionInput("Two extra prospecting days", "Ana Lima",
                                               "2099-01-15"), session_id=first)
    end_session(store, first)
    second = start_session(store, plan_id, script, "Marcus Bell")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, second)
        text = screen_text(app)
        assert "1 of 1 still open" in text
        assert "• open · Ana Lima · due 2099-01-15 · Two extra prospecting days" in text


async def test_the_review_rhythm_says_who_held_each_review(app, store, plan_id):
    from datetime import date

    set_review_rhythm(store, plan_id, ReviewRhythm("monthly", date(2026, 1, 5), 12,
                                                   date(2026, 12, 31)), today=date(2026, 1, 1))
    mark_review_held(store, list_reviews(store, plan_id)[0].id, actor="Marcus Bell",
                     held_at="2026-01-05T10:00:00+00:00")
    session_id = start_session(store, plan_id, get_script("full-plan"), "Priya")
    steps = [s.kind for s in get_script("full-plan").steps]
    go_to_step(store, session_id, steps.index("review_rhythm"))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        text = screen_text(app)
        assert "Held by" in text and "Marcus Bell" in text


async def test_the_plan_screen_says_who_held_the_last_review(app, store, plan_id):
    from datetime import date

    from spip_tui.screens.plan import PlanScreen

    set_review_rhythm(store, plan_id, ReviewRhythm("monthly", date(2026, 1, 5), 12,
                                                   date(2099, 12, 31)), today=date(2026, 1, 1))
    mark_review_held(store, list_reviews(store, plan_id)[0].id, actor="Marcus Bell",
                     held_at="2026-01-05T10:00:00+00:00")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.push_screen(PlanScreen(plan_id))
        await wait_until(pilot, lambda: "held by Marcus Bell" in static_text(app, "#plan-reviews"))
        assert "last 2026-01-05" in static_text(app, "#plan-reviews")
