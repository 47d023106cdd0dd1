"""F1: what spip is, and the keys of every screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from facilitation.store.locations import DATA_DIR

HELP_FILE = DATA_DIR / "help.md"


class HelpScreen(ModalScreen[None]):
    """Shows data/help.md; Escape or F1 closes it."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Markdown(HELP_FILE.read_text(encoding="utf-8"))

    def action_close(self) -> None:
        self.dismiss(None)
