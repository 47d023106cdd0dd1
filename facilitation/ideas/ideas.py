"""The ideas typed in a brainstorming round: add, list, edit, merge, delete, and undo the
facilitator's last edit, merge or deletion (the undo being an event too)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from facilitation.ideas.rounds import BrainstormError, _closed_message, _stamp, get_round
from facilitation.store.change import Change
from facilitation.store.database import Store

MAX_IDEA_LENGTH = 500
UNDOABLE = ("idea.edited", "idea.merged", "idea.deleted")


@dataclass(frozen=True)
class Idea:
    """An idea with the texts of the duplicates merged into it."""

    id: int
    round_id: int
    plan_id: int
    text: str
    author: str | None
    created_at: str
    merged: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        """The idea and its merged duplicates, as one line."""
        return " / ".join((self.text, *self.merged))


def clean_idea_text(text: str) -> str:
    """One line, no surrounding blanks; BrainstormError when empty or far too long."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise BrainstormError("an idea needs some words")
    if len(cleaned) > MAX_IDEA_LENGTH:
        raise BrainstormError(f"an idea fits in {MAX_IDEA_LENGTH} characters; "
                              f"this one has {len(cleaned)}")
    return cleaned


def add_idea(store: Store, round_id: int, text: str, author: str | None = None, *,
             actor: str | None = None, now: datetime | None = None) -> int:
    """Add an idea to a round that still takes ideas; returns its id.

    In an anonymous round the author is not stored at all (not even in the event).
    """
    round_ = get_round(store, round_id)
    state = round_.state(now)
    if not round_.takes_ideas(now):
        raise BrainstormError(_closed_message(state))
    cleaned = clean_idea_text(text)
    author = None if round_.is_anonymous else ((author or "").strip() or None)
    stamp = _stamp(now)
    row = {"round_id": round_id, "plan_id": round_.plan_id, "text": cleaned, "author": author,
           "merged_into": None, "created_at": stamp, "updated_at": stamp}
    # In an anonymous round the event's actor would name the author, so it says who
    # ran the session instead: the facilitator's login, never the typist.
    event_actor = "anonymous" if round_.is_anonymous else actor
    with store.change("idea.added", {"round_id": round_id, "plan_id": round_.plan_id},
                      actor=event_actor, session_id=round_.session_id) as ch:
        idea_id = ch.insert("ideas", row)
        ch.payload["idea_id"] = idea_id
    return idea_id


def get_idea_row(store: Store, idea_id: int) -> Any:
    """One idea's row (KeyError if there is none)."""
    return store.row_by_id("ideas", idea_id, "idea")


def list_ideas(store: Store, round_id: int, *, after: int = 0) -> list[Idea]:
    """A round's ideas in the order typed; merged duplicates are folded into their idea.

    With `after` (an idea's id), only the ideas typed since it: what a list showing the
    round up to that idea lacks, as long as nothing was merged, edited or deleted since
    (those changes have events of their own, after which a list reads the round whole)."""
    rows = store.query("SELECT * FROM ideas WHERE round_id = ? AND id > ? ORDER BY id",
                       [round_id, after])
    return _fold(rows)


def list_plan_ideas(store: Store, *, session_id: int | None = None,
                    plan_id: int | None = None) -> list[Idea]:
    """Every idea of a session's rounds (or of a plan), round by round."""
    where = "r.session_id = ?" if session_id is not None else "i.plan_id = ?"
    rows = store.query(
        f"SELECT i.* FROM ideas i JOIN brainstorm_rounds r ON r.id = i.round_id "
        f"WHERE {where} ORDER BY r.position, r.id, i.id",
        [session_id if session_id is not None else plan_id])
    return _fold(rows)


def _fold(rows: list[Any]) -> list[Idea]:
    merged: dict[int, list[str]] = {}
    for row in rows:
        if row["merged_into"] is not None:
            merged.setdefault(row["merged_into"], []).append(row["text"])
    return [
        Idea(row["id"], row["round_id"], row["plan_id"], row["text"], row["author"],
             row["created_at"], tuple(merged.get(row["id"], ())))
        for row in rows if row["merged_into"] is None
    ]


def edit_idea(store: Store, idea_id: int, text: str, *, actor: str | None = None,
              now: datetime | None = None) -> None:
    """Reword an idea (the old text stays in the log; undo brings it back)."""
    row = get_idea_row(store, idea_id)
    cleaned = clean_idea_text(text)
    if cleaned == row["text"]:
        return
    round_ = get_round(store, row["round_id"])
    with store.change("idea.edited", {"round_id": round_.id, "idea_id": idea_id},
                      actor=actor, session_id=round_.session_id) as ch:
        ch.update("ideas", idea_id, {"text": cleaned, "updated_at": _stamp(now)})


