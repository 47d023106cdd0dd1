"""After an import: the analyses of the imported subjects computed ahead into the cache, so
that their screens (forecast & gap, past performance) and commands open on ready figures.

An import changes the history of its subjects, and past performance compares a subject with
every peer of its kind, so both kinds of analysis go stale at once. What is computed, in the
order a person is likely to look: the forecast of every active plan whose subject was
imported, then each imported subject's past performance (subjects with a plan first). An
analysis still fresh in the cache is only confirmed, not computed again.

    precompute_import(store, saved.import_id, lambda done, total: ...)

It takes seconds on a large import (past performance ~25-60 ms a subject): run it off the UI
thread (the app does, in a worker) with its own connection.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from facilitation.history.cache import (
    cached_forecast,
    cached_past_performance,
    kind_version,
    past_performance_is_fresh,
    stored_forecast,
)
from facilitation.store.database import Store

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Precomputed:
    """What a precompute did: how many analyses it computed afresh (the others were fresh)."""

    forecasts: int
    past_performances: int
    subjects: int


def imported_subjects(store: Store, import_id: int) -> list[tuple[str, str]]:
    """(kind, name) of every subject in one import, subjects with an active plan first."""
    rows = store.query(
        "SELECT DISTINCT h.subject_kind, h.subject_name, EXISTS (SELECT 1 FROM plans p "
        "WHERE p.status = 'active' AND p.subject_kind = h.subject_kind "
        "AND p.subject_name = h.subject_name) AS planned "
        "FROM sales_history h WHERE h.import_id = ? "
        "ORDER BY planned DESC, h.subject_kind, h.subject_name COLLATE NOCASE", [import_id])
    return [(row["subject_kind"], row["subject_name"]) for row in rows]


def _plans_of(store: Store, subjects: list[tuple[str, str]]) -> list[tuple[str, str, str, str]]:
    wanted = set(subjects)
    rows = store.query("SELECT subject_kind, subject_name, period_start, period_end "
                       "FROM plans WHERE status = 'active' ORDER BY id")
    return [tuple(row) for row in rows if (row[0], row[1]) in wanted]


def precompute_import(store: Store, import_id: int,
                      progress: Progress | None = None) -> Precomputed:
    """Compute (or confirm) into the cache the forecast of every active plan of a subject
    in import `import_id` and the past performance of every such subject, calling
    `progress(done, total)` after each analysis."""
    subjects = imported_subjects(store, import_id)
    plans = _plans_of(store, subjects)
    total = len(plans) + len(subjects)
    done = forecasts = past = 0
    for plan in plans:
        cached = stored_forecast(store, *plan)
        if cached is None or not cached.fresh:
            cached_forecast(store, *plan)
            forecasts += 1
        done += 1
        if progress is not None:
            progress(done, total)
    versions: dict[str, str] = {}   # one digest of a kind's history serves all its subjects
    for kind, name in subjects:
        version = versions.get(kind) or versions.setdefault(kind, kind_version(store, kind))
        if not past_performance_is_fresh(store, kind, name, version):
            cached_past_performance(store, kind, name, version=version)
            past += 1
        done += 1
        if progress is not None:
            progress(done, total)
    return Precomputed(forecasts, past, len(subjects))
