"""Creating, changing and listing plans; every change is one event."""

from __future__ import annotations

from dataclasses import dataclass

from facilitation.store.database import Store, now_iso
from facilitation.store.text import text_problem
from facilitation.store.model import (
    SUBJECT_KINDS,
    Plan,
    PlanSummary,
    month_index,
    parse_amount,
    parse_month,
)


class PlanInputError(ValueError):
    """Invalid plan fields; `errors` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class PlanInput:
    """A plan as typed by a person, before validation."""

    subject_kind: str
    subject_name: str
    owner: str
    period_start: str
    period_end: str
    target_amount: str

    def validate(self) -> dict:
        """The clean row, or PlanInputError naming every field that is wrong."""
        errors: dict[str, str] = {}
        row: dict = {}
        for name in ("subject_name", "owner"):
            value = getattr(self, name).strip()
            if not value:
                errors[name] = "required"
            elif problem := text_problem(value):
                errors[name] = problem
            row[name] = value
        if self.subject_kind not in SUBJECT_KINDS:
            errors["subject_kind"] = "choose one of: " + ", ".join(SUBJECT_KINDS)
        row["subject_kind"] = self.subject_kind
        for name in ("period_start", "period_end"):
            try:
                row[name] = parse_month(getattr(self, name))
            except ValueError as exc:
                errors[name] = str(exc)
        if "period_start" not in errors and "period_end" not in errors:
            if month_index(row["period_end"]) <= month_index(row["period_start"]):
                errors["period_end"] = "the end month must come after the start month"
        try:
            row["target_amount"] = parse_amount(self.target_amount)
            if row["target_amount"] <= 0:
                errors["target_amount"] = "the target must be a positive amount"
        except ValueError as exc:
            errors["target_amount"] = str(exc) if self.target_amount.strip() else "required"
        if errors:
            raise PlanInputError(errors)
        return row


def create_plan(store: Store, plan: PlanInput) -> int:
    """Validate and save a new plan; returns its id."""
    row = plan.validate()
    stamp = now_iso()
    row.update(status="active", created_at=stamp, updated_at=stamp)
    with store.change("plan.created") as change:
        plan_id = change.insert("plans", row)
        change.payload["plan_id"] = plan_id
    return plan_id


def rename_plan(store: Store, plan_id: int, subject_name: str) -> None:
    """Give the plan's subject a new name."""
    name = subject_name.strip()
    if not name or (problem := text_problem(name)):
        raise PlanInputError({"subject_name": "required" if not name else problem})
    with store.change("plan.renamed", {"plan_id": plan_id}) as change:
        change.update("plans", plan_id, {"subject_name": name, "updated_at": now_iso()})


def set_plan_status(store: Store, plan_id: int, status: str) -> None:
    """Archive a plan (kept, hidden from the home list) or bring it back."""
    kind = "plan.archived" if status == "archived" else "plan.restored"
    with store.change(kind, {"plan_id": plan_id}) as change:
        change.update("plans", plan_id, {"status": status, "updated_at": now_iso()})


def get_plan(store: Store, plan_id: int) -> Plan:
    """One plan by id (KeyError if there is none)."""
    return Plan.from_row(store.row_by_id("plans", plan_id, "plan"))


def find_plan(store: Store, ref: str) -> Plan:
    """A plan by id or by subject name (case-insensitive), for the CLI."""
    if ref.isdigit():
        return get_plan(store, int(ref))
    rows = store.query(
        "SELECT * FROM plans WHERE lower(subject_name) = lower(?) ORDER BY status, id", [ref]
    )
    if not rows:
        raise KeyError(f'there is no plan for "{ref}"')
    return Plan.from_row(rows[0])


def list_plans(store: Store, include_archived: bool = False) -> list[PlanSummary]:
    """Plans with their last session and next review, newest activity first."""
    today = now_iso()[:10]
    rows = store.query(
        """
        SELECT p.*,
          (SELECT max(started_at) FROM sessions s WHERE s.plan_id = p.id) AS last_session,
          (SELECT min(date) FROM review_meetings r WHERE r.plan_id = p.id AND r.date >= ?
             AND r.held_at IS NULL)
            AS next_review
        FROM plans p
        WHERE ? OR p.status = 'active'
        ORDER BY p.status, p.subject_name COLLATE NOCASE
        """,
        [today, include_archived],
    )
    return [PlanSummary(Plan.from_row(r), r["last_session"], r["next_review"]) for r in rows]
