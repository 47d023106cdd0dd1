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
