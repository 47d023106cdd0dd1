"""The new-plan form: every field validated, errors shown beside the field."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.widgets import Input

from facilitation.plan.plans import PlanInput
from facilitation.store.model import SUBJECT_KINDS

from .fields_form import FieldsForm, FormField

# The name first: the form starts there, and Enter goes down from it through every field.
FIELDS = [
    FormField("subject_name", "Subject name", "e.g. North territory, Dana Whitfield, Acme Corp"),
    FormField("subject_kind", "Subject kind", choices=tuple((k, k) for k in SUBJECT_KINDS),
              allow_blank=False),
    FormField("owner", "Owner", "who keeps the plan"),
    FormField("period_start", "First month of target", "YYYY-MM"),
    FormField("period_end", "Last month of target", "YYYY-MM"),
    FormField("target_amount", "Target amount", "sales for the whole period, e.g. 1,200,000"),
]


def _next_quarter() -> tuple[str, str]:
    today = date.today()
    first = (today.month - 1) // 3 * 3 + 4
    year = today.year + (first > 12)
    first = (first - 1) % 12 + 1
    return f"{year}-{first:02d}", f"{year}-{first + 2:02d}"


def _plan_input(values: dict[str, Any]) -> PlanInput:
    return PlanInput(**{field.name: values.get(field.name) or "" for field in FIELDS})


class PlanForm(FieldsForm):
    """Returns the validated PlanInput, or None when cancelled."""

    def __init__(self, initial: PlanInput | None = None) -> None:
        """`initial`: fields filled in already (a draft from the subject's history)."""
        start, end = _next_quarter()
        values = {"subject_kind": "territory", "period_start": start, "period_end": end}
        if initial is not None:
            values = {field.name: getattr(initial, field.name) for field in FIELDS}
        super().__init__("New plan", FIELDS, values,
                         lambda typed: _plan_input(typed).validate())

    def first_field(self) -> Input:
        typed = [field.name for field in FIELDS if field.choices is None]
        first_empty = next((name for name in typed
                            if not self.query_one(f"#{name}", Input).value), "subject_name")
        return self.query_one(f"#{first_empty}", Input)

    def result(self, values: dict[str, Any]) -> PlanInput:
        return _plan_input(values)
