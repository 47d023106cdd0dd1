"""Helpers more than one step uses (steps never import each other)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any


def when_risk_exists(handler: Callable[..., None]) -> Callable[..., None]:
    """Run a handler that acts on one risk; if another process deleted that risk a moment
    ago, say so and show the list as it is now instead of failing."""
    @wraps(handler)
    def guarded(self, *args: Any) -> None:
        try:
            handler(self, *args)
        except KeyError:
            self.notify("That risk was just deleted (by someone else).", severity="warning")
            self.reload()

    return guarded


class DeleteWithUndo:
    """d deletes the highlighted record; u brings back the last one deleted, newest first.

    A step that mixes this in names its records (`record_noun`), says how one is deleted
    (`delete_record`: what restoring needs, and the name to show) and restored
    (`restore_record`: the id it comes back under), keeps `self.deleted` (a list), and has
    `highlighted_id()` and `reload(select=...)`.
    """

    record_noun = "record"
    deleted: list[dict[str, Any]]

    def delete_record(self, record_id: int) -> tuple[dict[str, Any], str]:
        raise NotImplementedError

    def restore_record(self, deleted: dict[str, Any]) -> int:
        raise NotImplementedError

    def action_delete(self) -> None:
        record_id = self.highlighted_id()
        if record_id is None:
            return
        try:
            deleted, name = self.delete_record(record_id)
        except KeyError:   # another process deleted it a moment ago
            self.notify(f"That {self.record_noun} was just deleted (by someone else).",
                        severity="warning")
            self.reload()
            return
        except ValueError as exc:   # the domain keeps it (say, a risk later steps use)
            self.notify(str(exc), severity="warning")
            return
        self.deleted.append(deleted)
        self.notify(f"Deleted “{name}”. u brings it back.")
        self.reload()

    def action_undo(self) -> None:
        if not self.deleted:
            self.notify("Nothing to undo.", severity="warning")
            return
        record_id = self.restore_record(self.deleted.pop())
        self.notify(f"{self.record_noun[:1].upper()}{self.record_noun[1:]} restored.")
        self.reload(select=record_id)
