"""Replaying a session shows each step as it looked at that moment, and who did what, when."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from facilitation.contingency.assessment import Assessment, assess_risk
from facilitation.contingency.risks import add_risk
from facilitation.ideas.brainstorm import add_idea, add_round
from facilitation.ideas.strategies import add_strategy, take_clarity_test
from facilitation.retrospective.session_replay import SessionReplay
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import end_session, go_to_step, start_session

START = datetime(2026, 3, 12, 9, 0, tzinfo=UTC)


@pytest.fixture
def workshop(store, plan_id):
    return timed_workshop(store, plan_id)


def timed_workshop(store, plan_id) -> int:
    """A timed session: risks at 0:10, an assessment at 0:20, a brainstorm from 0:30."""
    with time_machine.travel(START, tick=False) as clock:
        session_id = start_session(store, plan_id, get_script("full-plan"), "Priya",
                                   ["Ana", "Joe"], now=START)
        clock.move_to(START + timedelta(minutes=9))
        go_to_step(store, session_id, 2, now=START + timedelta(minutes=9))
        clock.move_to(START + timedelta(minutes=10))
        risk = add_risk(store, plan_id, "Key account leaves", session_id=session_id, actor="Ana")
        clock.move_to(START + timedelta(minutes=11))
        add_risk(store, plan_id, "Recession", session_id=session_id, actor="Joe")
        clock.move_to(START + timedelta(minutes=20))
        go_to_step(store, session_id, 3, now=START + timedelta(minutes=20))
        assess_risk(store, risk, Assessment(4, 5, 90000, None, "reduce", ""),
                    session_id=session_id, actor="Priya")
        clock.move_to(START + timedelta(minutes=30))
        go_to_step(store, session_id, 4, now=START + timedelta(minutes=30))
        round_id = add_round(store, plan_id, "How do we close the gap?", session_id=session_id,
                             anonymous=True, actor="Priya")
        clock.move_to(START + timedelta(minutes=31))
        add_idea(store, round_id, "Call every lapsed account", author="Ana", actor="Ana")
        strategy = add_strategy(store, plan_id, "Win back lapsed accounts",
                                session_id=session_id, actor="Priya")
        clock.move_to(START + timedelta(minutes=40))
        take_clarity_test(store, strategy, False, actor="Joe")
        end_session(store, session_id, now=START + timedelta(minutes=41))
    return session_id


def test_the_timeline_lists_each_step_visit_with_its_time(store, workshop):
    replay = SessionReplay(store.path, workshop)
    steps = [(t.index, t.title, t.at[11:16]) for t in replay.timeline()]
    assert steps == [(0, "Past performance", "09:00"), (2, "Risk listing", "09:09"),
                     (3, "Impact assessment", "09:20"), (4, "Brainstorming", "09:30")]


def test_risks_appear_and_then_are_assessed(store, workshop):
    replay = SessionReplay(store.path, workshop)
    moment = replay.jump_to_time(10 * 60)
    assert moment.step_title == "Risk listing"
    assert moment.lines == ("not assessed   Key account leaves",)
    assert moment.who_did_what == '09:10 Ana listed the risk "Key account leaves"'
    assert moment.clock == "10:00"
    moment = replay.jump_to_time(20 * 60 + 1)
    assert moment.step_title == "Impact assessment"
    assert moment.lines[0] == "L4×I5 = 20     Key account leaves"
    assert "Priya assessed \"Key account leaves\": likelihood 4, impact 5" in moment.who_did_what
    # Back again: the assessment is gone from the state.
    moment = replay.step(-2)
    assert moment.step_title == "Risk listing"
    assert all("L4" not in line for line in moment.lines)


def test_anonymous_ideas_stay_anonymous_in_replay(store, workshop):
    replay = SessionReplay(store.path, workshop)
    moment = replay.jump_to_time(31 * 60)
    idea_moment = next(replay.jump(p) for p in range(len(replay))
                       if replay.points[p].kind == "idea.added")
    assert "someone added the idea \"Call every lapsed account\"" in idea_moment.who_did_what
    assert "Ana" not in idea_moment.who_did_what
    assert all("Ana" not in line for line in idea_moment.lines)
    assert any("Call every lapsed account" in line for line in idea_moment.lines)
    assert moment.step_title == "Brainstorming"


def test_the_last_moment_shows_the_clarity_test_and_the_end(store, workshop):
    replay = SessionReplay(store.path, workshop)
    moment = replay.jump(len(replay) - 2)
    assert moment.who_did_what == ('09:40 Joe "Win back lapsed accounts" failed the clarity '
                                   'test')
    moment = replay.jump(len(replay) - 1)
    assert moment.state == "ended"
    assert moment.position == moment.total - 1


def test_jump_to_a_step_and_playback_delays_compress_long_gaps(store, workshop):
    replay = SessionReplay(store.path, workshop)
    assert replay.jump_to_step(3).step_title == "Impact assessment"
    replay.jump_to_time(11 * 60)          # the next event comes 9 minutes later
    assert replay.delay_to_next(1) == 4.0
    assert replay.delay_to_next(50) == pytest.approx(0.08)
    replay.jump(len(replay) - 1)
    assert replay.delay_to_next(1) is None
