"""The benchmark forecast methods and the accuracy measures used to judge any forecast.

Definitions follow Hyndman & Athanasopoulos, Forecasting: Principles and
Practice (3rd ed.), chapter 5: MASE is scaled by the in-sample mean absolute
error of the seasonal naive method.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

BENCHMARK_METHODS = ("mean", "naive", "seasonal naive", "drift")


def mean_forecast(history: np.ndarray, horizon: int) -> np.ndarray:
    """Every future value is the average of the history."""
    return np.full(horizon, float(np.mean(history)))


def naive_forecast(history: np.ndarray, horizon: int) -> np.ndarray:
    """Every future value is the last observed value."""
    return np.full(horizon, float(history[-1]))


def seasonal_naive_forecast(history: np.ndarray, horizon: int, period: int) -> np.ndarray:
    """Each future value is the value of the same season in the last observed season."""
    if len(history) < period:
        return naive_forecast(history, horizon)
    last_season = np.asarray(history[-period:], dtype=float)
    return np.array([last_season[h % period] for h in range(horizon)])


def drift_forecast(history: np.ndarray, horizon: int) -> np.ndarray:
    """The line from the first to the last observation, extended."""
    if len(history) < 2:
        return naive_forecast(history, horizon)
    slope = (history[-1] - history[0]) / (len(history) - 1)
    return history[-1] + slope * np.arange(1, horizon + 1)


def benchmark_forecast(method: str, history: np.ndarray, horizon: int, period: int = 12) -> np.ndarray:
    """One of BENCHMARK_METHODS by name."""
    history = np.asarray(history, dtype=float)
    if method == "mean":
        return mean_forecast(history, horizon)
    if method == "naive":
        return naive_forecast(history, horizon)
    if method == "seasonal naive":
        return seasonal_naive_forecast(history, horizon, period)
    if method == "drift":
        return drift_forecast(history, horizon)
    raise ValueError(f'unknown method "{method}"; choose one of: {", ".join(BENCHMARK_METHODS)}')


def seasonal_naive_scale(history: np.ndarray, period: int) -> float:
    """In-sample mean absolute error of the seasonal naive method (naive if too short)."""
    history = np.asarray(history, dtype=float)
    lag = period if len(history) > period else 1
    if len(history) <= lag:
        return float("nan")
    return float(np.mean(np.abs(history[lag:] - history[:-lag])))


@dataclass(frozen=True)
class Accuracy:
    """How far a forecast was from what happened."""

    rmse: float
    mae: float
    mape: float | None  # None when an actual value is zero
    mase: float


def accuracy(actual: np.ndarray, forecast: np.ndarray, scale: float) -> Accuracy:
    """RMSE, MAE, MAPE (%) and MASE of a forecast against the actual values."""
    actual = np.asarray(actual, dtype=float)
    errors = actual - np.asarray(forecast, dtype=float)
    mae = float(np.mean(np.abs(errors)))
    mape = None if np.any(actual == 0) else float(100 * np.mean(np.abs(errors / actual)))
    return Accuracy(
        rmse=float(np.sqrt(np.mean(errors**2))), mae=mae, mape=mape,
        mase=mae / scale if scale and np.isfinite(scale) else float("nan"),
    )
