"""What a facilitator walking the full-plan script at 80×24 met on the way: each label
read whole where its text is the meaning."""

from __future__ import annotations

from facilitation.contingency.evidence import Dip
from facilitation.history.cache import plan_forecast
from facilitation.ideas.ideas import add_idea
from facilitation.ideas.round_plan import add_round
from facilitation.ideas.strategies import list_strategies
from facilitation.plan.plans import get_plan
from facilitation.retrospective.forecast_ledger import record_forecast
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import (
    end_session,
    go_to_step,
    list_sessions,
    start_session,
)
from spip_tui.app import SpipApp
from spip_tui.dialogs.confirm import ConfirmDialog
from spip_tui.dialogs.evidence_picker import EvidencePicker
from spip_tui.screens.session import SessionScreen
from tests.conftest import north_plan
from tests.facilitation.history_helpers import save_subject
from tests.facilitation.test_forecast_ledger import AMOUNTS
from tests.tui.conftest import assessment_session, open_brainstorming
from tests.tui.screen import screen_text, wait_until
from tests.tui.screen_waits import shows
from tests.tui.test_history_screens import static_text
from tests.tui.test_input_is_never_lost import type_while_busy


async def test_the_evidence_months_name_each_peer_whole(app):
    dips = [Dip("key_account", "Bay Freight", "2026-01", 72381, 116396, False),
            Dip("key_account", "Northwind Retail", "2023-05", 92149, 120165, False)]
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(EvidencePicker("We lose a key account", dips, set(),
                                       lambda dip: None, lambda dip: None))
        await wait_until(pilot, lambda: "Bay Freight" in screen_text(app))
        text = screen_text(app)
        assert "2023-05 Northwind Retail" in text
        assert "92,149 vs" in text and "120,165 −23%" in text


async def test_a_session_of_one_does_not_offer_to_switch_who_types(app, store, plan_id, clock):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Tom Okafor")
    go_to_step(store, session_id, 4)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        await wait_until(pilot, lambda: "Round 1/" in screen_text(app))
        assert "F3 switches" not in screen_text(app)
        assert "Ideas are recorded under your name" in screen_text(app)
        await pilot.press("f3")
        await pilot.pause()
        assert "no participants to switch between" in " ".join(
            n.message for n in app._notifications)


async def test_a_letter_typed_right_after_a_move_acts_on_the_row_moved_to(app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Tom Okafor")
    round_id = add_round(store, plan_id, "How do we close the gap?", session_id=session_id)
    for text in ("Upsell warehousing", "Quarterly review with the COO", "Rail-road rate"):
        add_idea(store, round_id, text, "Tom Okafor")
    go_to_step(store, session_id, 5)  # scoring
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await wait_until(pilot, lambda: "Rail-road rate" in screen_text(app))
        await type_while_busy(app, pilot, "down", "p")  # a quick "↓p": promote the second
        await wait_until(pilot, lambda: list_strategies(store, plan_id))
        await pilot.pause()
        assert [s.text for s in list_strategies(store, plan_id)] == [
            "Quarterly review with the COO"]


async def test_the_plan_screen_shows_the_forecast_a_session_just_showed(store):
    north_q1 = north_plan(store, "2027-01", "2027-03")
    save_subject(store, "North", AMOUNTS[:48], start="2023-01", source="north.csv")
    app = SpipApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_plan(north_q1)
        await wait_until(pilot, lambda: app.screen.query("#plan-sales"))
        await wait_until(pilot, lambda: "No forecast shown in a session yet"
                         in static_text(app, "#plan-sales"))
        # What the session's forecast step does while the plan screen waits under it.
        session_id = start_session(store, north_q1, get_script("full-plan"), "Priya")
        record_forecast(store, plan_forecast(store, get_plan(store, north_q1)), session_id)
        await wait_until(pilot, lambda: "Original forecast" in static_text(app, "#plan-sales"))


async def test_enter_on_the_steps_list_opens_the_step_on_screen(app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 10)  # the summary, where the workshop ended
    end_session(store, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "read-only; R to reopen")
        for _ in range(8):                 # back to the risks, to read them again
            await pilot.press("f7")
            await pilot.pause()
        await shows(pilot, "3. Risk listing")
        await pilot.press("enter")         # the steps list has the focus (nothing to edit)
        await pilot.pause()
        assert "3. Risk listing" in screen_text(app)


async def test_a_session_typed_in_one_go_keeps_its_participants(app, store, plan_id):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_plan(plan_id)
        await pilot.pause()
        await pilot.press("s")
        await type_while_busy(app, pilot, "tab", "tab", "Ana,Bo", "enter")
        await wait_until(pilot, lambda: list_sessions(store, plan_id))
        [session] = list_sessions(store, plan_id)
        assert session.participants == ("Ana", "Bo")


async def test_escape_on_a_typed_session_form_asks_first(app, store, plan_id):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_plan(plan_id)
        await pilot.pause()
        await pilot.press("s")
        await wait_until(pilot, lambda: "Start a session" in screen_text(app))
        await pilot.press("tab", "tab", "A", "n", "a", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)


async def test_the_risks_list_says_what_its_e_column_counts(app, store, plan_id):
    session_id = assessment_session(store, plan_id, "We lose a key account")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        shown = await shows(pilot, "We lose a key account")
        heading = next(line for line in shown.splitlines() if " Risk " in line)
        assert heading.split()[-1] == "E"
        assert "E: months attached" in shown



async def test_an_idea_scored_once_reads_one_score(app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Tom Okafor")
    round_id = add_round(store, plan_id, "How do we close the gap?", session_id=session_id)
    add_idea(store, round_id, "Upsell warehousing", "Tom Okafor")
    go_to_step(store, session_id, 5)  # scoring
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "Upsell warehousing")
        await pilot.press("4", "5")
        assert "impact 5.0 ±0.0 · 1 score · quick win" in await shows(pilot, "quick win")


async def test_scores_and_moves_typed_in_one_go_land_on_the_ideas_meant(app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Tom Okafor")
    round_id = add_round(store, plan_id, "How do we close the gap?", session_id=session_id)
    ideas = [add_idea(store, round_id, text, "Tom Okafor")
             for text in ("Upsell warehousing", "Quarterly review", "Rail-road rate")]
    go_to_step(store, session_id, 5)  # scoring
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "Rail-road rate")
        # 2 5 scores the first (the cursor then moves on), ↓ skips the second, 3 4 the third.
        await type_while_busy(app, pilot, "25", "down", "34")
        await wait_until(pilot, lambda: len(store.query("SELECT * FROM idea_scores")) == 2)
        rows = store.query("SELECT idea_id, feasibility, impact FROM idea_scores "
                           "ORDER BY idea_id")
        assert [tuple(row) for row in rows] == [(ideas[0], 2, 5), (ideas[2], 3, 4)]
