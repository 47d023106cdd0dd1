"""Workshop sessions: a plan walked through a script's steps, every move an event.

The state of a running session lives only in the database (the current step,
whether it is paused, and one `step_visits` row per stretch of time spent on a
step), so a session resumes exactly where it was after quitting or a crash.
Time per step is derived from those stored timestamps, never from a counter.
Every function takes an optional `now` so tests can inject the clock.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from facilitation.store.database import Store
from facilitation.store.database import now as clock_now
from facilitation.workshop.scripts import Script, Step


class SessionError(ValueError):
    """A session move that cannot be made (the message says why)."""


def _stamp(now: datetime | None) -> str:
    return (now or clock_now()).isoformat(timespec="seconds")


def _parse(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp)


@dataclass(frozen=True)
class Session:
    """A workshop session on a plan, and where it stands."""

    id: int
    plan_id: int
    script_name: str
    facilitator: str
    participants: tuple[str, ...]
    started_at: str
    ended_at: str | None
    paused_at: str | None
    current_step_index: int
    script: Script

    @property
    def current_step(self) -> Step:
        return self.script.steps[self.current_step_index]

    @property
    def is_running(self) -> bool:
        return self.ended_at is None and self.paused_at is None

    @property
    def is_paused(self) -> bool:
        return self.ended_at is None and self.paused_at is not None

    @property
    def is_ended(self) -> bool:
        return self.ended_at is not None

    @property
    def state(self) -> str:
        return "ended" if self.is_ended else "paused" if self.is_paused else "running"


@dataclass(frozen=True)
class StepTime:
    """Time spent on one step against its time box (seconds)."""

    index: int
    step: Step
    spent_seconds: float
    visits: int

    @property
    def time_box_seconds(self) -> float | None:
        return self.step.time_box_seconds

    @property
    def over_time_box(self) -> bool:
        box = self.time_box_seconds
        return box is not None and self.spent_seconds > box


def _session_from_row(row: Any) -> Session:
    return Session(
        id=row["id"], plan_id=row["plan_id"], script_name=row["script"],
        facilitator=row["facilitator"], participants=tuple(json.loads(row["participants"])),
        started_at=row["started_at"], ended_at=row["ended_at"], paused_at=row["paused_at"],
        current_step_index=row["current_step_index"],
        script=_script_of(row),
    )


def _script_of(row: Any) -> Script:
    """The script a session runs: its stored copy, else (older rows) the file of that name."""
    if row["script_snapshot"]:
        return Script.from_json(json.loads(row["script_snapshot"]))
    from facilitation.workshop.scripts import get_script

    return get_script(row["script"])


def get_session(store: Store, session_id: int) -> Session:
    """One session by id (KeyError if there is none)."""
    return _session_from_row(store.row_by_id("sessions", session_id, "session"))


def list_sessions(store: Store, plan_id: int) -> list[Session]:
    """A plan's sessions, newest first."""
    rows = store.query(
        "SELECT * FROM sessions WHERE plan_id = ? ORDER BY started_at DESC, id DESC", [plan_id])
    return [_session_from_row(r) for r in rows]


def open_session(store: Store, plan_id: int) -> Session | None:
    """The plan's latest session that has not ended (running or paused), if any."""
    return next((s for s in list_sessions(store, plan_id) if not s.is_ended), None)


def clean_participants(names: list[str] | str) -> list[str]:
    """Participants from a list or a comma-separated line; blanks and repeats dropped."""
    if isinstance(names, str):
        names = names.split(",")
    seen: list[str] = []
    for name in (n.strip() for n in names):
        if name and name.lower() not in (s.lower() for s in seen):
            seen.append(name)
    return seen


def start_session(
    store: Store, plan_id: int, script: Script, facilitator: str,
    participants: list[str] | str = (), *, now: datetime | None = None,
) -> int:
    """Start a session on a plan from a script, on its first step; returns its id."""
    facilitator = facilitator.strip()
    if not facilitator:
        raise SessionError("the session needs a facilitator's name")
    stamp = _stamp(now)
    first = script.steps[0]
    with store.change("session.started", {"plan_id": plan_id, "script": script.name}) as ch:
        session_id = ch.insert("sessions", {
            "plan_id": plan_id, "script": script.name, "facilitator": facilitator,
            "participants": json.dumps(clean_participants(participants)),
            "started_at": stamp, "ended_at": None, "current_step": first.id,
            "script_snapshot": json.dumps(script.to_json()), "current_step_index": 0,
            "paused_at": None,
        })
        ch.insert("step_visits", {"session_id": session_id, "step_index": 0,
                                  "step_id": first.id, "started_at": stamp, "ended_at": None})
        ch.payload["session_id"] = session_id
        ch.session_id = session_id
    return session_id


