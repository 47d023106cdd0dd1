"""Reading the append-only event log (the store writes it)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from facilitation.store.database import Store


@dataclass(frozen=True)
class Event:
    """One change: who made it, when, in which session, and its payload."""

    seq: int
    at: str
    actor: str
    session_id: int | None
    kind: str
    payload: dict[str, Any]


def read_events(
    store: Store, *, after: int = 0, session_id: int | None = None, limit: int | None = None
) -> list[Event]:
    """Events in order, optionally after a sequence number or for one session."""
    sql = "SELECT * FROM events WHERE seq > ?"
    params: list[Any] = [after]
    if session_id is not None:
        sql += " AND session_id = ?"
        params.append(session_id)
    sql += " ORDER BY seq"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(limit)
    return [
        Event(r["seq"], r["at"], r["actor"], r["session_id"], r["kind"], json.loads(r["payload"]))
        for r in store.query(sql, params)
    ]


@dataclass(frozen=True)
class Change:
    """What one event changed, in brief: enough for a screen to tell whether it cares."""

    seq: int
    kind: str
    session_id: int | None = None
    plan_id: int | None = None


@dataclass(frozen=True)
class ChangeBatch:
    """The changes committed since the last look, oldest first (never empty)."""

    changes: tuple[Change, ...]

    @property
    def last_seq(self) -> int:
        return self.changes[-1].seq

    @property
    def kinds(self) -> set[str]:
        return {change.kind for change in self.changes}

    def touches_plan(self, plan_id: int) -> bool:
        """True when a change names this plan, or names no plan at all (history, say)."""
        return any(change.plan_id in (plan_id, None) for change in self.changes)

    def touches_session(self, session_id: int) -> bool:
        return any(change.session_id == session_id for change in self.changes)

    def has_kind(self, *prefixes: str) -> bool:
        """True when a change's kind starts with one of the prefixes ('session.', 'kpi.')."""
        return any(change.kind.startswith(prefixes) for change in self.changes)


def last_seq(store: Store) -> int:
    """The sequence number of the newest event (0 for an empty log)."""
    return store.query("SELECT COALESCE(MAX(seq), 0) FROM events")[0][0]


def read_changes(store: Store, after: int) -> list[Change]:
    """The events after sequence number `after`, in brief, oldest first.

    The plan comes from the payload or, for a session's events, from its session; the
    payload itself is not parsed here (an import's payload holds every row it read).
    """
    rows = store.query(
        "SELECT e.seq, e.kind, e.session_id,"
        " COALESCE(json_extract(e.payload, '$.plan_id'), s.plan_id) AS plan_id"
        " FROM events e LEFT JOIN sessions s ON s.id = e.session_id"
        " WHERE e.seq > ? ORDER BY e.seq", [after])
    return [Change(r["seq"], r["kind"], r["session_id"], r["plan_id"]) for r in rows]
