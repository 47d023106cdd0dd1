"""The forecast, its credibility, and the plan's gap."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from facilitation.history.cache import plan_forecast
from facilitation.history.forecast import forecast_next
from facilitation.history.gap import gap_figures
from facilitation.plan.plans import get_plan
from tests.conftest import north_plan

from .history_helpers import save_subject, seasonal_amounts


@pytest.fixture
def plan_id(store):
    """The first quarter of 2027, right after the made-up history (which ends in 2026-12)."""
    return north_plan(store, "2027-01", "2027-03")


def series(amounts, start="2023-01"):
    return pd.Series(amounts, index=pd.period_range(start, periods=len(amounts), freq="M"))


def test_short_history_is_forecast_with_its_mean():
    forecast = forecast_next(series([100.0, 120.0, 110.0, 130.0, 90.0, 110.0]), 3)
    assert forecast.method == "mean"
    assert forecast.expected.tolist() == pytest.approx([110.0] * 3)
    assert (forecast.upper95 > forecast.upper80).all() and (forecast.lower95 < forecast.lower80).all()


def test_a_year_and_a_half_uses_seasonal_naive_adjusted_by_year_over_year_growth():
    amounts = seasonal_amounts(18, growth=0.01)
    forecast = forecast_next(series(amounts), 2)
    assert forecast.method.startswith("seasonal naive")
    ratio = sum(amounts[-3:]) / sum(amounts[-15:-12])
    assert forecast.expected.iloc[0] == pytest.approx(amounts[6] * ratio)


def test_long_history_is_forecast_close_to_a_clean_seasonal_pattern():
    amounts = seasonal_amounts(42, noise=0.02)
    truth = seasonal_amounts(45)[42:]
    forecast = forecast_next(series(amounts), 3)
    assert np.abs(forecast.expected.to_numpy() / truth - 1).max() < 0.08
    assert forecast.credibility.origins >= 6
    assert forecast.credibility.mase is not None
    assert str(forecast.expected.index[0]) == "2026-07"


def test_gap_is_target_minus_expected_with_its_chance():
    gap, pct, chance = gap_figures(expected=900.0, target=1000.0, spread=100.0)
    assert gap == 100.0 and pct == pytest.approx(10.0)
    assert chance == pytest.approx(0.1587, abs=1e-4)
    assert gap_figures(1000.0, 1000.0, 50.0)[2] == pytest.approx(0.5)


def test_plan_forecast_covers_the_plan_period(store, plan_id):
    save_subject(store, "North", seasonal_amounts(48, noise=0.03), start="2023-01")
    result = plan_forecast(store, get_plan(store, plan_id))
    assert [m.month for m in result.months] == ["2027-01", "2027-02", "2027-03"]
    assert result.expected == pytest.approx(sum(m.expected for m in result.months))
    assert result.gap == pytest.approx(result.target - result.expected)
    assert result.target == 1_200_000
    assert 0 <= result.chance_of_target <= 1
    assert result.lower95 < result.lower80 < result.expected < result.upper80 < result.upper95


def test_plan_forecast_is_none_without_history(store, plan_id):
    assert plan_forecast(store, get_plan(store, plan_id)) is None


def test_the_rolling_average_line_is_shown_but_not_used_as_the_forecast():
    amounts = seasonal_amounts(40, swing=0.3, noise=0.02)
    forecast = forecast_next(series(amounts), 6)
    truth = np.array(seasonal_amounts(46, swing=0.3)[40:])
    forecast_error = np.abs(forecast.expected.to_numpy() - truth).mean()
    line_error = np.abs(forecast.line.to_numpy() - truth).mean()
    assert line_error > 2 * forecast_error


def test_bands_come_from_the_backtest_and_say_how_often_they_held():
    forecast = forecast_next(series(seasonal_amounts(48, noise=0.06, seed=5)), 3)
    credibility = forecast.credibility
    assert credibility.origins == 12
    assert 0.5 <= credibility.coverage80 <= credibility.coverage95 <= 1.0
    assert credibility.mape == pytest.approx(
        100 * np.nanmean(np.abs(forecast.errors / (forecast.backtest.predictions + forecast.errors))))
    width80 = (forecast.upper80 - forecast.lower80).to_numpy()
    assert (np.diff(width80 / forecast.expected.to_numpy()) >= -1e-9).all()  # never narrower later


def test_the_chance_of_the_target_falls_as_the_target_rises(store, plan_id):
    from facilitation.history.cache import subject_forecast

    save_subject(store, "North", seasonal_amounts(36, noise=0.04), start="2024-01")
    chances = [subject_forecast(store, "territory", "North", "2027-01", "2027-03", target)
               .chance_of_target for target in (900_000, 1_200_000, 1_500_000)]
    assert chances[0] > chances[1] > chances[2]


def test_a_method_that_did_worse_than_same_as_last_year_gives_way_to_last_years_months():
    from facilitation.history.backtest import credibility
    from facilitation.history.baselines import seasonal_naive_forecast
    from facilitation.history.forecast import (
        EXPONENTIAL_SMOOTHING,
        FALLBACK,
        _choose,
        adjusted_seasonal_naive,
        forecast_values,
    )

    amounts = np.array(seasonal_amounts(48, noise=0.1, seed=6))
    chosen, bt, _, _ = _choose(amounts, 3)
    tested = credibility(bt, amounts)
    assert chosen is EXPONENTIAL_SMOOTHING
    assert tested.mase > 1 and tested.mase > tested.naive_mase   # worse than last year

    found = forecast_values(amounts, 3)
    assert (found.method, found.set_aside) == (FALLBACK.name, EXPONENTIAL_SMOOTHING.name)
    half_adjusted = (adjusted_seasonal_naive(amounts, 3)
                     + seasonal_naive_forecast(amounts, 3, 12)) / 2
    assert found.expected == pytest.approx(half_adjusted)
    assert found.credibility.origins == tested.origins           # its own test, same months


@pytest.mark.parametrize(("mase", "naive_mase", "falls"), [
    (1.2, 1.1, True),     # worse than last year, and than a typical year
    (0.9, 0.8, False),    # worse than last year on hard months, but better than a typical year
    (1.2, 1.3, False),    # a hard year, but better than last year
])
def test_only_a_method_worse_than_last_year_and_a_typical_year_falls_back(mase, naive_mase,
                                                                         falls):
    from facilitation.history.forecast import (
        EXPONENTIAL_SMOOTHING,
        SEASONAL_NAIVE,
        falls_back,
    )
    from facilitation.history.gap import Credibility

    tested = Credibility(12, mase, 5.0, 0.8, 0.95, naive_mase)
    assert falls_back(EXPONENTIAL_SMOOTHING, tested, 48) is falls
    assert falls_back(SEASONAL_NAIVE, tested, 48) is False       # nothing to fall back from


def test_a_fallback_is_said_in_words_and_kept_by_the_cache(store, plan_id):
    from facilitation.history.explain import forecast_warnings, method_sentence

    save_subject(store, "North", seasonal_amounts(48, noise=0.1, seed=6), start="2023-01")
    found = plan_forecast(store, get_plan(store, plan_id))
    again = plan_forecast(store, get_plan(store, plan_id))       # read back from the cache
    for forecast in (found, again):
        assert forecast.set_aside is not None
        [fell_back] = [w for w in forecast_warnings(forecast) if w.startswith("Fell back")]
        assert 'did worse than simply "same as last year"' in fell_back
        assert "half as they were and half scaled" in method_sentence(forecast)
        assert not any(jargon in fell_back + method_sentence(forecast)
                       for jargon in ("MASE", "ETS", "naive"))
