"""Backtest the default forecaster on every Australian retail series, against seasonal naive
and (when installed: `pip install -e .[bench]`) statsforecast's AutoETS, AutoARIMA,
AutoTheta and their ensemble, in the same run; and the CPU each forecast costs.

Each state within an industry is a territory (152 series). For each series,
rolling origins over the last years: the forecaster sees the 36 months before
the origin and forecasts 3 months; the figures are the mean MASE (scaled by
the training window's seasonal-naive error) of each method, and the share of
actuals that fell inside the 80% and 95% intervals. CPU per series is the
process CPU time of one forecast including its backtest (median over every
forecast made), and, separately, of a fresh process that imports the forecast
and makes one (what `spip forecast` pays on a cold cache).

Run:  nice -n 10 python benchmarks/forecast_accuracy.py [--origins 6] [--series N] [--every K]

Measured (2026-11-27, 152 series, shared 2-core machine under load): see the closing
lines printed by the run; the figures of the last full run are in the commit message.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from facilitation.history.baselines import seasonal_naive_forecast, seasonal_naive_scale
from facilitation.history.forecast import forecast_next

WINDOW, HORIZON = 36, 3
BASELINES = ("AutoETS", "AutoARIMA", "AutoTheta")


def default_data() -> Path:
    """shared/data beside the repository (or beside the worktrees' folder)."""
    for base in (ROOT.parent, ROOT.parent.parent):
        path = base / "shared" / "data" / "aus_retail.csv"
        if path.exists():
            return path
    return ROOT.parent / "shared" / "data" / "aus_retail.csv"


def load_series(path: Path) -> list[pd.Series]:
    frame = pd.read_csv(path)
    frame["month"] = pd.PeriodIndex(pd.to_datetime(frame["Month"], format="%Y %b"), freq="M")
    found = []
    for (state, industry), rows in frame.groupby(["State", "Industry"], sort=True):
        series = rows.set_index("month")["Turnover"].sort_index().astype(float)
        series = series.reindex(pd.period_range(series.index[0], series.index[-1], freq="M"))
        found.append(series.interpolate().rename(f"{state} / {industry}"))
    return found


def statsforecast_models() -> dict | None:
    """statsforecast's models, or None (with a message) when it is not installed."""
    try:
        from statsforecast.models import AutoARIMA, AutoETS, AutoTheta
    except ImportError:
        print("statsforecast is not installed (pip install -e .[bench]): "
              "its baselines are skipped.")
        return None
    return {"AutoETS": AutoETS, "AutoARIMA": AutoARIMA, "AutoTheta": AutoTheta}


class Tally:
    """MASE and interval hits per method."""

    def __init__(self) -> None:
        self.mase: dict[str, list[float]] = {}
        self.inside: dict[str, dict[int, list[bool]]] = {}
        self.failures: dict[str, dict[str, int]] = {}

    def failed(self, method: str, reason: str) -> None:
        reasons = self.failures.setdefault(method, {})
        reasons[reason] = reasons.get(reason, 0) + 1

    def add(self, method: str, actual: np.ndarray, scale: float, mean: np.ndarray,
            bands: dict[int, tuple[np.ndarray, np.ndarray]] | None = None) -> None:
        self.mase.setdefault(method, []).append(float(np.mean(np.abs(actual - mean)) / scale))
        for level, (low, high) in (bands or {}).items():
            hits = self.inside.setdefault(method, {}).setdefault(level, [])
            hits.extend(((actual >= low) & (actual <= high)).tolist())

    def mean(self, method: str) -> float:
        return float(np.mean(self.mase[method]))

    def coverage(self, method: str, level: int) -> float:
        return 100 * float(np.mean(self.inside[method][level]))


def backtest_series(series: pd.Series, origins: int, spacing: int, tally: Tally,
                    models: dict | None, cpu: list[float]) -> None:
    n = len(series)
    for k in range(origins):
        origin = n - HORIZON - k * spacing
        train = series.iloc[origin - WINDOW:origin]
        values = train.to_numpy()
        actual = series.iloc[origin:origin + HORIZON].to_numpy()
        scale = seasonal_naive_scale(values, 12)
        started = time.process_time()
        forecast = forecast_next(train, HORIZON)
        cpu.append(time.process_time() - started)
        tally.add("spip", actual, scale, forecast.expected.to_numpy(), {
            80: (forecast.lower80.to_numpy(), forecast.upper80.to_numpy()),
            95: (forecast.lower95.to_numpy(), forecast.upper95.to_numpy())})
        tally.add("seasonal naive", actual, scale, seasonal_naive_forecast(values, HORIZON, 12))
        tally.add("rolling-average line", actual, scale, forecast.line.to_numpy())
        if models is None:
            continue
        means = []
        for name, model in models.items():
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    found = model(season_length=12).forecast(y=values, h=HORIZON,
                                                             level=[80, 95])
            except Exception as exc:  # noqa: BLE001  (AutoETS: "tiny datasets" on 12 windows)
                # What its user would do: fall back to "same as last year" (no bands).
                tally.failed(name, f"{type(exc).__name__}: {exc}")
                naive = seasonal_naive_forecast(values, HORIZON, 12)
                means.append(naive)
                tally.add(name, actual, scale, naive)
                continue
            means.append(found["mean"])
            tally.add(name, actual, scale, found["mean"], {
                level: (found[f"lo-{level}"], found[f"hi-{level}"]) for level in (80, 95)})
        tally.add("ensemble (ETS+ARIMA+Theta)", actual, scale, np.mean(means, axis=0))


def cold_forecast_cpu(series: pd.Series) -> float:
    """CPU seconds of a fresh process that imports the forecast and makes one."""
    values = ",".join(f"{v:.4f}" for v in series.iloc[-WINDOW:].to_numpy())
    code = ("from facilitation.history.gap import period_forecast\n"
            f"period_forecast('territory', 'x', '2020-01', [{values}], '2023-01', '2023-03')\n")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--origins", type=int, default=6, help="forecast origins per series")
    parser.add_argument("--spacing", type=int, default=3, help="months between origins")
    parser.add_argument("--series", type=int, default=0, help="only the first N series (0: all)")
    parser.add_argument("--every", type=int, default=1, help="only every K-th series (a sample)")
    parser.add_argument("--no-baselines", action="store_true", help="skip statsforecast")
    parser.add_argument("--data", type=Path, default=default_data())
    args = parser.parse_args()
    all_series = load_series(args.data)[::args.every]
    if args.series:
        all_series = all_series[: args.series]
    models = None if args.no_baselines else statsforecast_models()
    started = time.perf_counter()
    tally, cpu = Tally(), []
    methods: dict[str, int] = {}
    for series in all_series:
        backtest_series(series, args.origins, args.spacing, tally, models, cpu)
        method = forecast_next(series.iloc[-WINDOW:], HORIZON).method
        methods[method] = methods.get(method, 0) + 1
    elapsed = time.perf_counter() - started
    naive = tally.mean("seasonal naive")
    print(f"series: {len(all_series)}, origins per series: {args.origins} (every {args.spacing} "
          f"months), window {WINDOW} months, horizon {HORIZON} months, {elapsed:.0f}s")
    for method in tally.mase:
        line = f"mean MASE  {method:<28} {tally.mean(method):.3f}  ({tally.mean(method) / naive:.3f}x seasonal naive)"
        if method in tally.inside:
            line += (f"  80% band held {tally.coverage(method, 80):.1f}%,"
                     f" 95% held {tally.coverage(method, 95):.1f}%")
        print(line)
    for method, reasons in tally.failures.items():
        for reason, count in reasons.items():
            print(f"{method} failed on {count} windows ({reason}): seasonal naive used there, "
                  "no bands")
    spip = tally.mean("spip")
    print(f"spip / seasonal naive: {spip / naive:.3f} (goal <= 0.72)")
    rivals = [m for m in tally.mase if m not in ("spip", "seasonal naive", "rolling-average line")]
    for rival in rivals:
        verdict = "beats" if spip < tally.mean(rival) else "does NOT beat"
        print(f"spip {verdict} {rival}: {spip:.3f} vs {tally.mean(rival):.3f}"
              f" (ratio {spip / tally.mean(rival):.3f})")
    print(f"80% interval coverage: {tally.coverage('spip', 80):.1f}% (goal 77-83)")
    print(f"95% interval coverage: {tally.coverage('spip', 95):.1f}% (goal 92-98)")
    print(f"CPU per forecast incl. its backtest: median {statistics.median(cpu):.3f}s, "
          f"90th percentile {np.percentile(cpu, 90):.3f}s over {len(cpu)} (goal median <= 0.15s)")
    print(f"CPU of a fresh process importing the forecast and making one: "
          f"{cold_forecast_cpu(all_series[0]):.2f}s")
    print("methods chosen at the last origin: " + ", ".join(f"{k} {v}" for k, v in methods.items()))


if __name__ == "__main__":
    main()
