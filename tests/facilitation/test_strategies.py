"""Strategies, the clarity test gating tactics, tactic validation, missing contingencies."""

from __future__ import annotations

from datetime import date

import pytest

from facilitation.contingency.assessment import Assessment, assess_risk
from facilitation.contingency.risks import add_risk
from facilitation.ideas.brainstorm import BrainstormError, add_idea, add_round, delete_idea
from facilitation.ideas.strategies import (
    StrategyError,
    augment_strategy,
    clarity_history,
    get_strategy,
    list_strategies,
    promote_idea,
    reword_strategy,
    risks_without_contingency,
    take_clarity_test,
)
from facilitation.ideas.tactics import (
    TacticInput,
    add_tactic,
    next_status,
    set_tactic_status,
    update_tactic,
)
from facilitation.store.events import read_events

TODAY = date(2027, 1, 10)


@pytest.fixture
def risk_id(store, plan_id):
    risk = add_risk(store, plan_id, "A competitor prices aggressively")
    assess_risk(store, risk, Assessment(likelihood=4, impact=4))
    return risk


@pytest.fixture
def strategy_id(store, plan_id):
    round_id = add_round(store, plan_id, "How could we close the gap?", answers="gap")
    idea = add_idea(store, round_id, "Win back lapsed accounts")
    return promote_idea(store, idea)


def test_promoting_an_idea_records_what_it_answers(store, plan_id, risk_id):
    round_id = add_round(store, plan_id, "If a competitor prices aggressively, what do we do?",
                         answers="risk", risk_id=risk_id)
    idea = add_idea(store, round_id, "Bundle service into the price")
    strategy = get_strategy(store, promote_idea(store, idea))
    assert (strategy.answers, strategy.risk_id, strategy.text) == (
        "risk", risk_id, "Bundle service into the price")
    assert strategy.answers_label == "risk: A competitor prices aggressively"
    with pytest.raises(StrategyError, match="already"):
        promote_idea(store, idea)
    with pytest.raises(BrainstormError, match="strategy"):
        delete_idea(store, idea)


def test_top_risk_without_strategy_has_no_contingency_yet(store, plan_id, risk_id):
    assert [r.id for r in risks_without_contingency(store, plan_id)] == [risk_id]
    round_id = add_round(store, plan_id, "If?", answers="risk", risk_id=risk_id)
    promote_idea(store, add_idea(store, round_id, "Match the price on key accounts"))
    assert risks_without_contingency(store, plan_id) == []


def test_augmentation_notes(store, strategy_id):
    augment_strategy(store, strategy_id, resources="Two days of inside sales",
                     best_practices="South's win-back script")
    strategy = get_strategy(store, strategy_id)
    assert strategy.resources == "Two days of inside sales"
    assert strategy.best_practices == "South's win-back script" and strategy.insights == ""


def test_tactics_are_locked_until_the_clarity_test_is_passed(store, strategy_id):
    with pytest.raises(StrategyError, match="clarity test"):
        add_tactic(store, strategy_id, TacticInput("Call 20 accounts", "Ana", "2027-02-01"),
                   today=TODAY)
    take_clarity_test(store, strategy_id, False)
    with pytest.raises(StrategyError, match="clarity test"):
        add_tactic(store, strategy_id, TacticInput("Call 20 accounts"), today=TODAY)
    reword_strategy(store, strategy_id, "Ana calls the 20 biggest lapsed accounts by February")
    assert get_strategy(store, strategy_id).clarity == "untested"
    take_clarity_test(store, strategy_id, True)
    add_tactic(store, strategy_id, TacticInput("Call 20 accounts", "Ana", "2027-02-01"),
               today=TODAY)
    history = clarity_history(store, strategy_id)
    assert [(h["wording"], h["passed"]) for h in history] == [
        ("Win back lapsed accounts", 0),
        ("Ana calls the 20 biggest lapsed accounts by February", 1)]


