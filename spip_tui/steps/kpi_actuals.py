"""Progress review, KPI actuals: a grid of KPIs × their recent periods (past ones can be
corrected), each KPI's pace this period, what it needs for the rest of the plan's period,
and the KPIs drifting from their target path flagged early."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitation.plan.decisions import Decision, carried_line, previous_review_decisions
from facilitation.plan.kpi_history import GRID_PERIODS, KpiTrack, kpi_tracks
from facilitation.plan.kpi_pace import CLOSE, KpiPace, kpi_paces, pace_ratio, period_label
from facilitation.plan.kpis import KpiInputError, record_actual
from facilitation.plan.reviews import (
    mark_review_held,
    nearest_progress_review,
    upcoming_reviews,
)

from ..widgets.record_table import RecordTable, cell_width
from ..widgets.text import wrap_words
from .base import StepView

STATUS_STYLES = {"on target": "green", "close": "yellow", "behind": "bold red",
                 "not entered": "dim", "no target": "dim"}
# KPI, Pace, Target, then the periods newest first: the step's body is narrow at 80×24, so
# what matters now comes first and older periods scroll in from the right.
FIXED_COLUMNS = 3


def cell_text(value: float | None, unit: str) -> str:
    """A number short enough for a grid cell: '18', '2.5', '31%'."""
    if value is None:
        return "·"
    number = f"{value:,.0f}" if value == int(value) else f"{value:.3g}"
    return f"{number}%" if unit.strip() == "%" else number


def ratio_style(ratio: float | None) -> str:
    if ratio is None:
        return "dim"
    return "green" if ratio >= 1 else "yellow" if ratio >= CLOSE else "bold red"


def period_headers(tracks: list[KpiTrack]) -> list[str]:
    """Month names, newest first, when every KPI is monthly; else periods back from now."""
    if tracks and all(t.kpi.cadence == "monthly" for t in tracks):
        return [p.strftime("%b") for p in reversed(tracks[0].periods)]
    return [f"now-{n}" if n else "now" for n in range(GRID_PERIODS)]


class KpiActualsStep(StepView):
    """One row per KPI: its target, its recent periods' actuals, and its pace now."""

    BINDINGS = [
        Binding("h", "held", "Review held"),
        Binding("c", "chart", "Chart"),
        Binding("i", "import_actuals", "Import CSV"),
    ]
    VIEW_ACTIONS = frozenset({"chart"})
    READ_ONLY_HINT = "←→: periods · c: chart"
    # The size the grid's columns and the decisions above it were last laid out for.
    fitted_width: int | None = None
    fitted_height: int | None = None
    DEFAULT_CSS = """
    KpiActualsStep #actuals-hint { height: 1; color: $text-muted; padding: 0 1; }
    KpiActualsStep #carried { height: auto; padding: 0 1; }
    KpiActualsStep #actuals-warning { height: auto; color: $warning; padding: 0 1; }
    KpiActualsStep #actuals-detail { height: auto; padding: 0 1; }
    KpiActualsStep RecordTable { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="carried")
        yield Static(self.hint("Enter: type the actual · ←→: periods · c: chart · i: import CSV"),
                     id="actuals-hint")
        yield Static("", id="actuals-warning")
        yield RecordTable(id="actuals", cursor_type="cell")
        yield Static("", id="actuals-detail")
        yield Static("This plan has no KPIs yet: add them in a KPIs step.", classes="empty",
                     id="no-kpis")

    def on_mount(self) -> None:
        self.reload()
        self.follow_changes(self.reload)
        self.query_one(RecordTable).focus()

    def on_resize(self) -> None:
        if self.fitted_width not in (None, self.size.width):
            self.reload()  # the name's column takes what the new width leaves
        elif self.fitted_height not in (None, self.size.height):
            self.show_carried()  # as many decisions as the new height has room for

    def paces(self) -> list[KpiPace]:
        return kpi_paces(self.store, self.context.plan_id)

    def reload(self) -> None:
        table = self.query_one(RecordTable)
        keep, column = table.highlighted_id, table.cursor_column
        self.tracks = {t.kpi.id: t for t in kpi_tracks(self.store, self.context.plan_id)}
        tracks = list(self.tracks.values())
        paces = {p.kpi.id: p for p in self.paces()}
        rows = []
        for track in tracks:
            kpi, pace = track.kpi, paces[track.kpi.id]
            ratio = f" {100 * pace.ratio:.0f}%" if pace.ratio is not None else ""
            flag = "⚠ " if pace.diverging or track.drift else ""
            rows.append((str(kpi.id), (
                Text(kpi.name), Text(f"{flag}{pace.status}{ratio}", STATUS_STYLES[pace.status]),
                cell_text(kpi.target, kpi.unit),
                *(Text(cell_text(a, kpi.unit), ratio_style(pace_ratio(kpi, a)),
                       justify="right") for a in reversed(track.actuals)))))
        self.add_columns(table, period_headers(tracks), rows)
        # A name longer than its column wraps (the row grows): never cut.
        table.add_rows(rows, wrap=True)
        table.select_id(keep)
        if table.row_count:
            table.move_cursor(column=column)
        self.query_one("#no-kpis").display = not tracks
        drifting = [t.kpi.name for t in tracks if t.drift or paces[t.kpi.id].diverging]
        warning = self.query_one("#actuals-warning", Static)
        warning.update(f"⚠ Off pace: {', '.join(drifting)}. Decide what to change."
                       if drifting else "")
        warning.display = bool(drifting)
        self.show_carried()
        self.show_detail()

    def add_columns(self, table: RecordTable, periods: list[str], rows: list) -> None:
        """Figures as wide as the widest of their column ("440,000" was cut to "440,00"),
        the KPI's name what the pace, the target and five periods leave it (wrapping when
        longer; 14 cells at 80 columns, where older periods scroll in from the right)."""
        def widest(column: int, label: str, least: int) -> int:
            return max([least, cell_width(label), *(cell_width(cells[column])
                                                     for _, cells in rows)])

        table.clear(columns=True)
        self.fitted_width = self.size.width
        target = widest(2, "Target", 6)
        figures = [widest(FIXED_COLUMNS + i, header, 5) for i, header in enumerate(periods)]
        # Beside the name: the pace, the target, five periods, each column's padding and
        # the scrollbar a long list shows.
        beside = 13 + target + sum(figures[:5]) + 2 * (2 + len(figures[:5])) + 2
        longest = max([14, *(cell_width(cells[0]) for _, cells in rows)])
        table.add_column("KPI", key="name", width=max(14, min(longest, self.size.width - beside
                                                               - 2 * table.cell_padding)))
        table.add_column("Pace", key="pace", width=13)
        table.add_column("Target", key="target", width=target)
        for index, (header, width) in enumerate(zip(periods, figures, strict=True)):
            table.add_column(header, key=f"period-{index}", width=width)

    def show_carried(self) -> None:
        """The previous review's decisions, as they stand: where this review starts. Each
        reads whole (wrapped under its first words); a short screen shows fewer and counts
        the rest, so the KPI grid keeps its room (the decisions step lists them all)."""
        carried = previous_review_decisions(self.store, self.context.plan_id,
                                            self.context.session_id)
        widget = self.query_one("#carried", Static)
        widget.display = carried is not None
        if carried is None:
            return
        decisions = carried.decisions
        self.fitted_height = self.size.height
        width = self.size.width - 2   # the padding aside
        room = max(4, self.size.height - self.grid_lines(width))
        blocks = [self.carried_block(decision, width) for decision in decisions]
        shown: list[Text] = []
        used = 1   # the heading
        for index, block in enumerate(blocks):
            lines = len(block.plain.splitlines())
            more = 1 if index + 1 < len(blocks) else 0   # "… and N more" after it
            if used + lines + more > room:
                break
            shown.append(block)
            used += lines
        text = Text(f"Decided at the review of {carried.started_at[:10]}: "
                    f"{carried.open_count} of {len(decisions)} still open", style="bold")
        for block in shown:
            text.append("\n")
            text.append_text(block)
        if len(shown) < len(decisions):
            text.append(f"\n… and {len(decisions) - len(shown)} more", style="dim")
        widget.update(text)

    def grid_lines(self, width: int) -> int:
        """The lines the rest of the step needs: the hint, the off-pace warning, the grid
        with every KPI and its scrollbar, and two lines for the highlighted KPI's detail."""
        table = self.query_one(RecordTable)
        warning = self.query_one("#actuals-warning", Static)
        warned = len(wrap_words(str(warning.content), width)) if warning.display else 0
        return 1 + warned + 1 + sum(row.height for row in table.ordered_rows) + 1 + 2

    @staticmethod
    def carried_block(decision: Decision, width: int) -> Text:
        """One decision in lines of `width` cells, the lines after its first indented under
        its words (a hanging indent), in its status's colour."""
        line = carried_line(decision)
        style = ("green" if decision.status == "done" else
                 "dim" if decision.status == "dropped" else
                 "bold red" if "overdue" in line.split(" · ")[0] else "")
        if width < 20:   # not laid out yet: the Static wraps it
            return Text(line, style=style)
        first, *rest = wrap_words(line, width)
        rest = wrap_words(line[len(first):].strip(), width - 2) if rest else []
        return Text("\n".join([first, *("  " + part for part in rest)]), style=style)

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self.show_detail()

    def show_detail(self) -> None:
        """The highlighted KPI: attainment so far, the run-rate it needs, why it drifts."""
        track = self.tracks.get(self.query_one(RecordTable).highlighted_id)
        detail = self.query_one("#actuals-detail", Static)
        if track is None:
            detail.update("")
            return
        parts = [f"{track.kpi.name}: target {track.kpi.target_text}"]
        if track.attainment is not None:
            parts.append(f"{100 * track.attainment:.0f}% of target so far")
        if track.needed_text:
            parts.append(track.needed_text)
        if track.drift:
            parts.append(track.drift)
        detail.update(" · ".join(parts))

    def cell_period(self, track: KpiTrack) -> date:
        """The period under the cursor: a period column's, else the current one."""
        column = self.query_one(RecordTable).cursor_column - FIXED_COLUMNS
        newest_first = track.periods[::-1]
        return newest_first[column] if 0 <= column < len(newest_first) else newest_first[0]

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        from ..dialogs.text_prompt import TextPrompt

        track = self.tracks.get(self.query_one(RecordTable).highlighted_id)
        if track is None:
            return
        kpi, period = track.kpi, self.cell_period(track)
        label = period_label(kpi.cadence, period)
        question = (f"{kpi.name}, {label}: actual (target "
                    f"{kpi.format_value(kpi.target)})")
        current = dict(zip(track.periods, track.actuals)).get(period)

        def entered(value: str | None) -> None:
            if value is None or not value.strip():
                return
            try:
                record_actual(self.store, kpi.id, period.isoformat(), value,
                              session_id=self.context.session_id, actor=self.context.actor)
            except KpiInputError as exc:
                self.notify(f"{kpi.name}: {'; '.join(exc.errors.values())}", severity="warning")
                return
            self.reload()

        self.app.push_screen(TextPrompt(question, "" if current is None else f"{current:g}"),
                             entered)

    def action_chart(self) -> None:
        from ..dialogs.kpi_chart import KpiChart

        track = self.tracks.get(self.query_one(RecordTable).highlighted_id)
        if track is not None:
            self.app.push_screen(KpiChart(track))

    def action_import_actuals(self) -> None:
        """KPI actuals from a CSV file, through the sales import's dialog."""
        from ..dialogs.import_kpi_actuals import open_kpi_import

        if self.read_only:
            return
        open_kpi_import(self.app, self.context.plan_id, lambda count: self.reload())

    def action_held(self) -> None:
        """Record the nearest progress review as held, with a note; say which one is next."""
        from ..dialogs.text_prompt import TextPrompt

        review = nearest_progress_review(self.store, self.context.plan_id)
        if review is None:
            self.notify("No progress review is scheduled; set the rhythm in a review-rhythm "
                        "step.", severity="warning")
            return

        def noted(note: str | None) -> None:
            if note is None:
                return
            mark_review_held(self.store, review.id, note=note,
                             session_id=self.context.session_id, actor=self.context.actor)
            coming = upcoming_reviews(self.store, self.context.plan_id)
            following = next((r for r in coming if r.kind == "progress"), None)
            self.notify(f"The progress review of {review.date} is recorded as held."
                        + (f" Next: {following.date}." if following else ""))

        self.app.push_screen(TextPrompt(f"Progress review of {review.date}, held: a note "
                                        "(optional)"), noted)
