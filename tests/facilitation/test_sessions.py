"""Sessions: moving through the steps, time per step from stored timestamps, pause and resume."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta

import pytest

from facilitation.store.database import Store
from facilitation.store.events import read_events
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import (
    SessionError,
    end_session,
    format_duration,
    get_session,
    go_to_step,
    next_step,
    open_session,
    pause_session,
    previous_step,
    resume_session,
    start_session,
    step_times,
    total_seconds,
)

T0 = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


@pytest.fixture
def session_id(store, plan_id):
    return start_session(store, plan_id, get_script("full-plan"), "Ana", "Bo, Cy, bo, ",
                         now=T0)


def test_a_session_starts_on_the_first_step_with_its_people(store, session_id):
    session = get_session(store, session_id)
    assert session.current_step.kind == "past_performance"
    assert session.participants == ("Bo", "Cy")
    assert session.state == "running"


def test_next_back_and_jump_move_the_current_step(store, session_id):
    assert next_step(store, session_id, now=at(1)) == 1
    go_to_step(store, session_id, 3, now=at(2))
    assert get_session(store, session_id).current_step.kind == "impact_assessment"
    assert previous_step(store, session_id, now=at(3)) == 2
    assert get_session(store, session_id).current_step.kind == "risk_listing"


def test_moving_past_either_end_is_refused(store, session_id):
    with pytest.raises(SessionError, match="first step"):
        previous_step(store, session_id)
    go_to_step(store, session_id, 10, now=at(1))
    with pytest.raises(SessionError, match="last step"):
        next_step(store, session_id)
    with pytest.raises(SessionError, match="no step 12"):
        go_to_step(store, session_id, 11)


def test_time_per_step_adds_up_every_visit(store, session_id):
    next_step(store, session_id, now=at(4))       # 4 min on step 1
    next_step(store, session_id, now=at(10))      # 6 min on step 2
    previous_step(store, session_id, now=at(11))  # 1 min on step 3
    times = step_times(store, session_id, now=at(13))  # 2 more on step 2
    assert [t.spent_seconds / 60 for t in times[:3]] == [4, 8, 1]
    assert times[1].visits == 2
    assert total_seconds(times) == 13 * 60


def test_a_step_over_its_time_box_is_flagged(store, session_id):
    times = step_times(store, session_id, now=at(11))
    assert times[0].time_box_seconds == 600 and times[0].over_time_box


def test_paused_time_does_not_count(store, session_id):
    pause_session(store, session_id, now=at(2))
    assert get_session(store, session_id).is_paused
    resume_session(store, session_id, now=at(30))
    times = step_times(store, session_id, now=at(33))
    assert times[0].spent_seconds == 5 * 60


def test_moving_while_paused_keeps_the_clock_stopped(store, session_id):
    pause_session(store, session_id, now=at(1))
    next_step(store, session_id, now=at(5))
    assert step_times(store, session_id, now=at(9))[1].spent_seconds == 0
    resume_session(store, session_id, now=at(10))
    assert step_times(store, session_id, now=at(12))[1].spent_seconds == 120


def test_pause_and_resume_after_the_app_is_closed(db_path, store, session_id):
    go_to_step(store, session_id, 2, now=at(5))
    pause_session(store, session_id, now=at(7))
    store.close()
    again = Store.open(db_path)
    session = open_session(again, get_session(again, session_id).plan_id)
    assert session.id == session_id and session.is_paused
    assert session.current_step.kind == "risk_listing"
    resume_session(again, session_id, now=at(60))
    assert step_times(again, session_id, now=at(61))[2].spent_seconds == 3 * 60
    again.close()


def test_a_killed_process_resumes_where_it_was(db_path, plan_id):
    code = textwrap.dedent(f"""
        import os
        from facilitation.store.database import Store
        from facilitation.workshop.scripts import get_script
        from facilitation.workshop.sessions import start_session, go_to_step
        store = Store.open({str(db_path)!r})
        sid = start_session(store, {plan_id}, get_script("full-plan"), "Ana")
        go_to_step(store, sid, 3)
        print(sid, flush=True)
        os._exit(9)  # no close, no cleanup: as if killed
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=False)
    session_id = int(result.stdout.split()[0])
    store = Store.open(db_path)
    session = get_session(store, session_id)
    assert session.current_step.kind == "impact_assessment" and session.state == "running"
    store.close()


def test_ending_records_the_end_and_stops_changes(store, session_id):
    end_session(store, session_id, now=at(90))
    session = get_session(store, session_id)
    assert session.ended_at == at(90).isoformat(timespec="seconds")
    assert open_session(store, session.plan_id) is None
    with pytest.raises(SessionError, match="ended"):
        next_step(store, session_id)
    assert step_times(store, session_id, now=at(500))[0].spent_seconds == 90 * 60


def test_every_move_is_an_event_of_the_session(store, session_id):
    next_step(store, session_id, now=at(1))
    pause_session(store, session_id, now=at(2))
    resume_session(store, session_id, now=at(3))
    end_session(store, session_id, now=at(4))
    kinds = [e.kind for e in read_events(store, session_id=session_id)]
    assert kinds == ["session.started", "session.step_changed", "session.paused",
                     "session.resumed", "session.ended"]


def test_the_session_keeps_its_script_even_if_the_file_changes(store, session_id):
    row = store.query("SELECT script_snapshot FROM sessions WHERE id = ?", [session_id])[0]
    assert len(json.loads(row[0])["steps"]) == 11


def test_a_session_needs_a_facilitator(store, plan_id):
    with pytest.raises(SessionError, match="facilitator"):
        start_session(store, plan_id, get_script("full-plan"), "  ")


def test_durations_read_like_a_clock():
    assert format_duration(245) == "4:05"
    assert format_duration(3723) == "1:02:03"
    assert format_duration(None) == "—"


def test_the_pause_remembers_why(store, session_id):
    from facilitation.workshop.sessions import PAUSED_ON_LEAVING, pause_reason

    assert pause_reason(store, session_id) is None
    pause_session(store, session_id, now=at(1), reason=PAUSED_ON_LEAVING)
    assert pause_reason(store, session_id) == PAUSED_ON_LEAVING
    resume_session(store, session_id, now=at(2))
    pause_session(store, session_id, now=at(3))
    assert pause_reason(store, session_id) == "facilitator"


def test_a_clock_left_running_by_a_dead_process_stops_at_the_last_thing_saved(store,
                                                                            plan_id):
    from facilitation.workshop.sessions import PAUSED_AFTER_CRASH, pause_reason, stop_stale_clock

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    visit_start = datetime.fromisoformat(get_session(store, session_id).started_at)
    with store.change("test.activity", session_id=session_id):
        pass  # something saved in the session, then the process died
    last = datetime.fromisoformat(store.query("SELECT max(at) FROM events")[0][0])
    assert stop_stale_clock(store, session_id, now=last + timedelta(minutes=30)) is None
    assert stop_stale_clock(store, session_id, now=last + timedelta(hours=14))
    assert pause_reason(store, session_id) == PAUSED_AFTER_CRASH
    spent = step_times(store, session_id, now=last + timedelta(hours=15))[0].spent_seconds
    assert spent == (last - visit_start).total_seconds()


def test_session_people_are_the_facilitator_then_each_participant_once(store, plan_id):
    from facilitation.workshop.sessions import session_people

    session_id = start_session(store, plan_id, get_script("full-plan"), "Priya",
                               ["Ana", "Priya", "Ben"])
    assert session_people(store, session_id) == ["Priya", "Ana", "Ben"]
    assert session_people(store, None) == []
