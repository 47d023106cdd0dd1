"""Brainstorming rounds and their timer.

A round answers the gap ("How could we find the missing 12,400 this quarter?")
or one top risk ("If a key salesperson leaves, what do we do?"). Its timer is
stored as times, never as a ticking counter: the run time before the current
stretch (`elapsed_seconds`) plus, while running, the time since `running_since`.
So the countdown is right across screen changes, restarts and other processes.

Every function takes an optional `now` (an aware datetime) so tests can inject
the clock. Every change is one event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from facilitation.store.database import Store
from facilitation.store.model import Record

DEFAULT_ROUND_SECONDS = 300
ADD_TIME_SECONDS = 60
ANSWERS = ("gap", "risk", "other")


class BrainstormError(ValueError):
    """A brainstorming move that cannot be made (the message says why)."""


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _stamp(now: datetime | None) -> str:
    # Milliseconds: pausing and resuming many times must not lose seconds to rounding.
    return _now(now).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Round(Record):
    """One brainstorming round and its timer."""

    id: int
    plan_id: int
    session_id: int | None
    answers: str
    risk_id: int | None
    prompt: str
    position: int
    anonymous: int
    time_box_seconds: int
    added_seconds: int
    status: str
    started_at: str | None
    running_since: str | None
    elapsed_seconds: float
    ended_at: str | None
    created_at: str

    @property
    def total_seconds(self) -> int:
        """The time box plus every minute added."""
        return self.time_box_seconds + self.added_seconds

    def elapsed(self, now: datetime | None = None) -> float:
        """Seconds the round has run (pauses excluded), capped at its total time."""
        seconds = self.elapsed_seconds
        if self.running_since is not None:
            since = datetime.fromisoformat(self.running_since)
            seconds += max(0.0, (_now(now) - since).total_seconds())
        return min(seconds, float(self.total_seconds))

    def remaining(self, now: datetime | None = None) -> float:
        """Seconds left on the countdown (0 when time is up)."""
        return max(0.0, self.total_seconds - self.elapsed(now))

    def state(self, now: datetime | None = None) -> str:
        """'ready', 'running', 'paused', 'time_up', 'ended' (early) or 'skipped'."""
        if self.status == "running" and self.remaining(now) <= 0:
            return "time_up"
        if self.status == "ended" and self.remaining(now) <= 0:
            return "time_up"
        return self.status

    def takes_ideas(self, now: datetime | None = None) -> bool:
        """Ideas are welcome until the round ends (before the start too, for untimed use)."""
        return self.state(now) in ("ready", "running", "paused")

    @property
    def is_anonymous(self) -> bool:
        return bool(self.anonymous)


def get_round(store: Store, round_id: int) -> Round:
    """One round by id (KeyError if there is none)."""
    return Round.from_row(store.row_by_id("brainstorm_rounds", round_id, "brainstorming round"))


def list_rounds(store: Store, *, session_id: int | None = None,
                plan_id: int | None = None) -> list[Round]:
    """A session's rounds (or a plan's, across sessions) in their order."""
    if session_id is not None:
        rows = store.query("SELECT * FROM brainstorm_rounds WHERE session_id = ? "
                           "ORDER BY position, id", [session_id])
    else:
        rows = store.query("SELECT * FROM brainstorm_rounds WHERE plan_id = ? "
                           "ORDER BY session_id, position, id", [plan_id])
    return [Round.from_row(r) for r in rows]


def _idea_count(store: Store, round_id: int) -> int:
    return store.query("SELECT count(*) FROM ideas WHERE round_id = ?", [round_id])[0][0]


def _timer_change(store: Store, kind: str, round_: Round, values: dict[str, Any],
                  actor: str | None) -> None:
    with store.change(kind, {"round_id": round_.id, "plan_id": round_.plan_id},
                      actor=actor, session_id=round_.session_id) as ch:
        ch.update("brainstorm_rounds", round_.id, values)


def start_round(store: Store, round_id: int, *, actor: str | None = None,
                now: datetime | None = None) -> None:
    """Start the countdown (or resume it when paused)."""
    round_ = get_round(store, round_id)
    state = round_.state(now)
    if state == "paused":
        resume_round(store, round_id, actor=actor, now=now)
        return
    if state != "ready":
        raise BrainstormError(_closed_message(state) if state != "running"
                              else "the round is already running")
    stamp = _stamp(now)
    _timer_change(store, "brainstorm.round_started", round_,
                  {"status": "running", "started_at": stamp, "running_since": stamp}, actor)


def pause_round(store: Store, round_id: int, *, actor: str | None = None,
                now: datetime | None = None) -> None:
    """Stop the countdown; the time run so far is kept."""
    round_ = get_round(store, round_id)
    if round_.state(now) != "running":
        raise BrainstormError("only a running round can be paused")
    _timer_change(store, "brainstorm.round_paused", round_, {
        "status": "paused", "running_since": None, "elapsed_seconds": round_.elapsed(now)}, actor)


def resume_round(store: Store, round_id: int, *, actor: str | None = None,
                 now: datetime | None = None) -> None:
    """Start the countdown again from where it was paused."""
    round_ = get_round(store, round_id)
    if round_.state(now) != "paused":
        raise BrainstormError("only a paused round can be resumed")
    _timer_change(store, "brainstorm.round_resumed", round_,
                  {"status": "running", "running_since": _stamp(now)}, actor)


def add_time(store: Store, round_id: int, seconds: int = ADD_TIME_SECONDS, *,
             actor: str | None = None, now: datetime | None = None) -> None:
    """Give the round more time; a round whose time was up runs again."""
    round_ = get_round(store, round_id)
    state = round_.state(now)
    if state in ("skipped", "ended"):
        raise BrainstormError(_closed_message(state))
    if state == "ready":
        values: dict[str, Any] = {"added_seconds": round_.added_seconds + seconds}
    elif state == "time_up":
        # Run again from the moment time ran out plus the new minute, counted from now.
        values = {"added_seconds": round_.added_seconds + seconds, "status": "running",
                  "elapsed_seconds": float(round_.total_seconds), "running_since": _stamp(now),
                  "ended_at": None}
    else:
        values = {"added_seconds": round_.added_seconds + seconds}
    _timer_change(store, "brainstorm.round_time_added", round_, values, actor)


def end_round(store: Store, round_id: int, *, actor: str | None = None,
              now: datetime | None = None) -> None:
    """End the round early (or record that its time ran out): no more ideas."""
    round_ = get_round(store, round_id)
    state = round_.state(now)
    if state in ("ended", "skipped"):
        return
    if state == "time_up" and round_.ended_at:
        return
    _timer_change(store, "brainstorm.round_ended", round_, {
        "status": "ended", "running_since": None, "elapsed_seconds": round_.elapsed(now),
        "ended_at": _ended_moment(round_, now), "started_at": round_.started_at or _stamp(now),
    }, actor)


def _ended_moment(round_: Round, now: datetime | None) -> str:
    """When the round ended: now, or the moment its time ran out if that was earlier."""
    if round_.running_since is not None and round_.remaining(now) <= 0:
        since = datetime.fromisoformat(round_.running_since)
        run_out = since + timedelta(seconds=round_.total_seconds - round_.elapsed_seconds)
        return run_out.isoformat(timespec="milliseconds")
    return _stamp(now)


def close_if_time_up(store: Store, round_id: int, *, actor: str | None = None,
                     now: datetime | None = None) -> bool:
    """Record the end of a round whose time has run out; True if it did just now."""
    round_ = get_round(store, round_id)
    if round_.status == "running" and round_.state(now) == "time_up":
        end_round(store, round_id, actor=actor, now=now)
        return True
    return False


def skip_round(store: Store, round_id: int, *, actor: str | None = None,
               now: datetime | None = None) -> None:
    """Skip a round that has no ideas (the facilitator decided not to run it)."""
    round_ = get_round(store, round_id)
    if _idea_count(store, round_id):
        raise BrainstormError("the round has ideas already; end it instead of skipping it")
    _timer_change(store, "brainstorm.round_skipped", round_,
                  {"status": "skipped", "running_since": None, "ended_at": _stamp(now)}, actor)


def unskip_round(store: Store, round_id: int, *, actor: str | None = None) -> None:
    """Bring a skipped round back, ready to start."""
    round_ = get_round(store, round_id)
    if round_.status != "skipped":
        raise BrainstormError("the round was not skipped")
    _timer_change(store, "brainstorm.round_unskipped", round_,
                  {"status": "ready", "ended_at": None, "elapsed_seconds": 0.0,
                   "started_at": None}, actor)


def reopen_round(store: Store, round_id: int, *, actor: str | None = None,
                 now: datetime | None = None) -> None:
    """Open an ended round again for more ideas: it waits, paused, for the timer to be
    started; a round whose time had run out gets one more minute. The event records it."""
    round_ = get_round(store, round_id)
    state = round_.state(now)
    if state not in ("ended", "time_up"):
        raise BrainstormError("the round has not ended; there is nothing to reopen")
    values: dict[str, Any] = {"status": "paused", "running_since": None, "ended_at": None,
                              "elapsed_seconds": round_.elapsed(now)}
    if round_.remaining(now) <= 0:
        values["added_seconds"] = round_.added_seconds + ADD_TIME_SECONDS
    _timer_change(store, "brainstorm.round_reopened", round_, values, actor)


def set_anonymous(store: Store, round_id: int, anonymous: bool, *,
                  actor: str | None = None) -> None:
    """Make a round anonymous (no author stored) or named; only before its first idea."""
    round_ = get_round(store, round_id)
    if _idea_count(store, round_id):
        raise BrainstormError("the round has ideas already; choose anonymity before the first")
    _timer_change(store, "brainstorm.round_anonymity_set", round_,
                  {"anonymous": int(anonymous)}, actor)


def parse_minutes(text: str) -> int:
    """'2', '2.5' or '1:30' minutes as seconds; BrainstormError when not a duration."""
    cleaned = text.strip()
    try:
        if ":" in cleaned:
            minutes, seconds = cleaned.split(":", 1)
            total = int(minutes) * 60 + int(seconds)
        else:
            total = round(float(cleaned) * 60)
    except ValueError:
        raise BrainstormError(f'"{text}" is not a number of minutes (e.g. 2, 2.5 or 1:30)') from None
    if not 10 <= total <= 3 * 3600:
        raise BrainstormError("a round lasts from 10 seconds to 3 hours")
    return total


def set_time_box(store: Store, round_id: int, seconds: int, *,
                 actor: str | None = None) -> None:
    """Change the length of a round that has not started yet."""
    round_ = get_round(store, round_id)
    if round_.status != "ready":
        raise BrainstormError("the round has started; add minutes instead (ctrl+g)")
    if not 10 <= seconds <= 3 * 3600:
        raise BrainstormError("a round lasts from 10 seconds to 3 hours")
    _timer_change(store, "brainstorm.round_time_box_set", round_,
                  {"time_box_seconds": int(seconds)}, actor)


def _closed_message(state: str) -> str:
    return {
        "time_up": "time is up for this round: no more ideas (add a minute to reopen it)",
        "ended": "this round has ended: no more ideas",
        "skipped": "this round was skipped",
    }.get(state, f"the round is {state}")
