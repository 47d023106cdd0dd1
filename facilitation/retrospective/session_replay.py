"""Replay a past session: its timeline of steps, and the step as it looked at any event.

A `SessionReplay` stands on one of the session's events (a `ReplayCursor` rebuilds the
database at it, in memory, from the log alone) and describes that moment in plain
lines: which step the group was on, what the step held (risks appearing and being
assessed, ideas arriving, scores, strategies and the clarity test, tactics, KPIs…) and
who did what, when. Anonymous rounds stay anonymous: their ideas carry no author in the
database and their events name nobody.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from facilitation.retrospective.describe import describe_event
from facilitation.retrospective.step_view import step_lines
from facilitation.store.replay_cursor import LoggedEvent, ReplayCursor
from facilitation.workshop.sessions import Session, format_duration, get_session

# Playing back, a gap longer than this between two events is shortened to it, so a
# coffee break does not stall the replay.
LONGEST_GAP_SECONDS = 4.0
SPEEDS = (1, 2, 5, 10, 20, 50)


@dataclass(frozen=True)
class TimelineStep:
    """A visit to a step in the session: when it began and at which event."""

    index: int
    title: str
    position: int
    at: str


@dataclass(frozen=True)
class ReplayMoment:
    """What the replay shows at one event."""

    position: int
    total: int
    at: str | None
    clock: str            # session time since the start, '0:00'
    step_index: int
    step_title: str
    state: str            # 'running', 'paused' or 'ended' at that moment
    who_did_what: str
    lines: tuple[str, ...]


def _seconds_between(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


class SessionReplay:
    """One session's events to scrub through; never writes to the database."""

    def __init__(self, path: str | Path, session_id: int, *, cursor: ReplayCursor | None = None):
        self.session_id = session_id
        self.cursor = cursor or ReplayCursor.open(path, session_id=session_id)
        self.points: list[LoggedEvent] = self.cursor.points
        self.started_at = self.points[0].at if self.points else ""
        self._times = [_seconds_between(self.started_at, e.at) for e in self.points]
        self.cursor.jump(0)

    @property
    def position(self) -> int:
        return self.cursor.position

    def __len__(self) -> int:
        return len(self.points)

    def jump(self, position: int) -> ReplayMoment:
        """Stand on event `position` (clamped to the session's events)."""
        self.cursor.jump(max(0, min(position, len(self.points) - 1)))
        return self.moment()

    def step(self, by: int) -> ReplayMoment:
        """Move `by` events forward (negative: back)."""
        return self.jump(self.position + by)

    def timeline(self) -> list[TimelineStep]:
        """Every visit to a step, in order: the session's start and each step change."""
        steps = []
        for position, event in enumerate(self.points):
            if event.kind == "session.started":
                steps.append((0, position, event.at))
            elif event.kind == "session.step_changed":
                steps.append((event.payload.get("to_index", 0), position, event.at))
        script = self._session().script
        return [TimelineStep(index, script.steps[index].title if index < len(script.steps)
                             else "?", position, at) for index, position, at in steps]

    def jump_to_step(self, index: int) -> ReplayMoment:
        """Jump to the start of the first visit to step `index` (0-based) at or after the
        current position, else the first visit of all."""
        visits = [t for t in self.timeline() if t.index == index]
        if not visits:
            return self.moment()
        later = [t for t in visits if t.position > self.position]
        return self.jump((later or visits)[0].position)

    def jump_to_time(self, seconds: float) -> ReplayMoment:
        """Jump to the last event at or before `seconds` of session time."""
        return self.jump(max(0, bisect_right(self._times, seconds) - 1))

    def delay_to_next(self, speed: float) -> float | None:
        """Seconds to wait before the next event when playing at `speed` (None at the end)."""
        if self.position + 1 >= len(self.points):
            return None
        gap = self._times[self.position + 1] - self._times[self.position]
        return min(max(gap, 0.0), LONGEST_GAP_SECONDS) / speed

    def moment(self) -> ReplayMoment:
        """What the session looked like at the current event."""
        event = self.cursor.event
        store = self.cursor.store
        session = self._session()
        step = session.current_step
        return ReplayMoment(
            position=self.position, total=len(self.points),
            at=event.at if event else None,
            clock=format_duration(self._times[self.position] if event else 0),
            step_index=session.current_step_index, step_title=step.title,
            state=session.state,
            who_did_what=describe_event(store, event) if event else "",
            lines=tuple(step_lines(store, session, step.kind)),
        )

    def _session(self) -> Session:
        return get_session(self.cursor.store, self.session_id)

    def close(self) -> None:
        self.cursor.close()
