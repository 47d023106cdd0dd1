"""One KPI's actuals against its target path, over its recent periods (a chart)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static
from textual_plotext import PlotextPlot

from facilitation.plan.kpi_history import KpiTrack
from facilitation.plan.kpi_pace import period_label

from ..widgets.sales_charts import spaced_labels

LABEL_CELLS = 8   # "Oct 2026", "Q3 2026", a week's "2026-10-05" cut to 8


class PeriodPlot(PlotextPlot):
    """A PlotextPlot whose period labels are placed for the width it is drawn at."""

    labels: tuple[str, ...] = ()

    def render(self):
        # Two labels' width apart: plotext centres a label only when nothing stands within
        # a label's width of it, and shifts the first and last to fit the frame.
        columns = max(1, self.size.width - 8)    # less the value labels and the frame
        positions = spaced_labels(len(self.labels), columns, 2 * LABEL_CELLS)
        self.plt.xticks(positions, [self.labels[p] for p in positions])
        return super().render()


class KpiChart(ModalScreen[None]):
    """Actual (points joined where entered) against the target line; Escape closes."""

    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("c", "dismiss", "Close")]
    DEFAULT_CSS = """
    KpiChart .dialog { width: 76; height: 20; }
    KpiChart PeriodPlot { height: 1fr; }
    """

    def __init__(self, track: KpiTrack) -> None:
        super().__init__()
        self.track = track

    def compose(self) -> ComposeResult:
        kpi = self.track.kpi
        with Vertical(classes="dialog"):
            yield Static(f"{kpi.name}: actual against target ({kpi.target_text})",
                         classes="title")
            yield PeriodPlot()
            yield Static(self.summary(), classes="hint", id="chart-summary")

    def summary(self) -> str:
        track = self.track
        parts = []
        if track.attainment is not None:
            parts.append(f"{100 * track.attainment:.0f}% of target so far")
        if track.needed_text:
            parts.append(track.needed_text)
        parts.append(track.drift or "on its path")
        return " · ".join(parts) + "  (Escape: close)"

    def on_mount(self) -> None:
        track, chart = self.track, self.query_one(PeriodPlot)
        plt = chart.plt
        plt.clear_data()
        xs = list(range(len(track.periods)))
        chart.labels = tuple(
            period_label(track.kpi.cadence, p).replace("week of ", "")[:LABEL_CELLS]
            for p in track.periods)
        entered = [(x, a) for x, a in zip(xs, track.actuals) if a is not None]
        if entered:
            plt.plot([x for x, _ in entered], [a for _, a in entered], marker="braille",
                     label="actual")
        if track.kpi.target is not None:
            plt.plot(xs, [track.kpi.target] * len(xs), marker="braille", label="target")
        chart.refresh()
