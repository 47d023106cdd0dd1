"""Progress review, decisions and corrective actions: what changes, who does it, by when,
and which KPI or tactic prompted it."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitation.plan.decisions import (
    KIND_LABELS,
    STATUSES,
    DecisionInput,
    add_decision,
    delete_decision,
    get_decision,
    lacks,
    link_choices,
    list_decisions,
    prompted_by_label,
    update_decision,
)

from ..dialogs.fields_form import FieldsForm, FormField
from ..widgets.record_table import RecordTable
from .base import StepView


def decision_fields(choices: list[tuple[str, str]]) -> list[FormField]:
    return [
        FormField("text", "What we do", "e.g. Two extra prospecting days a week"),
        FormField("kind", "Kind", choices=tuple((label, kind)
                                                for kind, label in KIND_LABELS.items())),
        FormField("prompted_by", "Prompted by", choices=tuple((label[:60], key)
                                                              for key, label in choices)),
        FormField("owner", "Owner", "who does it"),
        FormField("due_date", "Due date", "YYYY-MM-DD"),
        FormField("status", "Status", choices=tuple((s, s) for s in STATUSES)),
    ]


class DecisionsStep(StepView):
    """This review's decisions, a line each; Enter adds or edits."""

    BINDINGS = [
        Binding("a,n", "add", "New decision"),
        Binding("e", "edit", "Edit"),
        Binding("delete,d", "delete", "Delete"),
        Binding("s", "status", "Done/dropped"),
    ]
    DEFAULT_CSS = """
    DecisionsStep #decision-hint { height: 1; color: $text-muted; padding: 0 1; }
    DecisionsStep RecordTable { height: 1fr; }
    DecisionsStep #decision-detail { height: auto; max-height: 3; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield Static(self.hint("a new · e/Enter edit · s status · d delete"),
                     id="decision-hint")
        yield RecordTable(id="decisions")
        yield Static("", id="decision-detail")
        yield Static("No decisions recorded." if self.read_only else
                     "No decisions yet: press a to record what the review changes.",
                     classes="empty", id="no-decisions")

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        for label, key, width in (("", "state", 1), ("What we do", "text", self.text_width()),
                                  ("Owner", "owner", 11), ("Due", "due", 10),
                                  ("Prompted by", "link", 18)):
            table.add_column(label, key=key, width=width)
        self.reload()
        self.follow_changes(self.reload)
        table.focus()

    def decisions(self) -> list[Any]:
        return list_decisions(self.store, self.context.plan_id, session_id=self.context.session_id)

    def reload(self, select: int | None = None) -> None:
        table = self.query_one(RecordTable)
        keep = select if select is not None else table.highlighted_id
        decisions = self.decisions()
        rows = []
        for decision in decisions:
            missing = lacks(decision)
            state = {"done": Text("✓", "green"), "dropped": Text("–", "dim")}.get(
                decision.status, Text("!", "bold red") if missing else Text("•"))
            rows.append((str(decision.id), (
                state, Text(decision.text), decision.owner or Text("no owner", "bold yellow"),
                decision.due_date or Text("no date", "bold yellow"),
                Text(prompted_by_label(self.store, decision) or "—"))))
        # The decision is what the group reads, and what prompted it says why: both wrap
        # (the row grows), never cut ("KPI: Pipeline cove" hid which KPI).
        table.show_wrapped(rows)
        table.select_id(keep)
        self.query_one("#no-decisions").display = not decisions
        self.show_detail()

    def text_width(self) -> int:
        """What the short columns and their padding leave (80 columns first)."""
        return max(16, self.size.width - 52) if self.size.width else 24

    def on_resize(self) -> None:
        table = self.query_one(RecordTable)
        column = table.columns.get("text")
        if column is not None and column.width != self.text_width():
            column.width = self.text_width()
            self.reload()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """The highlighted decision in full (the table cuts long text)."""
        decision_id = self.query_one(RecordTable).highlighted_id
        detail = self.query_one("#decision-detail", Static)
        if decision_id is None:
            detail.update("")
            return
        decision = get_decision(self.store, decision_id)
        link = prompted_by_label(self.store, decision)
        missing = ", ".join(lacks(decision))
        detail.update(Text.assemble(
            (f"{decision.kind_label}: ", "bold"), decision.text,
            f" — {link}" if link else "", (f"  ({missing})", "bold yellow") if missing else "",
            f"  [{decision.status}]"))

    def validate(self, values: dict[str, Any]) -> DecisionInput:
        decision = DecisionInput(**{**values, "kind": values.get("kind") or "corrective_action",
                                    "prompted_by": values.get("prompted_by") or "",
                                    "status": values.get("status") or "open"})
        decision.validate(self.store, self.context.plan_id)
        return decision

    def open_form(self, title: str, values: dict[str, Any], decision_id: int | None) -> None:
        def saved(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            decision = self.validate(result)
            if decision_id is None:
                new_id = add_decision(self.store, self.context.plan_id, decision, **self.who)
            else:
                update_decision(self.store, decision_id, decision, **self.who)
                new_id = decision_id
            self.notify("Decision saved.")
            self.reload(select=new_id)
            self.query_one(RecordTable).focus()

        fields = decision_fields(link_choices(self.store, self.context.plan_id))
        self.app.push_screen(FieldsForm(title, fields, values, self.validate), saved)

    def action_add(self) -> None:
        self.open_form("New decision or corrective action",
                       {"kind": "corrective_action", "prompted_by": "", "status": "open"}, None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        decision_id = self.query_one(RecordTable).highlighted_id
        if decision_id is None:
            self.action_add()
            return
        decision = get_decision(self.store, decision_id)
        self.open_form("Edit the decision", {
            "text": decision.text, "kind": decision.kind, "prompted_by": decision.prompted_by,
            "owner": decision.owner, "due_date": decision.due_date or "",
            "status": decision.status}, decision_id)

    def action_status(self) -> None:
        decision_id = self.query_one(RecordTable).highlighted_id
        if decision_id is None:
            return
        decision = get_decision(self.store, decision_id)
        status = STATUSES[(STATUSES.index(decision.status) + 1) % len(STATUSES)]
        update_decision(self.store, decision_id, DecisionInput(
            decision.text, decision.owner, decision.due_date or "", decision.kind,
            decision.prompted_by, status), **self.who)
        self.notify(f"Now {status}.")
        self.reload()

    def action_delete(self) -> None:
        decision_id = self.query_one(RecordTable).highlighted_id
        if decision_id is None:
            return
        deleted = delete_decision(self.store, decision_id, **self.who)
        self.notify(f"Deleted “{deleted['text'][:40]}” (kept in the log).")
        self.reload()
