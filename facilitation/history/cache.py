"""Analyses cached in the database by what they depend on, so that a forecast is computed
once per change of data and shared by the app, the CLI, the exports and the plan check.

A cached result is keyed by the analysis, the subject and the method's settings (for a
forecast: its period), and valid while two more things are unchanged: the history it read
(a digest of monthly totals: for a forecast the subject's own, `data_version`; for past
performance those of every subject of its kind, since it compares the subject with its
peers, `kind_version`; so a change to a plan, or an import of other subjects, leaves a
forecast valid, and past performance too unless they are of its kind) and the analysis code
(its code version: bump it when a method changes its numbers).

The cache is derived data: its writes are not events (replay does not rebuild it, and
facilitation.store.replay.DERIVED_TABLES says so), it can be emptied at any time, and a
write that fails (a read-only file, a busy database) only costs a recomputation.

    found = cached_forecast(store, "territory", "North", "2027-01", "2027-03")
    plan_figures = found.with_target(1_200_000)

Reading a warm forecast costs two small queries and needs neither pandas nor numpy (a
past performance is read back into pandas series, for its charts).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from facilitation.history.gap import PeriodForecast, PlanForecast
from facilitation.history.monthly import subject_months
from facilitation.store.database import Store, now_iso

# Each analysis's code version, part of its cache key: bump it when the method changes its
# numbers (or what it keeps).
CODE_VERSION = 3                      # the forecast
PAST_PERFORMANCE_CODE_VERSION = 1
FORECAST = "forecast"
PAST_PERFORMANCE = "past_performance"
NO_SETTINGS = "{}"


@dataclass(frozen=True)
class Cached:
    """What the cache holds for an analysis: its result, and whether it was computed from
    the history as it is now (`fresh`) or from an earlier one (shown while recomputing)."""

    result: Any
    fresh: bool


def data_version(store: Store, subject_kind: str, subject_name: str) -> str:
    """A digest of the subject's monthly history: changes exactly when its months do."""
    found = subject_months(store, subject_kind, subject_name)
    return _digest(found)


def kind_version(store: Store, subject_kind: str) -> str:
    """A digest of the monthly history of every subject of one kind (what past performance
    reads: the subject and its peers); changes exactly when any of their months do."""
    rows = store.query(
        "SELECT subject_name, month, sum(amount) FROM sales_history WHERE subject_kind = ? "
        "GROUP BY subject_name, month ORDER BY subject_name, month", [subject_kind])
    return _digest([tuple(row) for row in rows])


def _digest(found: Any) -> str:
    return hashlib.sha1(json.dumps(found).encode()).hexdigest()


def _settings(period_start: str, period_end: str) -> str:
    return json.dumps({"period": [period_start, period_end]})


def _stored(store: Store, analysis: str, subject_kind: str, subject_name: str, settings: str,
            code_version: int) -> sqlite3.Row | None:
    """The cache's row for an analysis made by this code (None: none, or by other code)."""
    rows = store.query(
        "SELECT data_version, code_version, result FROM analysis_cache WHERE analysis = ? "
        "AND subject_kind = ? AND subject_name = ? AND settings = ?",
        [analysis, subject_kind, subject_name, settings])
    return rows[0] if rows and rows[0]["code_version"] == code_version else None


def _write(store: Store, analysis: str, subject_kind: str, subject_name: str, settings: str,
           version: str, code_version: int, result: Any) -> None:
    try:
        store.conn.execute(
            "INSERT OR REPLACE INTO analysis_cache (analysis, subject_kind, subject_name, "
            "settings, data_version, code_version, result, computed_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [analysis, subject_kind, subject_name, settings, version, code_version,
             json.dumps(result), now_iso()])
    except sqlite3.Error:
        pass  # derived data: the next reader computes it again


def _computed_once(store: Store, analysis: str, subject_kind: str, subject_name: str,
                   settings: str, code_version: int, version: str, compute: Callable[[], Any],
                   decode: Callable[[str], Any]) -> Any:
    """The cached result when it was computed from history `version` by this code, else
    `compute()`'s, cached (a result is None or has `to_json`)."""
    row = _stored(store, analysis, subject_kind, subject_name, settings, code_version)
    if row is not None and row["data_version"] == version:
        return decode(row["result"])
    found = compute()
    _write(store, analysis, subject_kind, subject_name, settings, version, code_version,
           None if found is None else found.to_json())
    return found


def _forecast_from(text: str) -> PeriodForecast | None:
    data = json.loads(text)
    return None if data is None else PeriodForecast.from_json(data)


