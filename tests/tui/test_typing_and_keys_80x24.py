"""At 80×24 a dialog takes typing where the user types first, and the replay's scrubbing
keys are in its footer."""

from __future__ import annotations

from datetime import date

from facilitation.plan.reviews import get_rhythm
from facilitation.store.model import relative_month
from tests.tui.screen import wait_until
from tests.tui.screen_waits import shows
from tests.tui.test_keys_shown_80x24 import assert_whole_labels, footer_line
from tests.tui.test_plan_steps import open_session, session_at
from tests.tui.test_session_screen import type_text
from tests.tui.test_snapshots import (  # noqa: F401  (fixtures)
    COASTAL,
    demo_app,
    demo_db,
    on_plan,
)


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


async def test_the_replay_footer_shows_the_keys_that_scrub(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await on_plan(COASTAL, "r")(pilot)
        footer = footer_line(demo_app)
        assert_whole_labels(footer)
        for key in ("space Play", "← ◀ event", "→ event ▶", "[ ◀ step", "] step ▶",
                    "t Go to time"):
            assert key in footer, footer
        shown = await shows(pilot, " 1/")
        total = shown.split(" 1/")[1].split()[0]
        await pilot.press("right")
        await shows(pilot, f" 2/{total}")
        await pilot.press("f1")
        await shows(pilot, "Home / End; Esc goes back")  # the help opens at the replay's keys


async def test_replay_arrows_move_in_the_time_field_while_a_time_is_typed(demo_app):
    from textual.widgets import Input

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await on_plan(COASTAL, "r")(pilot)
        shown = await shows(pilot, " 1/")
        total = shown.split(" 1/")[1].split()[0]
        await pilot.press("end")
        await shows(pilot, f" {total}/{total}")  # End: the last event
        await pilot.press("home")
        await shows(pilot, f" 1/{total}")
        await pilot.press("t", "1", "5", "left", "2")
        assert demo_app.screen.query_one("#replay-time", Input).value == "125"
        await pilot.press("escape")
        await pilot.press("right")
        await shows(pilot, f" 2/{total}")
