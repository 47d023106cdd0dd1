"""Finding a past session from the palette, then replaying it."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from spip_tui.screens.past_sessions import PastSessionsScreen
from spip_tui.screens.replay import ReplayScreen
from tests.facilitation.test_compare import year  # noqa: F401  (fixture)


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_search_from_the_palette_then_replay_the_session(app, store, plan_id, year):  # noqa: F811
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Past sessions")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PastSessionsScreen)
        await settle(pilot)
        table = app.screen.query_one("#past-sessions", DataTable)
        assert table.row_count == 2
        field = app.screen.query_one("#past-search", Input)
        field.focus()
        await pilot.press(*"lapsed", "enter")
        await settle(pilot)
        assert table.row_count == 1
        row = [str(c) for c in table.get_row_at(0)]
        assert row[:4] == ["2025-11-20", "North", "full-plan", "Priya"]
        assert 'with "lapsed"' in str(app.screen.query_one("#past-found", Static).render())
        await pilot.press("enter")
        assert isinstance(app.screen, ReplayScreen)
        await settle(pilot)
        assert "started the session" in str(app.screen.query_one("#replay-who", Static).render())
