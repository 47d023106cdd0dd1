"""Risk listing in a participant's view: type a risk, see the group's list grow, comment."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from facilitation.contingency.risks import list_risks
from facilitation.live.comments import comment_on_risk, comments_on_risks
from facilitation.live.contributions import contribute_risk
from facilitation.workshop.sessions import Session

from ..widgets.comment_lines import CommentLines
from ..widgets.entry_and_list import EntryAndList
from ..widgets.list_entry import ListEntry
from ..widgets.record_table import RecordTable
from .pane_base import LOCKED, CommentAsked, StepPane

RISK_COLUMNS = 26  # what the number, kind and comment count take with their padding


class RiskTable(RecordTable):
    """The group's risks; c comments on the highlighted one."""

    BINDINGS = [Binding("c", "comment", "Comment")]

    def action_comment(self) -> None:
        self.post_message(CommentAsked())


class RiskPane(EntryAndList, StepPane):
    """Risk listing: type a risk + Enter; the group's list grows as people add; ↓ to the
    list, c comments on a risk."""

    DEFAULT_CSS = "RiskPane RiskTable { height: 1fr; }"
    CONTENT = ("risk.", "comment.")

    def compose(self) -> ComposeResult:
        yield ListEntry(placeholder="Type a risk (what could hurt sales?) and press Enter",
                        compact=True, id="new-risk")
        yield RiskTable(id="risks")
        yield CommentLines(id="risk-comments")

    def setup(self) -> None:
        table = self.query_one(RiskTable)
        table.add_column("#", width=3)
        table.add_column("Risk", key="title", width=self.text_width(RISK_COLUMNS))
        table.add_column("Kind", width=11)
        table.add_column("Comments", width=8)
        self.comments: dict[int, list] = {}
        self.query_one(Input).focus()

    def show(self, session: Session, locked: bool) -> None:
        super().show(session, locked)
        field = self.query_one(Input)
        field.disabled = locked
        field.placeholder = (LOCKED if locked else
                             "Type a risk (what could hurt sales?) and press Enter")
        self.keep_typing(field)
        table = self.query_one(RiskTable)
        risks = list_risks(self.store, session.plan_id)
        self.comments = comments_on_risks(self.store, [r.id for r in risks])
        # The title is what the group reads: it wraps whole (the row grows), as on the
        # facilitator's screen.
        table.sync_rows([
            (str(risk.id), (str(number), Text(risk.title), risk.category,
                            str(len(self.comments.get(risk.id, ()))) if risk.id in
                            self.comments else ""))
            for number, risk in enumerate(risks, 1)], wrap=True)
        if table.row_count and not table.has_focus:
            table.move_cursor(row=table.row_count - 1)
        self.show_comments()

    def show_comments(self) -> None:
        table = self.query_one(RiskTable)
        self.query_one(CommentLines).show(self.comments.get(table.highlighted_id, []))

    def on_data_table_row_highlighted(self) -> None:
        self.show_comments()

    def entry(self) -> ListEntry:
        return self.query_one("#new-risk", ListEntry)

    def entry_list(self) -> RiskTable:
        return self.query_one(RiskTable)

    def on_comment_asked(self, message: CommentAsked) -> None:
        risk_id = self.query_one(RiskTable).highlighted_id
        if risk_id is None:
            return
        self.ask("Your comment on this risk (the group sees it with your name)",
                 lambda text: self.write(comment_on_risk, risk_id, text,
                                         saved=lambda _id: self.notify("Comment added.")))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        if not text.strip():
            return
        field = self.query_one("#new-risk", ListEntry)  # it emptied itself on Enter
        self.write(contribute_risk, text, saved=lambda _id: self.notify("Risk added."),
                   refused=lambda _reason: field.give_back(text))
