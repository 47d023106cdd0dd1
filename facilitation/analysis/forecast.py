"""The forecast: what happens to sales if current patterns continue, and how far to trust it.

The method fits the history's length: under 12 months the mean; 12–23 months
seasonal naive (scaled by the recent year-over-year ratio from 15 months); 24
months and more, exponential smoothing (ETS, additive and damped multiplicative
variants) chosen against seasonal naive by a rolling-origin backtest. The
prediction intervals come from that backtest's own errors at each horizon,
because the models' own intervals are too narrow on real sales data.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .benchmarks import seasonal_naive_forecast, seasonal_naive_scale

PERIOD = 12
Z80 = 1.2815515655446004
Z95 = 1.959963984540054
# The backtest uses up to this many origins for the longest horizon it measures.
ORIGINS_PER_HORIZON = 6
MIN_ERRORS_FOR_SPREAD = 4

# predict(prefix, horizon) -> the forecast for the `horizon` months after the prefix
Predictor = Callable[[pd.Series, int], np.ndarray]


@dataclass(frozen=True)
class Credibility:
    """How the forecasting method did when replayed on the history itself."""

    origins: int                # forecast origins replayed
    mase: float | None          # mean absolute scaled error (vs in-sample seasonal naive)
    mape: float | None          # %, None when the history has zeros
    coverage80: float | None    # share of actuals inside the 80% interval, 0..1
    coverage95: float | None


@dataclass(frozen=True)
class Forecast:
    """Monthly expected sales after the history, with 80% and 95% intervals."""

    method: str
    expected: pd.Series     # indexed by month (PeriodIndex)
    sigma: pd.Series        # spread of the error at each horizon, from the backtest
    lower80: pd.Series
    upper80: pd.Series
    lower95: pd.Series
    upper95: pd.Series
    credibility: Credibility
    line: pd.Series         # straight-line extrapolation of the rolling average (not used)
    errors: np.ndarray      # backtest errors, origins x horizons (NaN where unknown)


def _future_index(history: pd.Series, horizon: int) -> pd.PeriodIndex:
    return pd.period_range(history.index[-1] + 1, periods=horizon, freq="M")


# --- the candidate methods -------------------------------------------------------------------

def mean_method(history: pd.Series) -> Predictor:
    return lambda prefix, h: np.full(h, float(prefix.mean()))


def seasonal_naive_method(history: pd.Series) -> Predictor:
    return lambda prefix, h: seasonal_naive_forecast(prefix.to_numpy(float), h, PERIOD)


def adjusted_seasonal_naive_method(history: pd.Series) -> Predictor:
    """Seasonal naive scaled by the last three months' year-over-year ratio."""

    def predict(prefix: pd.Series, h: int) -> np.ndarray:
        values = prefix.to_numpy(float)
        base = seasonal_naive_forecast(values, h, PERIOD)
        if len(values) < PERIOD + 3:
            return base
        recent, year_before = values[-3:].sum(), values[-PERIOD - 3:-PERIOD].sum()
        ratio = recent / year_before if year_before > 0 and recent > 0 else 1.0
        return base * min(max(ratio, 0.5), 2.0)

    return predict


def ets_method(history: pd.Series, multiplicative: bool) -> Predictor | None:
    """ETS(A,Ad,A) or ETS(M,Ad,M) fitted once on the history; the backtest replays the
    fitted smoothing on each prefix (refitting at every origin costs ~80 ms a time)."""
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    kind = "mul" if multiplicative else "add"
    spec = {"error": kind, "trend": "add", "damped_trend": True, "seasonal": kind,
            "seasonal_periods": PERIOD}
    y = history.astype(float)
    if y.index.freq is None:
        y = y.copy()
        y.index = pd.PeriodIndex(y.index, freq="M")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            params = ETSModel(y, **spec).fit(disp=False).params
    except (ValueError, np.linalg.LinAlgError):
        return None
    if not np.all(np.isfinite(params)):
        return None

    def predict(prefix: pd.Series, h: int) -> np.ndarray:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = ETSModel(prefix.astype(float), **spec).smooth(params)
            values = np.asarray(result.forecast(h), dtype=float)
        if not np.all(np.isfinite(values)):
            return seasonal_naive_forecast(prefix.to_numpy(float), h, PERIOD)
        return values

    return predict


