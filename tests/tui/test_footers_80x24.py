"""Every screen of the demo at 80×24 shows its footer's labels whole, with its own keys first
and F1 (whose help lists every key left out) where there is room."""

from __future__ import annotations

import pytest

from tests.tui.test_keys_shown_80x24 import assert_whole_labels, footer_line
from tests.tui.test_snapshots import (  # noqa: F401  (fixtures)
    COASTAL,
    NORTH,
    SCENES,
    demo_app,
    demo_db,
    on_plan,
    plan_id,
    session_id,
    settle,
)

DIALOGS = {"help", "new-plan", "import", "start-session", "plan-check", "live-session",
           "evidence", "risk-catalogue", "kpi-chart"}


def north_step(index: int):
    """North's workshop, under way, moved to one of its steps."""
    async def run(pilot) -> None:
        from spip_tui.screens.session import SessionScreen

        screen = SessionScreen(session_id(pilot.app, NORTH))
        await pilot.app.push_screen(screen)
        await settle(pilot)
        screen.move_to(index)
        await settle(pilot)
    return run


SCREENS = {
    # Coastal's ended workshop: one step stands for its eleven (they offer the same keys).
    **{name: run for name, run in SCENES.items() if name not in DIALOGS
       and (not name.startswith("workshop-") or name == "workshop-3-risk_listing")},
    "history": on_plan(COASTAL, "h"),
    "forecast": on_plan(COASTAL, "f"),
    "compare": on_plan(COASTAL, "c"),
    "ledger": on_plan(COASTAL, "l"),
    **{f"north-{i + 1}": north_step(i) for i in range(2, 11)},
}
# The keys each screen must show at 80 columns (the rest are in F1's help and the palette).
EXPECTED = {
    "home": ("n New", "r Rename", "a Archive", "i Import", "p Portfolio", "f1 Help"),
    "plan": ("s Session", "h History", "f Forecast", "k Check", "x Export", "f1 Help"),
    "portfolio": ("n New", "k Kind", "o Owner", "d Overdue", "p No plan", "g Roll-up"),
    "north-5": ("^t Timer",),
}
# A workshop's footer always shows Help (it lists every key left out) and how to leave.
SESSION_KEYS = ("f1 Help", "esc Leave")


@pytest.mark.parametrize("scene", SCREENS)
async def test_the_footer_shows_whole_labels_at_80_columns(scene, demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await SCREENS[scene](pilot)
        footer = footer_line(demo_app)
        assert_whole_labels(footer)
        expected = EXPECTED.get(scene, ())
        if scene.startswith(("north-", "workshop-")):
            expected += SESSION_KEYS
        for key in expected:
            assert key in footer, footer


async def test_the_plan_screen_names_the_keys_its_footer_leaves_out(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        demo_app.open_plan(plan_id(demo_app, COASTAL))
        await settle(pilot)
        from tests.tui.test_session_screen import screen_text

        assert "Enter open · r replay · c compare · l forecast ledger" in screen_text(demo_app)
