"""The impact step's forecast line says something true before any revenue effect is entered
(it showed "risk-adjusted … (−0)", as if the risks had been weighed and cost nothing)."""

from __future__ import annotations

from facilitation.contingency.assessment import Assessment, assess_risk
from facilitation.contingency.risks import add_risk
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui.screens.session import SessionScreen
from tests.tui.screen import screen_text, wait_until
from tests.tui.test_session_screen import add_history
from tests.tui.test_snapshots import FULL_PLAN


def forecast_line(app) -> str:
    return " ".join(app.screen.query_one("#forecast-line").render().plain.split())


async def test_the_risk_adjusted_forecast_waits_for_a_revenue_effect(app, store, plan_id):
    add_history(store)
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, FULL_PLAN.index("impact_assessment"))
    risk_id = add_risk(store, plan_id, "We lose a key account")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await wait_until(pilot, lambda: "risk-adjusted" in screen_text(app))
        line = forecast_line(app)
        assert "(−0)" not in line, line
        assert "risk-adjusted: no revenue effects entered yet" in line, line
        # Assessed without money: still nothing to subtract, and it says which risk lacks it.
        assess_risk(store, risk_id, Assessment(4, 3))
        await wait_until(pilot, lambda: "1 risk(s) with no revenue effect" in forecast_line(app))
        assert "(−0)" not in forecast_line(app), forecast_line(app)
        # With a revenue effect the line subtracts it: 0.7 × 100,000.
        assess_risk(store, risk_id, Assessment(4, 3, 100_000))
        await wait_until(pilot, lambda: "(−70,000)" in forecast_line(app))
        assert "no revenue effects entered yet" not in forecast_line(app)
