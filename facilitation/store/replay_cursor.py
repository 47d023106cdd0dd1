"""Scrub through the event log: the database as it was at any event, moving both ways.

`replay()` rebuilds a past state from the first event on, which is fine once but too slow
for a scrubber. A cursor keeps one in-memory database and moves it: forward by redoing
events, backward by undoing them (every update records the values it replaced, every
delete the row it removed), and far jumps start from the nearest snapshot taken every
`SNAPSHOT_EVERY` events on the first pass. A jump anywhere in a 10,000-event session
therefore redoes at most SNAPSHOT_EVERY events (benchmarks/replay_jump.py measures it).

The cursor reads the file through a read-only connection and writes only to memory:
replaying never changes the database.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from facilitation.store.database import Store
from facilitation.store.replay import apply_ops, empty_database

# Redoing 500 events took ~30 ms and restoring a snapshot ~0.2 ms (the demo with a
# 10,000-event session: 76 pages of 4 KiB); a snapshot every 200 events keeps the worst
# jump near 12 ms for ~15 MiB of snapshots. benchmarks/replay_jump.py measures it.
SNAPSHOT_EVERY = 200
# Restoring a snapshot copies the whole in-memory database: about as costly as redoing
# this many events.
SNAPSHOT_COST_IN_EVENTS = 5


@dataclass(frozen=True)
class LoggedEvent:
    """One event of the log with its row operations parsed."""

    seq: int
    at: str
    actor: str
    session_id: int | None
    kind: str
    payload: dict[str, Any]
    ops: tuple[dict[str, Any], ...]


def open_read_only(path: str | Path) -> sqlite3.Connection:
    """A connection to the database file that cannot write to it."""
    uri = f"file:{quote(str(Path(path).absolute()))}?mode=ro"
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


def read_logged_events(conn: sqlite3.Connection) -> list[LoggedEvent]:
    """Every event of the log, in order, with its operations parsed once."""
    events = []
    for row in conn.execute("SELECT seq, at, actor, session_id, kind, payload FROM events "
                            "ORDER BY seq"):
        payload = json.loads(row[5])
        ops = tuple(payload.pop("ops", ()))
        events.append(LoggedEvent(row[0], row[1], row[2], row[3], row[4], payload, ops))
    return events


def inverse_ops(ops: tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    """The operations that undo `ops` (in reverse order)."""
    undo: list[dict[str, Any]] = []
    for op in reversed(ops):
        table, kind = op["table"], op["op"]
        if kind == "insert":
            undo.append({"op": "delete", "table": table, "id": op["row"]["id"]})
        elif kind == "insert_many":
            undo.append({"op": "delete_many", "table": table, "rows": op["rows"]})
        elif kind == "update":
            undo.append({"op": "update", "table": table, "id": op["id"], "values": op["before"]})
        elif kind == "delete":
            undo.append({"op": "insert", "table": table, "row": op["row"]})
        elif kind == "delete_many":
            undo.append({"op": "insert_many", "table": table, "rows": op["rows"]})
        else:
            raise ValueError(f"unknown operation {kind!r} in the event log")
    return undo


class ReplayCursor:
    """The database as it was at one of a list of events (`points`), in memory.

    `points` are the events the user scrubs over (a session's events, or all of them);
    the state at a point includes every event of the log up to it, whichever session
    it belongs to. Position -1 is the state just before the first point.
    """

    def __init__(self, events: list[LoggedEvent], points: list[LoggedEvent], *,
                 snapshot_every: int = SNAPSHOT_EVERY) -> None:
        self.events = events
        self.snapshot_every = snapshot_every
        self.points = points
        self._seqs = [e.seq for e in events]
        self._lock = threading.Lock()
        self.conn = empty_database_shared()
        self._applied = 0  # how many of `events` the in-memory database holds
        self.position = -1
        first = self._index_of(points[0].seq) if points else len(events)
        self._snapshots: list[tuple[int, sqlite3.Connection]] = []
        self._forward_to(first)
        self._take_snapshots()

    @classmethod
    def open(cls, path: str | Path, session_id: int | None = None, *,
             snapshot_every: int = SNAPSHOT_EVERY) -> ReplayCursor:
        """A cursor over the events of one session (or the whole log) of the file at `path`."""
        conn = open_read_only(path)
        try:
            events = read_logged_events(conn)
        finally:
            conn.close()
        points = [e for e in events if session_id is None or e.session_id == session_id]
        return cls(events, points, snapshot_every=snapshot_every)

    @property
    def store(self) -> Store:
        """The in-memory state as a Store, for the domain's read functions."""
        return Store(Path(":memory:"), self.conn, "replay")

    @property
    def event(self) -> LoggedEvent | None:
        """The point the cursor stands on (None before the first)."""
        return self.points[self.position] if self.position >= 0 else None

    def jump(self, position: int) -> LoggedEvent | None:
        """Stand on point `position` (clamped to -1 .. last); returns that point."""
        with self._lock:
            position = max(-1, min(position, len(self.points) - 1))
            target = self._target(position)
            moving = abs(target - self._applied)
            snapshot = self._snapshot_before(target)
            if snapshot is not None and target - snapshot[0] + SNAPSHOT_COST_IN_EVENTS < moving:
                snapshot[1].backup(self.conn)
                self._applied = snapshot[0]
            if target >= self._applied:
                self._forward_to(target)
            else:
                self._backward_to(target)
            self.position = position
            return self.event

    def step(self, by: int) -> LoggedEvent | None:
        """Move `by` points forward (negative: back)."""
        return self.jump(self.position + by)

    def close(self) -> None:
        self.conn.close()
        for _, snapshot in self._snapshots:
            snapshot.close()

    def _target(self, position: int) -> int:
        """How many events of the log the state at `position` holds."""
        if position < 0:
            return self._index_of(self.points[0].seq) if self.points else len(self.events)
        return bisect_right(self._seqs, self.points[position].seq)

    def _index_of(self, seq: int) -> int:
        return bisect_right(self._seqs, seq - 1)

    def _forward_to(self, applied: int) -> None:
        self.conn.execute("BEGIN")
        for event in self.events[self._applied:applied]:
            apply_ops(self.conn, list(event.ops))
        self.conn.execute("COMMIT")
        self._applied = applied

    def _backward_to(self, applied: int) -> None:
        self.conn.execute("BEGIN")
        for event in reversed(self.events[applied:self._applied]):
            apply_ops(self.conn, inverse_ops(event.ops))
        self.conn.execute("COMMIT")
        self._applied = applied

    def _take_snapshots(self) -> None:
        """One pass to the last point, copying the state before the first point and then
        every SNAPSHOT_EVERY points; the cursor ends back before the first point."""
        self._snapshots.append((self._applied, self._copy()))
        for index in range(self.snapshot_every - 1, len(self.points), self.snapshot_every):
            self._forward_to(self._target(index))
            self._snapshots.append((self._applied, self._copy()))
        start, base = self._snapshots[0]
        base.backup(self.conn)
        self._applied = start

    def _copy(self) -> sqlite3.Connection:
        copy = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        self.conn.backup(copy)
        return copy

    def _snapshot_before(self, applied: int) -> tuple[int, sqlite3.Connection] | None:
        best = None
        for snapshot in self._snapshots:
            if snapshot[0] <= applied:
                best = snapshot
        return best


def empty_database_shared() -> sqlite3.Connection:
    """An empty in-memory database with the schema, usable from a worker thread (the
    cursor serialises access)."""
    schema = empty_database()
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    schema.backup(conn)
    schema.close()
    conn.row_factory = sqlite3.Row
    return conn
