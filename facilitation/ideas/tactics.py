"""Tactics: the actions that make a strategy happen (action, owner, due date, status).

A strategy gets tactics once it passes the clarity test; a progress review later sets
their status (late, done, dropped) with a note saying why.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from facilitation.ideas.strategies import (
    MAX_TEXT,
    StrategyError,
    Tactic,
    get_strategy,
    session_for,
    timestamp,
)
from facilitation.store.database import Store
from facilitation.store.text import text_problem

TACTIC_STATUSES = ("planned", "doing", "late", "done", "dropped")

_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def parse_due_date(text: str | None, today: date | None = None, *,
                   allow_past: bool = False) -> str | None:
    """'2027-03-05' (or '2027-3-5') → ISO date; blank → None; StrategyError otherwise."""
    if text is None or not text.strip():
        return None
    match = _DATE.match(text.strip())
    if not match:
        raise StrategyError(f'"{text}" is not a date; write it as YYYY-MM-DD',
                            {"due_date": "write it as YYYY-MM-DD"})
    try:
        due = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise StrategyError(f'"{text}" is not a date ({exc})', {"due_date": str(exc)}) from None
    today = today or date.today()
    if not allow_past and due < today:
        raise StrategyError(f"the due date {due.isoformat()} is in the past",
                            {"due_date": "in the past"})
    return due.isoformat()


@dataclass(frozen=True)
class TacticInput:
    """A tactic as typed by a person, before validation."""

    action: str
    owner: str = ""
    due_date: str = ""
    status: str = "planned"

    def validate(self, today: date | None = None, *, allow_past: bool = False) -> dict[str, Any]:
        """The clean row, or StrategyError naming every field that is wrong.

        Owner and due date may be left blank (the tactic then shows as incomplete)."""
        errors: dict[str, str] = {}
        row: dict[str, Any] = {}
        action = " ".join(self.action.split())
        if not action:
            errors["action"] = "required"
        elif len(action) > MAX_TEXT:
            errors["action"] = f"fits in {MAX_TEXT} characters"
        row["action"] = action
        row["owner"] = " ".join(self.owner.split())
        if problem := text_problem(row["owner"]):
            errors["owner"] = problem
        try:
            row["due_date"] = parse_due_date(self.due_date, today, allow_past=allow_past)
        except StrategyError as exc:
            errors["due_date"] = str(exc)
        if self.status not in TACTIC_STATUSES:
            errors["status"] = "one of " + ", ".join(TACTIC_STATUSES)
        row["status"] = self.status
        if errors:
            raise StrategyError("; ".join(f"{k}: {v}" for k, v in errors.items()), errors)
        return row


def get_tactic(store: Store, tactic_id: int) -> Tactic:
    """One tactic by id (KeyError if there is none)."""
    return Tactic.from_row(store.row_by_id("tactics", tactic_id, "tactic"))


def add_tactic(store: Store, strategy_id: int, tactic: TacticInput, *, today: date | None = None,
               actor: str | None = None,
               session_id: int | None = None, now: datetime | None = None) -> int:
    """Add a tactic to a strategy that passed the clarity test; returns its id."""
    strategy = get_strategy(store, strategy_id)
    if not strategy.passed_clarity:
        raise StrategyError("the strategy must pass the clarity test before it gets tactics")
    row = tactic.validate(today)
    stamp = timestamp(now)
    row.update(strategy_id=strategy_id, plan_id=strategy.plan_id, created_at=stamp,
               updated_at=stamp)
    with store.change("tactic.added", {"plan_id": strategy.plan_id, "strategy_id": strategy_id},
                      actor=actor, session_id=session_for(session_id, strategy.session_id)) as ch:
        row["position"] = ch.next_position("tactics", "strategy_id", strategy_id)
        tactic_id = ch.insert("tactics", row)
        ch.payload["tactic_id"] = tactic_id
    return tactic_id


def update_tactic(store: Store, tactic_id: int, tactic: TacticInput, *,
                  today: date | None = None, actor: str | None = None,
                  session_id: int | None = None,
                  now: datetime | None = None) -> None:
    """Change a tactic's action, owner, due date or status.

    A due date already in the past may be kept as it was; a new one must not be past."""
    current = get_tactic(store, tactic_id)
    keeps_date = tactic.due_date.strip() == (current.due_date or "")
    row = tactic.validate(today, allow_past=keeps_date)
    changed = current.changes(row)
    if not changed:
        return
    _change_tactic(store, "tactic.updated", current, changed, actor, now, session_id)


def set_tactic_status(store: Store, tactic_id: int, status: str, *, note: str | None = None,
                      actor: str | None = None, session_id: int | None = None,
                      now: datetime | None = None) -> None:
    """Planned, doing, late, done or dropped, with a note saying why (kept until the next
    change of status; None keeps the current note when the status stays). One event."""
    if status not in TACTIC_STATUSES:
        raise StrategyError(f"a tactic's status is one of {', '.join(TACTIC_STATUSES)}")
    current = get_tactic(store, tactic_id)
    values: dict[str, Any] = {}
    if current.status != status:
        values = {"status": status, "status_note": ""}
    if note is not None:
        cleaned = " ".join(note.split())
        if len(cleaned) > MAX_TEXT:
            raise StrategyError(f"the note fits in {MAX_TEXT} characters", {"note": "too long"})
        values["status_note"] = cleaned
    values = current.changes(values)
    if values:
        _change_tactic(store, "tactic.status_changed", current, values, actor, now,
                       session_id)


def next_status(status: str) -> str:
    """The status after this one, in a cycle (for a one-key toggle)."""
    return TACTIC_STATUSES[(TACTIC_STATUSES.index(status) + 1) % len(TACTIC_STATUSES)]


def _strategy_session(store: Store, strategy_id: int) -> int | None:
    return store.query("SELECT session_id FROM strategies WHERE id = ?", [strategy_id])[0][0]


def _change_tactic(store: Store, kind: str, tactic: Tactic, values: dict[str, Any],
                   actor: str | None, now: datetime | None, session_id: int | None) -> None:
    made_in = session_for(session_id, _strategy_session(store, tactic.strategy_id))
    with store.change(kind, {"plan_id": tactic.plan_id, "tactic_id": tactic.id, **values},
                      actor=actor, session_id=made_in) as ch:
        ch.update("tactics", tactic.id, {**values, "updated_at": timestamp(now)})


def delete_tactic(store: Store, tactic_id: int, *, actor: str | None = None,
                  session_id: int | None = None) -> dict[str, Any]:
    """Delete a tactic; returns its row (the event keeps it too)."""
    tactic = get_tactic(store, tactic_id)
    session_id = session_for(session_id, _strategy_session(store, tactic.strategy_id))
    with store.change("tactic.deleted", {"plan_id": tactic.plan_id, "tactic_id": tactic_id,
                                         "action": tactic.action},
                      actor=actor, session_id=session_id) as ch:
        return ch.delete("tactics", tactic_id)
