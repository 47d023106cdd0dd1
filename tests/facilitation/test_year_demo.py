"""The demo holds a plan with a full year behind it (Lakeside): a timed workshop a year ago,
monthly reviews with KPI actuals, risks that happened, last year's forecast judged against
the actual months, and today's annual contingency review."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from facilitation.demo.year import WORKSHOP_MINUTES, add_plan_year
from facilitation.retrospective.forecast_ledger import ledger
from facilitation.retrospective.moments import plan_as_of, resolve_moment
from facilitation.retrospective.year_in_review import year_in_review
from facilitation.workshop.sessions import list_sessions, step_times

NOW = datetime(2027, 3, 17, 15, 30, tzinfo=UTC)


@pytest.fixture
def lakeside(store):
    with time_machine.travel(NOW, tick=False):
        add_plan_year(store)
        yield store.query("SELECT id FROM plans WHERE subject_name = 'Lakeside'")[0][0]


def test_the_log_runs_forward_from_a_year_ago_to_today(store, lakeside):
    stamps = [r[0] for r in store.query("SELECT at FROM events ORDER BY seq")]
    assert stamps == sorted(stamps)
    assert stamps[0].startswith("2026-03-02") and stamps[-1].startswith("2027-03-17")


def test_the_workshop_a_year_ago_took_its_real_time_step_by_step(store, lakeside):
    workshop, *reviews, annual = sorted(list_sessions(store, lakeside),
                                        key=lambda s: s.started_at)
    assert workshop.script.name == "full-plan" and workshop.started_at.startswith("2026-03-10")
    assert [t.spent_seconds / 60 for t in step_times(store, workshop.id)] == list(
        WORKSHOP_MINUTES)
    assert len(reviews) == 10 and all(r.script.name == "progress-review" and r.ended_at
                                      for r in reviews)
    assert annual.script.name == "annual-contingency-review" and annual.ended_at is None
    assert annual.started_at.startswith("2027-03-17")
    assert annual.script.steps[annual.current_step_index].kind == "year_in_review"


def test_last_years_forecast_is_judged_against_the_actual_months(store, lakeside):
    [entry] = ledger(store, lakeside).entries
    assert (entry.period_start, entry.period_end, entry.history_end) == (
        "2026-04", "2027-02", "2026-02")
    assert entry.recorded_at.startswith("2026-03-10")
    assert entry.settled and entry.within95 is not None


def test_the_year_in_review_finds_what_happened_what_was_missed_and_which_kpis_held(
        store, lakeside):
    with time_machine.travel(NOW, tick=False):
        review = year_in_review(store, lakeside)
    happened = {o.risk.catalogue_key: [d.month for d in o.dips] for o in review.risks.happened}
    assert happened == {"lose-key-account": ["2026-07"], "salesperson-ill-or-leaves": []}
    assert [d.month for d in review.risks.unexplained_dips] == ["2026-12"]   # the fire
    verdicts = {k.kpi.name: k.verdict for k in review.kpis}
    assert verdicts == {"Meetings booked": "recovered", "Pipeline coverage": "held",
                        "Win rate": "did not hold"}
    assert all(len(k.periods) == 10 for k in review.kpis)


def test_the_plan_as_it_stood_half_way_through_the_year(store, lakeside):
    moment = resolve_moment(store, lakeside, "2026-08-10")
    document = plan_as_of(store, lakeside, moment, with_forecast=False)
    happened = {r.risk.title: r.risk.occurred_at for r in document.risks}
    assert happened["We lose a key account"] == "2026-07"
    assert happened["A salesperson falls ill or leaves"] is None   # not yet
    assert date.fromisoformat(document.as_of[-10:]) == date(2026, 8, 10)
