"""A weak forecast is told as one story: what "weak" is measured against, in plain words,
and how that fits the test's comparison with "same as last year" on the same months (the
forecast step showed "larger than 'same as last year' … (MASE 2.22)" next to "9% closer
than 'same as last year'", which read as a contradiction)."""

from __future__ import annotations

from facilitation.history.explain import (
    backtest_sentence,
    credibility_problem,
    forecast_warnings,
)
from facilitation.history.gap import Credibility, PeriodForecast


def forecast(mase: float, naive_mase: float) -> PeriodForecast:
    """Tested on 13 months, four years of history, the period right after it."""
    return PeriodForecast(
        subject_kind="rep", subject_name="Dana", period_start="2027-04",
        period_end="2027-06", history_start="2023-03", history_end="2027-03",
        method="seasonal naive", expected=300_000.0, spread=20_000.0, dof=12.0, path=[],
        credibility=Credibility(13, mase, 9.0, 0.8, 0.95, naive_mase),
        line_expected=290_000.0)


def test_a_weak_forecast_that_beat_last_year_says_both_in_one_story():
    found = forecast(mase=2.22, naive_mase=2.44)      # weak, yet 9% closer than last year
    assert found.weak and not found.worse_than_last_year
    assert "9% closer than" in backtest_sentence(found)
    [weak] = [w for w in forecast_warnings(found) if w.startswith("Weak forecast")]
    # Not "larger than 'same as last year'" beside "closer than 'same as last year'".
    assert 'larger than "same as last year"' not in weak
    assert 'no worse than "same as last year" on those same months' in weak, weak
    # What weak is measured against, in words (the figure explained, not bare).
    assert "2.2 times the usual difference between a month and the same month a year " \
           "before" in weak, weak
    assert "MASE" not in weak
    problem = credibility_problem(found)
    assert 'larger than "same as last year"' not in problem and "MASE" not in problem
    assert "2.2 times the usual difference" in problem, problem


def test_a_forecast_worse_than_last_year_still_says_so():
    found = forecast(mase=1.3, naive_mase=1.1)
    [weak] = [w for w in forecast_warnings(found) if w.startswith("Weak forecast")]
    assert 'did worse than simply "same as last year"' in weak
    assert "further off than" in backtest_sentence(found)
