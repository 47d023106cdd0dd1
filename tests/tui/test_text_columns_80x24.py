"""At 80×24 a table's text column is read whole: the due screen's details and the plan
screen's current step wrap in the room the other columns leave, never cut."""

from __future__ import annotations

from facilitation.portfolio.due import due_items
from facilitation.workshop.sessions import list_sessions
from tests.tui.test_session_screen import screen_text
from tests.tui.test_snapshots import (  # noqa: F401  (fixtures)
    NORTH,
    demo_app,
    demo_db,
    keys,
    on_plan,
    plan_id,
    settle,
)


def column_text(shown: str, heading: str) -> str:
    """What the column under `heading` shows, its wrapped lines joined by spaces."""
    lines = shown.splitlines()
    [row] = [n for n, line in enumerate(lines) if heading in line]
    start = lines[row].index(heading)
    # Up to the footer; the scrollbar's column at the right edge is not text.
    return " ".join(" ".join(line[start:78].split()) for line in lines[row + 1:-1])


async def test_the_due_screen_reads_every_reminder_whole(demo_app):
    items = due_items(demo_app.store)
    assert any(len(item.text) > 60 for item in items)  # more than 80 columns leave
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await keys("u")(pilot)
        details = column_text(screen_text(demo_app), "Details")
        for item in items[:4]:  # what fits on the first screen
            assert " ".join(item.text.split()) in details, (item.text, details)
        assert "…" not in details


async def test_the_plan_screen_reads_a_sessions_current_step_whole(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await on_plan(NORTH)(pilot)
        shown = screen_text(demo_app)
        [session] = list_sessions(demo_app.store, plan_id(demo_app, NORTH))
        step = f"{session.current_step_index + 1}. {session.current_step.title}"
        assert step in column_text(shown, "Current step"), shown
        assert "Full plan" in shown and "workshop" in shown, shown  # the script, wrapped
