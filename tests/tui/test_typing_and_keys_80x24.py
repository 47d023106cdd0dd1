"""At 80×24 a dialog takes typing where the user types first, and the replay's scrubbing
keys are in its footer."""

from __future__ import annotations

from datetime import date

from facilitation.plan.reviews import get_rhythm
from facilitation.store.model import relative_month
from tests.tui.screen import wait_until
from tests.tui.screen_waits import shows
from tests.tui.test_plan_steps import open_session, session_at
from tests.tui.test_session_screen import type_text


async def test_the_review_rhythm_dialog_takes_typing_at_the_first_date(app, store, plan_id):
    session_id = session_at(store, plan_id, "review_rhythm")
    first = f"{relative_month(+1)}-08"
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        await pilot.press("r")
        await shows(pilot, "First progress")
        # The cadence has its own keys (b / m) on the step: the dialog's first question a
        # person answers by typing is the first review's date.
        await type_text(pilot, first)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: get_rhythm(store, plan_id) is not None)
    assert get_rhythm(store, plan_id).first_progress == date.fromisoformat(first)
