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



async def test_the_found_sessions_read_whole_in_the_first_frame_after_they_arrive(
        app, store, plan_id, year):  # noqa: F811
    """The columns fit their cells when the rows are shown, not at the table's next idle
    moment: a frame drawn in between showed every column cut to its heading."""
    from facilitation.retrospective.search import search_sessions

    hits = search_sessions(store, text="")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = PastSessionsScreen()
        await app.push_screen(screen)
        await settle(pilot)
        table = screen.query_one("#past-sessions", DataTable)
        table.clear(columns=True)  # as the screen opens: headings, no rows yet
        for label in ("Started", "Subject", "Script", "Facilitator", "Matched"):
            table.add_column(label, key=label)
        screen.show(PastSessionsScreen.Found("", hits))  # checked at once, with no pause
        widths = [column.get_render_width(table) - 2 * table.cell_padding
                  for column in table.ordered_columns]
        for index, width in enumerate(widths):
            cells = [str(table.get_row_at(row)[index]) for row in range(table.row_count)]
            assert width >= max(map(len, cells)), (index, widths, cells)
