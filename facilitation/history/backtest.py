"""The backtest: a forecasting method replayed on the history itself, the spread of its
errors at each horizon (which makes the bands) and how credible it was.

The backtest is honest about what was known: a method is fitted on the months before the
first origin only, then run forward (without refitting) to forecast from every later month.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from facilitation.history.baselines import seasonal_naive_scale
from facilitation.history.gap import Credibility
from facilitation.history.student_t import central_multiplier

PERIOD = 12
MIN_ERRORS_FOR_SPREAD = 4

# predict(values, origins, horizon) -> one row per origin: the forecast for the `horizon`
# months after values[:origin] (a method fitted once forecasts from many origins cheaply).
Predictor = Callable[[np.ndarray, list[int], int], np.ndarray]


@dataclass(frozen=True)
class Method:
    """A forecasting method: `fit(training)` returns a predictor using what it learned."""

    name: str
    fit: Callable[[np.ndarray], Predictor]
    min_train: int


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

    def mean_absolute_error(self) -> float:
        known = np.isfinite(self.errors)
        return float(np.abs(self.errors[known]).mean()) if known.any() else math.inf


def backtest_predictor(method: Method, values: np.ndarray, first_origin: int) -> Predictor:
    """`method` fitted on the months before the first origin (or on the whole history when
    that is too short to fit)."""
    return method.fit(values[:first_origin] if first_origin >= method.min_train else values)


def run_backtest(method: Method, values: np.ndarray, horizon: int, first_origin: int,
                 predictor: Predictor | None = None) -> Backtest:
    """Replay `method` (or its `backtest_predictor`, if given) from every origin from
    `first_origin` on."""
    n = len(values)
    origins = list(range(first_origin, n))
    predictions = np.full((len(origins), horizon), np.nan)
    if origins:
        predict = predictor or backtest_predictor(method, values, first_origin)
        found = predict(values, origins, horizon)
        for row, origin in enumerate(origins):
            steps = min(horizon, n - origin)
            predictions[row, :steps] = found[row, :steps]
    errors = np.full_like(predictions, np.nan)
    for row, origin in enumerate(origins):
        steps = min(horizon, n - origin)
        errors[row, :steps] = values[origin:origin + steps] - predictions[row, :steps]
    known = np.isfinite(predictions)
    relative = bool((values > 0).all() and (predictions[known] > 0).all())
    return Backtest(first_origin, predictions, errors, relative)


def rms(values: np.ndarray) -> float:
    return math.sqrt(float(np.mean(values**2)))


def error_spread(bt: Backtest, values: np.ndarray, horizon: int,
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
            sigma[h], dof[h] = rms(column), len(column)
    measured = np.flatnonzero(np.isfinite(sigma))
    if measured.size == 0:
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


def credibility(bt: Backtest, values: np.ndarray) -> Credibility:
    """MASE, MAPE and how often the bands held in the backtest, with seasonal naive's MASE
    on the same origins and horizons for comparison."""
    errors = bt.errors
    known = np.isfinite(errors)
    if not known.any():
        return Credibility(0, None, None, None, None)
    scale = seasonal_naive_scale(values[:bt.first_origin], PERIOD)
    usable = scale and math.isfinite(scale) and scale > 0
    mase = float(np.abs(errors[known]).mean()) / scale if usable else None
    actuals = bt.predictions + errors
    mape = None
    if np.all(actuals[known] != 0):
        mape = float(100 * np.mean(np.abs(errors[known] / actuals[known])))
    naive_mase = None
    if usable:
        naive = _seasonal_naive_errors(values, bt)
        if np.isfinite(naive).any():
            naive_mase = float(np.nanmean(np.abs(naive))) / scale
    inside80, inside95 = [], []
    scaled = bt.scaled_errors()
    for row in range(bt.origins):
        sigma, dof = error_spread(bt, values, errors.shape[1], leave_out=row)
        for h in np.flatnonzero(known[row]):
            size = abs(scaled[row, h])
            inside80.append(size <= central_multiplier(0.8, dof[h]) * sigma[h])
            inside95.append(size <= central_multiplier(0.95, dof[h]) * sigma[h])
    return Credibility(bt.origins, mase, mape, float(np.mean(inside80)),
                       float(np.mean(inside95)), naive_mase)


def _seasonal_naive_errors(values: np.ndarray, bt: Backtest) -> np.ndarray:
    """"Same as last year"'s errors at the backtest's origins and horizons (NaN where the
    backtest has none or there is no last year)."""
    errors = np.full_like(bt.errors, np.nan)
    for row in range(bt.origins):
        origin = bt.first_origin + row
        for h in np.flatnonzero(np.isfinite(bt.errors[row])):
            month = origin + h
            last_year = origin - PERIOD + h % PERIOD
            if 0 <= last_year < origin:
                errors[row, h] = values[month] - values[last_year]
    return errors
