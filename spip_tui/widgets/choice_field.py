"""A form's choice field (a Select) that keys typed in a burst handle in order.

Enter opens its list; in the list ↑↓ (or typing part of a choice) pick, Enter chooses
and Escape closes it without choosing; the field then shows the choice and keeps the
focus, and a form's next Enter moves on (see FormDialog).

Why not Textual's Select as it is: it moves the focus into its list and back later
(`focus()` waits on the app's queue), and its list runs ↑↓ and Enter once the key has
travelled up to the app. Keys typed together ("⏎↓⏎⏎meetings", a fast typist or keys
piled up behind a busy moment) then went to the closed field, or chose before the ↓ had
moved. Here the list takes the focus at once and its keys run as the app reads them
(TypedAheadKeys asks `ChoiceList.read_key`).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets._select import SelectCurrent, SelectOverlay


class ChoiceList(SelectOverlay):
    """The open list of a ChoiceField."""

    def focus(self, scroll_visible: bool = True) -> ChoiceList:
        # At once: the keys typed right after the one that opened the list go to it.
        self.screen.set_focus(self, scroll_visible=scroll_visible)
        return self

    @property
    def field(self) -> ChoiceField:
        return self.parent  # type: ignore[return-value]

    async def read_key(self, event: events.Key) -> bool:
        """Handle `event` as the app reads it; True when it was this list's key."""
        if event.key == "enter":
            self.field.choose(self.highlighted)
        elif event.key == "escape":
            self.field.choose(None)
        elif event.is_printable:
            await SelectOverlay._on_key(self, event)  # type to search: the highlight moves
        else:
            actions = [b.action for b in self._bindings.key_to_bindings.get(event.key, ())]
            if not actions:
                return False
            for action in actions:  # ↑↓, home, end, page up/down: the highlight moves
                await self.app.run_action(action, self)
        return True


class ChoiceField(Select):
    """A Select whose list follows the keys in the order typed."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The list was opened and closed since the focus came here: Enter moves on.
        self.chosen = False

    def compose(self) -> ComposeResult:
        yield SelectCurrent(self.prompt)
        yield ChoiceList(type_to_search=self._type_to_search).data_bind(
            compact=Select.compact)

    def open_list(self) -> None:
        """Show the choices, the current one highlighted; the list takes the keys."""
        self.action_show_overlay()

    def choose(self, index: int | None) -> None:
        """Close the list, choosing the option at `index` (None: keep the value); the
        focus comes back to the field at once."""
        if index is not None:
            value = self._options[index][1]
            if value != self.value:
                self.value = value
        self.expanded = False
        self.chosen = True
        self.screen.set_focus(self, scroll_visible=False)