def _open_visit(store: Store, session_id: int) -> Any | None:
    rows = store.query(
        "SELECT * FROM step_visits WHERE session_id = ? AND ended_at IS NULL ORDER BY id DESC",
        [session_id])
    return rows[0] if rows else None


def go_to_step(store: Store, session_id: int, index: int, *, now: datetime | None = None) -> None:
    """Make step `index` (0-based) the current one; time spent so far stays with each step."""
    session = get_session(store, session_id)
    if session.is_ended:
        raise SessionError("the session has ended; start a new one to change it")
    if not 0 <= index < len(session.script.steps):
        raise SessionError(f"there is no step {index + 1}; the script has "
                           f"{len(session.script.steps)} steps")
    if index == session.current_step_index:
        return
    stamp = _stamp(now)
    step = session.script.steps[index]
    payload = {"from": session.current_step.id, "to": step.id, "to_index": index}
    with store.change("session.step_changed", payload, session_id=session_id) as ch:
        visit = _open_visit(store, session_id)
        if visit is not None:
            ch.update("step_visits", visit["id"], {"ended_at": stamp})
        ch.update("sessions", session_id, {"current_step_index": index, "current_step": step.id})
        if not session.is_paused:
            ch.insert("step_visits", {"session_id": session_id, "step_index": index,
                                      "step_id": step.id, "started_at": stamp, "ended_at": None})


def next_step(store: Store, session_id: int, *, now: datetime | None = None) -> int:
    """Move to the next step; returns the new index (SessionError on the last step)."""
    session = get_session(store, session_id)
    if session.current_step_index + 1 >= len(session.script.steps):
        raise SessionError("this is the last step; end the session when you are done")
    go_to_step(store, session_id, session.current_step_index + 1, now=now)
    return session.current_step_index + 1


def previous_step(store: Store, session_id: int, *, now: datetime | None = None) -> int:
    """Go back a step (nothing is lost); returns the new index."""
    session = get_session(store, session_id)
    if session.current_step_index == 0:
        raise SessionError("this is the first step")
    go_to_step(store, session_id, session.current_step_index - 1, now=now)
    return session.current_step_index - 1


PAUSED_BY_FACILITATOR = "facilitator"
PAUSED_ON_LEAVING = "left"  # the facilitator left the session screen or quit the app


def pause_session(store: Store, session_id: int, *, now: datetime | None = None,
                  reason: str = PAUSED_BY_FACILITATOR) -> None:
    """Stop the clock; the session stays on its step until resumed."""
    session = get_session(store, session_id)
    if not session.is_running:
        return
    stamp = _stamp(now)
    with store.change("session.paused", {"step": session.current_step.id, "reason": reason},
                      session_id=session_id) as ch:
        visit = _open_visit(store, session_id)
        if visit is not None:
            ch.update("step_visits", visit["id"], {"ended_at": stamp})
        ch.update("sessions", session_id, {"paused_at": stamp})


def resume_session(store: Store, session_id: int, *, now: datetime | None = None) -> None:
    """Start the clock again on the step where the session was paused."""
    session = get_session(store, session_id)
    if not session.is_paused:
        return
    stamp = _stamp(now)
    step = session.current_step
    with store.change("session.resumed", {"step": step.id}, session_id=session_id) as ch:
        ch.update("sessions", session_id, {"paused_at": None})
        ch.insert("step_visits", {"session_id": session_id,
                                  "step_index": session.current_step_index,
                                  "step_id": step.id, "started_at": stamp, "ended_at": None})


PAUSED_AFTER_CRASH = "crash"
STALE_AFTER_MINUTES = 60


def last_activity(store: Store, session_id: int) -> str:
    """When anything was last saved in the session (a move, a risk, an idea, ...)."""
    return store.query("SELECT max(at) FROM events WHERE session_id = ?", [session_id])[0][0]


