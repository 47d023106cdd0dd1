"""Monthly series: rolling averages and the trend read from the smoothed series."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from facilitation.history.student_t import central_multiplier, t_sf

TREND_WINDOW_MONTHS = 24  # the trend describes the last two years at most


def _finite_or_none(values: list[float]) -> list[float | None]:
    return [value if math.isfinite(value) else None for value in values]


def series_to_json(series: pd.Series) -> dict[str, Any]:
    """A monthly series as JSON-ready data (NaN as null), for the analysis cache."""
    return {"months": [str(month) for month in series.index], "index_name": series.index.name,
            "name": series.name, "values": _finite_or_none(series.astype(float).tolist())}


def series_from_json(data: dict[str, Any]) -> pd.Series:
    """The series `series_to_json` was given."""
    index = pd.PeriodIndex(data["months"], freq="M", name=data["index_name"])
    return pd.Series(data["values"], index=index, dtype=float, name=data["name"])


def frame_to_json(frame: pd.DataFrame) -> dict[str, Any]:
    """Monthly columns (e.g. `rolling_averages`) as JSON-ready data, for the analysis cache."""
    return {"months": [str(month) for month in frame.index], "index_name": frame.index.name,
            "columns": {str(name): _finite_or_none(frame[name].astype(float).tolist())
                        for name in frame.columns}}


def frame_from_json(data: dict[str, Any]) -> pd.DataFrame:
    """The frame `frame_to_json` was given."""
    index = pd.PeriodIndex(data["months"], freq="M", name=data["index_name"])
    return pd.DataFrame({name: pd.Series(values, index=index, dtype=float)
                         for name, values in data["columns"].items()}, index=index)


def rolling_averages(series: pd.Series, windows: tuple[int, ...] = (3, 6)) -> pd.DataFrame:
    """The series with its trailing rolling averages (NaN until a window is full)."""
    frame = pd.DataFrame({"actual": series})
    for window in windows:
        frame[f"avg{window}"] = series.rolling(window).mean()
    return frame


@dataclass(frozen=True)
class Trend:
    """Where the smoothed series is heading.

    `slope` is the change per month in money; `pct_per_year` is twelve months of
    slope relative to the smoothed level at the end; `direction` is "up", "down"
    or "flat" — flat when the 95% confidence interval of the slope includes zero.
    """

    slope: float
    slope_low: float            # 95% confidence interval of the slope
    slope_high: float
    p_value: float
    pct_per_year: float
    level: float                # the smoothed value at the last month
    months: int                 # months the trend was read from
    smoothing: int              # rolling-average window used
    direction: str
    line: pd.Series             # the fitted line over those months

    def to_json(self) -> dict[str, Any]:
        """JSON-ready, for the analysis cache (`from_json` reads it back)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        data["line"] = series_to_json(self.line)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Trend:
        return cls(**{**data, "line": series_from_json(data["line"])})

    def verdict(self) -> str:
        """The trend in words, e.g. 'Up 3.2% a year (+1,250 a month); clearly not flat.'"""
        sign = "+" if self.slope >= 0 else "−"
        money = f"{sign}{abs(self.slope):,.0f} a month"
        if self.direction == "flat":
            text = (f"Flat: {self.pct_per_year:+.1f}% a year ({money}) is within what noise "
                    f"would give (p = {self.p_value:.2f}).")
        else:
            text = (f"{self.direction.capitalize()} {abs(self.pct_per_year):.1f}% a year "
                    f"({money}); distinguishable from flat (p = {self.p_value:.3f}).")
        if self.smoothing < 12:
            text += " Under two years of history: the season may look like a trend."
        return text


def _slope_with_interval(y: np.ndarray, design: np.ndarray) -> tuple[float, float, float, float]:
    """Ordinary least squares: the second coefficient, its 95% t-interval and two-sided
    p-value (what statsmodels' OLS gives, without importing it)."""
    coefficients, _, rank, _ = np.linalg.lstsq(design, y, rcond=None)
    slope = float(coefficients[1])
    dof = len(y) - rank
    residuals = y - design @ coefficients
    if dof <= 0:
        return slope, -math.inf, math.inf, 1.0
    variance = float(residuals @ residuals) / dof
    error = math.sqrt(variance * float(np.linalg.pinv(design.T @ design)[1, 1]))
    if error == 0 or not math.isfinite(error):
        return slope, slope, slope, 0.0 if slope else 1.0
    half = central_multiplier(0.95, dof) * error
    return slope, slope - half, slope + half, min(1.0, 2 * t_sf(abs(slope) / error, float(dof)))


def trend(series: pd.Series) -> Trend | None:
    """The trend of the last two years of the smoothed series; None with under 6 months.

    The smoothed series is the 12-month rolling average (seasonality removed) when
    24 months exist, else the 3-month one. Neighbouring rolling averages share
    months, so a regression on them would look far more certain than it is: the
    slope and its interval come from the monthly values the smoothed window
    spans, with month-of-year effects when there are two years of them. (Newey-West
    errors were tried: on two or three years of months they call a flat series a
    trend about a quarter of the time, plain t-intervals about one time in twelve.)
    """
    if len(series) < 6:
        return None
    window = 12 if len(series) >= 24 else 3
    smoothed = series.rolling(window).mean().dropna().iloc[-TREND_WINDOW_MONTHS:]
    raw = series.iloc[-(len(smoothed) + window - 1):].astype(float)
    x = np.arange(len(raw), dtype=float)
    columns = [np.ones(len(raw)), x]
    if len(raw) >= 24:
        month_of_year = np.array([p.month for p in raw.index])
        columns += [(month_of_year == m).astype(float) for m in range(2, 13)]
    slope, low, high, p_value = _slope_with_interval(raw.to_numpy(), np.column_stack(columns))
    # The drawn line has the regression's slope and passes through the smoothed series.
    centre = np.arange(len(smoothed), dtype=float)
    intercept = float(smoothed.mean()) - slope * centre.mean()
    level = intercept + slope * centre[-1]
    direction = "flat" if low <= 0 <= high or not math.isfinite(low) else (
        "up" if slope > 0 else "down")
    return Trend(
        slope=slope, slope_low=low, slope_high=high, p_value=p_value,
        pct_per_year=100 * 12 * slope / level if level else float("nan"),
        level=level, months=len(raw), smoothing=window, direction=direction,
        line=pd.Series(intercept + slope * centre, index=smoothed.index),
    )
