"""Who is in a live session: participants who joined, their presence, the facilitator's role.

Joining, removing and handing the facilitator's role over are changes (one event
each). So is presence: a participant's view arriving, leaving, and saying it is still
there at most once every PRESENCE_SECONDS (a throttled last-seen), so the facilitator's
screen learns who is connected from the change feed like everything else, and a
workshop's log says who was there when. A view that dies without leaving (a closed
laptop) drops off after ONLINE_WITHIN_SECONDS without a stamp.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from facilitation.live.join_codes import JoinError, session_by_code
from facilitation.store.database import Store
from facilitation.workshop.sessions import Session, get_session

MAX_NAME_LENGTH = 40
# A view stamps its presence every PRESENCE_SECONDS (one event); missing two stamps
# and a half means gone. A minute keeps a two-hour workshop of ten people near 1,200
# stamps in the log; leaving says so at once.
PRESENCE_SECONDS = 60
ONLINE_WITHIN_SECONDS = 150


def _stamp(now: datetime | None) -> str:
    return (now or datetime.now(UTC)).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Participant:
    """Someone who joined the session, and when they were last seen."""

    name: str
    joined_at: str
    removed_at: str | None
    last_seen_at: str | None
    is_facilitator: bool = False
    left_at: str | None = None

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    def seconds_since_seen(self, now: datetime | None = None) -> float | None:
        if self.last_seen_at is None:
            return None
        seen = datetime.fromisoformat(self.last_seen_at)
        return max(0.0, ((now or datetime.now(UTC)) - seen).total_seconds())

    def is_online(self, now: datetime | None = None) -> bool:
        seconds = self.seconds_since_seen(now)
        return (not self.is_removed and self.left_at is None and seconds is not None
                and seconds <= ONLINE_WITHIN_SECONDS)


def clean_name(name: str) -> str:
    """A participant's name on one line; JoinError when blank or too long."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise JoinError("type your name so the group knows whose ideas are whose")
    if len(cleaned) > MAX_NAME_LENGTH:
        raise JoinError(f"a name fits in {MAX_NAME_LENGTH} characters")
    if cleaned.lower() in ("group", "anonymous"):
        raise JoinError(f'"{cleaned}" is a word spip uses itself; choose another name')
    return cleaned


def _row(store: Store, session_id: int, name: str):
    rows = store.query("SELECT * FROM session_participants WHERE session_id = ? "
                       "AND lower(name) = lower(?)", [session_id, name])
    return rows[0] if rows else None


def join_session(store: Store, code: str, name: str, *, now: datetime | None = None) -> Session:
    """Join the session a code opens under a name; returns the session.

    Joining again under the same name (a second terminal, a reconnect) is the same
    participant; a removed participant is refused.
    """
    session = session_by_code(store, code)
    name = clean_name(name)
    existing = _row(store, session.id, name)
    if existing is not None and existing["removed_at"] is not None:
        raise JoinError(f"the facilitator removed {existing['name']} from this session")
    if existing is None:
        stamp = _stamp(now)
        with store.change("participant.joined", {"name": name}, actor=name,
                          session_id=session.id) as ch:
            ch.insert("session_participants", {"session_id": session.id, "name": name,
                                               "joined_at": stamp, "removed_at": None})
            # The session's list of names is what the steps offer as authors and scorers.
            names = list(session.participants)
            if name.lower() not in (n.lower() for n in [session.facilitator, *names]):
                ch.update("sessions", session.id, {"participants": json.dumps([*names, name])})
            _arrive(ch, store, session.id, name, stamp)
    else:
        with store.change("participant.arrived", {"name": existing["name"]}, actor=name,
                          session_id=session.id) as ch:
            _arrive(ch, store, session.id, existing["name"], _stamp(now))
    return get_session(store, session.id)


def _presence_id(store: Store, session_id: int, name: str) -> int | None:
    rows = store.query("SELECT id FROM presence WHERE session_id = ? AND lower(name) = lower(?)",
                       [session_id, name])
    return rows[0]["id"] if rows else None


def _arrive(ch, store: Store, session_id: int, name: str, stamp: str) -> None:
    presence_id = _presence_id(store, session_id, name)
    if presence_id is None:
        ch.insert("presence", {"session_id": session_id, "name": name, "last_seen_at": stamp,
                               "left_at": None})
    else:
        ch.update("presence", presence_id, {"last_seen_at": stamp, "left_at": None})


