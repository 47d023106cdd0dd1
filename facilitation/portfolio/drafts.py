"""A first draft of a plan for a subject that has none, filled in from its history."""

from __future__ import annotations

from datetime import date

from facilitation.plan.plans import PlanInput
from facilitation.store.database import Store
from facilitation.store.model import relative_month, shift_month

PERIOD_MONTHS = 3
# The draft aims a little above the same months a year earlier: a plan is about improving.
DRAFT_GROWTH = 0.05


def draft_plan(store: Store, subject_kind: str, subject_name: str,
               today: date | None = None) -> PlanInput:
    """A plan for the next three months, its target the same months a year earlier plus 5%
    (rounded to a thousand); the owner is the salesperson for a salesperson, else blank."""
    start = relative_month("+1", today)
    end = shift_month(start, PERIOD_MONTHS - 1)
    rows = store.query(
        "SELECT sum(amount), count(DISTINCT month) FROM sales_history WHERE subject_kind = ? "
        "AND subject_name = ? AND month BETWEEN ? AND ?",
        [subject_kind, subject_name, shift_month(start, -12), shift_month(end, -12)])
    total, months = rows[0]
    target = ""
    if total and months == PERIOD_MONTHS:
        target = f"{round(total * (1 + DRAFT_GROWTH), -3):,.0f}"
    owner = subject_name if subject_kind == "salesperson" else ""
    return PlanInput(subject_kind, subject_name, owner, start, end, target)
