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
        yield DataTable(id="due", cursor_type="row", zebra_stripes=True)
        yield Static("Nothing is due this week.", classes="empty", id="nothing-due")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#due", DataTable)
        table.add_column("What", key="what", width=14)
        table.add_column("When", key="when", width=10)
        table.add_column("Details", key="details")
        self.reload()
        self.app.changes.subscribe(self, lambda _batch: self.reload())

    def reload(self) -> None:
        self.items: list[DueItem] = due_items(self.app.store)
        table = self.query_one("#due", DataTable)
        table.clear()
        for index, item in enumerate(self.items):
            table.add_row(Text(item.kind, STYLES[item.kind]), item.date, item.text,
                          key=str(index))
        self.query_one("#due-heading", Static).update(f"Due: {due_summary(self.items)}")
        self.query_one("#nothing-due").display = not self.items

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_plan()

    def action_open_plan(self) -> None:
        table = self.query_one("#due", DataTable)
        if table.row_count:
            self.app.open_plan(self.items[table.cursor_row].plan_id)
