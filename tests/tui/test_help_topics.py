"""F1 opens the help at the part about the screen (or workshop step) on screen, at 80×24."""

from __future__ import annotations

from facilitation.workshop.scripts import STEP_KINDS, get_script
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui.dialogs.help import HELP_FILE, STEP_TOPICS
from spip_tui.screens.session import SessionScreen
from tests.tui.screen_waits import shows


def test_every_step_kind_has_its_part_of_the_help():
    headings = {line.lstrip("#").strip() for line in
                HELP_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("#")}
    assert set(STEP_KINDS) <= set(STEP_TOPICS)
    assert set(STEP_TOPICS.values()) <= headings


async def test_f1_in_the_impact_step_opens_its_help(app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 3)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "4. Impact assessment")
        await pilot.press("f1")
        shown = await shows(pilot, "Enter on a risk assesses it")
        assert "spip — help" not in shown  # not the top of the help: the step's part


async def test_f1_on_the_home_screen_opens_at_the_plans(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        await shows(pilot, "Plans (home)")


async def test_the_palette_finds_sessions_reviews_and_help(app, store, plan_id):
    from facilitation.workshop.sessions import end_session

    session_id = start_session(store, plan_id, get_script("progress-review"), "Ana")
    end_session(store, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"session")
        await shows(pilot, "Session: North · Progress review")
        await shows(pilot, "Start a session: North")
        await pilot.press(*"ctrl+u".split(), *"progress")  # the session itself
        await shows(pilot, "ended: read-only")
        await pilot.press("enter")
        await shows(pilot, "read-only; R to reopen")
        await pilot.press("ctrl+p")
        await pilot.press(*"decisions")
        await shows(pilot, "Help: Decisions and corrective actions")
