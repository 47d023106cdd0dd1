"""The plan's forecast and gap: expected sales over a target period, the gap to the target,
the chance of reaching it, and what the forecast can and cannot be trusted for.

`PeriodForecast` is plain data (no pandas, no numpy), so it can be cached in the database
as JSON (facilitation/history/cache.py) and read back at the cost of a query; the gap
depends on the target and is worked out from it on every read (`with_target`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields
from typing import Any

from facilitation.history.student_t import central_multiplier, t_sf
from facilitation.store.model import month_index, months_between, shift_month

# A forecast that starts more than this many months after the last actual extrapolates
# over months nobody has seen: it is said so, and the plan check does not count it credible.
EXTRAPOLATION_WARNING_MONTHS = 3
RECENT_MONTHS_SHOWN = 24
SEASONAL_METHODS_NEED = 24


@dataclass(frozen=True)
class Credibility:
    """How the forecasting method did when replayed on the history itself."""

    origins: int                # forecast origins replayed
    mase: float | None          # mean absolute scaled error (vs in-sample seasonal naive)
    mape: float | None          # %, None when the history has zeros
    coverage80: float | None    # share of replayed actuals inside their 80% band, 0..1
    coverage95: float | None    # (each judged by a band built from the other origins)
    # MASE of "same as last year" (seasonal naive) on the same months, for comparison
    naive_mase: float | None = None


@dataclass(frozen=True)
class MonthForecast:
    """One month ahead of the history."""

    month: str              # 'YYYY-MM'
    expected: float
    lower80: float
    upper80: float
    lower95: float
    upper95: float
    actual: float | None    # known when the month is already in the history


@dataclass(frozen=True)
class PeriodForecast:
    """Expected sales over a period, made from the history before it, and its credibility.

    `path` holds every month from the one after the history to the period's end (the
    chart draws it); `months` only the period's. `recent` is the history's last two
    years as (month, amount), for the chart.
    """

    subject_kind: str
    subject_name: str
    period_start: str
    period_end: str
    history_start: str
    history_end: str        # the last month the forecast was made from
    method: str             # the method's name (forecast.Method.name)
    expected: float
    spread: float           # spread (money) of the period total's error
    dof: float              # errors behind that spread
    path: list[MonthForecast]
    credibility: Credibility
    line_expected: float    # the rolling-average line's total, for comparison only
    clipped_months: int = 0  # months forecast below zero and shown as zero
    recent: list[tuple[str, float]] = field(default_factory=list)
    # the method chosen first, when it did worse than "same as last year" in its test and
    # the forecast fell back (facilitation.history.forecast.FALLBACK)
    set_aside: str | None = None

    @property
    def months(self) -> list[MonthForecast]:
        return [m for m in self.path if m.month >= self.period_start]

    @property
    def history_months(self) -> int:
        """How many months of history the forecast was made from."""
        return months_between(self.history_start, self.history_end)

    @property
    def months_after_history(self) -> int:
        """Months between the last actual and the period's first month (0: right after)."""
        return month_index(self.period_start) - month_index(self.history_end) - 1

    @property
    def extrapolates(self) -> bool:
        return self.months_after_history > EXTRAPOLATION_WARNING_MONTHS

    @property
    def tested(self) -> bool:
        return self.credibility.origins > 0 and self.credibility.mase is not None

    @property
    def worse_than_last_year(self) -> bool:
        """The backtest's errors were larger than "same as last year"'s on the same months."""
        c = self.credibility
        return c.mase is not None and c.naive_mase is not None and c.mase > c.naive_mase

    @property
    def weak(self) -> bool:
        """Worse than "same as last year" on the tested months, or MASE above 1: errors larger
        than "same as last year" makes in a typical year of this history."""
        c = self.credibility
        return c.mase is not None and (c.mase > 1 or self.worse_than_last_year)

    def interval(self, level: float) -> tuple[float, float]:
        """The central interval of the period total; sales never below zero."""
        half = central_multiplier(level, self.dof) * self.spread
        return max(self.expected - half, 0.0), self.expected + half

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PeriodForecast:
        data = dict(data)
        data["path"] = [MonthForecast(**m) for m in data["path"]]
        data["credibility"] = Credibility(**data["credibility"])
        data["recent"] = [tuple(r) for r in data.get("recent", [])]
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})

    def with_target(self, target: float, plan_id: int | None = None) -> PlanForecast:
        """The gap to `target` and the chance of reaching it."""
        gap, gap_pct, chance = gap_figures(self.expected, target, self.spread, self.dof)
        lower80, upper80 = self.interval(0.8)
        lower95, upper95 = self.interval(0.95)
        return PlanForecast(self, plan_id, target, gap, gap_pct, chance,
                            lower80, upper80, lower95, upper95)


