"""A round, scoring, promoting two strategies, the clarity test and tactics: keyboard only."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from facilitation.ideas.strategies import clarity_history, list_strategies
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui.screens.session import SessionScreen
from tests.tui.test_session_screen import screen_text, type_text

IDEAS = ("Win back lapsed accounts", "Open a second region", "Tidy the CRM")


@pytest.fixture
def session_id(store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Priya", ["Ana"])
    go_to_step(store, session_id, 4)  # brainstorming
    return session_id


async def test_round_score_promote_clarity_and_tactics(app, store, plan_id, session_id):
    due = (date.today() + timedelta(days=30)).isoformat()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await app.workers.wait_for_complete()        # the gap round is made
        await pilot.pause()
        await pilot.press("ctrl+t")                   # the round runs
        for text in IDEAS:
            await type_text(pilot, text)
            await pilot.press("enter")
        await pilot.press("ctrl+b")                   # and ends
        await pilot.press("f8")                       # scoring
        await pilot.pause()
        # The group scores: two digits per idea, feasibility then impact.
        await pilot.press("4", "5", "2", "5", "5", "1")
        await pilot.press("f3")                       # Priya scores in turn
        await pilot.press("5", "4", "1", "4", "4", "2")
        await pilot.pause()
        rows = store.query("SELECT participant, feasibility, impact FROM idea_scores "
                           "ORDER BY participant, idea_id")
        assert [tuple(r) for r in rows] == [
            ("Priya", 5, 4), ("Priya", 1, 4), ("Priya", 4, 2),
            ("group", 4, 5), ("group", 2, 5), ("group", 5, 1)]
        await pilot.press("c")                        # the matrix
        await pilot.pause()
        shown = screen_text(app)
        assert "QUICK WIN" in shown and "MONEY PIT" in shown
        await pilot.press("c", "r")                   # back to the list, ranked
        await pilot.pause()
        assert "quick win" in screen_text(app)

        await pilot.press("up", "up", "up", "p", "down", "p")  # promote the top two
        await pilot.pause()
        assert len(list_strategies(store, plan_id)) == 2

        await pilot.press("f8")                       # the tactics step
        await pilot.pause()
        assert "Win back lapsed accounts" in screen_text(app)
        await pilot.press("a")                        # refused: not through the test yet
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)

        await pilot.press("n")                        # not clear: reword it
        await pilot.pause()
        await pilot.press("ctrl+u")
        await type_text(pilot, "Ana calls the 20 biggest lapsed accounts")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")                        # now clear
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Call 20 accounts")
        await pilot.press("enter")
        await type_text(pilot, "Ana")
        await pilot.press("enter")
        await type_text(pilot, "2020-01-01")          # in the past: refused, nothing lost
        await pilot.press("enter")
        await pilot.pause()
        assert "in the past" in screen_text(app)
        await pilot.press(*["backspace"] * 10)
        await type_text(pilot, due)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("tab", "s")                 # the tactic is under way
        await pilot.pause()

        await pilot.press("shift+tab", "down", "y")   # the second strategy passes as it is
        await pilot.pause()

    first, second = list_strategies(store, plan_id)
    assert first.text == "Ana calls the 20 biggest lapsed accounts"
    assert [(h["wording"], h["passed"]) for h in clarity_history(store, first.id)] == [
        ("Win back lapsed accounts", 0), ("Ana calls the 20 biggest lapsed accounts", 1)]
    [tactic] = first.tactics
    assert (tactic.action, tactic.owner, tactic.due_date, tactic.status) == (
        "Call 20 accounts", "Ana", due, "doing")
    assert first.is_complete
    assert second.passed_clarity and second.problems == ["no tactic"]
