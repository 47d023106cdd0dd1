"""Moments in a plan's past, as the coach names them, and the plan as it was then.

A moment is 'now', a date ('2026-03-31': the end of that day), 'session:N' (the end of
session N, or its last event if it has not ended), or 'last-review' (the end of the
plan's last annual contingency review, else its first workshop). Each resolves to an
event of the log; the state at it is rebuilt in memory, never written.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from facilitation.store.database import Store
from facilitation.store.replay import replay

ANNUAL_REVIEW_SCRIPT = "annual-contingency-review"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class MomentError(ValueError):
    """A moment that cannot be found; the message says why in one line."""


@dataclass(frozen=True)
class Moment:
    """A point in the log: the last event it includes, and its name for people."""

    seq: int
    label: str


def _last_seq(store: Store, where: str = "1", params: list | None = None) -> int | None:
    return store.query(f"SELECT max(seq) FROM events WHERE {where}", params or [])[0][0]


def _session_end(store: Store, session_id: int, label: str) -> Moment:
    # Its end event when it has ended: later changes to what it created (a tactic marked
    # done at a review) carry its id too but belong to later moments.
    seq = (_last_seq(store, "session_id = ? AND kind = 'session.ended'", [session_id])
           or _last_seq(store, "session_id = ?", [session_id]))
    if seq is None:
        raise MomentError(f"session {session_id} has no events")
    return Moment(seq, label)


def _session_label(row: sqlite3.Row) -> str:
    when = (row["ended_at"] or row["started_at"])[:10]
    return f"{row['script']} session of {row['started_at'][:10]}" + (
        f" (ended {when})" if row["ended_at"] else " (in progress)")


def last_review(store: Store, plan_id: int) -> Moment:
    """The end of the plan's last ended annual contingency review, else its first session."""
    rows = store.query(
        "SELECT * FROM sessions WHERE plan_id = ? AND script = ? AND ended_at IS NOT NULL "
        "ORDER BY ended_at DESC LIMIT 1", [plan_id, ANNUAL_REVIEW_SCRIPT])
    if not rows:
        rows = store.query("SELECT * FROM sessions WHERE plan_id = ? ORDER BY started_at, id "
                           "LIMIT 1", [plan_id])
    if not rows:
        raise MomentError("the plan has no sessions yet; name a date instead")
    return _session_end(store, rows[0]["id"], _session_label(rows[0]))


def resolve_moment(store: Store, plan_id: int, text: str) -> Moment:
    """'now', 'YYYY-MM-DD', 'session:N' or 'last-review' → the Moment it names."""
    spec = text.strip().lower()
    if spec in ("", "now"):
        return Moment(_last_seq(store) or 0, "now")
    if spec == "last-review":
        return last_review(store, plan_id)
    if spec.startswith("session:") and spec[8:].isdigit():
        rows = store.query("SELECT * FROM sessions WHERE id = ? AND plan_id = ?",
                           [int(spec[8:]), plan_id])
        if not rows:
            raise MomentError(f"the plan has no session {spec[8:]}")
        return _session_end(store, rows[0]["id"], _session_label(rows[0]))
    if _DATE.match(spec):
        try:
            day = date.fromisoformat(spec)
        except ValueError as exc:
            raise MomentError(f'"{text}" is not a date ({exc})') from None
        seq = _last_seq(store, "at < ?", [(day + timedelta(days=1)).isoformat()])
        return Moment(seq or 0, f"end of {day.isoformat()}")
    raise MomentError(f'"{text}" is not a moment; use now, last-review, session:N or '
                      "YYYY-MM-DD")


def state_at(store: Store, moment: Moment) -> Store:
    """The database as it was at `moment`, in memory (a Store for the domain's readers)."""
    return Store(Path(":memory:"), replay(store, upto=moment.seq), "replay")


def plan_as_of(store: Store, plan_id: int, moment: Moment, *, with_forecast: bool = True):
    """The plan's document (every section) as it stood at `moment`, titled 'as of'.

    The forecast is refitted on the sales history that existed then (with_forecast=False
    leaves it out, which is much quicker)."""
    from dataclasses import replace

    from facilitation.summary.document import plan_document

    past = state_at(store, moment)
    try:
        document = (plan_document(past, plan_id) if with_forecast
                    else plan_document(past, plan_id, forecast=None))
    except KeyError:
        raise MomentError(f"the plan did not exist yet at {moment.label}") from None
    return replace(document, as_of=moment.label)