@dataclass(frozen=True)
class PlanForecast:
    """A `PeriodForecast` with the plan's target: `gap` = target − expected (positive: the
    forecast falls short); `gap_pct` is the gap as a percentage of the target;
    `chance_of_target` the probability (0..1) that sales over the period reach the target
    if current patterns continue. Every PeriodForecast attribute reads through."""

    period: PeriodForecast
    plan_id: int | None
    target: float
    gap: float
    gap_pct: float
    chance_of_target: float
    lower80: float
    upper80: float
    lower95: float
    upper95: float

    def __getattr__(self, name: str) -> Any:
        if name == "period":   # not set yet (copying, unpickling)
            raise AttributeError(name)
        return getattr(self.period, name)


def chance_at_least(mean: float, spread: float, threshold: float, dof: float = math.inf) -> float:
    """P(X >= threshold) for X = mean + spread * (Student-t with `dof`; normal if infinite)."""
    if spread <= 0:
        return 1.0 if mean >= threshold else 0.0
    return t_sf((threshold - mean) / spread, max(dof, 1.0))


def gap_figures(expected: float, target: float, spread: float,
                dof: float = math.inf) -> tuple[float, float, float]:
    """(gap, gap as % of target, chance of reaching the target)."""
    gap = target - expected
    gap_pct = 100 * gap / target if target else float("nan")
    return gap, gap_pct, chance_at_least(expected, spread, target, dof)


def period_total_spread(found: Any, first: int) -> tuple[float, float]:
    """Spread (in money) of the error of the total over horizons first..end of a
    `ForecastValues`, and the number of errors behind it.

    Errors of nearby months move together (a level that was misjudged stays
    misjudged), so when the backtest has enough whole periods their totals are
    measured directly; otherwise the monthly spreads are added up as if fully
    correlated, which errs on the side of a wider interval.
    """
    import numpy as np

    from facilitation.history.backtest import MIN_ERRORS_FOR_SPREAD, rms

    bt = found.backtest
    last = len(found.expected)
    total = float(found.expected[first:last].sum())
    if bt.errors.shape[1] >= last:
        errors = bt.errors[:, first:last].sum(axis=1)
        predictions = bt.predictions[:, first:last].sum(axis=1)
        known = np.isfinite(errors)
        if known.sum() >= MIN_ERRORS_FOR_SPREAD:
            if bt.relative:
                return rms(errors[known] / predictions[known]) * abs(total), float(known.sum())
            return rms(errors[known]), float(known.sum())
    size = np.abs(found.expected) if bt.relative else np.ones(last)
    spread = float((found.sigma * size)[first:last].sum())
    return spread, float(found.dof[first:last].min())


def period_forecast(subject_kind: str, subject_name: str, first_month: str,
                    values: list[float], period_start: str, period_end: str) -> PeriodForecast | None:
    """The forecast for a period from a subject's monthly history (`values` from
    `first_month` on, no gaps); None when there is no history before the period."""
    from facilitation.history.forecast import forecast_values

    before = min(len(values), month_index(period_start) - month_index(first_month))
    if before <= 0 or month_index(period_end) < month_index(period_start):
        return None
    known = [float(v) for v in values[:before]]
    history_end = shift_month(first_month, before - 1)
    horizon = month_index(period_end) - month_index(history_end)
    first = horizon - months_between(period_start, period_end)
    found = forecast_values(known, horizon)
    spread, dof = period_total_spread(found, first)
    actuals = {shift_month(first_month, i): float(v) for i, v in enumerate(values)}
    path = [
        MonthForecast(
            month=(month := shift_month(history_end, h + 1)), expected=float(found.expected[h]),
            lower80=float(found.lower80[h]), upper80=float(found.upper80[h]),
            lower95=float(found.lower95[h]), upper95=float(found.upper95[h]),
            actual=actuals.get(month),
        )
        for h in range(horizon)
    ]
    recent = [(shift_month(first_month, i), known[i])
              for i in range(max(0, before - RECENT_MONTHS_SHOWN), before)]
    return PeriodForecast(
        subject_kind=subject_kind, subject_name=subject_name, period_start=period_start,
        period_end=period_end, history_start=first_month, history_end=history_end,
        method=found.method, expected=float(found.expected[first:].sum()), spread=spread,
        dof=dof, path=path, credibility=found.credibility,
        line_expected=float(found.line[first:].sum()),
        clipped_months=found.clipped_months, recent=recent, set_aside=found.set_aside,
    )