def merge_ideas(store: Store, keep_id: int, duplicate_id: int, *, actor: str | None = None,
                now: datetime | None = None) -> None:
    """Fold a duplicate into another idea: both texts are kept, the duplicate's scores go."""
    if keep_id == duplicate_id:
        raise BrainstormError("an idea cannot be merged into itself")
    keep, duplicate = get_idea_row(store, keep_id), get_idea_row(store, duplicate_id)
    if keep["merged_into"] is not None or duplicate["merged_into"] is not None:
        raise BrainstormError("that idea is already merged into another")
    if keep["plan_id"] != duplicate["plan_id"]:
        raise BrainstormError("ideas of different plans cannot be merged")
    _refuse_if_promoted(store, duplicate_id, "merged")
    round_ = get_round(store, keep["round_id"])
    stamp = _stamp(now)
    with store.change("idea.merged", {"round_id": round_.id, "idea_id": keep_id,
                                      "duplicate_id": duplicate_id},
                      actor=actor, session_id=round_.session_id) as ch:
        # The duplicate's own duplicates come along to the idea that is kept.
        for child in store.query("SELECT id FROM ideas WHERE merged_into = ?", [duplicate_id]):
            ch.update("ideas", child["id"], {"merged_into": keep_id, "updated_at": stamp})
        ch.delete_where("idea_scores", "idea_id = ?", [duplicate_id])
        ch.update("ideas", duplicate_id, {"merged_into": keep_id, "updated_at": stamp})


def _refuse_if_promoted(store: Store, idea_id: int, verb: str) -> None:
    if store.query("SELECT 1 FROM strategies WHERE idea_id = ?", [idea_id]):
        raise BrainstormError(f"that idea is a strategy already; it cannot be {verb}")


def delete_idea(store: Store, idea_id: int, *, actor: str | None = None) -> None:
    """Delete an idea with its merged duplicates and scores (undo brings them all back)."""
    row = get_idea_row(store, idea_id)
    _refuse_if_promoted(store, idea_id, "deleted")
    round_ = get_round(store, row["round_id"])
    with store.change("idea.deleted", {"round_id": round_.id, "idea_id": idea_id,
                                       "text": row["text"]},
                      actor=actor, session_id=round_.session_id) as ch:
        family = "idea_id = ? OR idea_id IN (SELECT id FROM ideas WHERE merged_into = ?)"
        ch.delete_where("idea_scores", family, [idea_id, idea_id])
        ch.delete_where("ideas", "merged_into = ?", [idea_id])
        ch.delete("ideas", idea_id)


def last_undoable(store: Store, round_id: int) -> tuple[int, str] | None:
    """The latest edit, merge or deletion in the round not undone yet: (event seq, kind)."""
    kinds = ",".join("?" * len(UNDOABLE))
    rows = store.query(
        f"""SELECT seq, kind FROM events
            WHERE kind IN ({kinds}) AND json_extract(payload, '$.round_id') = ?
              AND seq NOT IN (SELECT json_extract(payload, '$.undoes') FROM events
                              WHERE kind = 'idea.undone')
            ORDER BY seq DESC LIMIT 1""",
        [*UNDOABLE, round_id])
    return (rows[0]["seq"], rows[0]["kind"]) if rows else None


def undo_last(store: Store, round_id: int, *, actor: str | None = None) -> str | None:
    """Undo the round's latest edit, merge or deletion; returns what was undone
    ('idea.deleted', ...) or None when there is nothing to undo."""
    found = last_undoable(store, round_id)
    if found is None:
        return None
    seq, kind = found
    event = store.query("SELECT payload, session_id FROM events WHERE seq = ?", [seq])[0]
    ops = json.loads(event["payload"])["ops"]
    with store.change("idea.undone", {"round_id": round_id, "undoes": seq, "undone": kind},
                      actor=actor, session_id=event["session_id"]) as ch:
        _reverse(ch, ops)
    return kind


def _reverse(ch: Change, ops: list[dict[str, Any]]) -> None:
    """Apply the opposite of recorded row operations, last first."""
    for op in reversed(ops):
        if op["op"] == "update":
            ch.update(op["table"], op["id"], op["before"])
        elif op["op"] == "insert":
            ch.delete(op["table"], op["row"]["id"])
        elif op["op"] == "delete":
            ch.insert(op["table"], op["row"])
        elif op["op"] in ("delete_many", "insert_many"):
            rows = op["rows"]
            if op["op"] == "delete_many":
                # Rows referenced by others (a kept idea) must come back before them.
                for row in sorted(rows, key=lambda r: r.get("merged_into") is not None):
                    ch.insert(op["table"], row)
            else:
                for row in rows:
                    ch.delete(op["table"], row["id"])
