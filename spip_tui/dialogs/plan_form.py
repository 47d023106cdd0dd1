"""The new-plan form: every field validated, errors shown beside the field."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from facilitation.plan.plans import PlanInput, PlanInputError
from facilitation.store.model import SUBJECT_KINDS

from .form import FormDialog

FIELDS = (
    ("subject_name", "Subject name", "e.g. North territory, Dana Whitfield, Acme Corp"),
    ("owner", "Owner", "who keeps the plan"),
    ("period_start", "First month of target", "YYYY-MM"),
    ("period_end", "Last month of target", "YYYY-MM"),
    ("target_amount", "Target amount", "sales for the whole period, e.g. 1,200,000"),
)


def _next_quarter() -> tuple[str, str]:
    today = date.today()
    first = (today.month - 1) // 3 * 3 + 4
    year = today.year + (first > 12)
    first = (first - 1) % 12 + 1
    return f"{year}-{first:02d}", f"{year}-{first + 2:02d}"


class PlanForm(FormDialog[PlanInput | None]):
    """Returns the validated PlanInput, or None when cancelled."""

    def __init__(self, initial: PlanInput | None = None) -> None:
        """`initial`: fields filled in already (a draft from the subject's history)."""
        super().__init__()
        self.initial = initial

    def compose(self) -> ComposeResult:
        start, end = _next_quarter()
        defaults = {"period_start": start, "period_end": end}
        kind = "territory"
        if self.initial is not None:
            defaults = {name: getattr(self.initial, name) for name, _, _ in FIELDS}
            kind = self.initial.subject_kind
        with VerticalScroll(classes="dialog"):
            yield Static("New plan", classes="title")
            with Horizontal(classes="field"):
                yield Label("Subject kind", classes="field-label")
                yield Select([(k, k) for k in SUBJECT_KINDS], value=kind,
                             allow_blank=False, compact=True, id="subject_kind")
            for name, label, placeholder in FIELDS:
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    yield Input(defaults.get(name, ""), placeholder=placeholder, compact=True,
                                id=name)
                yield Static("", classes="field-error", id=f"{name}-error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save (ctrl+s)", variant="primary", id="save")

    def first_field(self) -> Input:
        first_empty = next((name for name, _, _ in FIELDS
                            if not self.query_one(f"#{name}", Input).value), "subject_name")
        return self.query_one(f"#{first_empty}", Input)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        values = PlanInput(
            subject_kind=str(self.query_one("#subject_kind", Select).value),
            **{name: self.query_one(f"#{name}", Input).value for name, _, _ in FIELDS},
        )
        for name, _, _ in FIELDS:
            self.query_one(f"#{name}-error", Static).update("")
            self.query_one(f"#{name}-error").display = False
        try:
            values.validate()
        except PlanInputError as exc:
            for name, message in exc.errors.items():
                self.query_one(f"#{name}-error", Static).update(f"✗ {message}")
                self.query_one(f"#{name}-error").display = True
            first = next(iter(exc.errors))
            self.query_one(f"#{first}").focus()
            return
        self.dismiss(values)
