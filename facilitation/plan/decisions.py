"""Decisions and corrective actions of a progress review: what changes, who does it, by when.

Each is linked to what prompted it: a KPI off pace or a tactic that is late or blocked (or
nothing, for a decision of its own). The link is kept by id without a foreign key so that a
decision outlives the KPI or tactic it was about; it then says that one was deleted.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from facilitation.plan.reviews import ReviewInputError, parse_date
from facilitation.store.database import Store, now_iso
from facilitation.store.model import Record

KINDS = ("decision", "corrective_action")
KIND_LABELS = {"decision": "Decision", "corrective_action": "Corrective action"}
STATUSES = ("open", "done", "dropped")
MAX_TEXT = 300


class DecisionInputError(ValueError):
    """Invalid decision fields; `errors` maps each field to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class Decision(Record):
    """A decision or corrective action recorded in a review."""

    id: int
    plan_id: int
    session_id: int | None
    kind: str
    text: str
    owner: str
    due_date: str | None
    kpi_id: int | None
    tactic_id: int | None
    status: str
    created_at: str
    updated_at: str

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def prompted_by(self) -> str:
        """'kpi:3', 'tactic:5' or '' (the form's and the exports' way of naming the link)."""
        if self.kpi_id is not None:
            return f"kpi:{self.kpi_id}"
        if self.tactic_id is not None:
            return f"tactic:{self.tactic_id}"
        return ""


@dataclass(frozen=True)
class DecisionInput:
    """A decision as typed: `prompted_by` is '', 'kpi:ID' or 'tactic:ID'."""

    text: str
    owner: str = ""
    due_date: str = ""
    kind: str = "corrective_action"
    prompted_by: str = ""
    status: str = "open"

    def validate(self, store: Store, plan_id: int) -> dict[str, Any]:
        """The clean row, or DecisionInputError naming every field that is wrong.

        Owner and due date may be blank: the decision then shows what it lacks."""
        errors: dict[str, str] = {}
        text = " ".join(self.text.split())
        if not text:
            errors["text"] = "required"
        elif len(text) > MAX_TEXT:
            errors["text"] = f"fits in {MAX_TEXT} characters"
        row: dict[str, Any] = {"text": text, "owner": " ".join(self.owner.split()),
                               "kind": self.kind, "status": self.status,
                               "kpi_id": None, "tactic_id": None}
        if self.kind not in KINDS:
            errors["kind"] = "one of " + ", ".join(KINDS)
        if self.status not in STATUSES:
            errors["status"] = "one of " + ", ".join(STATUSES)
        try:
            day = parse_date(self.due_date, "due_date")
            row["due_date"] = day.isoformat() if day else None
        except ReviewInputError as exc:
            errors.update(exc.errors)
        try:
            row.update(_link(store, plan_id, self.prompted_by))
        except ValueError as exc:
            errors["prompted_by"] = str(exc)
        if errors:
            raise DecisionInputError(errors)
        return row


def _link(store: Store, plan_id: int, prompted_by: str) -> dict[str, int]:
    """'kpi:3' → {'kpi_id': 3} once the plan is found to have that KPI (tactics likewise)."""
    text = (prompted_by or "").strip()
    if not text:
        return {}
    kind, _, number = text.partition(":")
    table = {"kpi": "kpis", "tactic": "tactics"}.get(kind)
    if table is None or not number.isdigit():
        raise ValueError("name a KPI or a tactic of the plan, or nothing")
    if not store.query(f"SELECT 1 FROM {table} WHERE id = ? AND plan_id = ?",
                       [int(number), plan_id]):
        raise ValueError(f"the plan has no {kind} {number}")
    return {f"{kind}_id": int(number)}


def add_decision(store: Store, plan_id: int, decision: DecisionInput, *,
                 session_id: int | None = None, actor: str | None = None) -> int:
    """Record a decision or corrective action of the review `session_id`; returns its id."""
    row = decision.validate(store, plan_id)
    stamp = now_iso()
    row.update(plan_id=plan_id, session_id=session_id, created_at=stamp, updated_at=stamp)
    with store.change("decision.added", {"plan_id": plan_id, "text": row["text"]},
                      actor=actor, session_id=session_id) as ch:
        decision_id = ch.insert("review_decisions", row)
        ch.payload["decision_id"] = decision_id
    return decision_id


def get_decision(store: Store, decision_id: int) -> Decision:
    """One decision by id (KeyError if there is none)."""
    return Decision.from_row(store.row_by_id("review_decisions", decision_id, "decision"))


