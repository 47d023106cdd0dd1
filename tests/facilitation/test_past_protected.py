"""The past is read-only: an ended session changes only after an explicit, logged reopen."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from facilitation.contingency.risks import add_risk, list_risks
from facilitation.ideas.brainstorm import (
    BrainstormError,
    add_idea,
    add_round,
    end_round,
    get_round,
    reopen_round,
    start_round,
)
from facilitation.ideas.strategies import add_strategy, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic, get_tactic, set_tactic_status
from facilitation.plan.kpis import add_from_library
from facilitation.store.errors import SessionEndedError
from facilitation.store.events import read_events
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import (
    SessionError,
    end_session,
    get_session,
    reopen_session,
    reopenings,
    start_session,
)

T0 = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def ended(store, plan_id) -> int:
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana", now=T0)
    add_risk(store, plan_id, "Key client leaves", session_id=session_id)
    end_session(store, session_id, now=T0 + timedelta(hours=2))
    return session_id


def test_a_risk_added_to_an_ended_session_is_refused_and_nothing_is_saved(store, plan_id, ended):
    events_before = len(read_events(store))
    with pytest.raises(SessionEndedError, match="ended on 2027-01-10 and is read-only"):
        add_risk(store, plan_id, "Price war", session_id=ended)
    assert [r.title for r in list_risks(store, plan_id)] == ["Key client leaves"]
    assert len(read_events(store)) == events_before


def test_every_kind_of_session_write_is_refused_once_ended(store, plan_id, ended):
    with pytest.raises(SessionEndedError):
        add_from_library(store, plan_id, "pipeline_coverage", session_id=ended)
    with pytest.raises(SessionEndedError):
        add_round(store, plan_id, "More ideas?", session_id=ended)
    with pytest.raises(SessionEndedError):
        add_strategy(store, plan_id, "Call every lapsed client", session_id=ended)


def test_reopening_is_one_event_with_who_and_when_and_then_changes_are_saved(
        store, plan_id, ended):
    reopen_session(store, ended, actor="coach", now=T0 + timedelta(days=30))
    session = get_session(store, ended)
    assert not session.is_ended and session.is_running
    [event] = [e for e in read_events(store) if e.kind == "session.reopened"]
    assert event.actor == "coach" and event.session_id == ended
    assert event.payload["reopened_at"].startswith("2027-02-09")
    assert event.payload["ended_at"].startswith("2027-01-10T11:00")
    assert reopenings(store, ended)[0]["reopened_by"] == "coach"
    add_risk(store, plan_id, "Price war", session_id=ended)
    assert len(list_risks(store, plan_id)) == 2


def test_only_an_ended_session_can_be_reopened(store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    with pytest.raises(SessionError, match="has not ended"):
        reopen_session(store, session_id)


def test_a_later_review_updates_a_tactic_made_in_an_ended_workshop(store, plan_id):
    workshop = start_session(store, plan_id, get_script("full-plan"), "Ana")
    strategy_id = add_strategy(store, plan_id, "Call every lapsed client", session_id=workshop)
    take_clarity_test(store, strategy_id, True, session_id=workshop)
    tactic_id = add_tactic(store, strategy_id, TacticInput("Call list", "Bo", "2099-01-31"),
                           session_id=workshop)
    end_session(store, workshop)
    with pytest.raises(SessionEndedError):
        set_tactic_status(store, tactic_id, "doing")  # it would be a write into the workshop
    review = start_session(store, plan_id, get_script("progress-review"), "Ana")
    set_tactic_status(store, tactic_id, "doing", session_id=review)
    assert get_tactic(store, tactic_id).status == "doing"
    assert read_events(store)[-1].session_id == review


def test_an_ended_round_is_reopened_with_an_event_and_takes_ideas_again(store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    round_id = add_round(store, plan_id, "Close the gap", session_id=session_id,
                         time_box_seconds=60, now=T0)
    start_round(store, round_id, now=T0)
    end_round(store, round_id, now=T0 + timedelta(seconds=90))  # time ran out at 60 s
    with pytest.raises(BrainstormError):
        add_idea(store, round_id, "Bundle service", now=T0 + timedelta(seconds=95))
    reopen_round(store, round_id, actor="Ana", now=T0 + timedelta(seconds=100))
    round_ = get_round(store, round_id)
    assert round_.state(T0 + timedelta(seconds=100)) == "paused"
    assert round_.remaining(T0 + timedelta(seconds=100)) == 60  # one more minute
    add_idea(store, round_id, "Bundle service", now=T0 + timedelta(seconds=101))
    assert read_events(store)[-2].kind == "brainstorm.round_reopened"
    with pytest.raises(BrainstormError, match="has not ended"):
        reopen_round(store, round_id, now=T0 + timedelta(seconds=102))
