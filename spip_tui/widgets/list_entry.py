"""A field where a list is typed one entry at a time (ideas, risks): Enter sends the entry.

Enter is handled here, in the order the keys came, not as Input's binding: a binding's
key travels up the screen first while the field goes on with the letters typed after it,
so in a burst ("one⏎two⏎", a fast typist or keys piled up behind a busy moment) both
Enters sent "onetwo". The field empties at once, so the next entry starts clean; a screen
that refuses an entry puts it back (when nothing new has been typed).
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input


class ListEntry(Input):
    """Posts Input.Submitted with the entry typed before each Enter, and empties."""

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            entry, self.value = self.value, ""
            self.post_message(self.Submitted(self, entry))
            return
        await super()._on_key(event)

    def give_back(self, entry: str) -> None:
        """Put a refused entry back, unless the next one is already being typed."""
        if not self.value:
            self.value = entry
