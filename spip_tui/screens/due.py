"""What is due across the plans: reviews due or overdue, tactics due this week or late,
plans ending, contingency reviews older than a year. Enter opens the plan."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from facilitation.portfolio.due import DueItem, due_items, due_summary

from ..widgets.key_footer import KeyFooter
from ..widgets.record_table import RecordTable

STYLES = {"review overdue": "bold red", "tactic late": "red", "review due": "yellow",
          "tactic due": "yellow", "plan ending": "", "contingency review": ""}


class DueScreen(Screen[None]):
    """The reminders, most pressing first."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("enter", "open_plan", "Open plan", show=True),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Due", classes="title", id="due-heading")
        yield RecordTable(id="due")
        yield Static("Nothing is due this week.", classes="empty", id="nothing-due")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.add_columns()
        self.reload()
        self.app.changes.subscribe(self, lambda _batch: self.reload())

    def details_width(self) -> int:
        """The details take what What and When leave (with each column's padding and the
        scrollbar a long list shows): 48 cells at 80 columns, where longer details wrap."""
        return max(20, self.app.size.width - 14 - 10 - 3 * 2 - 2)

    def add_columns(self) -> None:
        table = self.query_one("#due", DataTable)
        self.shown_width = self.details_width()
        table.add_column("What", key="what", width=14)
        table.add_column("When", key="when", width=10)
        table.add_column("Details", key="details", width=self.shown_width)

    def on_resize(self) -> None:
        if self.details_width() != self.shown_width:
            self.query_one("#due", DataTable).clear(columns=True)
            self.add_columns()
            self.reload()

    def reload(self) -> None:
        self.items: list[DueItem] = due_items(self.app.store)
        # Each reminder read whole: its kind and details wrap (the row grows).
        self.query_one("#due", RecordTable).show_wrapped([
            (str(index), (Text(item.kind, STYLES[item.kind]), item.date, Text(item.text)))
            for index, item in enumerate(self.items)])
        self.query_one("#due-heading", Static).update(f"Due: {due_summary(self.items)}")
        self.query_one("#nothing-due").display = not self.items

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_plan()

    def action_open_plan(self) -> None:
        index = self.query_one("#due", RecordTable).highlighted_id   # rows keyed by position
        if index is not None:
            self.app.open_plan(self.items[index].plan_id)
