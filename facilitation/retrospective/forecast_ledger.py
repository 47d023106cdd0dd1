"""Did the plan come true? The forecast ledger: every forecast a session showed, kept as it
was shown, set against the actual months once they are imported.

    record_forecast(store, found, session_id=7)      # when the forecast step shows it
    book = ledger(store)                              # later: actual, error, intervals held
    book.overall.mean_abs_pct_error, book.overall.within80
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitation.history.cache import data_version
from facilitation.history.explain import METHOD_WORDS
from facilitation.history.monthly import subject_months
from facilitation.store.database import Store, now_iso
from facilitation.store.model import (
    format_money,
    format_money_short,
    format_month_span,
    month_index,
)

RECORDED = "forecast_ledger.recorded"


class _AlreadyRecorded(Exception):
    """Ends the write without an event when the entry exists."""


@dataclass(frozen=True)
class LedgerEntry:
    """One forecast as it was shown and, once its period's months are all imported, how it
    turned out (`actual` None: not yet)."""

    id: int
    session_id: int | None
    plan_id: int
    subject_kind: str
    subject_name: str
    period_start: str
    period_end: str
    expected: float
    lower80: float
    upper80: float
    lower95: float
    upper95: float
    method: str
    history_end: str
    recorded_at: str
    actual: float | None = None

    @property
    def settled(self) -> bool:
        return self.actual is not None

    @property
    def error(self) -> float | None:
        """Actual − expected (positive: sold more than forecast)."""
        return None if self.actual is None else self.actual - self.expected

    @property
    def error_pct(self) -> float | None:
        """The error as a % of the actual; None before the actuals or when they are zero."""
        if self.actual is None or self.actual == 0:
            return None
        return 100 * (self.actual - self.expected) / abs(self.actual)

    @property
    def within80(self) -> bool | None:
        return None if self.actual is None else self.lower80 <= self.actual <= self.upper80

    @property
    def within95(self) -> bool | None:
        return None if self.actual is None else self.lower95 <= self.actual <= self.upper95

    def to_json(self) -> dict[str, Any]:
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return {**fields, "error": self.error, "error_pct": self.error_pct,
                "within80": self.within80, "within95": self.within95}


@dataclass(frozen=True)
class LedgerSummary:
    """The track record of a set of forecasts: how many, how many can be judged yet, the
    mean absolute % error and the share whose 80 % and 95 % intervals held (None until
    one is settled)."""

    plan_id: int | None      # None: all plans
    subject: str             # the plan's subject name, or "All plans"
    forecasts: int
    settled: int
    mean_abs_pct_error: float | None
    within80: float | None   # 0..1
    within95: float | None

    def to_json(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


@dataclass(frozen=True)
class Ledger:
    entries: list[LedgerEntry]
    plans: list[LedgerSummary]   # one per plan with entries, by plan id
    overall: LedgerSummary

    def to_json(self) -> dict[str, Any]:
        return {"entries": [e.to_json() for e in self.entries],
                "plans": [p.to_json() for p in self.plans],
                "overall": self.overall.to_json()}


def record_forecast(store: Store, found: Any, session_id: int | None, *,
                    at: str | None = None) -> int | None:
    """Record a plan's forecast (a PlanForecast) as a session showed it: one row and one
    event, once per session, plan, period and history (showing it again records
    nothing). Returns the new entry's id, or None when it was already recorded."""
    version = data_version(store, found.subject_kind, found.subject_name)
    same = ("SELECT 1 FROM forecast_ledger WHERE session_id IS ? AND plan_id = ? AND "
            "period_start = ? AND period_end = ? AND data_version = ?")
    key = [session_id, found.plan_id, found.period_start, found.period_end, version]
    if store.query(same, key):
        return None
    row = {
        "session_id": session_id, "plan_id": found.plan_id,
        "subject_kind": found.subject_kind, "subject_name": found.subject_name,
        "period_start": found.period_start, "period_end": found.period_end,
        "expected": found.expected, "lower80": found.lower80, "upper80": found.upper80,
        "lower95": found.lower95, "upper95": found.upper95,
        "method": METHOD_WORDS.get(found.method, found.method),
        "history_end": found.history_end, "data_version": version,
        "recorded_at": at or now_iso(),
    }
    try:
        # The row names the session; the event does not, because an ended session (shown
        # again, read-only) refuses events of its own.
        with store.change(RECORDED, {"plan_id": found.plan_id,
                                     "session_id": session_id}) as change:
            # Checked again inside the write: each participant's screen shows the same
            # forecast, and another process may have recorded it meanwhile.
            if store.query(same, key):
                raise _AlreadyRecorded
            return change.insert("forecast_ledger", row)
    except _AlreadyRecorded:
        return None  # rolled back: no empty event


