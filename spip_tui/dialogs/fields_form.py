"""A form of labelled fields (text or a choice), validated by the domain before it closes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from ..widgets.choice_field import ChoiceField
from .form import FormDialog


@dataclass(frozen=True)
class FormField:
    """One line of a form: a text input, or a choice when `choices` is given."""

    name: str
    label: str
    placeholder: str = ""
    choices: tuple[tuple[str, Any], ...] | None = None
    allow_blank: bool = True   # a choice may be left blank


class FieldsForm(FormDialog[Any]):
    """Returns the values (by field name) once `validate` accepts them; None on Escape.

    `validate(values)` raises a ValueError with an `errors` dict (field -> message) when
    something is wrong: each message then shows under its field and nothing closes.
    """

    DEFAULT_CSS = """
    FieldsForm #form-error { color: $error; height: auto; }
    """

    def __init__(self, title: str, fields: list[FormField], values: dict[str, Any],
                 validate: Callable[[dict[str, Any]], Any], *, focus: str | None = None) -> None:
        """`focus` names the field that takes the first keystroke (default: the first),
        e.g. the first one left to fill in a form that arrives partly filled."""
        super().__init__()
        self.title_text = title
        self.fields = fields
        self.values = values
        self.validate = validate
        self.focus_name = focus

    def first_field(self):
        if self.focus_name is not None:
            return self.query_one(f"#{self.focus_name}")
        return super().first_field()

    def compose(self) -> ComposeResult:
        # The labels' column as wide as the longest label needs (the app's style sets one
        # width for the few fields of other dialogs).
        width = max(18, *(len(field.label) + 2 for field in self.fields))
        with VerticalScroll(classes="dialog fields"):
            yield Static(self.title_text, classes="title")
            for field in self.fields:
                value = self.values.get(field.name)
                with Horizontal(classes="field"):
                    label = Label(field.label, classes="field-label")
                    label.styles.width = width
                    yield label
                    if field.choices is not None:
                        known = [v for _, v in field.choices]
                        blank = Select.NULL if field.allow_blank else field.choices[0][1]
                        yield ChoiceField(list(field.choices), value=value if value in known
                                          else blank, allow_blank=field.allow_blank,
                                          compact=True, id=field.name, prompt="—")
                    else:
                        text = "" if value is None else str(value)
                        if isinstance(value, float) and value == int(value):
                            text = str(int(value))
                        yield Input(text, placeholder=field.placeholder, compact=True,
                                    id=field.name)
                error = Static("", classes="field-error", id=f"{field.name}-error")
                error.styles.padding = (0, 0, 0, width)
                yield error
            yield Static("", id="form-error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save (ctrl+s)", variant="primary", id="save")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def current(self) -> dict[str, Any]:
        """The values as typed or chosen (None for a choice left blank)."""
        values: dict[str, Any] = {}
        for field in self.fields:
            widget = self.query_one(f"#{field.name}")
            if isinstance(widget, Select):
                values[field.name] = None if widget.value is Select.NULL else widget.value
            else:
                values[field.name] = widget.value
        return values

    def result(self, values: dict[str, Any]) -> Any:
        """What the form returns once `validate` accepts the values: the values."""
        return values

    def action_save(self) -> None:
        values = self.current()
        for field in self.fields:
            self.query_one(f"#{field.name}-error").display = False
        self.query_one("#form-error", Static).update("")
        try:
            self.validate(values)
        except ValueError as exc:
            self.show_errors(getattr(exc, "errors", None) or {}, str(exc))
            return
        self.dismiss(self.result(values))

    def show_errors(self, errors: dict[str, str], fallback: str) -> None:
        names = [f.name for f in self.fields]
        for name, message in errors.items():
            if name in names:
                error = self.query_one(f"#{name}-error", Static)
                error.update(f"✗ {message}")
                error.display = True
        others = [m for n, m in errors.items() if n not in names] or ([] if errors else [fallback])
        self.query_one("#form-error", Static).update("\n".join(f"✗ {m}" for m in others))
        first = next((n for n in errors if n in names), None)
        if first:
            self.query_one(f"#{first}").focus()
