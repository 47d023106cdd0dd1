"""An entry field above its list (risks, ideas): ↓ in the entry goes to the list, ↑ on
the list's first row back to the entry.

The moves are priority bindings: they run as the app reads the key and move the focus at
once, so the keys typed right after ↓ reach the list (its letter commands), not the entry
they were typed away from. Handled later, once the key had travelled up from the entry,
"↓e" typed together put an "e" in the entry instead of rewording the risk.
"""

from __future__ import annotations

from textual.actions import SkipAction
from textual.binding import Binding
from textual.widget import Widget
from textual.widgets import DataTable, Input


class EntryAndList(Widget):
    """Mixed into the widget that holds an entry and its list; subclasses say which."""

    BINDINGS = [
        Binding("down", "entry_to_list", show=False, priority=True),
        Binding("up", "list_to_entry", show=False, priority=True),
    ]

    def entry(self) -> Input:
        raise NotImplementedError

    def entry_list(self) -> DataTable:
        raise NotImplementedError

    def action_entry_to_list(self) -> None:
        if self.screen.focused is not self.entry():
            raise SkipAction()  # ↓ in the list moves its cursor
        self.screen.set_focus(self.entry_list())

    def action_list_to_entry(self) -> None:
        rows = self.entry_list()
        if self.screen.focused is not rows or rows.cursor_row > 0:
            raise SkipAction()  # ↑ below the list's first row moves its cursor
        self.focus_entry()

    def focus_entry(self) -> Input:
        """Put the focus in the entry at once (keys already typed follow it)."""
        entry = self.entry()
        self.screen.set_focus(entry)
        return entry