def stop_stale_clock(store: Store, session_id: int, *, now: datetime | None = None,
                     idle_minutes: float = STALE_AFTER_MINUTES) -> str | None:
    """A session left running by a process that died keeps its clock going; when nothing
    has been saved in it for `idle_minutes`, stop the clock at the last thing saved (the
    last moment anybody was demonstrably there). Returns that moment, or None."""
    session = get_session(store, session_id)
    if not session.is_running:
        return None
    last = last_activity(store, session_id)
    moment = now or datetime.now(UTC)
    if (moment - _parse(last)).total_seconds() < idle_minutes * 60:
        return None
    visit = _open_visit(store, session_id)
    if visit is not None and visit["started_at"] > last:
        last = visit["started_at"]  # never end a visit before it began
    pause_session(store, session_id, now=_parse(last), reason=PAUSED_AFTER_CRASH)
    return last


def pause_reason(store: Store, session_id: int) -> str | None:
    """Why a paused session is paused (PAUSED_BY_FACILITATOR or PAUSED_ON_LEAVING)."""
    rows = store.query(
        "SELECT payload FROM events WHERE session_id = ? AND kind = 'session.paused' "
        "ORDER BY seq DESC LIMIT 1", [session_id])
    if not rows or not get_session(store, session_id).is_paused:
        return None
    return json.loads(rows[0][0]).get("reason", PAUSED_BY_FACILITATOR)


def end_session(store: Store, session_id: int, *, now: datetime | None = None) -> None:
    """Record the end of the session (its content stays; it can still be read and replayed)."""
    session = get_session(store, session_id)
    if session.is_ended:
        return
    stamp = _stamp(now)
    with store.change("session.ended", {"step": session.current_step.id},
                      session_id=session_id) as ch:
        visit = _open_visit(store, session_id)
        if visit is not None:
            ch.update("step_visits", visit["id"], {"ended_at": stamp})
        ch.update("sessions", session_id, {"ended_at": stamp, "paused_at": None})


def reopen_session(store: Store, session_id: int, *, actor: str | None = None,
                   now: datetime | None = None) -> None:
    """Open an ended session again so that it can be changed (the past is read-only
    until then). The event says who reopened it, when, and when it had ended; the
    clock starts again on the step where it ended."""
    session = get_session(store, session_id)
    if not session.is_ended:
        raise SessionError("the session has not ended; there is nothing to reopen")
    stamp = _stamp(now)
    who = actor or store.actor
    payload = {"step": session.current_step.id, "ended_at": session.ended_at,
               "reopened_by": who, "reopened_at": stamp}
    with store.change("session.reopened", payload, actor=who, session_id=session_id,
                      reopening=True) as ch:
        ch.update("sessions", session_id, {"ended_at": None, "paused_at": None})
        ch.insert("step_visits", {"session_id": session_id,
                                  "step_index": session.current_step_index,
                                  "step_id": session.current_step.id, "started_at": stamp,
                                  "ended_at": None})


def reopenings(store: Store, session_id: int) -> list[dict[str, Any]]:
    """Every reopening of a session, oldest first: who, when, and when it had ended."""
    rows = store.query("SELECT payload FROM events WHERE session_id = ? AND "
                       "kind = 'session.reopened' ORDER BY seq", [session_id])
    return [json.loads(r[0]) for r in rows]


def step_times(store: Store, session_id: int, *, now: datetime | None = None) -> list[StepTime]:
    """Time spent on every step of the session (a running visit counts up to `now`)."""
    session = get_session(store, session_id)
    moment = now or datetime.now(UTC)
    spent = [0.0] * len(session.script.steps)
    visits = [0] * len(session.script.steps)
    for row in store.query("SELECT * FROM step_visits WHERE session_id = ?", [session_id]):
        end = _parse(row["ended_at"]) if row["ended_at"] else moment
        index = row["step_index"]
        if 0 <= index < len(spent):
            spent[index] += max(0.0, (end - _parse(row["started_at"])).total_seconds())
            visits[index] += 1
    return [StepTime(i, step, spent[i], visits[i]) for i, step in enumerate(session.script.steps)]


def total_seconds(times: list[StepTime]) -> float:
    """Time spent in the session across all steps (pauses excluded)."""
    return sum(t.spent_seconds for t in times)


def format_duration(seconds: float | None) -> str:
    """'4:05', '1:02:03'; '—' for no time box."""
    if seconds is None:
        return "—"
    seconds = round(seconds)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def session_people(store: Store, session_id: int | None) -> list[str]:
    """Who can be typing or scoring in a session: its facilitator and participants, each
    once, in that order (none without a session)."""
    if session_id is None:
        return []
    session = get_session(store, session_id)
    names = [session.facilitator, *session.participants]
    return list(dict.fromkeys(n for n in names if n))
