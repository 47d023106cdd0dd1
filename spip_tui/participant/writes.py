"""A participant's writes, made off the UI thread, in the order they were typed.

Each contribution (a risk, an idea, a score, a vote, a comment) is queued and written by
one background worker with its own connection, so a busy or locked database never
freezes the participant's keys: they keep typing while the worker waits its turn. The
result comes back as a message: `Saved` (with what the domain returned) or `Refused`
(the domain's one-line reason). A database that stays locked is said once, and the
queued writes are retried until they go through: nothing typed is lost.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual.message import Message
from textual.worker import get_current_worker

from facilitation.ideas.brainstorm import BrainstormError
from facilitation.ideas.scoring import ScoreError
from facilitation.live.contributions import ParticipationError
from facilitation.live.join_codes import JoinError
from facilitation.store.database import StoreBusy

from ..background import WorkFailed, background

# What the domain refuses (the message says why); anything else is a failure.
REFUSALS = (ParticipationError, BrainstormError, ScoreError, JoinError, ValueError)
RETRY_SECONDS = 1.0


@dataclass
class Write:
    """One contribution: the domain function and its arguments after (store, session,
    participant, step); `saved`/`refused` run on the UI thread with the outcome."""

    action: Callable[..., Any]
    step_index: int
    args: tuple = ()
    kwargs: dict[str, Any] = field(default_factory=dict)
    saved: Callable[[Any], None] | None = None
    refused: Callable[[str], None] | None = None


class Saved(Message):
    def __init__(self, write: Write, result: Any) -> None:
        super().__init__()
        self.write = write
        self.result = result


class Refused(Message):
    def __init__(self, write: Write, reason: str) -> None:
        super().__init__()
        self.write = write
        self.reason = reason


class Stalled(Message):
    """The database stayed busy; the writes wait and are retried."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason


class WritesInOrder:
    """Mixed into the participant's screen: `submit(write)` from the UI thread."""

    session_id: int
    participant: str

    def setup_writes(self) -> None:
        self.pending: deque[Write] = deque()
        self.writes_lock = threading.Lock()
        self.writing = False
        self.stalled = False

    def submit(self, write: Write) -> None:
        """Queue a write; the worker starts unless it is running already."""
        with self.writes_lock:
            self.pending.append(write)
            start, self.writing = not self.writing, True
        if start:
            self.write_pending()

    @property
    def unsaved(self) -> int:
        return len(self.pending)

    @background("participant-writes", "saving what you typed")
    def write_pending(self) -> None:
        store = None
        try:
            store = self.app.store.reopen()  # type: ignore[attr-defined]
            while True:
                with self.writes_lock:
                    if not self.pending or get_current_worker().is_cancelled:  # app closing
                        self.writing = False
                        return
                    write = self.pending[0]
                try:
                    result = write.action(store, self.session_id, self.participant,
                                          write.step_index, *write.args, **write.kwargs)
                except REFUSALS as exc:
                    self.pending.popleft()
                    self.post_message(Refused(write, str(exc)))  # type: ignore[attr-defined]
                    continue
                except StoreBusy as exc:  # busy past the store's patience: wait, retry
                    if not self.stalled:
                        self.stalled = True
                        self.post_message(Stalled(str(exc)))  # type: ignore[attr-defined]
                    time.sleep(RETRY_SECONDS)
                    continue
                except Exception as exc:  # noqa: BLE001  (shown once; the next writes go on)
                    self.pending.popleft()
                    self.app.post_message(  # type: ignore[attr-defined]
                        WorkFailed("saving what you typed", exc))
                    continue
                self.pending.popleft()
                self.stalled = False
                self.post_message(Saved(write, result))  # type: ignore[attr-defined]
        except BaseException:
            with self.writes_lock:
                self.writing = False
            raise
        finally:
            if store is not None:
                store.close()

    def on_saved(self, message: Saved) -> None:
        if message.write.saved is not None:
            message.write.saved(message.result)

    def on_refused(self, message: Refused) -> None:
        self.notify(message.reason, severity="warning")  # type: ignore[attr-defined]
        if message.write.refused is not None:
            message.write.refused(message.reason)

    def on_stalled(self, message: Stalled) -> None:
        self.notify(f"Not saved yet ({message.reason}); what you typed waits and is saved "
                    f"as soon as the database is free.", severity="warning", timeout=10)
