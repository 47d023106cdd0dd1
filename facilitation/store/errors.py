"""The errors the store raises: a database spip cannot use, one that is busy, and a
change refused because its session has ended."""

from __future__ import annotations


class StoreError(Exception):
    """A database that spip cannot use; the message says why, in one line."""


class StoreBusy(StoreError):
    """Another connection held the write lock longer than the busy timeout; nothing changed."""


class SessionEndedError(ValueError):
    """A change refused because the session it would be made in has ended.

    The past is read-only: an ended session changes only after an explicit reopen
    (facilitation.workshop.sessions.reopen_session), which is itself logged."""

    def __init__(self, session_id: int, ended_at: str) -> None:
        super().__init__(f"the session ended on {ended_at[:10]} and is read-only; "
                         f"reopen it to change it")
        self.session_id = session_id
        self.ended_at = ended_at
