"""At 80×24 nothing that carries meaning is cut: the agenda gives the step the room, risk
titles and heat-map labels are whole, and every footer shows the screen's own keys."""

from __future__ import annotations

from facilitation.contingency.assessment import Assessment, assess_risk
from facilitation.contingency.risks import add_risk
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui.screens.session import SessionScreen
from tests.tui.screen_waits import shows

LONG_RISK = "Our biggest distributor renegotiates terms"  # 42 characters


async def test_the_impact_step_shows_whole_titles_and_scale_words(app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 3)
    risk_id = add_risk(store, plan_id, LONG_RISK)
    assess_risk(store, risk_id, Assessment(5, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        shown = await shows(pilot, "Our biggest distributor")
        assert "renegotiates terms" in shown  # wrapped onto a second line, not cut
        for words in ("5 Almost certain", "1 Insignificant", "5 Severe"):
            assert words in shown
        shown = await shows(pilot, "f8 Next")  # the footer fills in after the step
        footer = [line for line in shown.splitlines() if line.strip()][-1]
        for key in ("f8 Next", "f7 Back", "f5 Pause", "f9 End", "f1 Help", "esc Leave"):
            assert key in footer, footer


async def test_the_plan_screen_footer_offers_check_and_export(app, plan_id):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_plan(plan_id)
        shown = await shows(pilot, "k Check")
        footer = [line for line in shown.splitlines() if line.strip()][-1]
        assert "k Check" in footer and "x Export" in footer, footer
