"""The portfolio: every subject, its plan, what needs attention, and the roll-up."""

from __future__ import annotations

import math
from datetime import date

import pytest

from facilitation.ideas.strategies import add_strategy, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic, set_tactic_status
from facilitation.plan.kpis import KpiInput, add_kpi, record_actual
from facilitation.plan.plans import PlanInput, create_plan, get_plan
from facilitation.plan.reviews import (
    ReviewRhythm,
    list_reviews,
    mark_review_held,
    set_review_rhythm,
)
from facilitation.portfolio.outlook import Z80, outlooks, roll_up
from facilitation.portfolio.subjects import Filters, Outlook, SubjectLine, portfolio_lines
from tests.facilitation.history_helpers import save_subject, seasonal_amounts

START = date(2026, 9, 1)


def plan_for(store, name, kind="territory", owner="Priya Raman", target="1200000",
             start="2026-09", end="2027-02"):
    return create_plan(store, PlanInput(kind, name, owner, start, end, target))


def monthly_reviews(store, plan_id, first=date(2026, 9, 15)):
    set_review_rhythm(store, plan_id, ReviewRhythm("monthly", first, 12, date(2027, 2, 28)),
                      today=first)


def by_name(lines):
    return {line.subject_name: line for line in lines}


def test_every_subject_in_the_history_is_listed_with_or_without_a_plan(store):
    for name in ("North", "South", "West"):
        save_subject(store, name, seasonal_amounts(36), start="2023-09")
    save_subject(store, "Dana", seasonal_amounts(36, level=40_000), start="2023-09",
                 kind="salesperson")
    plan_for(store, "North")
    lines = by_name(portfolio_lines(store, date(2026, 9, 10)))
    assert set(lines) == {"North", "South", "West", "Dana"}
    assert lines["North"].plan is not None and lines["South"].plan is None
    assert lines["South"].reasons == ["no plan"]
    assert lines["Dana"].subject_kind == "salesperson"
    assert lines["North"].last_year_sales == pytest.approx(sum(seasonal_amounts(36)[-12:]))


def test_a_plan_without_history_is_listed_too(store):
    plan_for(store, "New Territory")
    [line] = portfolio_lines(store, date(2026, 9, 10))
    assert line.plan is not None and not line.has_history


def test_a_missed_review_is_overdue_until_the_plan_is_reviewed(store):
    plan_id = plan_for(store, "North")
    monthly_reviews(store, plan_id)
    [line] = portfolio_lines(store, date(2026, 9, 20))
    assert line.overdue_since == "2026-09-15"
    assert line.reasons[0] == "review overdue since 2026-09-15"
    first = list_reviews(store, plan_id)[0]
    mark_review_held(store, first.id, held_at="2026-09-21T10:00:00+00:00")
    [line] = portfolio_lines(store, date(2026, 9, 22))
    assert not line.overdue and line.last_review == "2026-09-21"
    assert line.next_review == "2026-10-15"


def test_overdue_plans_come_first_and_plans_without_reviews_are_named(store):
    for name in ("Alpha", "Beta"):
        save_subject(store, name, seasonal_amounts(36), start="2023-09")
    monthly_reviews(store, plan_for(store, "Beta"))
    plan_for(store, "Alpha")
    lines = portfolio_lines(store, date(2026, 9, 20))
    assert [line.subject_name for line in lines] == ["Beta", "Alpha"]
    assert lines[1].reasons == ["no review scheduled"]


def test_late_tactics_and_kpis_off_pace_are_counted(store):
    plan_id = plan_for(store, "North")
    strategy = add_strategy(store, plan_id, "Call every lapsed customer in the north")
    take_clarity_test(store, strategy, True)
    late = add_tactic(store, strategy, TacticInput("List lapsed customers", "Ann", "2026-09-10"),
                      today=START)
    done = add_tactic(store, strategy, TacticInput("Write the script", "Ann", "2026-09-05"),
                      today=START)
    add_tactic(store, strategy, TacticInput("Call them", "Ann", "2026-12-01"), today=START)
    set_tactic_status(store, done, "done")
    meetings = add_kpi(store, plan_id, KpiInput("Meetings", "meetings", target="20"))
    calls = add_kpi(store, plan_id, KpiInput("Calls", "calls", target="100"))
    record_actual(store, meetings, "2026-09-01", "18")
    record_actual(store, meetings, "2026-10-01", "19")      # short two months running
    record_actual(store, calls, "2026-10-01", "120")
    [line] = portfolio_lines(store, date(2026, 10, 20))
    assert line.tactics_late == 1 and line.kpis_off_pace == ("Meetings",)
    assert "1 KPI off pace" in line.reasons and "1 tactic late" in line.reasons
    set_tactic_status(store, late, "done")
    [line] = portfolio_lines(store, date(2026, 10, 20))
    assert line.tactics_late == 0


