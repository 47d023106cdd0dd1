"""A small form of text fields whose values are checked before the dialog closes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Static


@dataclass(frozen=True)
class Field:
    """One line of the form."""

    key: str
    label: str
    value: str = ""
    placeholder: str = ""


# Given the typed values, returns {field key: problem} (empty when all is well).
Check = Callable[[dict[str, str]], dict[str, str]]


class CheckedForm(ModalScreen[dict[str, str] | None]):
    """Enter moves to the next field and, on the last one, saves; Escape cancels.

    Values the check refuses keep the dialog open with the problem under the field,
    so nothing typed is lost.
    """

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, fields: list[Field], check: Check | None = None,
                 note: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.check = check or (lambda values: {})
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="title")
            if self.note:
                yield Static(self.note, classes="hint")
            for field in self.fields:
                with Horizontal(classes="field"):
                    yield Label(field.label, classes="field-label")
                    yield Input(field.value, placeholder=field.placeholder,
                                id=f"field-{field.key}", compact=True)
                yield Static("", classes="field-error", id=f"error-{field.key}")
            yield Static("Enter: next field / save · Escape: cancel", classes="hint")

    def values(self) -> dict[str, str]:
        return {f.key: self.query_one(f"#field-{f.key}", Input).value for f in self.fields}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = [self.query_one(f"#field-{f.key}", Input) for f in self.fields]
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
            return
        self.save()

    def save(self) -> None:
        values = self.values()
        problems = self.check(values)
        for field in self.fields:
            error = self.query_one(f"#error-{field.key}", Static)
            error.update(problems.get(field.key, ""))
            error.display = field.key in problems
        if problems:
            first = next(f for f in self.fields if f.key in problems)
            self.query_one(f"#field-{first.key}", Input).focus()
            return
        self.dismiss(values)

    def action_cancel(self) -> None:
        self.dismiss(None)