def test_old_wording_is_kept_in_the_log(store, strategy_id):
    reword_strategy(store, strategy_id, "Call the lapsed accounts")
    event = read_events(store)[-1]
    assert event.kind == "strategy.reworded"
    assert event.payload["old_text"] == "Win back lapsed accounts"


@pytest.mark.parametrize("tactic, field", [
    (TacticInput("", "Ana", "2027-02-01"), "action"),
    (TacticInput("Call", "Ana", "2027-01-09"), "due_date"),  # the day before today
    (TacticInput("Call", "Ana", "2027-02-30"), "due_date"),
    (TacticInput("Call", "Ana", "next week"), "due_date"),
    (TacticInput("Call", "Ana", "2027-02-01", "finished"), "status"),
])
def test_tactic_validation(store, strategy_id, tactic, field):
    take_clarity_test(store, strategy_id, True)
    with pytest.raises(StrategyError) as raised:
        add_tactic(store, strategy_id, tactic, today=TODAY)
    assert field in raised.value.errors
    assert store.query("SELECT count(*) FROM tactics")[0][0] == 0


def test_strategy_without_tactics_or_with_incomplete_tactic_is_incomplete(store, strategy_id):
    take_clarity_test(store, strategy_id, True)
    assert get_strategy(store, strategy_id).problems == ["no tactic"]
    tactic = add_tactic(store, strategy_id, TacticInput("Call 20 accounts"), today=TODAY)
    assert get_strategy(store, strategy_id).problems == [
        'tactic "Call 20 accounts" has no owner and no due date']
    update_tactic(store, tactic, TacticInput("Call 20 accounts", "Ana", "2027-01-10"),
                  today=TODAY)
    assert get_strategy(store, strategy_id).is_complete


def test_tactic_status_cycles(store, strategy_id):
    take_clarity_test(store, strategy_id, True)
    tactic = add_tactic(store, strategy_id, TacticInput("Call", "Ana", "2027-02-01"), today=TODAY)
    set_tactic_status(store, tactic, next_status("planned"))
    assert list_strategies(store, get_strategy(store, strategy_id).plan_id)[0].tactics[0].status \
        == "doing"
    with pytest.raises(StrategyError):
        set_tactic_status(store, tactic, "maybe")


def test_every_change_is_one_event(store, strategy_id):
    before = len(read_events(store))
    take_clarity_test(store, strategy_id, False)
    reword_strategy(store, strategy_id, "Ana calls 20 lapsed accounts")
    take_clarity_test(store, strategy_id, True)
    tactic = add_tactic(store, strategy_id, TacticInput("Call", "Ana", "2027-02-01"), today=TODAY)
    set_tactic_status(store, tactic, "done")
    assert [e.kind for e in read_events(store)[before:]] == [
        "strategy.clarity_failed", "strategy.reworded", "strategy.clarity_passed",
        "tactic.added", "tactic.status_changed"]


def test_a_strategy_can_become_a_risks_contingency(store, plan_id, risk_id, strategy_id):
    from facilitation.ideas.strategies import answer_choices, set_strategy_answers

    assert answer_choices(store, plan_id) == [("gap", None), ("risk", risk_id), ("other", None)]
    set_strategy_answers(store, strategy_id, "risk", risk_id)
    assert get_strategy(store, strategy_id).answers_label == "risk: A competitor prices aggressively"
    assert risks_without_contingency(store, plan_id) == []
    with pytest.raises(StrategyError):
        set_strategy_answers(store, strategy_id, "risk")


def test_promoted_ideas_are_known_by_id(store, plan_id):
    from facilitation.ideas.strategies import promoted_idea_ids

    round_id = add_round(store, plan_id, "How could we close the gap?", answers="gap")
    kept, _other = (add_idea(store, round_id, text) for text in ("Win back", "Open a region"))
    assert promoted_idea_ids(store, plan_id) == set()
    promote_idea(store, kept)
    assert promoted_idea_ids(store, plan_id) == {kept}
