"""Progress review, KPI actuals: enter this period's actual for each KPI, see its pace
against the target, and the KPIs that diverge flagged early."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitation.plan.kpi_pace import KpiPace, kpi_paces, period_label
from facilitation.plan.kpis import KpiInputError, record_actual
from facilitation.plan.reviews import mark_review_held, nearest_progress_review

from ..watch import DatabaseWatch
from ..widgets.record_table import RecordTable
from ..widgets.text import clip
from .base import StepView

STATUS_STYLES = {"on target": "green", "close": "yellow", "behind": "bold red",
                 "not entered": "dim", "no target": "dim"}


class KpiActualsStep(StepView):
    """One line per KPI: target, this period's actual, the previous one, pace."""

    BINDINGS = [
        Binding("h", "held", "Review held"),
    ]
    DEFAULT_CSS = """
    KpiActualsStep #actuals-hint { height: 1; color: $text-muted; padding: 0 1; }
    KpiActualsStep #actuals-warning { height: auto; color: $warning; padding: 0 1; }
    KpiActualsStep RecordTable { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static("Enter: type this period's actual · h: mark today's review held",
                     id="actuals-hint")
        yield Static("", id="actuals-warning")
        yield RecordTable(id="actuals")
        yield Static("This plan has no KPIs yet: add them in a KPIs step.", classes="empty",
                     id="no-kpis")

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        for label, key in (("KPI", "name"), ("Target", "target"), ("Now", "actual"),
                           ("Before", "previous"), ("Pace", "pace")):
            table.add_column(label, key=key)
        self.reload()
        self.watch = DatabaseWatch(self, self.store, self.reload)
        table.focus()

    def paces(self) -> list[KpiPace]:
        return kpi_paces(self.store, self.context.plan_id)

    def reload(self) -> None:
        table = self.query_one(RecordTable)
        keep = table.highlighted_id
        table.clear()
        paces = self.paces()
        for pace in paces:
            kpi = pace.kpi
            ratio = f" {100 * pace.ratio:.0f}%" if pace.ratio is not None else ""
            flag = "⚠ " if pace.diverging else ""
            table.add_row(clip(kpi.name, 20), kpi.format_value(kpi.target),
                          kpi.format_value(pace.actual), kpi.format_value(pace.previous),
                          Text(f"{flag}{pace.status}{ratio}", STATUS_STYLES[pace.status]),
                          key=str(kpi.id))
        table.select_id(keep)
        self.query_one("#no-kpis").display = not paces
        diverging = [p.kpi.name for p in paces if p.diverging]
        warning = self.query_one("#actuals-warning", Static)
        warning.update(f"⚠ Off pace: {', '.join(diverging)}. Decide what to change."
                       if diverging else "")
        warning.display = bool(diverging)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        from ..dialogs.text_prompt import TextPrompt

        kpi_id = self.query_one(RecordTable).highlighted_id
        pace = next((p for p in self.paces() if p.kpi.id == kpi_id), None)
        if pace is None:
            return
        kpi = pace.kpi
        label = period_label(kpi.cadence, pace.period)
        question = (f"{kpi.name}, {label}: actual (target "
                    f"{kpi.format_value(kpi.target)})")
        current = "" if pace.actual is None else f"{pace.actual:g}"

        def entered(value: str | None) -> None:
            if value is None or not value.strip():
                return
            try:
                record_actual(self.store, kpi.id, pace.period.isoformat(), value,
                              session_id=self.context.session_id, actor=self.context.actor)
            except KpiInputError as exc:
                self.notify(f"{kpi.name}: {'; '.join(exc.errors.values())}", severity="warning")
                return
            self.reload()

        self.app.push_screen(TextPrompt(question, current), entered)

    def action_held(self) -> None:
        review = nearest_progress_review(self.store, self.context.plan_id)
        if review is None:
            self.notify("No progress review is scheduled; set the rhythm in a review-rhythm "
                        "step.", severity="warning")
            return
        mark_review_held(self.store, review.id, session_id=self.context.session_id,
                         actor=self.context.actor)
        self.notify(f"The progress review of {review.date} is recorded as held.")
