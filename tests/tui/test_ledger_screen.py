"""The forecast ledger at 80×24: recorded from a session's forecast step, shown from the plan
screen (l) and the palette."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from facilitation.retrospective.forecast_ledger import ledger
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui.screens.ledger import LedgerScreen
from spip_tui.screens.session import SessionScreen
from tests.facilitation.history_helpers import save_subject
from tests.facilitation.test_forecast_ledger import (  # noqa: F401  (fixtures)
    AMOUNTS,
    plan_id,
    shown,
)


def text(app, selector: str) -> str:
    return " ".join(str(app.screen.query_one(selector, Static).render()).split())


async def settle(app, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_sessions_forecast_step_records_the_forecast_once(app, store, plan_id):  # noqa: F811
    save_subject(store, "North", AMOUNTS[:48], start="2023-01", source="north.csv")
    script = get_script("full-plan")
    session_id = start_session(store, plan_id, script, "Priya")
    go_to_step(store, session_id, next(i for i, s in enumerate(script.steps)
                                       if s.kind == "forecast_gap"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await settle(app, pilot)
        assert "Expected" in text(app, "#forecast-summary")
        app.screen.query_one("ForecastGapStep").analyse()   # shown again: a repaint
        await settle(app, pilot)
    (entry,) = ledger(store).entries
    assert (entry.session_id, entry.plan_id, entry.history_end) == (session_id, plan_id, "2026-12")


async def test_the_plan_screen_opens_its_ledger_with_actuals_and_intervals(
        app, store, plan_id, shown):  # noqa: F811
    save_subject(store, "North", AMOUNTS, start="2023-01", source="north.csv")
    (entry,) = ledger(store).entries
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_plan(plan_id)
        await pilot.pause()
        await pilot.press("l")
        assert isinstance(app.screen, LedgerScreen)
        await settle(app, pilot)
        assert text(app, "#ledger-title") == "Forecast ledger: North (territory)"
        assert text(app, "#ledger-summary").startswith(
            "North: 1 forecast, 1 judged, off by")
        table = app.screen.query_one("#ledger-table", DataTable)
        row = [str(c) for c in table.get_row_at(0)]
        assert row[0] == "2027-01–2027-03" and row[4] == f"{entry.error_pct:+.1f}%"
        assert row[5:] == ["held" if entry.within80 else "missed",
                           "held" if entry.within95 else "missed"]
        detail = text(app, "#ledger-detail")
        assert "Jan 2027–Mar 2027, shown" in detail and "from sales to Dec 2026 expected" in detail
        assert "method:" in detail
        assert table.region.right <= 80


async def test_the_palette_opens_every_plans_ledger(app, store, plan_id):  # noqa: F811
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Forecast ledger")
        await pilot.pause()
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, LedgerScreen)
        assert text(app, "#ledger-title") == "Forecast ledger: all plans"
        assert text(app, "#ledger-summary").startswith("No forecasts recorded yet")
