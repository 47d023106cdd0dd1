"""Ask for one line of text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from .form import ReadyDialog


class TextPrompt(ReadyDialog[str | None]):
    """Returns the typed text on Enter, None on Escape. The keys typed after Enter go to
    the screen below once it has the answer ("t 2⏎ ctrl+t" then an idea: the timer key
    and the idea's letters reached the closing prompt or the list before the entry)."""

    BINDINGS = [
        Binding("enter", "answer", "Save", show=False, priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, question: str, value: str = "") -> None:
        super().__init__()
        self.question = question
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, classes="title")
            yield Input(self.value, id="answer")
            yield Static("Enter to save, Escape to cancel", classes="hint")

    def action_answer(self) -> None:
        field = self.query_one("#answer", Input)
        self.answer_after_typing(field, lambda: self.dismiss(field.value))

    def action_cancel(self) -> None:
        self.dismiss(None)
