"""Comments on ideas and risks: a participant's remark, shown to everyone as it arrives.

A comment goes on a risk while the group lists risks, and on an idea in brainstorming or
scoring. It carries its author's name, except in an anonymous round, where it stores
no author (and its event names no actor), as the round's ideas do.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from facilitation.contingency.risks import get_risk
from facilitation.live.contributions import ParticipationError, check_can_write, session_idea
from facilitation.store.database import Store

MAX_COMMENT_LENGTH = 300
IDEA_KINDS = ("brainstorming", "scoring")


@dataclass(frozen=True)
class Comment:
    """One remark on an idea or a risk."""

    id: int
    idea_id: int | None
    risk_id: int | None
    author: str | None
    text: str
    added_at: str

    @property
    def line(self) -> str:
        """'Ana: too costly in Q1' ('Someone: …' in an anonymous round)."""
        return f"{self.author or 'Someone'}: {self.text}"


def clean_comment(text: str) -> str:
    """One line, not blank, not too long (ParticipationError otherwise)."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise ParticipationError("a comment needs some words")
    if len(cleaned) > MAX_COMMENT_LENGTH:
        raise ParticipationError(f"a comment fits in {MAX_COMMENT_LENGTH} characters; "
                                 f"this one has {len(cleaned)}")
    return cleaned


def _add(store: Store, session_id: int, row: dict, *, plan_id: int, actor: str,
         now: datetime | None) -> int:
    row = {**row, "session_id": session_id,
           "added_at": (now or datetime.now(UTC)).isoformat(timespec="seconds")}
    with store.change("comment.added", {"plan_id": plan_id, "idea_id": row.get("idea_id"),
                                        "risk_id": row.get("risk_id")},
                      actor=actor, session_id=session_id) as ch:
        return ch.insert("comments", row)


def comment_on_idea(store: Store, session_id: int, name: str, step_index: int, idea_id: int,
                    text: str, *, now: datetime | None = None) -> int:
    """A participant comments on one of the session's ideas; returns the comment's id."""
    check_can_write(store, session_id, name, step_index, IDEA_KINDS)
    cleaned = clean_comment(text)
    _, round_ = session_idea(store, session_id, idea_id)
    anonymous = round_.is_anonymous
    return _add(store, session_id, {"idea_id": idea_id, "risk_id": None,
                                    "author": None if anonymous else name, "text": cleaned},
                plan_id=round_.plan_id, actor="anonymous" if anonymous else name, now=now)


def comment_on_risk(store: Store, session_id: int, name: str, step_index: int, risk_id: int,
                    text: str, *, now: datetime | None = None) -> int:
    """A participant comments on one of the plan's risks; returns the comment's id."""
    session = check_can_write(store, session_id, name, step_index, "risk_listing")
    cleaned = clean_comment(text)
    try:
        risk = get_risk(store, risk_id)
    except KeyError:
        raise ParticipationError("that risk is gone (the facilitator deleted it)") from None
    if risk.plan_id != session.plan_id:
        raise ParticipationError("that risk is not part of this plan")
    return _add(store, session_id, {"idea_id": None, "risk_id": risk_id, "author": name,
                                    "text": cleaned},
                plan_id=session.plan_id, actor=name, now=now)


def _comments(store: Store, column: str, ids: Iterable[int]) -> dict[int, list[Comment]]:
    ids = list(ids)
    found: dict[int, list[Comment]] = {}
    if not ids:
        return found
    rows = store.query(f"SELECT * FROM comments WHERE {column} IN "
                       f"({','.join('?' * len(ids))}) ORDER BY id", ids)
    for r in rows:
        found.setdefault(r[column], []).append(Comment(
            r["id"], r["idea_id"], r["risk_id"], r["author"], r["text"], r["added_at"]))
    return found


def comments_on_ideas(store: Store, idea_ids: Iterable[int]) -> dict[int, list[Comment]]:
    """The comments on each idea (oldest first); ideas without any are left out."""
    return _comments(store, "idea_id", idea_ids)


def comments_on_risks(store: Store, risk_ids: Iterable[int]) -> dict[int, list[Comment]]:
    """The comments on each risk (oldest first); risks without any are left out."""
    return _comments(store, "risk_id", risk_ids)
