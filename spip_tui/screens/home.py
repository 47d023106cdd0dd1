"""Home: every plan, with keys to create, open, rename and archive."""

from __future__ import annotations

from functools import lru_cache

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from facilitation.plan.plans import (
    PlanInputError,
    create_plan,
    list_plans,
    rename_plan,
    set_plan_status,
)
from facilitation.portfolio.due import due_items, due_summary
from facilitation.store.model import format_money, format_money_short, format_month_span

from ..background import background
from ..widgets.key_footer import KeyFooter
from ..widgets.record_table import RecordTable
from ..widgets.text import clip

COLUMNS = ("Subject", "Kind", "Owner", "Target", "Last session", "Next review", "Period")
TARGET = COLUMNS.index("Target")
# Below this width the table drops the period column and the columns share what is
# left, so that the six columns that matter fit an 80-column terminal.
WIDE = 100
# Who yields room when the six do not fit, in this order and down to these widths: the
# kind (the line under the table spells it out), then the subject; the owner last, so a
# name reads whole ("Dana Whitfie…" was cut while the kind kept its eleven letters).
YIELDING = (("Kind", 6), ("Subject", 12), ("Owner", 10))


@lru_cache(maxsize=1024)
def clipped(text: str, width: int) -> str:
    """clip(), once per value: a long portfolio repeats its kinds and owners."""
    return clip(text, width)


def fit_widths(labels: tuple[str, ...], widths: list[int], room: int) -> list[int]:
    """`widths` narrowed, by the YIELDING columns in turn, until they add up to `room`."""
    widths = list(widths)
    over = sum(widths) - room
    for label, floor in YIELDING:
        column = labels.index(label)
        give = max(0, min(over, widths[column] - floor))
        widths[column] -= give
        over -= give
    return widths


def as_text(cells: list[str]) -> list[Text]:
    """A row's cells as the table shows them, the target right-aligned. Text, not str:
    DataTable reads a str as markup (a subject named "North [old]" would lose its
    brackets), and parsing it costs time on the first screen. Made only for the rows
    added, not for every plan's."""
    return [Text(cell, justify="right") if column == TARGET else Text(cell, end="")
            for column, cell in enumerate(cells)]


