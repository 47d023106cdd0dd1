"""A self-review says only true things about its own script, at 80×24."""

from __future__ import annotations

from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui.screens.session import SessionScreen
from tests.tui.screen_waits import shows


def self_review_at(store, plan_id, kind: str) -> int:
    script = get_script("self-review")
    session_id = start_session(store, plan_id, script, "Priya Raman")
    go_to_step(store, session_id, next(i for i, s in enumerate(script.steps) if s.kind == kind))
    return session_id


async def test_the_tactics_step_does_not_send_you_to_a_scoring_step_it_lacks(app, store,
                                                                              plan_id):
    session_id = self_review_at(store, plan_id, "tactics")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        shown = await shows(pilot, "No strategies yet")
        assert "scoring step" not in shown


async def test_a_lack_this_script_cannot_fix_names_the_script_that_can(app, store, plan_id):
    session_id = self_review_at(store, plan_id, "summary")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        shown = await shows(pilot, "Plan check")
        assert "(in Full plan workshop)" in shown
        lacks = app.screen.query_one("LackList")
        kpi_lack = next(i for i, lack in enumerate(lacks.parent.lacks)
                        if lack.step_kind == "kpis")
        lacks.focus()
        lacks.highlighted = kpi_lack
        await pilot.press("enter")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any("no “KPIs and targets” step; fix it in a “Full plan workshop” session"
                   in message for message in said), said
