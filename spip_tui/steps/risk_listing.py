"""Step 3, risk listing: type a risk and Enter; pick from the catalogue; edit, delete,
undo, reorder; in reviews, mark the risks that happened."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Static

from facilitation.contingency.risks import (
    RiskInputError,
    add_from_catalogue,
    add_risk,
    delete_risk,
    get_risk,
    list_risks,
    mark_risk_occurred,
    move_risk,
    next_category,
    rename_risk,
    restore_risk,
    set_risk_category,
)
from facilitation.live.comments import comments_on_risks

from ..widgets.comment_lines import CommentLines
from ..widgets.entry_and_list import EntryAndList
from ..widgets.list_entry import ListEntry
from ..widgets.record_table import RecordTable
from .base import StepView
from .shared import DeleteWithUndo, when_risk_exists


class RiskTable(RecordTable):
    """The plan's risks (the keys that act on the highlighted one belong to the step)."""


class RiskListingStep(DeleteWithUndo, EntryAndList, StepView):
    """The group's list of risks to the plan."""

    # Letter keys reach these only when the list has focus: the input takes what is typed.
    record_noun = "risk"
    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("delete,d", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
        Binding("shift+up", "move(-1)", "Move up", show=False),
        Binding("shift+down", "move(1)", "Move down", show=False),
        Binding("c,ctrl+o", "catalogue", "Catalogue"),
        Binding("g", "next_category", "Category", show=False),
        Binding("o", "toggle_occurred", "Happened", show=False),
        Binding("a", "focus_input", "Add", show=False),
    ]
    DEFAULT_CSS = """
    RiskListingStep #new-risk { margin: 0 0 0 0; }
    RiskListingStep #risk-hint { height: auto; color: $text-muted; }
    RiskListingStep RiskTable { height: 1fr; }
    """

    def __init__(self, context) -> None:
        super().__init__(context)
        self.deleted: list[dict[str, Any]] = []  # what undo can bring back, newest last

    def compose(self) -> ComposeResult:
        yield ListEntry(placeholder="Type a risk and press Enter", compact=True, id="new-risk")
        yield Static(self.hint("↓ list · e edit · g category · o happened · d delete · "
                               "u undo · shift+↑↓ move · c catalogue"), id="risk-hint")
        yield RiskTable(id="risks", cursor_type="row", zebra_stripes=True)
        yield CommentLines(id="risk-comments")

    def on_mount(self) -> None:
        self.add_columns()
        self.reload()
        self.follow_changes(self.reload)
        self.query_one("#new-risk", Input).focus()

    def add_columns(self) -> None:
        """The title takes the width the other columns leave (40 characters at 80 columns;
        a longer one wraps)."""
        table = self.query_one(RiskTable)
        self.title_width = max(16, self.size.width - 35)
        table.add_column("#", key="n", width=2)
        table.add_column("Risk", key="title", width=self.title_width)
        table.add_column("Category", key="category", width=11)
        table.add_column("Happened", key="occurred", width=10)

    def on_resize(self) -> None:
        if not self.query(RiskTable):  # a resize can arrive before the table is mounted
            return
        if max(16, self.size.width - 35) != self.title_width:
            self.query_one(RiskTable).clear(columns=True)
            self.add_columns()
            self.reload()

    def reload(self, select: int | None = None) -> None:
        table = self.query_one(RiskTable)
        keep = select if select is not None else self.highlighted_id()
        risks = list_risks(self.store, self.context.plan_id)
        # The title is what the group reads: it wraps (the row grows), as each risk arrives.
        table.sync_rows([
            (str(risk.id), (str(number), Text(risk.title), risk.category,
                            risk.occurred_at or ""))
            for number, risk in enumerate(risks, 1)], wrap=True)
        # Participants' comments arrive with the change feed; the highlighted risk's show.
        self.comments = comments_on_risks(self.store, [r.id for r in risks])
        if keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)))
        self.show_comments()

    def show_comments(self) -> None:
        self.query_one(CommentLines).show(self.comments.get(self.highlighted_id(), []))

    def on_data_table_row_highlighted(self) -> None:
        if hasattr(self, "comments"):
            self.show_comments()

    def highlighted_id(self) -> int | None:
        return self.query_one(RiskTable).highlighted_id

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "new-risk":
            return
        event.stop()
        try:
            risk_id = add_risk(self.store, self.context.plan_id, event.value,
                               session_id=self.context.session_id, actor=self.context.actor)
        except RiskInputError as exc:
            self.notify(str(exc), severity="warning")
            self.query_one("#new-risk", ListEntry).give_back(event.value)
            return
        self.reload(select=risk_id)

    def entry(self) -> ListEntry:
        return self.query_one("#new-risk", ListEntry)

    def entry_list(self) -> RiskTable:
        return self.query_one(RiskTable)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_focus_input(self) -> None:
        self.query_one("#new-risk", Input).focus()

    @when_risk_exists
    def action_edit(self) -> None:
        from ..dialogs.text_prompt import TextPrompt

        risk_id = self.highlighted_id()
        if risk_id is not None:
            self.app.push_screen(TextPrompt("Reword the risk", get_risk(self.store, risk_id).title),
                                 partial(self.reword, risk_id))

    @when_risk_exists
    def reword(self, risk_id: int, title: str | None) -> None:
        if title is None:
            return
        try:
            rename_risk(self.store, risk_id, title, session_id=self.context.session_id,
                        actor=self.context.actor)
        except RiskInputError as exc:
            self.notify(str(exc), severity="warning")
        self.reload()

    def delete_record(self, risk_id: int) -> tuple[dict[str, Any], str]:
        deleted = delete_risk(self.store, risk_id, session_id=self.context.session_id,
                              actor=self.context.actor)
        return deleted, deleted["risk"]["title"]

    def restore_record(self, deleted: dict[str, Any]) -> int:
        return restore_risk(self.store, deleted, session_id=self.context.session_id,
                            actor=self.context.actor)

    @when_risk_exists
    def action_move(self, offset: int) -> None:
        risk_id = self.highlighted_id()
        if risk_id is not None and move_risk(self.store, risk_id, offset,
                                             session_id=self.context.session_id,
                                             actor=self.context.actor):
            self.reload(select=risk_id)

    @when_risk_exists
    def action_next_category(self) -> None:
        risk_id = self.highlighted_id()
        if risk_id is None:
            return
        category = next_category(get_risk(self.store, risk_id).category)
        set_risk_category(self.store, risk_id, category, session_id=self.context.session_id,
                          actor=self.context.actor)
        self.reload()

    @when_risk_exists
    def action_toggle_occurred(self) -> None:
        """For reviews: mark that the risk happened (asking in which month), or take the
        mark back."""
        from facilitation.contingency.risks import RiskInputError, parse_occurred

        from ..dialogs.text_prompt import TextPrompt

        risk_id = self.highlighted_id()
        if risk_id is None:
            return
        risk = get_risk(self.store, risk_id)
        if risk.occurred_at is not None:
            mark_risk_occurred(self.store, risk_id, False, **self.who)
            self.notify(f"“{risk.title}” no longer marked as happened.")
            self.reload()
            return

        def answered(text: str | None) -> None:
            if text is None:
                return
            try:
                month = parse_occurred(text)
            except RiskInputError as exc:
                self.notify(str(exc), severity="warning")
                return
            mark_risk_occurred(self.store, risk_id, True, on=month, **self.who)
            self.notify(f"“{risk.title}” happened in {month}.")
            self.reload()

        self.app.push_screen(TextPrompt(f"When did “{risk.title}” happen? "
                                        "(YYYY-MM; blank: this month)",
                                        parse_occurred("")), answered)

    def action_catalogue(self) -> None:
        from ..dialogs.risk_catalogue import CataloguePicker

        taken = {r.catalogue_key for r in list_risks(self.store, self.context.plan_id)}
        self.app.push_screen(CataloguePicker(taken, self.add_catalogue_risk))

    def add_catalogue_risk(self, entry) -> None:
        risk_id = add_from_catalogue(self.store, self.context.plan_id, entry,
                                     session_id=self.context.session_id, actor=self.context.actor)
        self.reload(select=risk_id)
