"""The plan as it was at a past moment, and what changed between two moments."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from facilitation.contingency.assessment import Assessment, assess_risk
from facilitation.contingency.risks import (
    add_risk,
    delete_risk,
    list_risks,
    mark_risk_occurred,
)
from facilitation.exports import render
from facilitation.ideas.strategies import add_strategy, list_strategies, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic, set_tactic_status
from facilitation.plan.kpis import KpiInput, add_kpi, list_kpis, update_kpi
from facilitation.retrospective.compare import compare_plan
from facilitation.retrospective.moments import (
    MomentError,
    plan_as_of,
    resolve_moment,
)
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import end_session, start_session

WORKSHOP = datetime(2025, 11, 20, 9, 0, tzinfo=UTC)
REVIEW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture
def year(store, plan_id):
    """A workshop a year ago, and today's annual review that changed the plan."""
    with time_machine.travel(WORKSHOP, tick=False):
        workshop = start_session(store, plan_id, get_script("full-plan"), "Priya", now=WORKSHOP)
        account = add_risk(store, plan_id, "Key account leaves", session_id=workshop)
        assess_risk(store, account, Assessment(2, 4, None, None, None, ""), session_id=workshop)
        recession = add_risk(store, plan_id, "Recession", session_id=workshop)
        assess_risk(store, recession, Assessment(2, 3, None, None, None, ""),
                    session_id=workshop)
        strike = add_risk(store, plan_id, "Port strike", session_id=workshop)
        strategy = add_strategy(store, plan_id, "Win back lapsed accounts", session_id=workshop)
        take_clarity_test(store, strategy, True)
        call = add_tactic(store, strategy, TacticInput("Call 20 lapsed accounts", "Ana",
                                                       "2026-01-31"), today=WORKSHOP.date())
        kpi = add_kpi(store, plan_id, KpiInput("Meetings booked", unit="meetings", target=10),
                      session_id=workshop)
        end_session(store, workshop, now=WORKSHOP)
    with time_machine.travel(REVIEW, tick=False):
        review = start_session(store, plan_id, get_script("annual-contingency-review"),
                               "Priya", now=REVIEW)
        mark_risk_occurred(store, account, True, on="2026-04-02", session_id=review)
        assess_risk(store, recession, Assessment(4, 3, None, None, None, ""), session_id=review)
        delete_risk(store, strike, session_id=review)
        add_risk(store, plan_id, "New competitor from the south", session_id=review)
        set_tactic_status(store, call, "done", session_id=review)  # the workshop has ended
        update_kpi(store, kpi, KpiInput("Meetings booked", unit="meetings", target=12),
                   session_id=review)
    return workshop, review


def test_compare_the_workshop_with_now_lists_every_kind_of_change(store, plan_id, year):
    workshop, _ = year
    changes = compare_plan(store, plan_id, resolve_moment(store, plan_id, f"session:{workshop}"),
                           resolve_moment(store, plan_id, "now"))
    lines = {(c.what, c.how, c.name, c.before, c.after) for c in changes.changes}
    assert lines == {
        ("risk", "happened", "Key account leaves", "", "2026-04-02"),
        ("risk", "re-scored", "Recession", "L2×I3", "L4×I3"),
        ("risk", "dropped", "Port strike", "not assessed", ""),
        ("risk", "added", "New competitor from the south", "", "not assessed"),
        ("tactic", "done", "Call 20 lapsed accounts", "Ana, 2026-01-31, planned",
         "Ana, 2026-01-31, done"),
        ("kpi", "target changed", "Meetings booked", "10 meetings monthly",
         "12 meetings monthly"),
    }
    assert changes.to_json()["from"].startswith("full-plan session of 2025-11-20")


def test_the_default_from_is_the_last_ended_annual_review_else_the_first_workshop(
        store, plan_id, year):
    _, review = year
    assert resolve_moment(store, plan_id, "last-review").label.startswith("full-plan")
    end_session(store, review, now=REVIEW)
    assert resolve_moment(store, plan_id, "last-review").label.startswith(
        "annual-contingency-review")


def test_a_date_is_the_end_of_that_day(store, plan_id, year):
    moment = resolve_moment(store, plan_id, "2026-06-30")
    as_of = plan_as_of(store, plan_id, moment, with_forecast=False)
    assert [line.risk.title for line in as_of.risks] == [
        "Key account leaves", "Recession", "Port strike"]
    assert as_of.kpis[0].target == 10
    markdown = render(as_of, "md").decode()
    assert markdown.startswith("# Sales performance improvement plan: North (territory) "
                               "(as of end of 2026-06-30)")
    assert "<title>Sales performance improvement plan: North (territory) (as of end of " \
        "2026-06-30)</title>" in render(as_of, "html").decode()


def test_bad_moments_say_what_to_write(store, plan_id):
    with pytest.raises(MomentError, match="not a moment"):
        resolve_moment(store, plan_id, "last year")
    with pytest.raises(MomentError, match="no session 99"):
        resolve_moment(store, plan_id, "session:99")
    with pytest.raises(MomentError, match="not a date"):
        resolve_moment(store, plan_id, "2026-02-30")
    assert resolve_moment(store, plan_id, "1999-01-01").seq == 0
    assert date  # dates in this module are only ever injected


def test_changes_of_one_kind_come_in_the_plans_order(store, plan_id):
    """Not in the order of a set (which differs from one process to the next)."""
    names = ["Recession", "Port strike", "Key account leaves", "Price war", "Fire",
             "Flood", "New tax"]
    with time_machine.travel(WORKSHOP, tick=False):
        workshop = start_session(store, plan_id, get_script("full-plan"), "Priya", now=WORKSHOP)
        risks = [add_risk(store, plan_id, name, session_id=workshop) for name in names]
        for risk in risks:
            assess_risk(store, risk, Assessment(2, 3, None, None, None, ""), session_id=workshop)
        strategy = add_strategy(store, plan_id, "Win back lapsed accounts", session_id=workshop)
        take_clarity_test(store, strategy, True)
        tactics = [add_tactic(store, strategy, TacticInput(f"Call {name}", "Ana", "2026-01-31"),
                              today=WORKSHOP.date()) for name in names]
        kpis = [add_kpi(store, plan_id, KpiInput(f"{name} checks", unit="checks", target=10),
                        session_id=workshop) for name in names]
        end_session(store, workshop, now=WORKSHOP)
    with time_machine.travel(REVIEW, tick=False):
        review = start_session(store, plan_id, get_script("annual-contingency-review"),
                               "Priya", now=REVIEW)
        for risk, tactic, kpi, name in zip(risks, tactics, kpis, names, strict=True):
            assess_risk(store, risk, Assessment(4, 3, None, None, None, ""), session_id=review)
            set_tactic_status(store, tactic, "done", session_id=review)
            update_kpi(store, kpi, KpiInput(f"{name} checks", unit="checks", target=12),
                       session_id=review)
    changes = compare_plan(store, plan_id, resolve_moment(store, plan_id, f"session:{workshop}"),
                           resolve_moment(store, plan_id, "now"))
    assert [c.name for c in changes.of("risk")] == [r.title for r in list_risks(store, plan_id)]
    assert [c.name for c in changes.of("tactic")] == [
        t.action for s in list_strategies(store, plan_id) for t in s.tactics]
    assert [c.name for c in changes.of("kpi")] == [k.name for k in list_kpis(store, plan_id)]
