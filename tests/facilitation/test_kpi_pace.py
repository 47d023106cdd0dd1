"""KPI actuals: the period under review and each KPI's pace against its target."""

from __future__ import annotations

from datetime import date, timedelta

from facilitation.plan.kpi_pace import kpi_paces, period_label, period_start
from facilitation.plan.kpis import KpiInput, add_kpi, record_actual


def test_periods_start_on_monday_the_two_week_block_or_the_first():
    thursday = date(2026, 11, 26)
    assert period_start("weekly", thursday) == date(2026, 11, 23)
    assert period_start("monthly", thursday) == date(2026, 11, 1)
    block = period_start("biweekly", thursday)
    assert block in (date(2026, 11, 16), date(2026, 11, 23))
    assert period_start("biweekly", block + timedelta(days=13)) == block
    assert period_label("weekly", date(2026, 11, 23)) == "week of 2026-11-23"
    assert period_label("monthly", date(2026, 11, 1)) == "Nov 2026"


def test_pace_on_target_close_and_behind(store, plan_id):
    today = date(2026, 11, 26)
    meetings = add_kpi(store, plan_id, KpiInput("Meetings", "meetings", target="20",
                                                cadence="weekly"))
    cycle = add_kpi(store, plan_id, KpiInput("Cycle length", "days", target="40",
                                             direction="down"))
    win = add_kpi(store, plan_id, KpiInput("Win rate", "%", target="30"))
    add_kpi(store, plan_id, KpiInput("Happiness"))
    record_actual(store, meetings, "2026-11-23", "19")      # 95%: close
    record_actual(store, meetings, "2026-11-16", "18")      # short the week before too
    record_actual(store, cycle, "2026-11-01", "38")         # less is better: on target
    record_actual(store, win, "2026-11-01", "21")           # 70%: behind
    paces = {p.kpi.name: p for p in kpi_paces(store, plan_id, today)}
    assert paces["Meetings"].status == "close" and paces["Meetings"].diverging
    assert paces["Cycle length"].status == "on target" and not paces["Cycle length"].diverging
    assert paces["Win rate"].status == "behind" and paces["Win rate"].diverging
    assert paces["Happiness"].status == "no target"


def test_a_kpi_with_no_actual_this_period_is_not_entered(store, plan_id):
    kpi_id = add_kpi(store, plan_id, KpiInput("Calls", "calls", target="50", cadence="weekly"))
    record_actual(store, kpi_id, "2026-11-16", "55")
    [pace] = kpi_paces(store, plan_id, date(2026, 11, 26))
    assert pace.status == "not entered" and pace.previous == 55 and not pace.diverging


def kpi(store, plan_id, target="20", direction="up"):
    from facilitation.plan.kpis import get_kpi

    return get_kpi(store, add_kpi(store, plan_id, KpiInput("Meetings", "meetings", target=target,
                                                           direction=direction)))


def test_divergence_is_flagged_when_behind_short_twice_or_trending_away(store, plan_id):
    from facilitation.plan.kpi_pace import divergence

    meetings = kpi(store, plan_id)
    today = date(2026, 11, 20)
    assert divergence(meetings, {}, today) is None
    assert divergence(meetings, {"2026-10-01": 15}, today).startswith("behind")
    assert divergence(meetings, {"2026-09-01": 19, "2026-10-01": 19}, today) == \
        "short of target two periods running"
    trending = {"2026-08-01": 26, "2026-09-01": 23, "2026-10-01": 20.5}
    assert divergence(meetings, trending, today).startswith("trending away")
    steady = {"2026-08-01": 26, "2026-09-01": 25, "2026-10-01": 25}
    assert divergence(meetings, steady, today) is None
    # Periods after today do not count.
    assert divergence(meetings, {"2026-12-01": 5}, today) is None


def test_divergence_of_a_kpi_where_less_is_better(store, plan_id):
    from facilitation.plan.kpi_pace import divergence

    cycle = kpi(store, plan_id, target="40", direction="down")
    assert divergence(cycle, {"2026-10-01": 60}, date(2026, 10, 5)).startswith("behind")
    assert divergence(cycle, {"2026-10-01": 35}, date(2026, 10, 5)) is None
