"""One plan: its subject, target and sessions; the way into its workshop and analysis."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from facilitation.plan.plans import get_plan
from facilitation.plan.reviews import reviews_line
from facilitation.store.events import ChangeBatch
from facilitation.store.model import format_money
from facilitation.workshop.sessions import list_sessions

from ..background import Finished, background
from ..widgets.key_footer import KeyFooter
from ..widgets.record_table import RecordTable

SESSION_COLUMNS = ("Started", "Script", "Facilitator", "Ended", "Current step")
NARROW_SCRIPT, NARROW_FACILITATOR = 12, 12  # "Full plan / workshop", a name on two lines


def session_widths(rows: list[tuple], screen_width: int) -> list[int]:
    """The sessions' column widths: every text whole on one line when the screen has the
    room; otherwise the script and facilitator narrow (they wrap) and the current step
    takes what is left (where it wraps too), so that nothing is cut at 80 columns."""
    natural = [max([len(SESSION_COLUMNS[i]), *(Text(str(row[i])).cell_len for row in rows)])
               for i in range(len(SESSION_COLUMNS))]
    # Each column's padding (a cell each side) and the scrollbar a long list shows.
    room = screen_width - len(SESSION_COLUMNS) * 2 - 2
    if sum(natural) <= room:
        return natural
    started, script, facilitator, ended, _step = natural
    script, facilitator = min(script, NARROW_SCRIPT), min(facilitator, NARROW_FACILITATOR)
    return [started, script, facilitator, ended,
            max(12, room - started - script - facilitator - ended)]


class PlanScreen(Screen[None]):
    """Details of one plan and the list of its sessions."""

    help_topic = "A plan"  # F1 opens the help here

    # At 80 columns the footer holds the plan's five keys and F1 Help; the keys that act
    # on the sessions are named above their list (and in the help).
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Plans", show=False),
        Binding("s", "start_session", "Session"),
        Binding("h", "analysis('past_performance')", "History"),
        Binding("f", "analysis('forecast_gap')", "Forecast"),
        Binding("k", "plan_check", "Check"),
        Binding("x", "export", "Export"),
        Binding("r", "replay", "Replay", show=False),
        Binding("c", "compare", "Compare", show=False),
        Binding("l", "ledger", "Forecast ledger", show=False),
        Binding("a", "as_of", "As of", show=False),
        Binding("y", "analysis('year_in_review')", "Year in review", show=False),
    ]

    def __init__(self, plan_id: int) -> None:
        super().__init__()
        self.plan_id = plan_id

    DEFAULT_CSS = """
    PlanScreen #plan-reviews { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", classes="title", id="plan-title")
        yield Static("", id="plan-details")
        yield Static("", id="plan-reviews")
        yield Static("Sales against the original forecast: reading…", id="plan-sales",
                     classes="muted")
        yield Static(Text.assemble(("Sessions", "bold"), "  Enter open · r replay · "
                                   "c compare · l forecast ledger", style=""),
                     classes="title", id="sessions-title")
        yield RecordTable(id="sessions")
        yield Static("No sessions yet.", classes="empty", id="no-sessions")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.load_sales()
        self.app.changes.subscribe(self, self.plan_changed)

    def on_resize(self) -> None:
        if self.is_mounted and self.query("#sessions"):
            self.reload()

    def plan_changed(self, batch: ChangeBatch) -> None:
        if not batch.touches_plan(self.plan_id):
            return
        self.reload()
        # A session's forecast step records the forecast it showed, an import brings
        # months of the period: the line about them follows (not each idea typed).
        if batch.has_kind("forecast_ledger.", "history.", "plan."):
            self.load_sales()

    @property
    def plan(self):
        return get_plan(self.app.store, self.plan_id)

    def reload(self) -> None:
        plan = self.plan
        self.query_one("#plan-title", Static).update(f"Plan: {plan.title}")
        self.query_one("#plan-details", Static).update(
            f" Owner {plan.owner}   Target {format_money(plan.target_amount)} "
            f"for {plan.period}   Status {plan.status}"
        )
        self.query_one("#plan-reviews", Static).update(
            " " + reviews_line(self.app.store, self.plan_id))
        table = self.query_one("#sessions", RecordTable)
        keep = table.highlighted_id
        sessions = sorted(list_sessions(self.app.store, self.plan_id),
                          key=lambda session: session.started_at, reverse=True)
        rows = [(str(session.id), (
            session.started_at[:16].replace("T", " "), Text(session.script.title),
            Text(session.facilitator), (session.ended_at or "in progress")[:11].rstrip("T"),
            Text(f"{session.current_step_index + 1}. {session.current_step.title}")))
            for session in sessions]
        table.clear(columns=True)
        for label, width in zip(SESSION_COLUMNS, session_widths(
                [cells for _, cells in rows], self.app.size.width), strict=True):
            table.add_column(label, key=label, width=width)
        table.add_rows(rows, wrap=True)
        table.select_id(keep)
        self.query_one("#no-sessions").display = not sessions

    class SalesRead(Finished):
        """The lines of sales to date against the original forecast and the target."""

    @background("plan-sales", "reading the sales against the original forecast")
    def load_sales(self) -> None:
        """Actual to date against the forecast first shown and the target, and the gap now,
        from the cached forecast (the forecast screen and imports keep it current)."""
        from facilitation.retrospective.against_original import against_original

        store = self.app.store.reopen()
        try:
            lines = against_original(store, self.plan_id, compute=False).lines()
        finally:
            store.close()
        self.post_message(self.SalesRead(lines))

    @on(SalesRead)
    def show_sales(self, message: SalesRead) -> None:
        (lines,) = message.result
        if self.is_mounted:
            self.query_one("#plan-sales", Static).update("\n".join(f" {line}" for line in lines))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        """Enter on a session opens it where it stands (a paused one resumes on F5)."""
        if event.data_table.id == "sessions":
            session_id = self.query_one("#sessions", RecordTable).highlighted_id
            if session_id is not None:
                self.open_session(session_id)

    def open_session(self, session_id: int) -> None:
        from .session import SessionScreen

        self.app.push_screen(SessionScreen(session_id))

    def action_replay(self) -> None:
        """Replay the highlighted session, ended or not (read-only)."""
        from .replay import ReplayScreen

        session_id = self.query_one("#sessions", RecordTable).highlighted_id
        if session_id is None:
            self.notify("No sessions to replay yet.")
            return
        self.app.push_screen(ReplayScreen(session_id))

    def action_compare(self) -> None:
        """The plan at its last annual review (else first workshop) against now."""
        from .compare import CompareScreen

        self.app.push_screen(CompareScreen(self.plan_id))

    def action_as_of(self) -> None:
        """The plan as it stood at its last annual review (else its first workshop)."""
        from .plan_as_of import PlanAsOfScreen

        self.app.push_screen(PlanAsOfScreen(self.plan_id))

    def action_ledger(self) -> None:
        """The forecasts this plan's sessions showed, against what was sold."""
        from .ledger import LedgerScreen

        self.app.push_screen(LedgerScreen(self.plan_id))

    def action_analysis(self, kind: str) -> None:
        from .analysis import AnalysisScreen

        self.app.push_screen(AnalysisScreen(self.plan_id, kind))

    def action_plan_check(self) -> None:
        from ..dialogs.export_plan import open_plan_check

        open_plan_check(self.app, self.plan_id)

    def action_export(self) -> None:
        from ..dialogs.export_plan import open_export

        open_export(self.app, self.plan_id)

    def action_start_session(self) -> None:
        from facilitation.workshop.scripts import load_scripts

        from ..dialogs.start_session import StartSessionDialog

        catalogue = load_scripts()
        if not catalogue.scripts:
            self.notify("No usable workshop scripts: " + "; ".join(map(str, catalogue.errors)),
                        severity="error")
            return

        def start(request) -> None:
            from facilitation.workshop.sessions import start_session

            if request is None:
                return
            session_id = start_session(self.app.store, self.plan_id,
                                       catalogue.scripts[request.script_name],
                                       request.facilitator, request.participants)
            self.reload()
            self.open_session(session_id)

        self.app.push_screen(StartSessionDialog(catalogue, self.plan.owner), start)
