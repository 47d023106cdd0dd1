"""The portfolio: every subject in the sales history, its plan and what needs attention.

What is cheap shows at once; each plan's forecast, gap, chance of target and check score
are filled in by a worker (a forecast fit each) while a progress bar counts them.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, ProgressBar, Static

from facilitation.portfolio.subjects import (
    Filters,
    Outlook,
    SubjectLine,
    owners,
    portfolio_lines,
    sort_by_attention,
)
from facilitation.store.events import ChangeBatch
from facilitation.store.model import SUBJECT_KINDS, format_money_short

from ..background import background
from ..widgets.key_footer import KeyFooter
from ..widgets.portfolio_rows import (
    KIND_LEGEND,
    WIDE_TERMINAL,
    RollUpTable,
    columns,
    describe_subject,
    line_key,
    subject_cells,
)
from ..widgets.record_table import RecordTable


def _cycle(current: str | None, choices: list[str]) -> str | None:
    """The next choice after `current`, then None (no filter) after the last."""
    options: list[str | None] = [None, *choices]
    index = options.index(current) if current in options else 0
    return options[(index + 1) % len(options)]


class PortfolioScreen(Screen[None]):
    """Every subject with its plan, reviews, gap and what needs attention."""

    BINDINGS = [
        # At 80 columns the footer holds the six keys that change the list (Escape goes
        # back as everywhere; Enter opens, as the help says).
        Binding("escape", "app.pop_screen", "Back", show=False),
        Binding("enter", "open_plan", "Open plan", show=True),
        Binding("n", "new_plan", "New"),
        Binding("k", "filter_kind", "Kind"),
        Binding("o", "filter_owner", "Owner"),
        Binding("d", "filter_overdue", "Overdue"),
        Binding("p", "filter_no_plan", "No plan"),
        Binding("g", "roll_up", "Roll-up"),
    ]
    DEFAULT_CSS = """
    PortfolioScreen #portfolio-status { height: 1; padding: 0 1; color: $text-muted; }
    PortfolioScreen ProgressBar { height: 1; padding: 0 1; }
    PortfolioScreen #rollup { display: none; }
    PortfolioScreen #portfolio-total { height: auto; padding: 0 1; }
    PortfolioScreen #portfolio-legend { height: 1; padding: 0 1; color: $text-muted; }
    PortfolioScreen #portfolio-selected { height: 2; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.filters = Filters()
        self.lines: list[SubjectLine] = []
        self.outlooks: dict[int, Outlook | None] = {}
        self.roll_up_by: str | None = None
        self.wide = False  # the kind and the owner written out (set with the columns)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Portfolio", classes="title", id="portfolio-heading")
        yield ProgressBar(show_eta=False, id="portfolio-progress")
        yield RecordTable(id="portfolio")
        yield RollUpTable(id="rollup", cursor_type="row", zebra_stripes=True)
        yield Static("", id="portfolio-total")
        yield Static(KIND_LEGEND, id="portfolio-legend")
        yield Static("", id="portfolio-selected")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.add_columns()
        self.reload()
        self.app.changes.subscribe(self, self.changed)

    def add_columns(self) -> None:
        """The columns for the screen's width: a narrow screen abbreviates the kind (the
        legend under the list says what each stands for) and initials long owners."""
        self.wide = self.app.size.width >= WIDE_TERMINAL
        table = self.query_one("#portfolio", DataTable)
        table.clear(columns=True)
        for label, width in columns(self.wide):
            table.add_column(label, key=label, width=width)
        self.query_one("#portfolio-legend").display = not self.wide

    def on_resize(self) -> None:
        if self.is_mounted and (self.app.size.width >= WIDE_TERMINAL) != self.wide:
            self.add_columns()
            self.show_lines()

    def changed(self, batch: ChangeBatch) -> None:
        """Recompute the plans that changed; every plan after a change that names none
        (an import of history, say)."""
        plan_ids = {change.plan_id for change in batch.changes}
        self.reload(recompute=True if None in plan_ids else plan_ids)

    # --- the list -------------------------------------------------------------------------

    def reload(self, recompute: bool | set[int] = False) -> None:
        """Fill the table with what is cheap now; start the worker for what is not
        (`recompute`: every plan's figures, or those of the plans in the set)."""
        self.lines = self.with_outlooks(portfolio_lines(self.app.store, filters=self.filters))
        self.show_lines()
        again = recompute if isinstance(recompute, set) else set()
        missing = [line.plan for line in self.lines if line.plan is not None
                   and (recompute is True or line.plan.id in again
                        or line.plan.id not in self.outlooks)]
        if missing:
            # After the first paint: the worker's imports would hold the GIL before it.
            self.call_after_refresh(self.compute_outlooks, missing)
        else:
            self.query_one(ProgressBar).display = False

    def with_outlooks(self, lines: list[SubjectLine]) -> list[SubjectLine]:
        return sort_by_attention([
            replace(line, outlook=self.outlooks.get(line.plan.id))
            if line.plan is not None else line for line in lines])

    def show_lines(self) -> None:
        table = self.query_one("#portfolio", DataTable)
        selected = self.selected_key()
        table.clear()
        rows = [(line_key(line), self.cells(line)) for line in self.lines]
        # A screenful now, the rest after the first paint (as on the home screen).
        screenful = max(self.size.height, 24)
        self.add_rows(rows[:screenful], selected)
        if rows[screenful:]:
            self.call_after_refresh(self.add_rows, rows[screenful:], selected)
        self.show_heading()
        self.show_total()

    def add_rows(self, rows: list[tuple[str, list]], selected: str | None) -> None:
        table = self.query_one("#portfolio", DataTable)
        for key, cells in rows:
            if key not in table.rows:
                table.add_row(*cells, key=key)
            if key == selected:
                table.move_cursor(row=table.get_row_index(key))

    def cells(self, line: SubjectLine) -> list:
        pending = line.plan is not None and line.plan.id not in self.outlooks
        return subject_cells(line, pending, self.wide)

    def show_heading(self) -> None:
        f = self.filters
        shown = [f.kind or "", f"owner {f.owner}" if f.owner else "",
                 "overdue only" if f.overdue else "", "no plan only" if f.no_plan else ""]
        shown = [s for s in shown if s]
        with_plan = sum(1 for line in self.lines if line.plan)
        self.query_one("#portfolio-heading", Static).update(
            f"Portfolio: {len(self.lines)} subjects, {with_plan} with a plan"
            + (f" · {', '.join(shown)}" if shown else ""))

    def show_total(self) -> None:
        from facilitation.portfolio.outlook import roll_up

        total = self.query_one("#portfolio-total", Static)
        groups = roll_up(self.lines)
        everything = groups[-1] if groups else None
        if everything is None or not everything.forecast_plans:
            total.update("")
            return
        total.update(
            f"All {everything.forecast_plans} plans: target "
            f"{format_money_short(everything.target)}, forecast "
            f"{format_money_short(everything.lower80)}–{format_money_short(everything.upper80)}"
            f" (80%), gap {format_money_short(everything.gap)}, "
            f"{100 * everything.chance_of_target:.0f}% chance")
        if self.roll_up_by:
            self.query_one(RollUpTable).show(self.lines, self.roll_up_by)

    # --- the forecasts, in a worker ---------------------------------------------------------

    @background("portfolio-outlooks", "forecasting the portfolio")
    def compute_outlooks(self, plans: list) -> None:
        from textual.worker import get_current_worker

        from facilitation.portfolio.outlook import outlooks

        worker = get_current_worker()
        self.post_message(self.OutlooksStarted(len(plans)))
        store = self.app.store.reopen()
        try:
            for plan, outlook in outlooks(store, plans):
                if worker.is_cancelled:
                    return
                self.post_message(self.OutlookReady(plan.id, outlook))
        finally:
            store.close()
        self.post_message(self.OutlooksDone())

    class OutlooksStarted(Message):
        def __init__(self, total: int) -> None:
            super().__init__()
            self.total = total

    class OutlookReady(Message):
        def __init__(self, plan_id: int, outlook: Outlook | None) -> None:
            super().__init__()
            self.plan_id = plan_id
            self.outlook = outlook

    class OutlooksDone(Message):
        """Every plan's outlook has come."""

    @on(OutlooksStarted)
    def outlooks_started(self, message: OutlooksStarted) -> None:
        self.start_progress(message.total)

    @on(OutlookReady)
    def outlook_came(self, message: OutlookReady) -> None:
        self.outlook_ready(message.plan_id, message.outlook)

    @on(OutlooksDone)
    def all_outlooks_came(self, message: OutlooksDone) -> None:
        self.outlooks_done()

    def start_progress(self, total: int) -> None:
        bar = self.query_one(ProgressBar)
        bar.update(total=total, progress=0)
        bar.display = True

    def outlook_ready(self, plan_id: int, outlook: Outlook | None) -> None:
        self.outlooks[plan_id] = outlook
        self.query_one(ProgressBar).advance(1)
        table = self.query_one("#portfolio", DataTable)
        for index, line in enumerate(self.lines):
            if line.plan is not None and line.plan.id == plan_id:
                line = self.lines[index] = replace(line, outlook=outlook)
                key = line_key(line)
                if key in table.rows:
                    for (label, _), value in zip(columns(self.wide), self.cells(line),
                                                 strict=True):
                        table.update_cell(key, label, value)
                break

    def outlooks_done(self) -> None:
        self.query_one(ProgressBar).display = False
        self.lines = self.with_outlooks(self.lines)
        self.show_lines()

    # --- selection and keys -------------------------------------------------------------

    def selected_key(self) -> str | None:
        return self.query_one("#portfolio", RecordTable).highlighted_key

    def selected_line(self) -> SubjectLine | None:
        key = self.selected_key()
        return next((line for line in self.lines if line_key(line) == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "portfolio":
            return
        line = self.selected_line()
        self.query_one("#portfolio-selected", Static).update(
            describe_subject(line) if line else "")

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "portfolio":
            self.action_open_plan()

    def action_open_plan(self) -> None:
        line = self.selected_line()
        if line is None:
            return
        if line.plan is None:
            self.notify(f"{line.subject_name} has no plan yet: press n to start one.")
            return
        self.app.open_plan(line.plan.id)

    def action_new_plan(self) -> None:
        from facilitation.plan.plans import create_plan
        from facilitation.portfolio.drafts import draft_plan

        from ..dialogs.plan_form import PlanForm

        line = self.selected_line()
        if line is None:
            return
        if line.plan is not None:
            self.notify(f"{line.subject_name} has a plan already: Enter opens it.")
            return

        def save(values) -> None:
            if values is None:
                return
            plan_id = create_plan(self.app.store, values)
            self.notify(f"Plan for {values.subject_name.strip()} saved")
            self.reload()
            self.app.open_plan(plan_id)

        draft = draft_plan(self.app.store, line.subject_kind, line.subject_name)
        self.app.push_screen(PlanForm(draft), save)

    def set_filters(self, **changes) -> None:
        self.filters = replace(self.filters, **changes)
        self.reload()

    def action_filter_kind(self) -> None:
        self.set_filters(kind=_cycle(self.filters.kind, list(SUBJECT_KINDS)))

    def action_filter_owner(self) -> None:
        everyone = owners(portfolio_lines(self.app.store))
        if not everyone:
            self.notify("No plan has an owner yet.")
            return
        self.set_filters(owner=_cycle(self.filters.owner, everyone))

    def action_filter_overdue(self) -> None:
        self.set_filters(overdue=not self.filters.overdue)

    def action_filter_no_plan(self) -> None:
        self.set_filters(no_plan=not self.filters.no_plan)

    # --- the roll-up -------------------------------------------------------------------

    def action_roll_up(self) -> None:
        """Subjects → roll-up by kind → roll-up by owner → subjects."""
        self.roll_up_by = {None: "kind", "kind": "owner", "owner": None}[self.roll_up_by]
        rollup = self.query_one(RollUpTable)
        rollup.display = self.roll_up_by is not None
        self.query_one("#portfolio", DataTable).display = self.roll_up_by is None
        if self.roll_up_by:
            rollup.show(self.lines, self.roll_up_by)
            rollup.focus()
        else:
            self.query_one("#portfolio", DataTable).focus()
