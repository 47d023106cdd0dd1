"""The field where ideas are typed: Enter sends one; a pasted list becomes one per line.

Shared by the facilitator's brainstorming step and a participant's view. It never selects
its text on focus, so a letter typed as the focus comes back adds to a half-typed idea
instead of replacing it. Enter sends the idea typed before it and empties the entry at once (see ListEntry).
"""

from __future__ import annotations

from textual import events
from textual.message import Message

from .list_entry import ListEntry

PLACEHOLDER = "Type an idea and press Enter"


class IdeaEntry(ListEntry):
    """Posts Input.Submitted for one idea, IdeaEntry.Pasted for a pasted list."""

    class Pasted(Message):
        """Several lines were pasted: each non-blank one is an idea."""

        def __init__(self, lines: list[str]) -> None:
            super().__init__()
            self.lines = lines

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("placeholder", PLACEHOLDER)
        super().__init__(compact=True, select_on_focus=False, **kwargs)

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line for line in event.text.splitlines() if line.strip()]
        if len(lines) > 1:
            event.stop()
            event.prevent_default()
            self.post_message(self.Pasted(lines))
            return
        super()._on_paste(event)
