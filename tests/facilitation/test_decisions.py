"""Decisions and corrective actions of a review, and the colleague's review of a self-review."""

from __future__ import annotations

from datetime import date

import pytest

from facilitation.ideas.strategies import add_strategy, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic
from facilitation.plan.colleague_reviews import (
    list_colleague_reviews,
    record_colleague_review,
)
from facilitation.plan.decisions import (
    DecisionInput,
    DecisionInputError,
    add_decision,
    delete_decision,
    lacks,
    link_choices,
    list_decisions,
    prompted_by_label,
    update_decision,
)
from facilitation.plan.kpis import add_from_library, delete_kpi
from facilitation.plan.reviews import ReviewInputError
from facilitation.store.replay import replay
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import start_session


@pytest.fixture
def review(store, plan_id) -> int:
    return start_session(store, plan_id, get_script("progress-review"), "Ana")


def test_a_corrective_action_is_linked_to_the_kpi_that_prompted_it(store, plan_id, review):
    kpi_id = add_from_library(store, plan_id, "pipeline_coverage")
    decision_id = add_decision(store, plan_id, DecisionInput(
        "Two extra prospecting days a week", "Bo", "2027-02-15", prompted_by=f"kpi:{kpi_id}"),
        session_id=review)
    [decision] = list_decisions(store, plan_id, session_id=review)
    assert decision.id == decision_id and decision.kpi_id == kpi_id
    assert decision.kind_label == "Corrective action"
    assert prompted_by_label(store, decision) == "KPI: Pipeline coverage"
    delete_kpi(store, kpi_id)  # the decision outlives it and says so
    assert prompted_by_label(store, list_decisions(store, plan_id)[0]) == "a deleted KPI"


def test_a_decision_can_answer_a_tactic_and_shows_what_it_lacks(store, plan_id, review):
    strategy_id = add_strategy(store, plan_id, "Win back lapsed clients")
    take_clarity_test(store, strategy_id, True)
    tactic_id = add_tactic(store, strategy_id, TacticInput("Call list", "Bo", "2099-01-31"))
    assert (f"tactic:{tactic_id}", "Tactic: Call list") in link_choices(store, plan_id)
    decision_id = add_decision(store, plan_id, DecisionInput(
        "Drop the call list", kind="decision", prompted_by=f"tactic:{tactic_id}"),
        session_id=review)
    [decision] = list_decisions(store, plan_id)
    assert lacks(decision, date(2027, 1, 1)) == ["no owner", "no due date"]
    update_decision(store, decision_id, DecisionInput(
        "Drop the call list", "Ana", "2027-01-10", kind="decision",
        prompted_by=f"tactic:{tactic_id}"), session_id=review)
    assert lacks(list_decisions(store, plan_id)[0], date(2027, 2, 1)) == ["overdue"]


def test_bad_decision_fields_are_named_and_nothing_is_saved(store, plan_id, review):
    with pytest.raises(DecisionInputError) as caught:
        add_decision(store, plan_id, DecisionInput(" ", due_date="soon",
                                                   prompted_by="kpi:99"), session_id=review)
    assert set(caught.value.errors) == {"text", "due_date", "prompted_by"}
    assert list_decisions(store, plan_id) == []


def test_decisions_and_colleague_reviews_are_rebuilt_by_replay(store, plan_id, review):
    add_decision(store, plan_id, DecisionInput("Hire a temp", "Ana"), session_id=review)
    gone = add_decision(store, plan_id, DecisionInput("Nothing"), session_id=review)
    delete_decision(store, gone, session_id=review)
    record_colleague_review(store, plan_id, "Rita Osei", reviewed_on="2027-01-12",
                            comments="Risks are too optimistic", agreed_changes="Add a KPI")
    rebuilt = replay(store)
    for table in ("review_decisions", "colleague_reviews"):
        assert [tuple(r) for r in rebuilt.execute(f"SELECT * FROM {table} ORDER BY id")] == \
            [tuple(r) for r in store.query(f"SELECT * FROM {table} ORDER BY id")]


def test_the_colleague_review_says_who_when_and_what_was_agreed(store, plan_id):
    session_id = start_session(store, plan_id, get_script("self-review"), "Ana")
    record_colleague_review(store, plan_id, "Rita Osei", comments="Good",
                            session_id=session_id, today=date(2027, 1, 12))
    record_colleague_review(store, plan_id, "Rita Osei", comments="Good; tighten dates",
                            agreed_changes="Due dates in January", session_id=session_id,
                            today=date(2027, 1, 12))
    [review] = list_colleague_reviews(store, plan_id)  # recorded again = replaced
    assert (review.colleague, review.reviewed_on) == ("Rita Osei", "2027-01-12")
    assert review.agreed_changes == "Due dates in January"
    with pytest.raises(ReviewInputError) as caught:
        record_colleague_review(store, plan_id, " ", reviewed_on="12/1")
    assert set(caught.value.errors) == {"colleague", "reviewed_on"}