def stored_forecast(store: Store, subject_kind: str, subject_name: str, period_start: str,
                    period_end: str) -> Cached | None:
    """The cached forecast without computing anything: None if there is none (or it was
    made by other code), else the result and whether the history changed since."""
    row = _stored(store, FORECAST, subject_kind, subject_name,
                  _settings(period_start, period_end), CODE_VERSION)
    if row is None:
        return None
    fresh = row["data_version"] == data_version(store, subject_kind, subject_name)
    return Cached(_forecast_from(row["result"]), fresh)


def cached_forecast(store: Store, subject_kind: str, subject_name: str, period_start: str,
                    period_end: str) -> PeriodForecast | None:
    """The forecast of a subject's sales over a period, from the cache when it was computed
    from the history as it is now, else computed (~0.1 s) and cached; None when the
    subject has no history before the period."""
    from facilitation.history.gap import period_forecast

    history = subject_months(store, subject_kind, subject_name)

    def compute() -> PeriodForecast | None:
        if history is None:
            return None
        return period_forecast(subject_kind, subject_name, *history, period_start, period_end)

    return _computed_once(store, FORECAST, subject_kind, subject_name,
                          _settings(period_start, period_end), CODE_VERSION, _digest(history),
                          compute, _forecast_from)


def _past_performance_from(text: str) -> Any:
    from facilitation.history.report import PastPerformance  # pandas: only when read

    data = json.loads(text)
    return None if data is None else PastPerformance.from_json(data)


def stored_past_performance(store: Store, subject_kind: str, subject_name: str) -> Cached | None:
    """The cached past performance (history, rolling averages, trend, peers) without
    computing anything: None if there is none (or it was made by other code), else the
    result and whether the history of the subject or of any peer changed since."""
    row = _stored(store, PAST_PERFORMANCE, subject_kind, subject_name, NO_SETTINGS,
                  PAST_PERFORMANCE_CODE_VERSION)
    if row is None:
        return None
    fresh = row["data_version"] == kind_version(store, subject_kind)
    return Cached(_past_performance_from(row["result"]), fresh)


def past_performance_is_fresh(store: Store, subject_kind: str, subject_name: str,
                              version: str | None = None) -> bool:
    """Whether the cache holds the subject's past performance computed by this code from
    the history of its kind as it is now (`version`: that history's kind_version, when
    the caller has it already)."""
    row = _stored(store, PAST_PERFORMANCE, subject_kind, subject_name, NO_SETTINGS,
                  PAST_PERFORMANCE_CODE_VERSION)
    return row is not None and row["data_version"] == (
        version or kind_version(store, subject_kind))


def cached_past_performance(store: Store, subject_kind: str, subject_name: str, *,
                            version: str | None = None) -> Any:
    """A subject's past performance (a PastPerformance), from the cache when it was computed
    from the history of the subject and its peers as it is now, else computed and cached;
    None without history. `version`: the kind's kind_version, when the caller has it."""
    from facilitation.history.report import past_performance

    return _computed_once(
        store, PAST_PERFORMANCE, subject_kind, subject_name, NO_SETTINGS,
        PAST_PERFORMANCE_CODE_VERSION, version or kind_version(store, subject_kind),
        lambda: past_performance(store, subject_kind, subject_name), _past_performance_from)


def subject_forecast(
    store: Store, subject_kind: str, subject_name: str, period_start: str, period_end: str,
    target: float, *, plan_id: int | None = None,
) -> PlanForecast | None:
    """The forecast and gap for any subject and period (the CLI's `spip forecast`);
    None when the subject has no history before the period."""
    found = cached_forecast(store, subject_kind, subject_name, period_start, period_end)
    return None if found is None else found.with_target(float(target), plan_id)


def plan_forecast(store: Store, plan: Any) -> PlanForecast | None:
    """The forecast and gap for a plan's target period; None when its subject has no history
    before the period. For a plan whose period has begun or passed, the forecast is the
    one the history before the period supported; the months already known carry their
    actuals."""
    return subject_forecast(store, plan.subject_kind, plan.subject_name, plan.period_start,
                            plan.period_end, float(plan.target_amount), plan_id=plan.id)


def precompute_forecasts(store: Store, progress: Callable[[int, int], None] | None = None) -> int:
    """Compute (or confirm) the cached forecast of every active plan, calling
    `progress(done, total)` after each; returns how many were computed afresh. Run it
    after an import, off the UI thread, so that screens find their figures ready."""
    plans = store.query("SELECT subject_kind, subject_name, period_start, period_end "
                        "FROM plans WHERE status = 'active' ORDER BY id")
    computed = 0
    for done, plan in enumerate(plans, start=1):
        cached = stored_forecast(store, *plan)
        if cached is None or not cached.fresh:
            cached_forecast(store, *plan)
            computed += 1
        if progress is not None:
            progress(done, len(plans))
    return computed