def update_decision(store: Store, decision_id: int, decision: DecisionInput, *,
                    session_id: int | None = None, actor: str | None = None) -> None:
    """Replace a decision's fields with newly typed ones."""
    current = get_decision(store, decision_id)
    row = decision.validate(store, current.plan_id)
    changed = current.changes(row)
    if not changed:
        return
    with store.change("decision.changed", {"plan_id": current.plan_id,
                                           "decision_id": decision_id},
                      actor=actor, session_id=session_id) as ch:
        ch.update("review_decisions", decision_id, {**changed, "updated_at": now_iso()})


def delete_decision(store: Store, decision_id: int, *, session_id: int | None = None,
                    actor: str | None = None) -> dict[str, Any]:
    """Delete a decision; its row goes into the event (and is returned) so it can be undone."""
    current = get_decision(store, decision_id)
    with store.change("decision.deleted", {"plan_id": current.plan_id,
                                           "decision_id": decision_id, "text": current.text},
                      actor=actor, session_id=session_id) as ch:
        return ch.delete("review_decisions", decision_id)


def list_decisions(store: Store, plan_id: int, *,
                   session_id: int | None = None) -> list[Decision]:
    """The plan's decisions (one review's when `session_id` is given), oldest first."""
    sql = "SELECT * FROM review_decisions WHERE plan_id = ?"
    params: list[Any] = [plan_id]
    if session_id is not None:
        sql += " AND session_id = ?"
        params.append(session_id)
    return [Decision.from_row(r) for r in store.query(sql + " ORDER BY id", params)]


def link_choices(store: Store, plan_id: int) -> list[tuple[str, str]]:
    """What a decision can be about, as (prompted_by, label): nothing, each KPI, each tactic."""
    choices = [("", "—")]
    choices += [(f"kpi:{r['id']}", f"KPI: {r['name']}") for r in store.query(
        "SELECT id, name FROM kpis WHERE plan_id = ? ORDER BY position, id", [plan_id])]
    choices += [(f"tactic:{r['id']}", f"Tactic: {r['action']}") for r in store.query(
        "SELECT id, action FROM tactics WHERE plan_id = ? ORDER BY strategy_id, position, id",
        [plan_id])]
    return choices


def prompted_by_label(store: Store, decision: Decision) -> str:
    """'KPI: Pipeline coverage', 'Tactic: Call list', 'a deleted KPI', or ''."""
    if not decision.prompted_by:
        return ""
    labels = dict(link_choices(store, decision.plan_id))
    kind = "KPI" if decision.kpi_id is not None else "tactic"
    return labels.get(decision.prompted_by, f"a deleted {kind}")


def lacks(decision: Decision, today: date | None = None) -> list[str]:
    """What an open decision still lacks: 'no owner', 'no due date', 'overdue'."""
    if decision.status != "open":
        return []
    missing = [] if decision.owner else ["no owner"]
    if decision.due_date is None:
        missing.append("no due date")
    elif decision.due_date < (today or date.today()).isoformat():
        missing.append("overdue")
    return missing


@dataclass(frozen=True)
class CarriedDecisions:
    """The decisions of the review before this one, brought to the start of this one."""

    started_at: str              # when that review began (ISO)
    decisions: tuple[Decision, ...]

    @property
    def open_count(self) -> int:
        return sum(1 for d in self.decisions if d.status == "open")


def previous_review_decisions(store: Store, plan_id: int,
                              session_id: int | None = None) -> CarriedDecisions | None:
    """The decisions and corrective actions recorded in the plan's last review before
    session `session_id` (before now when None), as they stand now (owner, due date, done or
    not); None when no earlier review recorded any."""
    current = store.query("SELECT started_at, id FROM sessions WHERE id = ?",
                          [session_id]) if session_id is not None else []
    since = tuple(current[0]) if current else ("9999", 0)
    rows = store.query(
        """SELECT s.id, s.started_at FROM sessions s
           WHERE s.plan_id = ? AND (s.started_at < ? OR s.started_at = ? AND s.id < ?)
             AND EXISTS (SELECT 1 FROM review_decisions d WHERE d.session_id = s.id)
           ORDER BY s.started_at DESC, s.id DESC LIMIT 1""",
        [plan_id, since[0], since[0], since[1]])
    if not rows:
        return None
    return CarriedDecisions(rows[0]["started_at"],
                            tuple(list_decisions(store, plan_id, session_id=rows[0]["id"])))


def carried_line(decision: Decision, today: date | None = None) -> str:
    """'✓ done · Ana Lima · due 2027-01-24 · Two extra prospecting days': what was decided
    last, on one line; the text comes last, so a narrow screen wraps it under the rest."""
    mark = {"done": "✓", "dropped": "–"}.get(decision.status, "•")
    due = f"due {decision.due_date}" if decision.due_date else "no due date"
    state = decision.status
    if decision.status == "open" and "overdue" in lacks(decision, today):
        state = "open, overdue"
    return f"{mark} {state} · {decision.owner or 'no owner'} · {due} · {decision.text}"