def list_participants(store: Store, session_id: int) -> list[Participant]:
    """Everyone who joined the session, in the order they joined, with their presence."""
    facilitator = get_session(store, session_id).facilitator
    seen = {r["name"].lower(): r for r in store.query(
        "SELECT name, last_seen_at, left_at FROM presence WHERE session_id = ?", [session_id])}
    people = []
    for r in store.query("SELECT * FROM session_participants WHERE session_id = ? "
                         "ORDER BY joined_at, id", [session_id]):
        presence = seen.get(r["name"].lower())
        people.append(Participant(
            r["name"], r["joined_at"], r["removed_at"],
            presence["last_seen_at"] if presence else None,
            r["name"].lower() == facilitator.lower(),
            presence["left_at"] if presence else None))
    return people


def get_participant(store: Store, session_id: int, name: str) -> Participant | None:
    """One participant by name (any case), or None if nobody joined under it."""
    return next((p for p in list_participants(store, session_id)
                 if p.name.lower() == name.strip().lower()), None)


def touch_presence(store: Store, session_id: int, name: str, *,
                   now: datetime | None = None) -> bool:
    """Stamp that `name`'s view is still open (one event), unless it was stamped less than
    PRESENCE_SECONDS ago or has left; True when it stamped."""
    rows = store.query("SELECT id, last_seen_at, left_at FROM presence WHERE session_id = ? "
                       "AND lower(name) = lower(?)", [session_id, name])
    moment = now or datetime.now(UTC)
    if not rows or rows[0]["left_at"] is not None or get_session(store, session_id).is_ended:
        return False
    seen = datetime.fromisoformat(rows[0]["last_seen_at"])
    # A little slack: a view's timer firing a moment early still stamps.
    if (moment - seen).total_seconds() < PRESENCE_SECONDS - 5:
        return False
    with store.change("participant.seen", {"name": name}, actor=name,
                      session_id=session_id) as ch:
        ch.update("presence", rows[0]["id"], {"last_seen_at": _stamp(moment)})
    return True


def leave_session(store: Store, session_id: int, name: str, *,
                  now: datetime | None = None) -> None:
    """`name`'s view closed (one event): they show as gone at once."""
    presence_id = _presence_id(store, session_id, name)
    if presence_id is None or get_session(store, session_id).is_ended:
        return
    stamp = _stamp(now)
    with store.change("participant.left", {"name": name}, actor=name,
                      session_id=session_id) as ch:
        ch.update("presence", presence_id, {"last_seen_at": stamp, "left_at": stamp})


def remove_participant(store: Store, session_id: int, name: str, *, by: str,
                       now: datetime | None = None) -> None:
    """The facilitator removes a participant: their view closes and they cannot write."""
    session = get_session(store, session_id)
    _must_lead(session, by, "remove participants")
    row = _row(store, session_id, name)
    if row is None:
        raise JoinError(f"nobody called {name} joined this session")
    if row["name"].lower() == session.facilitator.lower():
        raise JoinError("the facilitator cannot be removed; hand the role over first")
    if row["removed_at"] is not None:
        return
    with store.change("participant.removed", {"name": row["name"]}, actor=by,
                      session_id=session_id) as ch:
        ch.update("session_participants", row["id"], {"removed_at": _stamp(now)})


def is_removed(store: Store, session_id: int, name: str) -> bool:
    """True when the facilitator removed `name` from the session."""
    row = _row(store, session_id, name)
    return row is not None and row["removed_at"] is not None


def hand_over(store: Store, session_id: int, to: str, *, by: str,
              now: datetime | None = None) -> None:
    """The facilitator hands the role to a named participant (the role is never taken:
    only the current facilitator can give it). The old facilitator stays a participant."""
    session = get_session(store, session_id)
    if session.is_ended:
        raise JoinError("the session has ended")
    _must_lead(session, by, "hand the role over")
    row = _row(store, session_id, to)
    if row is None or row["removed_at"] is not None:
        raise JoinError(f"{to} is not a participant of this session")
    if row["name"].lower() == session.facilitator.lower():
        raise JoinError(f"{row['name']} is already the facilitator")
    with store.change("session.facilitator_handed_over",
                      {"from": session.facilitator, "to": row["name"]},
                      actor=by, session_id=session_id) as ch:
        names = [n for n in session.participants if n.lower() != row["name"].lower()]
        names.append(session.facilitator)
        ch.update("sessions", session_id, {"facilitator": row["name"],
                                           "participants": json.dumps(names)})
        if _row(store, session_id, session.facilitator) is None:
            ch.insert("session_participants", {
                "session_id": session_id, "name": session.facilitator,
                "joined_at": _stamp(now), "removed_at": None})


def is_facilitator(session: Session, name: str) -> bool:
    return session.facilitator.strip().lower() == name.strip().lower()


def _must_lead(session: Session, by: str, what: str) -> None:
    if not is_facilitator(session, by):
        raise JoinError(f"only the facilitator ({session.facilitator}) can {what}")
