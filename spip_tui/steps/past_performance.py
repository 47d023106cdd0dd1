"""Step 1, past performance: monthly sales with rolling averages and the trend, the subject
against its peers, and both read out in words."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from facilitation.store.model import format_money, format_month_span

from ..widgets.sales_charts import SalesChart, draw_history, draw_peers
from .analysis_base import AnalysisStep


def summary_lines(found: Any) -> list[str]:
    """The headline figures and the two verdicts, as shown above the charts."""
    monthly = found.monthly
    months = list(monthly.index)
    last12 = monthly["actual"].iloc[-12:].sum()
    span = format_month_span(str(months[0]), str(months[-1]))
    lines = [f"{len(months)} months, {span}; last {min(12, len(months))} months {format_money(last12)}"]
    lines.append("Trend: " + (found.trend.verdict() if found.trend else
                              "under 6 months of history, no trend yet."))
    lines.append("Peers: " + (found.peers.verdict() if found.peers else
                              "no other subject of this kind has history."))
    return lines


class PastPerformanceStep(AnalysisStep):
    """Monthly sales, rolling averages, trend and peers for the plan's subject."""

    # The scrollbar is always there, so the text does not re-wrap (and the charts resize)
    # when the charts arrive and the body grows taller than the screen.
    DEFAULT_CSS = """
    PastPerformanceStep #past-scroll { overflow-y: scroll; }
    PastPerformanceStep #past-summary { height: auto; padding: 0 1; }
    PastPerformanceStep.-empty SalesChart { display: none; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="past-scroll"):
            yield Static("Reading the sales history…", id="analysis-status",
                         classes="empty text-part")
            yield Static("", id="past-summary", classes="text-part")
            yield SalesChart(id="history-chart", classes="chart")
            yield SalesChart(id="peers-chart", classes="chart")

    def show_cached(self) -> bool | None:
        # Cached figures are read back into pandas series, and pandas must not load on the
        # UI thread (it may not be warm yet): the worker reads them and posts them at once.
        return None

    def cached(self, store, plan):
        from facilitation.history.cache import stored_past_performance

        found = stored_past_performance(store, plan.subject_kind, plan.subject_name)
        if found is None or found.result is None:
            return None
        return found.result, found.fresh

    def compute(self, store, plan):
        from facilitation.history.cache import cached_past_performance

        return cached_past_performance(store, plan.subject_kind, plan.subject_name)

    def show(self, result) -> None:
        self.query_one("#past-summary", Static).update("\n".join(summary_lines(result)))
        draw_history(self.query_one("#history-chart", SalesChart), result)
        peers_chart = self.query_one("#peers-chart", SalesChart)
        peers_chart.display = result.peers is not None
        if result.peers is not None:
            draw_peers(peers_chart, result)
