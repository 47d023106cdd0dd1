"""An ended session opens read-only at 80×24; R reopens it (logged) and it is editable again."""

from __future__ import annotations

from facilitation.contingency.risks import add_risk, list_risks
from facilitation.store.events import read_events
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import end_session, get_session, go_to_step, start_session
from spip_tui.screens.session import SessionScreen
from tests.tui.screen_waits import shows
from tests.tui.test_session_screen import screen_text, type_text


def ended_on_risks(store, plan_id) -> int:
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 2)  # risk listing
    add_risk(store, plan_id, "Key client leaves", session_id=session_id)
    end_session(store, session_id)
    return session_id


async def test_an_ended_session_takes_no_keys_that_change_it(app, store, plan_id):
    session_id = ended_on_risks(store, plan_id)
    events = len(read_events(store))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        shown = await shows(pilot, "read-only; R to reopen")
        assert "Delete" not in shown.splitlines()[-1]  # the footer offers no edit keys
        await type_text(pilot, "Price war")
        await pilot.press("enter", "d", "e", "c", "u")
        await pilot.pause()
        assert [r.title for r in list_risks(store, plan_id)] == ["Key client leaves"]
        await pilot.press("f8")                 # reading the next step: impact assessment
        await pilot.pause()
        await pilot.press("enter", "h", "t")    # assess, evidence, top risks: all refused
        await pilot.pause()
        assert app.screen.__class__ is SessionScreen
        assert "read-only" in screen_text(app)
    assert len(read_events(store)) == events
    assert get_session(store, session_id).is_ended


async def test_r_reopens_the_session_after_asking_and_then_it_saves(app, store, plan_id):
    session_id = ended_on_risks(store, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "read-only; R to reopen")
        await pilot.press("R")
        await shows(pilot, "Reopen it to change it?")
        await pilot.press("y")
        shown = await shows(pilot, "Type a risk")
        assert "read-only" not in shown
        await type_text(pilot, "Price war")  # the entry has the focus again
        await pilot.press("enter")
        await pilot.pause()
    assert [r.title for r in list_risks(store, plan_id)] == ["Key client leaves", "Price war"]
    assert [e.kind for e in read_events(store, session_id=session_id)].count(
        "session.reopened") == 1
