"""Step 2, forecast and gap: the expected sales over the plan's period if current patterns
continue, with their bands, the gap to the target and its chance, and how far to trust it."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from facilitation.history.peer_estimate import OWN_HISTORY_ENOUGH, peer_estimate
from facilitation.store.model import format_money, format_money_short, format_month_span

from ..widgets.record_table import RecordTable
from ..widgets.sales_charts import SalesChart, draw_forecast, month_label
from .analysis_base import AnalysisStep

MONTH_COLUMNS = ("Month", "Expected", "80% band", "95% band", "Actual")


def headline_lines(found: Any) -> list[str]:
    """Expected, target, gap and chance, how the forecast was made and tested, and its
    warnings, as shown above the chart."""
    from facilitation.history.explain import (
        backtest_sentence,
        forecast_warnings,
        gap_text,
        method_sentence,
    )

    expected = (f"Expected {format_money(found.expected)} for "
                f"{format_month_span(found.period_start, found.period_end)} "
                f"(80%: {format_money_short(found.lower80)}–{format_money_short(found.upper80)}, "
                f"95%: {format_money_short(found.lower95)}–{format_money_short(found.upper95)})")
    return [
        *(f"⚠ {warning}" for warning in forecast_warnings(found)),
        expected,
        f"Target {format_money(found.target)}. {gap_text(found)}",
        *to_date_lines(found),
        method_sentence(found),
        backtest_sentence(found),
    ]


def to_date_lines(found: Any) -> list[str]:
    """Once months of the period are imported: the actuals against the forecast, and the
    gap re-computed (the original forecast above is kept)."""
    from facilitation.history.to_date import sales_to_date

    so_far = sales_to_date(found)
    if so_far is None:
        return []
    line = (f"So far ({format_month_span(so_far.first_month, so_far.last_month)}): "
            f"{format_money(so_far.actual)} sold, {so_far.versus_forecast_pct:+.1f}% against "
            f"the forecast. Now: {format_money_short(so_far.outlook)} expected (80%: "
            f"{format_money_short(so_far.lower80)}–{format_money_short(so_far.upper80)}), "
            f"gap {format_money(so_far.gap)}, {100 * so_far.chance_of_target:.0f}% chance.")
    return [line]


class ForecastGapStep(AnalysisStep):
    """The forecast for the plan's target period, its bands, the target, gap and chance."""

    # Scrollbar always there: the text keeps its wrapping when the chart and table arrive.
    DEFAULT_CSS = """
    ForecastGapStep #forecast-scroll { overflow-y: scroll; }
    ForecastGapStep #forecast-summary { height: auto; padding: 0 1; }
    ForecastGapStep.-empty SalesChart, ForecastGapStep.-empty DataTable { display: none; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="forecast-scroll"):
            yield Static("Forecasting from the sales history…", id="analysis-status",
                         classes="empty text-part")
            yield Static("", id="forecast-summary", classes="text-part")
            yield SalesChart(id="forecast-chart", classes="chart")
            yield RecordTable(id="forecast-months", cursor_type="none", classes="text-part")

    def cached(self, store, plan):
        from facilitation.history.cache import stored_forecast

        found = stored_forecast(store, plan.subject_kind, plan.subject_name, plan.period_start,
                                plan.period_end)
        if found is None or found.result is None:
            return None
        return found.result.with_target(float(plan.target_amount), plan.id), found.fresh

    def compute(self, store, plan):
        from facilitation.history.cache import plan_forecast

        return plan_forecast(store, plan)

    def no_history(self, store, plan) -> str:
        # A new subject: what its peers suggest, labelled as such, before the way to import.
        estimate = peer_estimate(store, plan.subject_kind, plan.subject_name,
                                 plan.period_start, plan.period_end)
        text = super().no_history(store, plan)
        return text if estimate is None else f"{estimate.sentence()}\n\n{text}"

    def note_shown(self, store, found) -> None:
        # The session's forecast goes into the ledger (once per history, not per repaint),
        # so that a year later the coach can see whether it came true.
        from facilitation.retrospective.forecast_ledger import record_forecast
        from facilitation.store.errors import StoreError

        if self.context.session_id is None:
            return
        try:
            record_forecast(store, found, self.context.session_id)
        except StoreError:
            pass  # a read-only or busy database: the forecast is shown all the same

    def show(self, found) -> None:
        lines = headline_lines(found)
        if found.history_months < OWN_HISTORY_ENOUGH:
            # Under a year of its own: what its peers' pattern suggests, alongside (a few
            # small queries, and only for such a subject).
            estimate = peer_estimate(self.store, found.subject_kind, found.subject_name,
                                     found.period_start, found.period_end)
            if estimate is not None:
                lines.append(estimate.sentence())
        self.query_one("#forecast-summary", Static).update("\n".join(lines))
        draw_forecast(self.query_one("#forecast-chart", SalesChart), found)
        table = self.query_one("#forecast-months", RecordTable)
        # As tall as its rows: the app's style gives tables the remaining height, and
        # in a scrolling body that is next to nothing.
        table.styles.height = len(found.months) + 1
        table.show_sized(MONTH_COLUMNS, [(m.month, (
            month_label(m.month), format_money(m.expected),
            f"{format_money_short(m.lower80)}–{format_money_short(m.upper80)}",
            f"{format_money_short(m.lower95)}–{format_money_short(m.upper95)}",
            "—" if m.actual is None else format_money(m.actual))) for m in found.months])
