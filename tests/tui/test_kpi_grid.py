"""The progress review's KPI grid: actuals for past periods too, drift and the chart."""

from __future__ import annotations

import time_machine

from facilitation.plan.kpis import KpiInput, add_kpi, record_actual
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import start_session
from spip_tui.dialogs.kpi_chart import KpiChart
from spip_tui.dialogs.text_prompt import TextPrompt
from tests.tui.test_plan_steps import open_session
from tests.tui.test_session_screen import screen_text, type_text


async def test_a_past_period_is_entered_in_the_grid_and_drift_is_flagged(app, store, plan_id):
    with time_machine.travel("2026-11-20 09:00 +0000", tick=True):
        kpi = add_kpi(store, plan_id, KpiInput("Meetings", "meetings", target="20", owner="Ana"))
        record_actual(store, kpi, "2026-09-01", "19")
        session_id = start_session(store, plan_id, get_script("progress-review"), "Priya")
        async with app.run_test(size=(80, 24)) as pilot:
            await open_session(app, pilot, session_id)
            text = screen_text(app)
            assert "Nov" in text and "Oct" in text and "Off pace" not in text
            await pilot.press("right", "right", "right", "right")   # Pace, Target, Nov, Oct
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, TextPrompt)
            assert "Meetings, Oct 2026: actual (target 20 meetings)" in screen_text(app)
            await type_text(pilot, "18")
            await pilot.press("enter")
            await pilot.pause()
            text = " ".join(screen_text(app).split())      # the detail line wraps
            assert "Off pace: Meetings" in text
            assert "short of target two periods running" in text
            await pilot.press("c")
            await pilot.pause()
            assert isinstance(app.screen, KpiChart)
            assert "Meetings: actual against target" in screen_text(app)
            await pilot.press("escape")
    rows = store.query("SELECT period_start, actual, session_id FROM kpi_actuals "
                       "ORDER BY period_start")
    assert [tuple(r) for r in rows] == [("2026-09-01", 19, None),
                                        ("2026-10-01", 18, session_id)]
