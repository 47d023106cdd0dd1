"""The plan check on a complete plan and on deliberately incomplete ones; the summary."""

from __future__ import annotations

from datetime import date, timedelta

from facilitation.contingency.risks import list_risks
from facilitation.demo.plans import ensure_demo_history
from facilitation.history.monthly import MonthlyTotal, save_history
from facilitation.ideas.strategies import add_strategy, list_strategies, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic
from facilitation.plan.kpis import KpiInput, add_kpi, list_kpis, update_kpi
from facilitation.summary.check import CHECKS, check_document, check_plan
from facilitation.summary.document import ForecastFigures, plan_document

FORECAST = ForecastFigures(1_000_000, 200_000, 16.7, 0.2, 900_000, 1_100_000, "ets", 60)


def lacking(store, plan_id, forecast, today=None):
    return check_document(plan_document(store, plan_id, forecast=forecast), today)


def test_finished_plan_scores_100_with_nothing_lacking(finished):
    store, plan_id, forecast = finished
    assert forecast is not None
    result = lacking(store, plan_id, forecast)
    assert result.lacking == () and result.score == 100 and result.complete
    assert set(result.passed) == {c[0] for c in CHECKS}


def test_check_plan_fits_the_forecast_itself(finished):
    store, plan_id, _ = finished
    assert check_plan(store, plan_id).score == 100


def test_new_plan_lacks_everything_each_linked_to_its_step(store, plan_id):
    result = lacking(store, plan_id, None)
    assert result.score == 0
    by_check = {lack.check: lack for lack in result.lacking}
    assert set(by_check) == {c[0] for c in CHECKS} - {
        "contingencies", "clarity", "tactic_details", "leading_kpis",
        "history_current", "forecast_credible"}  # judged once there is a forecast
    assert by_check["history_analysed"].step_kind == "past_performance"
    assert by_check["gap_computed"].step_kind == "forecast_gap"
    assert by_check["risks_assessed"].step_kind == "impact_assessment"
    assert by_check["kpi_targets"].step_kind == "kpis"
    assert by_check["review_scheduled"].step_kind == "review_rhythm"
    assert "never been reviewed" in by_check["recently_reviewed"].message


def test_each_missing_item_is_detected(finished):
    store, plan_id, forecast = finished
    # a strategy that failed the clarity test, one never tested, one with no tactic
    failed = add_strategy(store, plan_id, "Be better")
    take_clarity_test(store, failed, False)
    add_strategy(store, plan_id, "Grow the channel")
    bare = add_strategy(store, plan_id, "Open a showroom in the harbour")
    take_clarity_test(store, bare, True)
    # a tactic with no owner and no date
    add_tactic(store, bare, TacticInput("Find a location"))
    # a KPI with no measurable target; then all KPIs lagging
    add_kpi(store, plan_id, KpiInput(name="Customer happiness"))
    for kpi in list_kpis(store, plan_id):
        update_kpi(store, kpi.id, KpiInput(name=kpi.name, unit=kpi.unit, target=kpi.target,
                                           indicator="lagging"))
    # a top risk with no contingency: delete the strategy answering the first top risk
    top = next(s for s in list_strategies(store, plan_id) if s.answers == "risk")
    store.conn.execute("PRAGMA foreign_keys = OFF")
    with store.change("test.remove") as ch:
        ch.delete_where("tactics", "strategy_id = ?", [top.id])
        ch.delete("strategies", top.id)
    result = lacking(store, plan_id, forecast)
    checks = {lack.check for lack in result.lacking}
    assert checks == {"clarity", "tactics", "tactic_details", "kpi_targets", "leading_kpis",
                      "contingencies"}
    messages = " | ".join(lack.message for lack in result.lacking)
    assert 'strategy "Be better" failed the clarity test' in messages
    assert 'strategy "Grow the channel" has not taken the clarity test' in messages
    assert 'tactic "Find a location" has no owner and no due date' in messages
    assert 'KPI "Customer happiness" has no measurable target' in messages
    assert "all lagging" in messages
    assert "has no contingency" in messages
    assert result.score == 100 - 10 - 10 - 10 - 10 - 5 - 10


