"""The forecast: what happens to sales if current patterns continue, and how far to trust it.

The method fits the history's length: under 12 months the mean; 12–23 months
seasonal naive (scaled by the recent year-over-year ratio from 15 months); 24
months and more, exponential smoothing (the average of ETS(A,Ad,A) and
ETS(M,Ad,M), blended with the year-over-year seasonal naive) or seasonal naive,
whichever did better in a rolling-origin backtest. The prediction intervals come from that backtest's own errors at each
horizon, because the models' own intervals are too narrow on real sales data.

The backtest is honest about what was known: the ETS parameters it replays are
fitted on the months before its first origin only, then run forward (without
refitting, which would cost ~80 ms per origin) to forecast from every later month.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from facilitation.history.baselines import seasonal_naive_forecast, seasonal_naive_scale

PERIOD = 12
# The backtest replays this many months (more when the horizon is long).
BACKTEST_MONTHS = 12
MIN_ERRORS_FOR_SPREAD = 4
ETS_MIN_MONTHS = 2 * PERIOD
# In the backtest ETS is fitted on the months before the first origin only (a year
# less than the final fit sees), seasonal naive needs no fitting: seasonal naive is
# chosen only when its backtest error is below 0.7 of ETS's. (On 40 random
# Australian retail series, plain choice by backtest error: 0.79 of seasonal
# naive's MASE; with this handicap 0.76; never choosing seasonal naive 0.75.)
ETS_HANDICAP_FORGIVEN = 0.7

# predict(prefix, horizon) -> the forecast for the `horizon` months after the prefix
Predictor = Callable[[pd.Series, int], np.ndarray]


@dataclass(frozen=True)
class Method:
    """A forecasting method: `fit(training)` returns a predictor using what it learned."""

    name: str
    fit: Callable[[pd.Series], Predictor]
    min_train: int


@dataclass(frozen=True)
class Credibility:
    """How the forecasting method did when replayed on the history itself."""

    origins: int                # forecast origins replayed
    mase: float | None          # mean absolute scaled error (vs in-sample seasonal naive)
    mape: float | None          # %, None when the history has zeros
    coverage80: float | None    # share of replayed actuals inside their 80% band, 0..1
    coverage95: float | None    # (each judged by a band built from the other origins)


@dataclass(frozen=True)
class Backtest:
    """Forecasts replayed from rolling origins: one row per origin, one column per horizon,
    NaN where the actual is not known yet."""

    first_origin: int
    predictions: np.ndarray
    errors: np.ndarray          # actual − forecast
    relative: bool              # spreads measured relative to the forecast

    @property
    def origins(self) -> int:
        return self.errors.shape[0]

    def scaled_errors(self) -> np.ndarray:
        """Errors as a share of the forecast when relative, else in money."""
        if not self.relative:
            return self.errors
        with np.errstate(divide="ignore", invalid="ignore"):
            return self.errors / self.predictions


@dataclass(frozen=True)
class Forecast:
    """Monthly expected sales after the history, with 80% and 95% intervals."""

    method: str
    expected: pd.Series     # indexed by month (PeriodIndex)
    sigma: pd.Series        # spread of the error at each horizon (share of expected if relative)
    dof: pd.Series          # errors behind each spread (for Student-t multipliers)
    lower80: pd.Series
    upper80: pd.Series
    lower95: pd.Series
    upper95: pd.Series
    credibility: Credibility
    line: pd.Series         # straight-line extrapolation of the rolling average (not used)
    backtest: Backtest

    @property
    def errors(self) -> np.ndarray:
        return self.backtest.errors


def _future_index(history: pd.Series, horizon: int) -> pd.PeriodIndex:
    return pd.period_range(history.index[-1] + 1, periods=horizon, freq="M")


def _quantile(level: float, dof: float) -> float:
    """Two-sided multiplier for a central interval: Student-t with the errors' count."""
    from scipy.stats import t

    return float(t.ppf(0.5 + level / 2, max(dof, 1)))


# --- the candidate methods -------------------------------------------------------------------

def _mean(training: pd.Series) -> Predictor:
    return lambda prefix, h: np.full(h, float(prefix.mean()))


def _seasonal_naive(training: pd.Series) -> Predictor:
    return lambda prefix, h: seasonal_naive_forecast(prefix.to_numpy(float), h, PERIOD)


