"""Step 9, skills and knowledge: what the plan needs that someone cannot do yet, who, how
they will learn it and by when."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitation.plan.skills import (
    METHODS,
    STATUSES,
    SkillInput,
    add_skill,
    delete_skill,
    get_skill,
    list_skills,
    restore_skill,
    update_skill,
)

from ..dialogs.fields_form import FieldsForm, FormField
from ..widgets.record_table import RecordTable
from .base import StepView
from .shared import DeleteWithUndo

SKILL_FIELDS = [
    FormField("skill", "Skill or knowledge", "e.g. Negotiating on value"),
    FormField("who", "Who", "who will learn it"),
    FormField("method", "How", choices=tuple((m, m) for m in METHODS)),
    FormField("by_date", "By when", "YYYY-MM-DD"),
    FormField("status", "Status", choices=tuple((s, s) for s in STATUSES)),
]


def validate_skill(values: dict[str, Any]) -> SkillInput:
    """The form's values as a validated SkillInput (SkillInputError names wrong fields)."""
    skill = SkillInput(**{**values, "method": values.get("method") or "",
                          "status": values.get("status") or "planned"})
    skill.validate()
    return skill


class SkillsStep(DeleteWithUndo, StepView):
    """The skills the plan needs: a line per skill; Enter adds or edits."""

    record_noun = "skill"
    BINDINGS = [
        Binding("a,n", "add", "New skill"),
        Binding("e", "edit", "Edit"),
        Binding("delete,d", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
    ]
    DEFAULT_CSS = """
    SkillsStep #skill-hint { height: 1; color: $text-muted; padding: 0 1; }
    SkillsStep RecordTable { height: 1fr; }
    """

    def __init__(self, context) -> None:
        super().__init__(context)
        self.deleted: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield Static(self.hint("a new · e/Enter edit · d delete · u undo"), id="skill-hint")
        yield RecordTable(id="skills")
        yield Static("No skills recorded." if self.read_only else
                     "No skills yet: press a to add what someone needs to learn.",
                     classes="empty", id="no-skills")

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        self.add_columns()
        self.reload()
        self.follow_changes(self.reload)
        table.focus()

    def add_columns(self) -> None:
        """Every column a fixed width that fits the step: the skill takes what the others
        leave (28 characters at 80 columns) and, like who learns it, wraps, never cut (a
        long name once pushed How off the right edge). The state mark's column is one cell
        wide even when no row has a mark: rows that wrap are measured cell by cell, and a
        column of no width renders no line at all."""
        table = self.query_one(RecordTable)
        self.skill_width = self.skill_width_for(self.size.width)
        for label, key, width in (("", "state", 1), ("Skill", "skill", self.skill_width),
                                  ("By when", "by", 10), ("Who", "who", 14),
                                  ("How", "method", 10)):
            table.add_column(label, key=key, width=width)

    @staticmethod
    def skill_width_for(width: int) -> int:
        # Beside the skill: the mark, the date, who and how (self-study), each column's
        # padding (one cell each side) and the scrollbar a long list shows.
        return max(16, width - (1 + 10 + 14 + 10) - 5 * 2 - 2)

    def on_resize(self) -> None:
        if self.skill_width_for(self.size.width) != getattr(self, "skill_width", None):
            self.query_one(RecordTable).clear(columns=True)
            self.add_columns()
            self.reload()

    def reload(self, select: int | None = None) -> None:
        table = self.query_one(RecordTable)
        keep = select if select is not None else table.highlighted_id
        skills = list_skills(self.store, self.context.plan_id)
        table.show_wrapped([(str(skill.id), (
            Text("✓", "green") if skill.status == "learned" else (
                Text("!", "bold red") if skill.missing else Text("")),
            Text(skill.skill), skill.by_date or "—", Text(skill.who or "—"), skill.method))
            for skill in skills])
        table.select_id(keep)
        self.query_one("#no-skills").display = not skills

    def open_form(self, title: str, values: dict[str, Any], skill_id: int | None,
                  notes: str = "") -> None:
        def saved(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            skill = validate_skill({**result, "notes": notes})
            if skill_id is None:
                new_id = add_skill(self.store, self.context.plan_id, skill,
                                   session_id=self.context.session_id, actor=self.context.actor)
            else:
                update_skill(self.store, skill_id, skill, session_id=self.context.session_id,
                             actor=self.context.actor)
                new_id = skill_id
            self.notify(f"Skill “{skill.skill}” saved.")
            self.reload(select=new_id)
            self.query_one(RecordTable).focus()

        self.app.push_screen(FieldsForm(title, SKILL_FIELDS, values, validate_skill), saved)

    def action_add(self) -> None:
        self.open_form("New skill", {"method": "training", "status": "planned"}, None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        skill_id = self.query_one(RecordTable).highlighted_id
        if skill_id is None:
            self.action_add()
            return
        skill = get_skill(self.store, skill_id)
        values = {name: getattr(skill, name) for name in ("skill", "who", "method", "status")}
        values["by_date"] = skill.by_date or ""
        self.open_form(f"Edit: {skill.skill}", values, skill_id, notes=skill.notes)

    def highlighted_id(self) -> int | None:
        return self.query_one(RecordTable).highlighted_id

    def delete_record(self, skill_id: int) -> tuple[dict[str, Any], str]:
        deleted = delete_skill(self.store, skill_id, session_id=self.context.session_id,
                               actor=self.context.actor)
        return deleted, deleted["skill"]

    def restore_record(self, deleted: dict[str, Any]) -> int:
        return restore_skill(self.store, deleted, session_id=self.context.session_id,
                             actor=self.context.actor)
