"""The forecast ledger: did the forecasts come true? Each forecast a session showed,
against the actual sales once its months are imported, and the track record."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from facilitation.store.model import format_money_short

from ..background import Finished, background
from ..widgets.key_footer import KeyFooter
from ..widgets.record_table import RecordTable


class LedgerScreen(Screen[None]):
    """The forecast ledger of one plan (or of all plans); read-only."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, plan_id: int | None = None) -> None:
        super().__init__()
        self.plan_id = plan_id

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Forecast ledger: reading…", classes="title", id="ledger-title")
        yield Static("", id="ledger-summary")
        yield RecordTable(id="ledger-table")
        yield Static("", id="ledger-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#ledger-table", RecordTable)
        table.show_sized(self.columns, [])
        self.read_ledger()
        table.focus()

    @property
    def columns(self) -> tuple[str, ...]:
        """One plan's ledger, or every plan's with a column naming the plan."""
        labels = ("Period", "Shown", "Expected", "Actual", "Error", "80%", "95%")
        return labels if self.plan_id is not None else ("Plan", *labels)

    class Read(Finished):
        """Whose ledger it is, and the ledger."""

    @background("ledger", "reading the forecast ledger")
    def read_ledger(self) -> None:
        from facilitation.plan.plans import get_plan
        from facilitation.retrospective.forecast_ledger import ledger
        from facilitation.store.database import Store

        store = Store.open(self.app.store.path)  # this thread's own connection
        try:
            title = ("all plans" if self.plan_id is None
                     else get_plan(store, self.plan_id).title)
            book = ledger(store, self.plan_id)
        finally:
            store.close()
        self.post_message(self.Read(title, book))

    @on(Read)
    def show(self, message: Read) -> None:
        title, book = message.result
        from facilitation.retrospective.forecast_ledger import summary_line

        self.book = book
        self.query_one("#ledger-title", Static).update(f"Forecast ledger: {title}")
        summaries = book.plans if self.plan_id is not None else [*book.plans, book.overall]
        self.query_one("#ledger-summary", Static).update(
            "\n".join(summary_line(s) for s in summaries) if book.entries else
            "No forecasts recorded yet: a session records the forecast its forecast & gap "
            "step shows.")
        rows = []
        for entry in book.entries:
            cells = [
                f"{entry.period_start}–{entry.period_end}", entry.recorded_at[:10],
                format_money_short(entry.expected), format_money_short(entry.actual),
                "—" if entry.error_pct is None else f"{entry.error_pct:+.1f}%",
                _held(entry.within80), _held(entry.within95),
            ]
            if self.plan_id is None:
                cells.insert(0, entry.subject_name[:12])
            rows.append((str(entry.id), cells))
        self.query_one("#ledger-table", RecordTable).show_sized(self.columns, rows)
        self.show_detail()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """The highlighted forecast, in words."""
        from facilitation.retrospective.forecast_ledger import entry_lines

        entry_id = self.query_one("#ledger-table", RecordTable).highlighted_id
        entries = getattr(self, "book", None) and self.book.entries or []
        entry = next((e for e in entries if e.id == entry_id), None)
        detail = self.query_one("#ledger-detail", Static)
        if entry is None:
            detail.update("")
            return
        detail.update("\n".join([*entry_lines(entry), f"  method: {entry.method}"]))


def _held(held: bool | None) -> str:
    return "—" if held is None else "held" if held else "missed"
