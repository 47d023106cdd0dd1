"""Keys typed in a burst reach a text field in the order they were typed.

Textual 8.2.8 (the version spip pins) puts a printable key into an `Input` as soon as
the field reads it, but runs the field's own editing keys (backspace, delete, ←/→,
home, end, ctrl+w…) only once the key has bubbled up to the app, several message queues
later. Keys that arrive together (a fast typist, keys piled up while the app was busy,
`tmux send-keys`) were then applied out of order: "abc⌫de" became "abcd", the backspace
deleting the key typed after it. Upstream: Textualize/textual#6605 (a fix is proposed
in PR #6631, not in 8.2.8).

Here a field runs its own binding for such a key when it reads the key, as the app would
have run it later (and so does a ctrl or function key bound further up the screen): the focused widget's bindings come first in the app's chain, and the
priority bindings (which come before it) were tried before the key reached the field.
tests/tui/test_key_order.py says when an upgraded Textual no longer needs this.
"""

from __future__ import annotations

from textual import events
from textual.widgets import Input

TEXTUAL_INPUT_ON_KEY = Input._on_key


async def _on_key_in_order(self: Input, event: events.Key) -> None:
    await TEXTUAL_INPUT_ON_KEY(self, event)  # the text itself (and the cursor's blink)
    if event.is_printable:
        return
    for binding in self._bindings.key_to_bindings.get(event.key, ()):
        if not binding.priority and await self.app.run_action(binding.action, self):
            event.stop()  # done: it must not run again on its way up
            event.prevent_default()
            return
    # A command key bound further up (a step's ctrl+g: one more minute) runs here too, in
    # order: "ctrl+g idea⏎" in a burst sent the idea before the minute was added.
    if (is_command_key(event.key) and self.app.focused is self
            and await self.app._check_bindings(event.key)):
        event.stop()
        event.prevent_default()


def is_command_key(key: str) -> bool:
    """A ctrl or function key: a command (no widget here reads one as it bubbles up)."""
    return key.startswith("ctrl+") or (key[:1] == "f" and key[1:].isdigit())


def keep_typed_keys_in_order() -> None:
    """Make every Input (and subclass) apply its editing keys in the order typed."""
    Input._on_key = _on_key_in_order  # type: ignore[method-assign]
