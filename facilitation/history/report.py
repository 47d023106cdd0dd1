"""The analyses as plain data (for --json) and as lines of text (for the terminal)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from facilitation.history.explain import (
    backtest_sentence,
    forecast_warnings,
    gap_text,
    is_credible,
    method_sentence,
)
from facilitation.history.gap import Credibility, PlanForecast
from facilitation.history.monthly import find_subject, monthly_history, subject_series
from facilitation.history.peers import PeerComparison, compare_with_peers
from facilitation.history.series import (
    Trend,
    frame_from_json,
    frame_to_json,
    rolling_averages,
    trend,
)
from facilitation.store.database import Store
from facilitation.store.model import format_money


@dataclass(frozen=True)
class PastPerformance:
    """Everything step 1 of the method shows for one subject."""

    subject_kind: str
    subject_name: str
    monthly: pd.DataFrame           # actual, avg3, avg6 by month
    trend: Trend | None
    peers: PeerComparison | None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready, for the analysis cache (`from_json` reads it back)."""
        return {"subject_kind": self.subject_kind, "subject_name": self.subject_name,
                "monthly": frame_to_json(self.monthly),
                "trend": None if self.trend is None else self.trend.to_json(),
                "peers": None if self.peers is None else self.peers.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PastPerformance:
        return cls(data["subject_kind"], data["subject_name"], frame_from_json(data["monthly"]),
                   None if data["trend"] is None else Trend.from_json(data["trend"]),
                   None if data["peers"] is None else PeerComparison.from_json(data["peers"]))


def past_performance(store: Store, subject_kind: str, subject_name: str) -> PastPerformance | None:
    """The subject's history, rolling averages, trend and peer comparison; None without history."""
    history = monthly_history(store, subject_kind)
    if subject_name not in history.columns:
        return None
    series = subject_series(history, subject_name)
    return PastPerformance(subject_kind, subject_name, rolling_averages(series), trend(series),
                           compare_with_peers(history, subject_name))


def _number(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), 4)


def past_performance_data(found: PastPerformance) -> dict[str, Any]:
    """JSON-ready: months with actuals and rolling averages, the trend and the peers."""
    months = [
        {"month": str(month), "amount": _number(row.actual), "avg3": _number(row.avg3),
         "avg6": _number(row.avg6)}
        for month, row in found.monthly.iterrows()
    ]
    data: dict[str, Any] = {"subject": found.subject_name, "kind": found.subject_kind,
                            "months": months, "trend": None, "peers": None}
    if found.trend:
        t = found.trend
        data["trend"] = {"direction": t.direction, "slope_per_month": _number(t.slope),
                         "slope_95": [_number(t.slope_low), _number(t.slope_high)],
                         "p_value": _number(t.p_value), "pct_per_year": _number(t.pct_per_year),
                         "months": t.months, "smoothing_months": t.smoothing,
                         "verdict": t.verdict()}
    if found.peers:
        p = found.peers
        data["peers"] = {"peers": p.peers, "months": p.months, "index": _number(p.index),
                         "growth_pct": _number(p.growth), "peer_growth_pct": _number(p.peer_growth),
                         "percentile_rank": _number(p.percentile_rank), "rank": p.rank,
                         "verdict": p.verdict()}
    return data


def past_performance_lines(found: PastPerformance) -> list[str]:
    """A table of months and the two verdicts."""
    lines = [f"{found.subject_name} ({found.subject_kind})",
             f"{'Month':<8} {'Sales':>14} {'3-mo avg':>14} {'6-mo avg':>14}"]
    for month, row in found.monthly.iterrows():
        lines.append(f"{month!s:<8} {format_money(row.actual):>14} "
                     f"{_money_or_dash(row.avg3):>14} {_money_or_dash(row.avg6):>14}")
    lines.append("Trend: " + (found.trend.verdict() if found.trend else "under 6 months of history"))
    lines.append("Peers: " + (found.peers.verdict() if found.peers else "no peers with history"))
    return lines