def test_fewer_than_three_assessed_risks_is_lacking(finished):
    store, plan_id, forecast = finished
    for risk in list_risks(store, plan_id)[2:]:
        with store.change("test.unassess") as ch:
            ch.update("risks", risk.id, {"likelihood": None, "impact": None})
    result = lacking(store, plan_id, forecast)
    assert [lack.message for lack in result.lacking if lack.check == "risks_assessed"] == [
        "only 2 risks assessed; assess at least 3"]


def test_no_review_scheduled_and_not_reviewed_for_a_year(finished):
    store, plan_id, forecast = finished
    later = date.today() + timedelta(days=800)
    result = lacking(store, plan_id, forecast, today=later)
    checks = {lack.check for lack in result.lacking}
    assert checks == {"review_scheduled", "recently_reviewed"}
    assert result.score == 85


def test_no_forecast_means_no_gap_computed(finished):
    store, plan_id, _ = finished
    result = lacking(store, plan_id, None)
    assert [lack.check for lack in result.lacking] == ["gap_computed"]


def test_history_not_analysed_without_a_session_visit(store, plan_id):
    ensure_demo_history(store, ("territory", "North"), 300_000)
    result = lacking(store, plan_id, FORECAST)
    [history] = [lack for lack in result.lacking if lack.check == "history_analysed"]
    assert "not been analysed in a session" in history.message


def test_summary_shows_top_risks_with_contingencies_and_the_rest(finished):
    store, plan_id, forecast = finished
    doc = plan_document(store, plan_id, forecast=forecast)
    assert {line.risk.title for line in doc.top_risks} == {
        "A competitor undercuts our prices by 10%", "Port strike delays container deliveries",
        "Our top rep (Ana) leaves for a competitor"}
    assert not doc.risks[-1].is_top and doc.risks[-1].risk.title.startswith("Tourism")
    assert all(line.contingencies for line in doc.top_risks)
    assert len(doc.gap_strategies) == 2 and len(doc.tactics) == 9
    assert len(doc.kpis) == 4 and len(doc.skills) == 3
    assert doc.upcoming_reviews() and doc.rhythm.progress_cadence == "biweekly"


def test_check_json_lists_lacks_with_step_titles(store, plan_id):
    data = lacking(store, plan_id, None).to_json()
    assert data["complete"] is False and data["score"] == 0
    assert {"check", "message", "step_kind", "step_title"} <= set(data["lacking"][0])


def test_stale_history_and_an_extrapolated_forecast_cost_the_plan_its_credibility(store):
    """A subject whose history ends in July 2015 and a target period in 2027: the check
    says the history is not current and the forecast not credible."""
    from facilitation.plan.plans import PlanInput, create_plan
    from facilitation.summary.check import check_plan

    from .history_helpers import month_after, seasonal_amounts

    save_history(store, "old.csv", [
        MonthlyTotal("territory", "Old", month_after("2011-08", i), amount)
        for i, amount in enumerate(seasonal_amounts(48, noise=0.03))], rows_read=48)
    plan_id = create_plan(store, PlanInput("territory", "Old", "Ann", "2027-01", "2027-03",
                                           "1000000"))
    result = check_plan(store, plan_id, today=date(2026, 11, 27))
    messages = {lack.check: lack.message for lack in result.lacking}
    assert "2015-07" in messages["history_current"] and "135 months" in messages["history_current"]
    assert "extrapolates 137 months" in messages["forecast_credible"]
    assert "history_current" not in result.passed and "forecast_credible" not in result.passed


def test_a_weak_forecast_is_not_counted_credible():
    weak = ForecastFigures(1_000_000, 0, 0, 0.5, 900_000, 1_100_000, "ets", 60, "2026-10",
                           'the forecast did worse than "same as last year" in its test')
    from facilitation.summary.check import _forecast_credible

    class Doc:
        forecast = weak

    assert _forecast_credible(Doc()) == [weak.credibility_problem]
