"""KPI actuals over time: the grid's periods, attainment, run-rate needed and drift."""

from __future__ import annotations

from datetime import date

import pytest

from facilitation.plan.kpi_history import kpi_tracks, plan_periods, recent_periods
from facilitation.plan.kpis import KpiInput, add_kpi, record_actual
from facilitation.plan.plans import PlanInput, create_plan


@pytest.fixture
def quarter_plan(store):
    return create_plan(store, PlanInput("territory", "North", "Priya Raman", "2026-09",
                                        "2026-11", "900000"))


def test_recent_periods_go_back_by_the_cadence():
    today = date(2026, 11, 26)
    assert recent_periods("monthly", today, 3) == [date(2026, 9, 1), date(2026, 10, 1),
                                                    date(2026, 11, 1)]
    assert recent_periods("weekly", today, 2) == [date(2026, 11, 16), date(2026, 11, 23)]
    assert plan_periods("monthly", "2026-09", "2026-11")[-1] == date(2026, 11, 1)
    assert len(plan_periods("weekly", "2026-09", "2026-11")) == 14


def test_attainment_and_the_run_rate_needed_for_the_rest_of_the_period(store, quarter_plan):
    kpi = add_kpi(store, quarter_plan, KpiInput("Meetings", "meetings", target="20"))
    record_actual(store, kpi, "2026-09-01", "16")
    record_actual(store, kpi, "2026-10-01", "18")
    [found] = kpi_tracks(store, quarter_plan, date(2026, 10, 20), count=3)
    assert found.periods == (date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1))
    assert found.actuals == (None, 16, 18)
    assert found.attainment == pytest.approx(17 / 20)
    # 60 over the quarter; 34 so far; one period left.
    assert found.remaining == 1 and found.needed == pytest.approx(26)
    assert found.needed_text == "needs 26 meetings a period for the last one"
    assert found.drift == "short of target two periods running"


def test_an_ended_period_needs_nothing_more(store, quarter_plan):
    kpi = add_kpi(store, quarter_plan, KpiInput("Win rate", "%", target="30"))
    for month in ("2026-09-01", "2026-10-01", "2026-11-01"):
        record_actual(store, kpi, month, "31")
    [found] = kpi_tracks(store, quarter_plan, date(2026, 12, 5))
    assert found.needed is None and found.remaining == 0 and found.drift is None
    assert found.attainment == pytest.approx(31 / 30)