def _money_or_dash(value: float) -> str:
    return format_money(value) if math.isfinite(value) else "—"


def credibility_text(credibility: Credibility) -> str:
    """'backtest: 12 origins, MASE 0.71, MAPE 4.2%, 80% interval held 79%, 95% held 94%'."""
    c = credibility
    if not c.origins:
        return "no backtest: too little history to replay"
    parts = [f"backtest: {c.origins} origins"]
    if c.mase is not None:
        parts.append(f"MASE {c.mase:.2f}")
    if c.mape is not None:
        parts.append(f"MAPE {c.mape:.1f}%")
    if c.coverage80 is not None:
        parts.append(f"80% band held {100 * c.coverage80:.0f}%")
    if c.coverage95 is not None:
        parts.append(f"95% band held {100 * c.coverage95:.0f}%")
    return ", ".join(parts)


def forecast_data(found: PlanForecast) -> dict[str, Any]:
    """JSON-ready: the forecast by month, the period's totals, the gap and the credibility."""
    c = found.credibility
    return {
        "subject": found.subject_name, "kind": found.subject_kind,
        "period": f"{found.period_start}..{found.period_end}",
        "history": f"{found.history_start}..{found.history_end}", "method": found.method,
        "expected": _number(found.expected), "target": _number(found.target),
        "gap": _number(found.gap), "gap_pct": _number(found.gap_pct),
        "chance_of_target": _number(found.chance_of_target),
        "interval80": [_number(found.lower80), _number(found.upper80)],
        "interval95": [_number(found.lower95), _number(found.upper95)],
        "rolling_average_line": _number(found.line_expected),
        "months": [
            {"month": m.month, "expected": _number(m.expected),
             "interval80": [_number(m.lower80), _number(m.upper80)],
             "interval95": [_number(m.lower95), _number(m.upper95)], "actual": _number(m.actual)}
            for m in found.months
        ],
        "credibility": {"origins": c.origins, "mase": _number(c.mase), "mape": _number(c.mape),
                        "coverage80": _number(c.coverage80), "coverage95": _number(c.coverage95),
                        "same_as_last_year_mase": _number(c.naive_mase)},
        "how_it_was_made": method_sentence(found), "how_it_tested": backtest_sentence(found),
        "credible": is_credible(found), "months_after_history": found.months_after_history,
        "warnings": forecast_warnings(found),
    }


def forecast_lines(found: PlanForecast) -> list[str]:
    """The forecast as a short text report."""
    lines = [
        (f"{found.subject_name} ({found.subject_kind}), {found.period_start}..{found.period_end}, "
         f"from history {found.history_start}..{found.history_end}"),
        method_sentence(found),
        backtest_sentence(found),
        *(f"Warning: {w}" for w in forecast_warnings(found)),
        f"{'Month':<8} {'Expected':>12} {'80% interval':>25} {'95% interval':>25}",
    ]
    for m in found.months:
        lines.append(f"{m.month:<8} {format_money(m.expected):>12} "
                     f"{format_money(m.lower80) + '..' + format_money(m.upper80):>25} "
                     f"{format_money(m.lower95) + '..' + format_money(m.upper95):>25}"
                     + (f"  actual {format_money(m.actual)}" if m.actual is not None else ""))
    lines += [
        (f"Expected {format_money(found.expected)} (80%: {format_money(found.lower80)}.."
         f"{format_money(found.upper80)}); target {format_money(found.target)}"),
        gap_text(found),
        (f"(The straight line of the rolling average would say {format_money(found.line_expected)};"
         " it is not used: seasonal methods are far more accurate.)"),
    ]
    return lines


def subject_by_name(store: Store, name: str) -> tuple[str, str]:
    """(kind, name) of a subject with history; KeyError naming the known subjects."""
    return find_subject(store, name)