def year_over_year(values: np.ndarray, months: int) -> float | None:
    """Sales of the last `months` months over the same months a year before."""
    if len(values) < PERIOD + months:
        return None
    recent, year_before = values[-months:].sum(), values[-PERIOD - months:-PERIOD].sum()
    return float(recent / year_before) if year_before > 0 and recent > 0 else None


def _adjusted_seasonal_naive(training: pd.Series) -> Predictor:
    """Seasonal naive scaled by the last three months' year-over-year ratio.

    With two years of history that ratio is kept within 15% of the whole last
    year's ratio, so that a shock in the same months a year ago (a salesperson off
    sick) is not read as growth; on retail data this costs no accuracy.
    """

    def predict(prefix: pd.Series, h: int) -> np.ndarray:
        values = prefix.to_numpy(float)
        base = seasonal_naive_forecast(values, h, PERIOD)
        ratio = year_over_year(values, 3)
        if ratio is None:
            return base
        yearly = year_over_year(values, PERIOD)
        if yearly is not None:
            ratio = min(max(ratio, 0.85 * yearly), 1.15 * yearly)
        return base * min(max(ratio, 0.5), 2.0)

    return predict


def _ets_params(y: pd.Series, multiplicative: bool) -> tuple[dict, np.ndarray] | None:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    kind = "mul" if multiplicative else "add"
    spec = {"error": kind, "trend": "add", "damped_trend": True, "seasonal": kind,
            "seasonal_periods": PERIOD}
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            params = ETSModel(y, **spec).fit(disp=False).params
    except (ValueError, np.linalg.LinAlgError):
        return None
    return (spec, params) if np.all(np.isfinite(params)) else None


def _ets(training: pd.Series) -> Predictor:
    """The average of ETS(A,Ad,A), ETS(M,Ad,M) (only for positive sales) and the
    year-over-year adjusted seasonal naive, the ETS models fitted on `training`;
    forecasting from a longer prefix runs the fitted smoothing on it.

    Averaging different methods is steadier than any one of them: on 40 random
    Australian retail series (36-month windows, 3 months ahead) the two ETS
    models averaged reached 0.78 of seasonal naive's MASE, blended with the
    adjusted seasonal naive 0.75.
    """
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    fits = [_ets_params(training, multiplicative=False)]
    if (training > 0).all():
        fits.append(_ets_params(training, multiplicative=True))
    fits = [f for f in fits if f is not None]
    year_over_year = _adjusted_seasonal_naive(training)

    def predict(prefix: pd.Series, h: int) -> np.ndarray:
        found = [year_over_year(prefix, h)]
        for spec, params in fits:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    values = np.asarray(ETSModel(prefix, **spec).smooth(params).forecast(h), float)
                except (ValueError, np.linalg.LinAlgError):
                    continue
            if np.all(np.isfinite(values)):
                found.append(values)
        return np.mean(found, axis=0)

    return predict


MEAN = Method("mean", _mean, 3)
SEASONAL_NAIVE = Method("seasonal naive", _seasonal_naive, PERIOD)
ADJUSTED_SEASONAL_NAIVE = Method("seasonal naive, year-over-year adjusted",
                                 _adjusted_seasonal_naive, PERIOD + 3)
EXPONENTIAL_SMOOTHING = Method(
    "exponential smoothing (ETS A,Ad,A + M,Ad,M, blended with year-over-year seasonal naive)",
    _ets, ETS_MIN_MONTHS)


def methods_for(months: int) -> list[Method]:
    """The methods worth trying on a history this long."""
    if months < PERIOD:
        return [MEAN]
    if months < PERIOD + 3:
        return [SEASONAL_NAIVE]
    if months < ETS_MIN_MONTHS:
        return [ADJUSTED_SEASONAL_NAIVE]
    return [SEASONAL_NAIVE, EXPONENTIAL_SMOOTHING]


# --- the backtest ---------------------------------------------------------------------------

