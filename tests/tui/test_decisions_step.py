"""Progress review, step 4: decisions and corrective actions from the keyboard at 80×24."""

from __future__ import annotations

from facilitation.plan.decisions import list_decisions
from facilitation.plan.kpis import add_from_library
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui.screens.session import SessionScreen
from tests.tui.screen_waits import shows
from tests.tui.test_session_screen import type_text


async def test_a_corrective_action_is_recorded_with_owner_date_and_kpi(app, store, plan_id):
    kpi_id = add_from_library(store, plan_id, "pipeline_coverage")
    session_id = start_session(store, plan_id, get_script("progress-review"), "Ana")
    go_to_step(store, session_id, 3)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        shown = await shows(pilot, "No decisions yet")
        assert "not built" not in shown
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Two extra prospecting days a week")
        await pilot.press("tab", "tab", "enter", "down", "enter", "tab")  # prompted by: the KPI
        await type_text(pilot, "Bo")
        await pilot.press("tab")
        await type_text(pilot, "2027-02-15")
        await pilot.press("ctrl+s")
        shown = await shows(pilot, "Two extra prospecting days a week")
        assert "KPI: Pipeline" in shown
    [decision] = list_decisions(store, plan_id, session_id=session_id)
    assert (decision.text, decision.owner, decision.due_date, decision.kpi_id) == (
        "Two extra prospecting days a week", "Bo", "2027-02-15", kpi_id)
    assert decision.kind == "corrective_action"
