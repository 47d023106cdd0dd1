"""The forecast in a sales manager's words: how it was made, how it did when tested on the
history, compared with "same as last year", and what it cannot be trusted for.

Works on a PeriodForecast or PlanForecast (plain data: no pandas or numpy needed).
"""

from __future__ import annotations

from typing import Any

from facilitation.history.gap import SEASONAL_METHODS_NEED
from facilitation.store.model import format_money

SAME_AS_LAST_YEAR = '"same as last year"'

# Keyed by facilitation.history.forecast's method names (a test checks every one has words).
METHOD_WORDS = {
    "mean": "the average month so far (no season can be seen in under a year of history)",
    "seasonal naive": "the same months last year, as they were",
    "seasonal naive, year-over-year adjusted": (
        "the same months last year, scaled by how the last three months compare with a "
        "year before"),
    "exponential smoothing (ETS A,Ad,A + M,Ad,M, blended with year-over-year seasonal naive)": (
        "a blend of ways of carrying the pattern on: two that follow the level, trend and "
        "season of the sales as they change (exponential smoothing), and last year's same "
        "months, as they were and scaled by this year's growth"),
    "seasonal naive, half year-over-year adjusted": (
        "last year's same months, half as they were and half scaled by how the last three "
        "months compare with a year before"),
}


def _month(month: str) -> str:
    """'2026-11' → 'Nov 2026'."""
    names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return f"{names[int(month[5:7]) - 1]} {month[:4]}"


def method_sentence(found: Any) -> str:
    """'Made from 48 months of sales to Nov 2026: <how>.'"""
    how = METHOD_WORDS.get(found.method, found.method)
    end = _month(found.history_end)
    return f"Made from {found.history_months} months of sales to {end}: {how}."


def backtest_sentence(found: Any) -> str:
    """How the method did when replayed on the last months of the history, against
    "same as last year" on the same months."""
    c = found.credibility
    if not found.tested:
        return ("Not tested: too little history to replay (testing needs about "
                f"{SEASONAL_METHODS_NEED} months).")
    off = f"off by {c.mape:.1f}% on average" if c.mape is not None else f"MASE {c.mase:.2f}"
    text = f"Tested on the last {c.origins} months it could have forecast: {off}"
    if c.naive_mase:
        ratio = c.mase / c.naive_mase
        if ratio < 0.95:
            text += f", {100 * (1 - ratio):.0f}% closer than {SAME_AS_LAST_YEAR}"
        elif ratio <= 1.0:
            text += f", about as close as {SAME_AS_LAST_YEAR}"
        else:
            text += f", {100 * (ratio - 1):.0f}% further off than {SAME_AS_LAST_YEAR}"
    if c.coverage80 is not None:
        text += f"; the 80% band held {100 * c.coverage80:.0f}% of the time"
    return text + "."


def forecast_warnings(found: Any) -> list[str]:
    """What the forecast cannot be trusted for, plainly: a method set aside for doing worse
    than "same as last year" in its test, extrapolation far past the last actual, a test
    it did worse in than "same as last year", little history, months below zero."""
    warnings = []
    if getattr(found, "set_aside", None):
        how = METHOD_WORDS.get(found.set_aside, found.set_aside).split(":")[0]
        warnings.append(
            f"Fell back to last year's months: the usual method ({how}) did worse than "
            f"simply {SAME_AS_LAST_YEAR} when tested on this history, so it was set aside.")
    gap = found.months_after_history
    if found.extrapolates:
        warnings.append(
            f"The history ends {_month(found.history_end)}, {gap} months before the period "
            f"starts: the forecast extrapolates over {gap} months with no actuals. Import "
            "recent sales before trusting it.")
    if found.tested and found.worse_than_last_year:
        warnings.append(
            f"Weak forecast: in its test it did worse than simply {SAME_AS_LAST_YEAR}. "
            "Treat the figures as a rough guide and read the months against last year's.")
    elif found.tested and found.weak:
        warnings.append(
            f"Weak forecast: the tested months were hard to call. It missed them by "
            f"{usual_change_ratio(found)}, though it did no worse than {SAME_AS_LAST_YEAR} on "
            "those same months. Treat the figures as a rough guide.")
    months = found.history_months
    if months < 12:
        warnings.append(
            f"Only {months} months of history: no season can be seen yet, so the forecast "
            "is the average month with wide bands. With a year of history it will follow "
            "the season (same as last year); compare with the peers in Past performance.")
    elif months < SEASONAL_METHODS_NEED:
        warnings.append(
            f"Only {months} months of history: the forecast is last year's same months "
            "scaled by growth; with two years it can be tested and smoothed.")
    if found.clipped_months:
        warnings.append(
            f"{found.clipped_months} month(s) came out below zero and are shown as zero: "
            "sales cannot be negative.")
    return warnings


def is_credible(found: Any) -> bool:
    """Tested, not weak against "same as last year", and not extrapolating."""
    return found.tested and not found.weak and not found.extrapolates


def credibility_problem(found: Any) -> str | None:
    """Why the forecast is not credible (for the plan check), or None."""
    if found.extrapolates:
        return (f"the forecast extrapolates {found.months_after_history} months past the last "
                "actual: import recent sales")
    if not found.tested:
        return "the forecast could not be tested: under two years of history"
    if found.worse_than_last_year:
        return f"the forecast did worse than {SAME_AS_LAST_YEAR} in its test"
    if found.weak:
        return f"the forecast missed its tested months by {usual_change_ratio(found)}"
    return None


def usual_change_ratio(found: Any) -> str:
    """What makes a tested forecast weak, in words: its errors against how much a month
    usually differs from the same month a year before in this history (MASE, above 1 is
    weak). Said so, it does not read as contradicting the comparison with "same as last
    year" on the tested months, which can be even further off in a hard year."""
    return (f"{found.credibility.mase:.1f} times the usual difference between a month and "
            "the same month a year before")


def gap_text(found: Any) -> str:
    """'Gap 250,000 (17.2% of target); chance of reaching the target 12%'."""
    if found.gap <= 0:
        head = f"Ahead by {format_money(-found.gap)} ({-found.gap_pct:.1f}% over target)"
    else:
        head = f"Gap {format_money(found.gap)} ({found.gap_pct:.1f}% of target)"
    return f"{head}; chance of reaching the target {100 * found.chance_of_target:.0f}%"