class HomeScreen(Screen[None]):
    """The list of plans; the first screen spip shows."""

    help_topic = "Plans (home)"  # F1 opens the help here

    # At 80 columns the footer holds five keys and F1 Help (which lists them all): u is
    # named on the due line, v in the message after archiving.
    BINDINGS = [
        Binding("n", "new_plan", "New"),
        Binding("enter", "open_plan", "Open", show=True),
        Binding("r", "rename_plan", "Rename"),
        Binding("a", "archive_plan", "Archive"),
        Binding("v", "toggle_archived", "Show archived", show=False),
        Binding("i", "import_history", "Import"),
        Binding("p", "app.portfolio", "Portfolio"),
        Binding("u", "app.due", "Due", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_archived = False
        self.filling: list[tuple[str, list]] = []  # the rows the table is being filled with

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Plans", classes="title", id="heading")
        yield Static("", classes="hint", id="due-summary")
        yield RecordTable(id="plans")
        yield Static("No plans yet. Press n to create one.", classes="empty", id="empty")
        yield Static("", classes="hint", id="selected")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.wide: bool | None = None
        self.reload()
        # Any change can show here: a new plan, a session (last session), a review.
        self.app.changes.subscribe(self, lambda _batch: self.changed())
        self.stale = False

    def changed(self) -> None:
        """Reload now if the plans list is on screen; else once it is back (a live
        workshop commits several times a second on the session screen above it)."""
        if self.is_active:
            self.reload()
        else:
            self.stale = True

    def on_screen_resume(self) -> None:
        if self.stale:
            self.stale = False
            self.reload()

    def on_resize(self) -> None:
        # Narrow, the columns share the width (less a scrollbar the height may need): a
        # new size shares it anew.
        if (self.size.width >= WIDE) != self.wide or (not self.wide
                                                      and self.size != self.fitted_to):
            self.reload()

    def reload(self) -> None:
        """Fill the table from the database, keeping the cursor on the same plan."""
        table = self.query_one("#plans", DataTable)
        selected = self.selected_plan_id()
        wide = self.size.width >= WIDE
        summaries = list_plans(self.app.store, include_archived=self.show_archived)
        self.plans = {s.plan.id: s.plan for s in summaries}
        rows = [self.cells(summary, wide) for summary in summaries]
        labels = COLUMNS if wide else COLUMNS[:-1]
        # Widths given up front: DataTable then needn't measure every cell (the bulk
        # of the first screen's cost with a few hundred plans).
        widths = [max([len(label), *(len(str(row[i])) for row in rows)])
                  for i, label in enumerate(labels)]
        if not wide:
            widths = fit_widths(labels, widths, self.room_for_cells(table, len(rows)))
            rows = [[cell if len(cell) <= width else clipped(cell, width)
                     for cell, width in zip(row, widths)] for row in rows]
        table.clear(columns=True)
        for label, width in zip(labels, widths):
            # Text, not str: a str label is read as markup, whose emoji table alone
            # costs the first screen ~7 ms to load.
            table.add_column(Text(label), key=label, width=width)
        self.wide, self.fitted_to = wide, self.size
        keyed = [(str(summary.plan.id), cells) for summary, cells in zip(summaries, rows)]
        # A screenful now, the rest a screenful per refresh after the first paint:
        # DataTable measures every cell it is given (~0.6 ms a row), and neither the first
        # screen nor a key typed just after it should wait for a long portfolio.
        self.filling = keyed
        self.add_rows(keyed, selected, max(self.size.height, 24))
        self.query_one("#empty").display = not summaries
        heading = "Plans (archived shown)" if self.show_archived else "Plans"
        self.query_one("#heading", Static).update(f"{heading}: {len(summaries)}")
        self.show_due()

    def room_for_cells(self, table: DataTable, rows: int) -> int:
        """The columns' text room: the width less each cell's padding, and less the
        scrollbar when the rows will not all fit (the screen's other lines take 7)."""
        scrollbar = table.styles.scrollbar_size_vertical if rows > self.size.height - 7 else 0
        return self.size.width - scrollbar - 2 * table.cell_padding * (len(COLUMNS) - 1)

    def show_due(self) -> None:
        """What is due, in one line (u lists it); read without any heavy import."""
        items = due_items(self.app.store)
        self.query_one("#due-summary", Static).update(
            Text(f"Due: {due_summary(items)}" + ("  (u)" if items else ""),
                 style="bold" if any(i.kind == "review overdue" for i in items) else ""))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        plan = self.plans.get(self.selected_plan_id())
        self.query_one("#selected", Static).update(
            f"{plan.subject_name} ({plan.subject_kind}): target "
            f"{format_money(plan.target_amount)} for "
            f"{format_month_span(plan.period_start, plan.period_end)}, owner {plan.owner}"
            if plan else ""
        )

    def add_rows(self, keyed: list[tuple[str, list]], selected: int | None, count: int,
                 start: int = 0) -> None:
        """Add `count` rows from `start`, the rest after the next refresh, putting the
        cursor back on the selected plan when it comes by."""
        if keyed is not self.filling:
            return  # a newer reload has filled the table since
        table = self.query_one("#plans", DataTable)
        for key, cells in keyed[start:start + count]:
            if key not in table.rows:
                table.add_row(*as_text(cells), key=key)
            if key == str(selected):
                table.move_cursor(row=table.get_row_index(key))
        if start + count < len(keyed):
            self.call_after_refresh(self.add_rows, keyed, selected, count, start + count)

    @staticmethod
    def cells(summary, wide: bool) -> list[str]:
        """One plan's row (a narrow terminal shows the target short, without the period;
        reload fits the rest to the width)."""
        plan = summary.plan
        subject = plan.subject_name + (" (archived)" if plan.status == "archived" else "")
        cells = [
            subject, plan.subject_kind, plan.owner,
            format_money(plan.target_amount) if wide
            else format_money_short(plan.target_amount),
            (summary.last_session or "—")[:10], summary.next_review or "—",
        ]
        if wide:
            cells.append(format_month_span(plan.period_start, plan.period_end))
        return cells

    def selected_plan_id(self) -> int | None:
        return self.query_one("#plans", RecordTable).highlighted_id

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if (plan_id := self.selected_plan_id()) is not None:
            self.app.open_plan(plan_id)

    def action_open_plan(self) -> None:
        plan_id = self.selected_plan_id()
        if plan_id is not None:
            self.app.open_plan(plan_id)

    def action_new_plan(self) -> None:
        from ..dialogs.plan_form import PlanForm

        def save(values) -> None:
            if values is None:
                return
            plan_id = create_plan(self.app.store, values)
            self.reload()
            table = self.query_one("#plans", DataTable)
            table.move_cursor(row=table.get_row_index(str(plan_id)))
            self.notify(f"Plan for {values.subject_name.strip()} saved")

        self.app.push_screen(PlanForm(), save)

    def action_rename_plan(self) -> None:
        plan_id = self.selected_plan_id()
        if plan_id is None:
            return
        current = self.plans[plan_id].subject_name
        from ..dialogs.text_prompt import TextPrompt

        def save(name: str | None) -> None:
            if not name:
                return
            try:
                rename_plan(self.app.store, plan_id, name)
            except PlanInputError as exc:
                self.notify(str(exc), severity="error")
                return
            self.reload()
            self.notify(f"Renamed to {name.strip()}")

        self.app.push_screen(TextPrompt("Rename the plan's subject", current), save)

    def action_archive_plan(self) -> None:
        plan_id = self.selected_plan_id()
        if plan_id is None:
            return
        plan = self.plans[plan_id]
        subject = plan.subject_name
        if plan.status == "archived":
            set_plan_status(self.app.store, plan_id, "active")
            self.reload()
            self.notify(f"{subject} is active again")
            return

        from ..dialogs.confirm import ConfirmDialog

        def archive(confirmed: bool | None) -> None:
            if confirmed:
                set_plan_status(self.app.store, plan_id, "archived")
                self.reload()
                self.notify(f"{subject} archived (press v to see archived plans)")

        self.app.push_screen(
            ConfirmDialog(f"Archive the plan for {subject}? It is kept and can be restored."),
            archive,
        )

    def action_import_history(self) -> None:
        from ..dialogs.import_history import ImportDialog

        def done(saved) -> None:
            if saved is not None:
                verb = "Replaced" if saved.replaced else "Imported"
                self.notify(f"{verb} {saved.source}: {saved.rows_read:,} rows, "
                            f"{saved.subjects} subjects, {saved.months} months")
                self.precompute(saved.import_id)

        self.app.push_screen(ImportDialog(), done)

    class Precomputing(Message):
        """Progress of the precompute after an import: `done` of `total` analyses; with
        `finished`, it ended (`ready`: how many subjects it made ready; None if it failed)."""

        def __init__(self, done: int = 0, total: int = 0, *, finished: bool = False,
                     ready: int | None = None) -> None:
            super().__init__()
            self.done = done
            self.total = total
            self.finished = finished
            self.ready = ready

    @background("precompute", "computing the forecasts and past performance")
    def precompute(self, import_id: int) -> None:
        """After an import, its subjects' forecasts and past performance into the cache
        (off the UI thread, on a connection of its own), so that their screens open on
        ready figures; its progress shows on a line of its own above the footer."""
        from facilitation.history.precompute import precompute_import

        post = self.post_message   # thread-safe
        post(self.Precomputing())
        ready = None
        store = self.app.store.reopen()
        try:
            ready = precompute_import(
                store, import_id, lambda done, total: post(self.Precomputing(done, total)),
            ).subjects
        finally:
            store.close()
            post(self.Precomputing(finished=True, ready=ready))

    def on_home_screen_precomputing(self, event: Precomputing) -> None:
        lines = self.query("#precompute")
        if event.finished:
            lines.remove()
            if event.ready:
                subjects = "subject" if event.ready == 1 else "subjects"
                self.notify(f"Forecasts and past performance ready for {event.ready} "
                            f"imported {subjects}", timeout=4)
            return
        # The count first: the toasts of the import cover the right half of the line.
        text = "Precomputing" + (f" {event.done}/{event.total}:" if event.total else "…") \
            + " forecasts and past performance of the import"
        if lines:
            lines.first(Static).update(text)
        else:
            self.mount(Static(text, classes="hint", id="precompute"), before="#selected")

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.reload()
