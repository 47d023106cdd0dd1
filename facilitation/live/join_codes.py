"""Join codes: the short code a participant types (or an SSH key carries) to join a session.

A code is three letters and three digits ('KTX-482'): short enough to read out loud,
free of the letters people mistake for digits (I, O). It belongs to one session that
has not ended; when the session ends the code stops working, and the facilitator can
regenerate it at any time (the old one stops working at once).
"""

from __future__ import annotations

import re
import secrets

from facilitation.store.database import Store
from facilitation.workshop.sessions import Session, get_session

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
DIGITS = "0123456789"
_CODE = re.compile(r"^([A-Z]{3})([0-9]{3})$")


class JoinError(ValueError):
    """Joining is refused (the message says why, in one line)."""


def new_code() -> str:
    """A fresh random code such as 'KTX-482'."""
    return ("".join(secrets.choice(LETTERS) for _ in range(3)) + "-"
            + "".join(secrets.choice(DIGITS) for _ in range(3)))


def normalise_code(text: str) -> str:
    """'ktx482', ' KTX 482 ' and 'ktx-482' are all 'KTX-482'; JoinError if not a code."""
    squeezed = re.sub(r"[\s\-_.]", "", text).upper()
    match = _CODE.match(squeezed)
    if not match:
        raise JoinError(f'"{text.strip()}" is not a join code; it looks like KTX-482')
    return f"{match[1]}-{match[2]}"


def _unused_code(store: Store) -> str:
    while True:
        code = new_code()
        if not store.query("SELECT 1 FROM sessions WHERE join_code = ?", [code]):
            return code


def join_code(store: Store, session_id: int, *, actor: str | None = None) -> str:
    """The session's join code, made (one event) the first time it is asked for."""
    session = get_session(store, session_id)
    if session.is_ended:
        raise JoinError("the session has ended; its join code no longer works")
    code = store.query("SELECT join_code FROM sessions WHERE id = ?", [session_id])[0][0]
    return code or regenerate_code(store, session_id, actor=actor)


def current_code(store: Store, session_id: int) -> str | None:
    """The session's code if it has one and has not ended (reading only)."""
    row = store.query("SELECT join_code, ended_at FROM sessions WHERE id = ?", [session_id])
    if not row or row[0]["ended_at"] is not None:
        return None
    return row[0]["join_code"]


def regenerate_code(store: Store, session_id: int, *, actor: str | None = None) -> str:
    """Give the session a new code; the old one stops working. Returns the new code."""
    session = get_session(store, session_id)
    if session.is_ended:
        raise JoinError("the session has ended; start a new one to invite people")
    code = _unused_code(store)
    with store.change("session.join_code_set", {"session_id": session_id},
                      actor=actor, session_id=session_id) as ch:
        # The code itself stays out of the payload's text fields but is in the row op,
        # which replay needs; the log is as private as the database.
        ch.update("sessions", session_id, {"join_code": code})
    return code


def session_by_code(store: Store, code: str) -> Session:
    """The live session a code opens; JoinError when none does (or it has ended)."""
    normalised = normalise_code(code)
    rows = store.query("SELECT id FROM sessions WHERE join_code = ?", [normalised])
    if not rows:
        raise JoinError(f"no session has the join code {normalised}; ask the facilitator "
                        f"for the current one")
    session = get_session(store, rows[0]["id"])
    if session.is_ended:
        raise JoinError(f"the session with code {normalised} has ended")
    return session
