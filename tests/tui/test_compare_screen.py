"""The compare screen at 80×24: the last review (else the workshop) against now."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from spip_tui.screens.compare import CompareScreen
from tests.facilitation.test_compare import year  # noqa: F401  (fixture)


def rows(app) -> list[tuple[str, ...]]:
    table = app.screen.query_one("#compare-table", DataTable)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def test_compare_shows_before_and_after_and_takes_other_moments(
        app, store, plan_id, year, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_plan(plan_id)
        await pilot.pause()
        await pilot.press("c")
        assert isinstance(app.screen, CompareScreen)
        await app.workers.wait_for_complete()
        await pilot.pause()
        title = str(app.screen.query_one("#compare-title", Static).render())
        assert title.startswith("North (territory): full-plan session of 2025-11-20")
        assert ("Risk", "re-scored", "Recession", "L2×I3", "L4×I3") in rows(app)
        assert ("KPI", "target changed", "Meetings booked", "10 meetings monthly",
                "12 meetings monthly") in rows(app)
        # Another 'from': the end of 2026-06-30, after the key account was lost.
        field = app.screen.query_one("#compare-from", Input)
        field.focus()
        field.value = "2026-06-30"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "end of 2026-06-30 → now" in str(
            app.screen.query_one("#compare-title", Static).render())
        await pilot.press("x")
        await app.workers.wait_for_complete()
        await pilot.pause()
    written = list(tmp_path.glob("north-plan-as-of-end-of-2026-06-30.md"))
    assert written and "(as of end of 2026-06-30)" in written[0].read_text().splitlines()[0]
    assert "Port strike" in written[0].read_text()
