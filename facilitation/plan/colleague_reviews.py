"""The colleague's review of a self-review: who reviewed, on which day, their comments and
the changes both agreed. A self-review's summary asks for it; the plan document carries it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from facilitation.plan.reviews import ReviewInputError, parse_date
from facilitation.store.database import Store, now_iso
from facilitation.store.model import Record

MAX_TEXT = 1000


@dataclass(frozen=True)
class ColleagueReview(Record):
    """What a colleague said about the plan, and what was agreed."""

    id: int
    plan_id: int
    session_id: int | None
    colleague: str
    reviewed_on: str
    comments: str
    agreed_changes: str
    created_at: str
    updated_at: str


def clean_review(colleague: str, reviewed_on: str | date | None, comments: str,
                 agreed_changes: str, today: date | None = None) -> dict[str, Any]:
    """The row to save, or ReviewInputError naming every field that is wrong.

    A blank day means today; the colleague's name is required."""
    errors: dict[str, str] = {}
    row: dict[str, Any] = {"colleague": " ".join((colleague or "").split())}
    if not row["colleague"]:
        errors["colleague"] = "required: who reviewed the plan"
    for name, text in (("comments", comments), ("agreed_changes", agreed_changes)):
        row[name] = (text or "").strip()
        if len(row[name]) > MAX_TEXT:
            errors[name] = f"fits in {MAX_TEXT} characters"
    try:
        day = parse_date(reviewed_on, "reviewed_on") or today or date.today()
        row["reviewed_on"] = day.isoformat()
    except ReviewInputError as exc:
        errors.update(exc.errors)
    if errors:
        raise ReviewInputError(errors)
    return row


def record_colleague_review(store: Store, plan_id: int, colleague: str, *,
                            reviewed_on: str | date | None = None, comments: str = "",
                            agreed_changes: str = "", session_id: int | None = None,
                            actor: str | None = None, today: date | None = None) -> int:
    """Record (or, once per session, replace) the colleague's review; returns its id."""
    row = clean_review(colleague, reviewed_on, comments, agreed_changes, today)
    stamp = now_iso()
    existing = current_review(store, plan_id, session_id) if session_id is not None else None
    with store.change("colleague_review.recorded", {"plan_id": plan_id,
                                                    "colleague": row["colleague"]},
                      actor=actor, session_id=session_id) as ch:
        if existing is not None:
            ch.update("colleague_reviews", existing.id, {**row, "updated_at": stamp})
            return existing.id
        review_id = ch.insert("colleague_reviews", {
            **row, "plan_id": plan_id, "session_id": session_id, "created_at": stamp,
            "updated_at": stamp})
        ch.payload["review_id"] = review_id
    return review_id


def list_colleague_reviews(store: Store, plan_id: int) -> list[ColleagueReview]:
    """The plan's colleague reviews, newest first."""
    rows = store.query("SELECT * FROM colleague_reviews WHERE plan_id = ? "
                       "ORDER BY reviewed_on DESC, id DESC", [plan_id])
    return [ColleagueReview.from_row(r) for r in rows]


def current_review(store: Store, plan_id: int, session_id: int) -> ColleagueReview | None:
    """The colleague review recorded in one session, if any."""
    rows = store.query("SELECT * FROM colleague_reviews WHERE plan_id = ? AND session_id = ?",
                       [plan_id, session_id])
    return ColleagueReview.from_row(rows[0]) if rows else None
