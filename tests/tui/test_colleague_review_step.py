"""Self-review: the colleague's review is recorded in its own step, at 80×24."""

from __future__ import annotations

from facilitation.plan.colleague_reviews import list_colleague_reviews
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui.screens.session import SessionScreen
from tests.tui.screen_waits import shows
from tests.tui.test_session_screen import type_text


async def test_the_colleague_records_who_when_comments_and_agreed_changes(app, store, plan_id):
    script = get_script("self-review")
    step = next(i for i, s in enumerate(script.steps) if s.kind == "colleague_review")
    session_id = start_session(store, plan_id, script, "Priya Raman")
    go_to_step(store, session_id, step)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "No review recorded yet")
        await pilot.press("r")
        await shows(pilot, "The colleague's review")
        await type_text(pilot, "Rita Osei")
        await pilot.press("tab")
        await type_text(pilot, "2027-01-12")
        await pilot.press("tab")
        await type_text(pilot, "Risks look too optimistic")
        await pilot.press("tab")
        await type_text(pilot, "Add a price war risk")
        await pilot.press("ctrl+s")
        shown = await shows(pilot, "Reviewed by Rita Osei on 2027-01-12")
        assert "Add a price war risk" in shown
        await pilot.press("f8")                  # the summary carries it
        await shows(pilot, "Plan check")
        plan_text = app.screen.query_one("#plan-text").content.plain
        assert "Colleague's review: Rita Osei, 2027-01-12" in plan_text
        assert "Agreed: Add a price war risk" in plan_text
    [review] = list_colleague_reviews(store, plan_id)
    assert (review.colleague, review.reviewed_on, review.comments, review.agreed_changes,
            review.session_id) == ("Rita Osei", "2027-01-12", "Risks look too optimistic",
                                   "Add a price war risk", session_id)