def backtest(method: Method, history: pd.Series, horizon: int, first_origin: int) -> Backtest:
    """Replay `method` from every origin from `first_origin` on, fitted on the months before
    the first origin (or on the whole history when that is too short to fit)."""
    n = len(history)
    values = history.to_numpy(float)
    training = history.iloc[:first_origin] if first_origin >= method.min_train else history
    predict = method.fit(training)
    origins = range(first_origin, n)
    predictions = np.full((len(origins), horizon), np.nan)
    errors = np.full((len(origins), horizon), np.nan)
    for row, origin in enumerate(origins):
        steps = min(horizon, n - origin)
        forecast = predict(history.iloc[:origin], steps)
        predictions[row, :steps] = forecast
        errors[row, :steps] = values[origin:origin + steps] - forecast
    known = np.isfinite(predictions)
    relative = bool((values > 0).all() and (predictions[known] > 0).all())
    return Backtest(first_origin, predictions, errors, relative)


def _rms(values: np.ndarray) -> float:
    return math.sqrt(float(np.mean(values**2)))


def error_spread(bt: Backtest, history: pd.Series, horizon: int,
                 leave_out: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Spread of the error at each horizon 1..horizon and the number of errors behind it.

    Measured from the backtest where there are enough errors; beyond, grown with the
    square root of the horizon from the last measured one; never shrinking with the
    horizon. `leave_out` drops one origin (to judge that origin's band fairly). With no
    usable backtest, the history's own month-to-month spread.
    """
    scaled = bt.scaled_errors()
    if leave_out is not None:
        scaled = np.delete(scaled, leave_out, axis=0)
    sigma = np.full(horizon, np.nan)
    dof = np.zeros(horizon)
    for h in range(min(horizon, scaled.shape[1])):
        column = scaled[:, h]
        column = column[np.isfinite(column)]
        if len(column) >= MIN_ERRORS_FOR_SPREAD:
            sigma[h], dof[h] = _rms(column), len(column)
    measured = np.flatnonzero(np.isfinite(sigma))
    if measured.size == 0:
        values = history.to_numpy(float)
        changes = np.diff(values) if len(values) > 2 else values - values.mean()
        base = float(np.std(changes)) if len(values) > 1 else abs(float(values[-1])) * 0.2
        if bt.relative:
            base /= max(float(np.mean(np.abs(values))), 1e-9)
        return base * np.sqrt(np.arange(1, horizon + 1)), np.full(horizon, max(len(values) - 1, 1))
    for h in range(horizon):
        if not np.isfinite(sigma[h]):
            anchor = measured[measured <= h][-1] if (measured <= h).any() else measured[0]
            sigma[h] = sigma[anchor] * math.sqrt((h + 1) / (anchor + 1))
            dof[h] = dof[anchor]
    return np.maximum.accumulate(sigma), dof


def _credibility(bt: Backtest, history: pd.Series) -> Credibility:
    errors = bt.errors
    known = np.isfinite(errors)
    if not known.any():
        return Credibility(0, None, None, None, None)
    values = history.to_numpy(float)
    scale = seasonal_naive_scale(values[:bt.first_origin], PERIOD)
    mae = float(np.abs(errors[known]).mean())
    mase = mae / scale if scale and math.isfinite(scale) and scale > 0 else None
    actuals = bt.predictions + errors
    mape = None
    if np.all(actuals[known] != 0):
        mape = float(100 * np.mean(np.abs(errors[known] / actuals[known])))
    inside80, inside95 = [], []
    scaled = bt.scaled_errors()
    for row in range(bt.origins):
        sigma, dof = error_spread(bt, history, errors.shape[1], leave_out=row)
        for h in np.flatnonzero(known[row]):
            size = abs(scaled[row, h])
            inside80.append(size <= _quantile(0.8, dof[h]) * sigma[h])
            inside95.append(size <= _quantile(0.95, dof[h]) * sigma[h])
    return Credibility(bt.origins, mase, mape, float(np.mean(inside80)), float(np.mean(inside95)))


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
    PeriodIndex with no gaps), choosing the method by backtest.

    Results are remembered for the same history and horizon: several screens and the
    plan check ask for the same forecast, and the fits take a second or two.
    """
    if len(history) == 0:
        raise ValueError("there is no history to forecast from")
    if horizon < 1:
        raise ValueError("the horizon must be at least one month")
    key = (str(history.index[0]), tuple(history.astype(float).tolist()), horizon)
    return _remembered_forecast(key)


@lru_cache(maxsize=64)
def _remembered_forecast(key: tuple[str, tuple[float, ...], int]) -> Forecast:
    start, values, horizon = key
    history = pd.Series(values, index=pd.period_range(start, periods=len(values), freq="M"))
    return _forecast_next(history, horizon)


def _forecast_next(history: pd.Series, horizon: int) -> Forecast:
    n = len(history)
    measured = min(horizon, PERIOD)
    methods = methods_for(n)
    first = max(min(m.min_train for m in methods) if len(methods) == 1 else ETS_MIN_MONTHS,
                n - max(BACKTEST_MONTHS, measured + 6))
    first = min(first, n)
    best: tuple[float, Method, Backtest] | None = None
    for method in methods:
        bt = backtest(method, history, measured, first)
        known = np.isfinite(bt.errors)
        score = float(np.abs(bt.errors[known]).mean()) if known.any() else math.inf
        if method is EXPONENTIAL_SMOOTHING:
            score *= ETS_HANDICAP_FORGIVEN
        if best is None or score < best[0]:
            best = (score, method, bt)
    assert best is not None
    _, method, bt = best
    index = _future_index(history, horizon)
    expected = pd.Series(method.fit(history)(history, horizon), index=index)
    sigma, dof = error_spread(bt, history, horizon)
    size = expected.abs().to_numpy() if bt.relative else np.ones(horizon)
    q80 = np.array([_quantile(0.8, d) for d in dof])
    q95 = np.array([_quantile(0.95, d) for d in dof])
    return Forecast(
        method=method.name, expected=expected, sigma=pd.Series(sigma, index=index),
        dof=pd.Series(dof, index=index),
        lower80=expected - q80 * sigma * size, upper80=expected + q80 * sigma * size,
        lower95=expected - q95 * sigma * size, upper95=expected + q95 * sigma * size,
        credibility=_credibility(bt, history),
        line=rolling_average_line(history, horizon), backtest=bt,
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


def period_total_spread(forecast: Forecast, first: int) -> tuple[float, float]:
    """Spread (in money) of the error of the total over horizons first..end, and the number
    of errors behind it.

    Errors of nearby months move together (a level that was misjudged stays
    misjudged), so when the backtest has enough whole periods their totals are
    measured directly; otherwise the monthly spreads are added up as if fully
    correlated, which errs on the side of a wider interval.
    """
    bt = forecast.backtest
    last = len(forecast.expected)
    total = float(forecast.expected.iloc[first:last].sum())
    if bt.errors.shape[1] >= last:
        errors = bt.errors[:, first:last].sum(axis=1)
        predictions = bt.predictions[:, first:last].sum(axis=1)
        known = np.isfinite(errors)
        if known.sum() >= MIN_ERRORS_FOR_SPREAD:
            if bt.relative:
                return _rms(errors[known] / predictions[known]) * abs(total), float(known.sum())
            return _rms(errors[known]), float(known.sum())
    size = forecast.expected.abs().to_numpy() if bt.relative else np.ones(last)
    spread = float((forecast.sigma.to_numpy() * size)[first:last].sum())
    return spread, float(forecast.dof.iloc[first:last].min())


def chance_at_least(mean: float, spread: float, threshold: float, dof: float = math.inf) -> float:
    """P(X >= threshold) for X = mean + spread * (Student-t with `dof`; normal if infinite)."""
    if spread <= 0:
        return 1.0 if mean >= threshold else 0.0
    if math.isinf(dof):
        return 0.5 * math.erfc((threshold - mean) / (spread * math.sqrt(2)))
    from scipy.stats import t

    return float(t.sf((threshold - mean) / spread, max(dof, 1)))


def gap_figures(expected: float, target: float, spread: float,
                dof: float = math.inf) -> tuple[float, float, float]:
    """(gap, gap as % of target, chance of reaching the target)."""
    gap = target - expected
    gap_pct = 100 * gap / target if target else float("nan")
    return gap, gap_pct, chance_at_least(expected, spread, target, dof)


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
    from facilitation.history.monthly import monthly_history, subject_series

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
    spread, dof = period_total_spread(forecast, first)
    expected = float(period.sum())
    gap, gap_pct, chance = gap_figures(expected, target, spread, dof)
    q80, q95 = _quantile(0.8, dof) * spread, _quantile(0.95, dof) * spread
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
        lower80=expected - q80, upper80=expected + q80,
        lower95=expected - q95, upper95=expected + q95,
        months=months, credibility=forecast.credibility,
        line_expected=float(forecast.line.iloc[first:].sum()), forecast=forecast,
    )