def test_filters_by_kind_owner_overdue_and_no_plan(store):
    for name in ("North", "South"):
        save_subject(store, name, seasonal_amounts(36), start="2023-09")
    save_subject(store, "Dana", seasonal_amounts(36, 40_000), start="2023-09", kind="salesperson")
    monthly_reviews(store, plan_for(store, "North", owner="Priya Raman"))
    plan_for(store, "Dana", kind="salesperson", owner="Tom Okafor")
    today = date(2026, 9, 20)

    def names(filters):
        return sorted(line.subject_name for line in portfolio_lines(store, today, filters))

    assert names(Filters(kind="salesperson")) == ["Dana"]
    assert names(Filters(owner="tom okafor")) == ["Dana"]
    assert names(Filters(overdue=True)) == ["North"]
    assert names(Filters(no_plan=True)) == ["South"]


def test_outlooks_fill_in_the_forecast_gap_and_check_score(store):
    save_subject(store, "North", seasonal_amounts(48), start="2022-09")
    plan_id = plan_for(store, "North", target="3000000")
    [(plan, outlook)] = list(outlooks(store, [get_plan(store, plan_id)], date(2026, 9, 10)))
    assert plan.id == plan_id
    assert outlook.gap == pytest.approx(3_000_000 - outlook.expected)
    assert outlook.lower80 < outlook.expected < outlook.upper80
    assert 0 <= outlook.chance_of_target <= 1
    assert isinstance(outlook.check_score, int)


def test_a_plan_with_no_history_has_no_outlook(store):
    plan_id = plan_for(store, "Nowhere")
    [(_, outlook)] = list(outlooks(store, [get_plan(store, plan_id)], with_score=False))
    assert outlook is None


def line_with(store, name, owner, target, expected, half_width):
    plan = get_plan(store, plan_for(store, name, owner=owner, target=str(target)))
    outlook = Outlook(expected, expected - half_width, expected + half_width, target - expected,
                      100 * (target - expected) / target, 0.5)
    return SubjectLine("territory", name, True, None, plan=plan, outlook=outlook)


def test_the_roll_up_adds_variances_not_interval_ends(store):
    lines = [line_with(store, "North", "Priya", 1_000_000, 900_000, 100_000),
             line_with(store, "South", "Priya", 1_000_000, 1_000_000, 100_000),
             line_with(store, "West", "Tom", 500_000, 450_000, 50_000)]
    groups = {r.group: r for r in roll_up(lines, by="owner")}
    assert list(groups) == ["Priya", "Tom", "all"]
    priya = groups["Priya"]
    assert priya.target == 2_000_000 and priya.expected == 1_900_000 and priya.gap == 100_000
    # Two independent ±100k intervals add to ±141k, not ±200k.
    assert priya.upper80 - priya.expected == pytest.approx(100_000 * math.sqrt(2))
    sigma = 100_000 * math.sqrt(2) / Z80
    assert priya.chance_of_target == pytest.approx(0.5 * math.erfc(100_000 / (sigma * 2 ** .5)))
    assert groups["all"].plans == 3 and groups["all"].expected == 2_350_000


def test_the_roll_up_counts_plans_without_a_forecast_but_sums_only_forecasts(store):
    lines = [line_with(store, "North", "Priya", 1_000_000, 900_000, 100_000)]
    no_forecast = get_plan(store, plan_for(store, "New", owner="Priya"))
    lines.append(SubjectLine("territory", "New", False, None, plan=no_forecast))
    [kind, _everything] = roll_up(lines, by="kind")
    assert kind.group == "territory" and kind.plans == 2 and kind.forecast_plans == 1
    assert kind.target == 1_000_000


def test_a_draft_plan_aims_above_the_same_months_last_year(store):
    from facilitation.portfolio.drafts import draft_plan

    save_subject(store, "Dana", [100_000.0] * 24, start="2024-10", kind="salesperson")
    draft = draft_plan(store, "salesperson", "Dana", date(2026, 8, 15))
    assert (draft.period_start, draft.period_end) == ("2026-09", "2026-11")
    assert draft.target_amount == "315,000" and draft.owner == "Dana"
    draft.validate()
    assert draft_plan(store, "territory", "Nowhere", date(2026, 8, 15)).target_amount == ""


def test_a_plan_under_way_is_judged_on_its_actuals_so_far(store):
    from facilitation.history.cache import plan_forecast
    from facilitation.history.to_date import sales_to_date

    save_subject(store, "North", seasonal_amounts(50), start="2022-09")   # to 2026-10
    plan = get_plan(store, plan_for(store, "North", target="3000000"))   # 2026-09..2027-02
    [(_, outlook)] = list(outlooks(store, [plan], with_score=False))
    so_far = sales_to_date(plan_forecast(store, plan))
    assert so_far.months_known == 2
    assert outlook.expected == pytest.approx(so_far.outlook)
    assert outlook.gap == pytest.approx(3_000_000 - so_far.outlook)
