"""The brainstorming step from the keyboard, in a real session: rounds, timer, ideas."""

from __future__ import annotations

from datetime import timedelta

import pytest

from facilitation.ideas.brainstorm import get_round, list_ideas, list_rounds
from spip_tui.steps.brainstorming import BrainstormingStep
from tests.tui.conftest import T0, open_brainstorming
from tests.tui.test_session_screen import screen_text, type_text


@pytest.fixture
def session_id(brainstorming_session):
    return brainstorming_session


async def test_a_round_from_the_keyboard(app, store, session_id, clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        gap_round, risk_round = list_rounds(store, session_id=session_id)
        assert risk_round.prompt == "If a competitor prices aggressively, what do we do?"
        assert "How could we close the gap" in screen_text(app)

        await pilot.press("ctrl+t")
        await type_text(pilot, "Call lapsed accounts")
        await pilot.press("enter")
        await pilot.press("f3")                      # Ana types now
        await type_text(pilot, "Phone old customers")
        await pilot.press("enter")
        await pilot.press("f3")                      # Ben
        await type_text(pilot, "Upsell service")
        await pilot.press("enter")
        await pilot.pause()
        ideas = list_ideas(store, gap_round.id)
        assert [(i.text, i.author) for i in ideas] == [
            ("Call lapsed accounts", "Priya"), ("Phone old customers", "Ana"),
            ("Upsell service", "Ben")]
        assert "Upsell service" in screen_text(app)

        # The facilitator pauses the round (while it runs, letters are ideas), merges the
        # duplicate, deletes one idea, and undoes the deletion.
        await pilot.press("ctrl+t", "down")          # into the list, on the newest idea
        await pilot.press("up", "m", "up", "m")      # "Phone old…" duplicates "Call lapsed…"
        await pilot.pause()
        [first, _last] = list_ideas(store, gap_round.id)
        assert first.merged == ("Phone old customers",)
        await pilot.press("down", "d")
        await pilot.pause()
        assert len(list_ideas(store, gap_round.id)) == 1
        await pilot.press("u")
        await pilot.pause()
        assert len(list_ideas(store, gap_round.id)) == 2
        await pilot.press("ctrl+t")                  # the round runs on

        # Time runs out: the screen says so and the round takes nothing more.
        clock.now = T0 + timedelta(minutes=5, seconds=1)
        await pilot.pause(0.4)
        assert "TIME IS UP" in screen_text(app)
        assert get_round(store, gap_round.id).ended_at is not None
        await type_text(pilot, "Late idea")
        await pilot.press("enter")
        await pilot.pause()
        assert len(list_ideas(store, gap_round.id)) == 2
        assert app.screen.query_one("#new-idea").value == "Late idea"   # kept, not lost

        await pilot.press("ctrl+g")                  # one more minute reopens it
        await pilot.pause()
        assert get_round(store, gap_round.id).state(clock.now) == "running"
        await pilot.press("ctrl+u")                  # the late idea is not wanted after all

        await pilot.press("f4")                      # the risk round
        await pilot.pause()
        assert "Round 2/2 If a competitor" in screen_text(app)


async def test_anonymous_round_from_the_keyboard(app, store, session_id, clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        await pilot.press("down", "o", "up")        # anonymous before the first idea
        await type_text(pilot, "Price match on key accounts")
        await pilot.press("enter")
        await pilot.pause()
        assert "Anonymous round" in screen_text(app)
    round_id = list_rounds(store, session_id=session_id)[0].id
    assert store.query("SELECT author FROM ideas WHERE round_id = ?", [round_id])[0][0] is None



async def test_ideas_from_another_terminal_appear(app, store, db_path, session_id, clock):
    from facilitation.ideas.brainstorm import add_idea
    from facilitation.store.database import Store

    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        gap_round = list_rounds(store, session_id=session_id)[0]
        other = Store.open(db_path, actor="ana")
        add_idea(other, gap_round.id, "Referral bonus for customers", "Ana")
        other.close()
        app.change_feed.check()                     # what the app's poll does
        await pilot.pause()
        assert "Referral bonus for customers" in screen_text(app)


async def test_a_pasted_list_becomes_one_idea_per_line(app, store, session_id, clock):
    from textual import events

    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        field = app.screen.query_one("#new-idea")
        field.post_message(events.Paste("Referral bonus\n\nWebinar for prospects\nPrice match\n"))
        await pilot.pause()
        gap_round = list_rounds(store, session_id=session_id)[0]
        assert [i.text for i in list_ideas(store, gap_round.id)] == [
            "Referral bonus", "Webinar for prospects", "Price match"]
        assert field.value == ""


async def test_pausing_the_session_pauses_the_round(app, store, session_id, clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        await pilot.press("ctrl+t")
        clock.now = T0 + timedelta(seconds=40)
        await pilot.press("f5")                      # the session's pause
        app.screen.query_one(BrainstormingStep).pause_with_session()
        await pilot.pause()
        gap_round = get_round(store, list_rounds(store, session_id=session_id)[0].id)
        assert gap_round.status == "paused" and gap_round.remaining(T0 + timedelta(hours=1)) == 260