def ledger(store: Store, plan_id: int | None = None) -> Ledger:
    """Every recorded forecast (of one plan, or all) with its actual once every month of
    its period is in the imported history, and the track record per plan and overall."""
    sql = "SELECT * FROM forecast_ledger"
    rows = store.query(sql + (" WHERE plan_id = ?" if plan_id is not None else "")
                       + " ORDER BY plan_id, recorded_at, id",
                       [plan_id] if plan_id is not None else [])
    histories: dict[tuple[str, str], tuple[str, list[float]] | None] = {}
    entries = []
    for row in rows:
        subject = (row["subject_kind"], row["subject_name"])
        if subject not in histories:
            histories[subject] = subject_months(store, *subject)
        fields = {k: row[k] for k in row.keys()  # noqa: SIM118  (a Row iterates its values)
                  if k in LedgerEntry.__dataclass_fields__}
        entries.append(LedgerEntry(**fields, actual=_period_actual(
            histories[subject], row["period_start"], row["period_end"])))
    plans = [summarise([e for e in entries if e.plan_id == pid], pid)
             for pid in sorted({e.plan_id for e in entries})]
    return Ledger(entries, plans, summarise(entries, None))


def _period_actual(history: tuple[str, list[float]] | None, start: str,
                   end: str) -> float | None:
    """The period's total sales, or None unless all its months are in the history."""
    if history is None:
        return None
    first, amounts = history
    lo = month_index(start) - month_index(first)
    hi = month_index(end) - month_index(first)
    if lo < 0 or hi >= len(amounts):
        return None
    return sum(amounts[lo:hi + 1])


def summarise(entries: list[LedgerEntry], plan_id: int | None) -> LedgerSummary:
    """The track record of some forecasts."""
    settled = [e for e in entries if e.settled]
    errors = [abs(e.error_pct) for e in settled if e.error_pct is not None]

    def share(held: list[bool | None]) -> float | None:
        return sum(1 for h in held if h) / len(held) if held else None

    subject = entries[0].subject_name if plan_id is not None and entries else "All plans"
    return LedgerSummary(
        plan_id=plan_id, subject=subject, forecasts=len(entries), settled=len(settled),
        mean_abs_pct_error=sum(errors) / len(errors) if errors else None,
        within80=share([e.within80 for e in settled]),
        within95=share([e.within95 for e in settled]),
    )


def summary_line(summary: LedgerSummary) -> str:
    """'North: 3 forecasts, 2 judged, off by 4.1% on average; 80% held 2 of 2, 95% 2 of 2.'"""
    text = f"{summary.subject}: {_count(summary.forecasts, 'forecast')}"
    if not summary.settled:
        return text + ", none judged yet (their months are not all imported)."
    held80 = round((summary.within80 or 0) * summary.settled)
    held95 = round((summary.within95 or 0) * summary.settled)
    off = ("" if summary.mean_abs_pct_error is None
           else f", off by {summary.mean_abs_pct_error:.1f}% on average")
    return (f"{text}, {summary.settled} judged{off}; 80% interval held {held80} of "
            f"{summary.settled}, 95% {held95} of {summary.settled}.")


def entry_lines(entry: LedgerEntry) -> list[str]:
    """Three lines for one forecast: when and from what, what it said, what happened."""
    session = "" if entry.session_id is None else f" (session {entry.session_id})"
    span = format_month_span(entry.period_start, entry.period_end)
    lines = [
        # A one-month span reads 'Oct 2026–Oct 2026': its first half names the month.
        (f"{span}, shown {entry.recorded_at[:10]}{session}, from sales to "
         f"{format_month_span(entry.history_end, entry.history_end).partition('–')[0]}"),
        (f"  expected {format_money(entry.expected)} (80%: {format_money_short(entry.lower80)}–"
         f"{format_money_short(entry.upper80)}, 95%: {format_money_short(entry.lower95)}–"
         f"{format_money_short(entry.upper95)})"),
    ]
    if entry.actual is None:
        lines.append("  actual: not known yet (the period's months are not all imported)")
        return lines
    pct = "" if entry.error_pct is None else f" ({entry.error_pct:+.1f}%)"
    side = "above" if entry.error >= 0 else "below"
    lines.append(f"  actual {format_money(entry.actual)}: {format_money(abs(entry.error))} {side}"
                 f"{pct}; 80% {_held(entry.within80)}, 95% {_held(entry.within95)}")
    return lines


def _held(held: bool | None) -> str:
    return "held" if held else "missed"


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")
