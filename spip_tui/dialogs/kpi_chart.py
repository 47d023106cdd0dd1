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


class KpiChart(ModalScreen[None]):
    """Actual (points joined where entered) against the target line; Escape closes."""

    BINDINGS = [Binding("escape", "dismiss", "Close"), Binding("c", "dismiss", "Close")]
    DEFAULT_CSS = """
    KpiChart .dialog { width: 76; height: 20; }
    KpiChart PlotextPlot { height: 1fr; }
    """

    def __init__(self, track: KpiTrack) -> None:
        super().__init__()
        self.track = track

    def compose(self) -> ComposeResult:
        kpi = self.track.kpi
        with Vertical(classes="dialog"):
            yield Static(f"{kpi.name}: actual against target ({kpi.target_text})",
                         classes="title")
            yield PlotextPlot()
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
        track, plt = self.track, self.query_one(PlotextPlot).plt
        plt.clear_data()
        xs = list(range(len(track.periods)))
        labels = [period_label(track.kpi.cadence, p).replace("week of ", "")[:8]
                  for p in track.periods]
        entered = [(x, a) for x, a in zip(xs, track.actuals) if a is not None]
        if entered:
            plt.plot([x for x, _ in entered], [a for _, a in entered], marker="braille",
                     label="actual")
        if track.kpi.target is not None:
            plt.plot(xs, [track.kpi.target] * len(xs), marker="braille", label="target")
        plt.xticks(xs, labels)
        self.query_one(PlotextPlot).refresh()