def candidates(history: pd.Series) -> tuple[list[tuple[str, Predictor]], int]:
    """The methods worth trying for a history of this length, and the shortest prefix
    the backtest may forecast from."""
    n = len(history)
    if n < PERIOD:
        return [("mean", mean_method(history))], max(3, n // 2)
    if n < 2 * PERIOD:
        if n >= PERIOD + 3:
            return [("seasonal naive, year-over-year adjusted",
                     adjusted_seasonal_naive_method(history))], PERIOD + 3
        return [("seasonal naive", seasonal_naive_method(history))], PERIOD
    found: list[tuple[str, Predictor]] = [("seasonal naive", seasonal_naive_method(history))]
    additive = ets_method(history, multiplicative=False)
    if additive is not None:
        found.append(("exponential smoothing ETS(A,Ad,A)", additive))
    if (history > 0).all():
        multiplicative = ets_method(history, multiplicative=True)
        if multiplicative is not None:
            found.append(("exponential smoothing ETS(M,Ad,M)", multiplicative))
    return found, 2 * PERIOD


# --- the backtest ---------------------------------------------------------------------------

def backtest_errors(predict: Predictor, history: pd.Series, horizon: int, min_train: int) -> np.ndarray:
    """Errors (actual − forecast) of forecasts from rolling origins: one row per origin,
    one column per horizon, NaN where the actual is not known yet."""
    n = len(history)
    first = max(min_train, n - horizon - ORIGINS_PER_HORIZON + 1)
    origins = range(first, n)
    errors = np.full((len(origins), horizon), np.nan)
    for row, origin in enumerate(origins):
        steps = min(horizon, n - origin)
        forecast = predict(history.iloc[:origin], steps)
        errors[row, :steps] = history.to_numpy(float)[origin:origin + steps] - forecast
    return errors


def error_spread(errors: np.ndarray, history: pd.Series, horizon: int) -> np.ndarray:
    """Standard deviation of the forecast error at each horizon 1..horizon.

    Measured from the backtest where it has enough errors; beyond, grown with the
    square root of the horizon from the last measured one; never shrinking with the
    horizon. With no usable backtest, the history's own month-to-month spread.
    """
    sigma = np.full(horizon, np.nan)
    for h in range(min(horizon, errors.shape[1] if errors.size else 0)):
        column = errors[:, h]
        column = column[np.isfinite(column)]
        if len(column) >= MIN_ERRORS_FOR_SPREAD:
            sigma[h] = math.sqrt(float(np.mean(column**2)) * len(column) / (len(column) - 1))
    measured = np.flatnonzero(np.isfinite(sigma))
    if measured.size == 0:
        values = history.to_numpy(float)
        base = float(np.std(values, ddof=1)) if len(values) > 1 else abs(float(values[-1])) * 0.2
        sigma = base * np.sqrt(np.arange(1, horizon + 1))
    else:
        last = measured[-1]
        for h in range(horizon):
            if not np.isfinite(sigma[h]):
                anchor = measured[measured <= h][-1] if (measured <= h).any() else measured[0]
                sigma[h] = sigma[anchor] * math.sqrt((h + 1) / (anchor + 1))
        del last
    return np.maximum.accumulate(sigma)


def _credibility(errors: np.ndarray, history: pd.Series, min_train: int,
                 sigma: np.ndarray) -> Credibility:
    if not errors.size or not np.isfinite(errors).any():
        return Credibility(0, None, None, None, None)
    n = len(history)
    values = history.to_numpy(float)
    origins = errors.shape[0]
    first = n - origins
    scale = seasonal_naive_scale(values[:first], PERIOD)
    abs_errors = np.abs(errors[np.isfinite(errors)])
    mase = float(abs_errors.mean() / scale) if scale and np.isfinite(scale) and scale > 0 else None
    actuals = np.full(errors.shape, np.nan)
    for row in range(origins):
        steps = min(errors.shape[1], n - (first + row))
        actuals[row, :steps] = values[first + row:first + row + steps]
    known = np.isfinite(errors)
    mape = None
    if known.any() and np.all(actuals[known] != 0):
        mape = float(100 * np.mean(np.abs(errors[known] / actuals[known])))
    spread = np.broadcast_to(sigma[: errors.shape[1]], errors.shape)
    inside80 = np.abs(errors[known]) <= Z80 * spread[known]
    inside95 = np.abs(errors[known]) <= Z95 * spread[known]
    return Credibility(origins, mase, mape, float(inside80.mean()), float(inside95.mean()))


# --- the forecast ---------------------------------------------------------------------------

def rolling_average_line(history: pd.Series, horizon: int, window: int = 6) -> pd.Series:
    """The straight line through the last year of the rolling average, extended: shown for
    transparency only; on seasonal sales it is far less accurate than the forecast."""
    smoothed = history.rolling(window, min_periods=1).mean().to_numpy(float)
    recent = smoothed[-PERIOD:]
    x = np.arange(len(smoothed) - len(recent), len(smoothed), dtype=float)
    if len(recent) >= 2:
        slope, intercept = np.polyfit(x, recent, 1)
    else:
        slope, intercept = 0.0, float(recent[-1])
    future = np.arange(len(smoothed), len(smoothed) + horizon, dtype=float)
    return pd.Series(intercept + slope * future, index=_future_index(history, horizon))


def forecast_next(history: pd.Series, horizon: int) -> Forecast:
    """Forecast the `horizon` months after a monthly history (a Series on a monthly
    PeriodIndex with no gaps), choosing the method by backtest."""
    if len(history) == 0:
        raise ValueError("there is no history to forecast from")
    if horizon < 1:
        raise ValueError("the horizon must be at least one month")
    history = history.astype(float)
    found, min_train = candidates(history)
    measured = min(horizon, PERIOD)
    best: tuple[float, str, Predictor, np.ndarray] | None = None
    for name, predict in found:
        errors = backtest_errors(predict, history, measured, min_train) \
            if len(history) > min_train else np.empty((0, measured))
        score = float(np.nanmean(np.abs(errors))) if np.isfinite(errors).any() else math.inf
        if best is None or score < best[0]:
            best = (score, name, predict, errors)
    assert best is not None
    _, name, predict, errors = best
    index = _future_index(history, horizon)
    expected = pd.Series(predict(history, horizon), index=index)
    sigma = error_spread(errors, history, horizon)
    spread = pd.Series(sigma, index=index)
    return Forecast(
        method=name, expected=expected, sigma=spread,
        lower80=expected - Z80 * spread, upper80=expected + Z80 * spread,
        lower95=expected - Z95 * spread, upper95=expected + Z95 * spread,
        credibility=_credibility(errors, history, min_train, sigma),
        line=rolling_average_line(history, horizon), errors=errors,
    )


# --- the plan's forecast and gap ------------------------------------------------------------

@dataclass(frozen=True)
class MonthForecast:
    """One month of the plan's target period."""

    month: str              # 'YYYY-MM'
    expected: float
    lower80: float
    upper80: float
    lower95: float
    upper95: float
    actual: float | None    # known when the month is already in the history


@dataclass(frozen=True)
class PlanForecast:
    """Expected sales over a plan's target period, its gap to the target and its credibility.

    `gap` = target − expected (positive: the forecast falls short); `gap_pct` is the
    gap as a percentage of the target; `chance_of_target` is the probability (0..1)
    that sales over the period reach the target if current patterns continue.
    """

    plan_id: int | None
    subject_kind: str
    subject_name: str
    period_start: str
    period_end: str
    history_start: str
    history_end: str        # the last month the forecast was made from
    method: str
    expected: float
    target: float
    gap: float
    gap_pct: float
    chance_of_target: float
    lower80: float
    upper80: float
    lower95: float
    upper95: float
    months: list[MonthForecast]
    credibility: Credibility
    line_expected: float    # the rolling-average line's total, for comparison only
    forecast: Forecast

    @property
    def history_months(self) -> int:
        """How many months of history the forecast was made from."""
        return _months(self.history_start, self.history_end)


def _months(start: str, end: str) -> int:
    return (pd.Period(end, "M") - pd.Period(start, "M")).n + 1


def period_total_spread(forecast: Forecast, first: int) -> float:
    """Spread of the error of the total over horizons first..end.

    Errors of nearby months move together (a level that was misjudged stays
    misjudged), so when the backtest has enough whole periods their totals are
    measured directly; otherwise the monthly spreads are added up as if fully
    correlated, which errs on the side of a wider interval.
    """
    errors = forecast.errors
    last = len(forecast.expected)
    if errors.size and errors.shape[1] >= last:
        totals = errors[:, first:last].sum(axis=1)
        totals = totals[np.isfinite(totals)]
        if len(totals) >= MIN_ERRORS_FOR_SPREAD:
            return math.sqrt(float(np.mean(totals**2)) * len(totals) / (len(totals) - 1))
    return float(forecast.sigma.iloc[first:last].sum())


def normal_chance_at_least(mean: float, spread: float, threshold: float) -> float:
    """P(X >= threshold) for X normal(mean, spread)."""
    if spread <= 0:
        return 1.0 if mean >= threshold else 0.0
    return 0.5 * math.erfc((threshold - mean) / (spread * math.sqrt(2)))


def gap_figures(expected: float, target: float, spread: float) -> tuple[float, float, float]:
    """(gap, gap as % of target, chance of reaching the target)."""
    gap = target - expected
    gap_pct = 100 * gap / target if target else float("nan")
    return gap, gap_pct, normal_chance_at_least(expected, spread, target)


def forecast_for_period(history: pd.Series, period_start: str, period_end: str) -> tuple[Forecast, int]:
    """The forecast made from the history before `period_start`, reaching `period_end`;
    also the horizon (0-based) at which the period starts."""
    start, end = pd.Period(period_start, "M"), pd.Period(period_end, "M")
    known = history.loc[: start - 1]
    if known.empty:
        raise ValueError(f"there is no history before {period_start} to forecast from")
    horizon = (end - known.index[-1]).n
    first = (start - known.index[-1]).n - 1
    return forecast_next(known, horizon), first


def plan_forecast(store, plan) -> PlanForecast | None:
    """The forecast and gap for a plan's target period; None when its subject has no history.

    For a plan whose period has begun or passed, the forecast is the one the history
    before the period supported; the months already known carry their actuals.
    """
    return subject_forecast(store, plan.subject_kind, plan.subject_name, plan.period_start,
                            plan.period_end, float(plan.target_amount), plan_id=plan.id)


def subject_forecast(
    store, subject_kind: str, subject_name: str, period_start: str, period_end: str,
    target: float, *, plan_id: int | None = None,
) -> PlanForecast | None:
    """The forecast and gap for any subject and period (the CLI's `spip forecast`);
    None when the subject has no history before the period."""
    from ..history import monthly_history, subject_series

    history = monthly_history(store, subject_kind)
    if subject_name not in history.columns:
        return None
    return forecast_gap(subject_series(history, subject_name), subject_kind, period_start,
                        period_end, target, plan_id=plan_id)


def forecast_gap(
    series: pd.Series, subject_kind: str, period_start: str, period_end: str, target: float,
    *, plan_id: int | None = None,
) -> PlanForecast | None:
    """The forecast and gap from a subject's monthly series."""
    try:
        forecast, first = forecast_for_period(series, period_start, period_end)
    except ValueError:
        return None
    period = forecast.expected.iloc[first:]
    spread = period_total_spread(forecast, first)
    expected = float(period.sum())
    gap, gap_pct, chance = gap_figures(expected, target, spread)
    months = [
        MonthForecast(
            month=str(month), expected=float(forecast.expected[month]),
            lower80=float(forecast.lower80[month]), upper80=float(forecast.upper80[month]),
            lower95=float(forecast.lower95[month]), upper95=float(forecast.upper95[month]),
            actual=float(series[month]) if month in series.index else None,
        )
        for month in period.index
    ]
    known = series.loc[: pd.Period(period_start, "M") - 1]
    return PlanForecast(
        plan_id=plan_id, subject_kind=subject_kind, subject_name=str(series.name),
        period_start=period_start, period_end=period_end,
        history_start=str(known.index[0]), history_end=str(known.index[-1]),
        method=forecast.method, expected=expected, target=target,
        gap=gap, gap_pct=gap_pct, chance_of_target=chance,
        lower80=expected - Z80 * spread, upper80=expected + Z80 * spread,
        lower95=expected - Z95 * spread, upper95=expected + Z95 * spread,
        months=months, credibility=forecast.credibility,
        line_expected=float(forecast.line.iloc[first:].sum()), forecast=forecast,
    )
