"""Rolling averages, trend and peers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from facilitation.history.peers import compare_with_peers
from facilitation.history.series import rolling_averages, trend

from .history_helpers import seasonal_amounts


def series(amounts, start="2023-01"):
    return pd.Series(amounts, index=pd.period_range(start, periods=len(amounts), freq="M"))


def test_rolling_averages_of_three_and_six_months():
    frame = rolling_averages(series([1.0, 2, 3, 4, 5, 6, 7]))
    assert np.isnan(frame["avg3"].iloc[1]) and frame["avg3"].iloc[2] == 2.0
    assert frame["avg6"].iloc[5] == 3.5 and frame["avg6"].iloc[6] == 4.5


def test_a_growing_series_trends_up_with_its_slope_and_yearly_rate():
    found = trend(series(seasonal_amounts(36, growth=0.01, noise=0.02)))
    assert found.direction == "up"
    assert found.pct_per_year == pytest.approx(12.7, abs=2.0)  # 1.01**12 - 1
    assert found.slope_low > 0
    assert found.verdict().startswith("Up ")


def test_noisy_level_series_are_called_flat_nearly_always():
    found = [trend(series(seasonal_amounts(36, growth=0.0, noise=0.08, seed=s))) for s in range(40)]
    flat = [t for t in found if t.direction == "flat"]
    assert len(flat) >= 34  # a 95% interval: about 2 in 40 would be called a trend
    assert all(t.slope_low <= 0 <= t.slope_high for t in flat)
    assert flat[0].verdict().startswith("Flat")


def test_a_falling_series_trends_down():
    assert trend(series(seasonal_amounts(30, growth=-0.015, noise=0.01))).direction == "down"


def test_trend_needs_six_months():
    assert trend(series([1.0, 2, 3, 4, 5])) is None


def test_subject_against_peer_median_and_percentile_rank():
    index = pd.period_range("2023-01", periods=24, freq="M")
    history = pd.DataFrame({
        "North": [100.0] * 12 + [110.0] * 12,
        "South": [100.0] * 24, "West": [200.0] * 12 + [180.0] * 12, "Metro": [50.0] * 24,
    }, index=index)
    found = compare_with_peers(history, "North")
    assert found.peers == ["South", "West", "Metro"]
    assert found.peer_median_total == 1200.0
    assert found.index == pytest.approx(110.0)
    assert found.growth == pytest.approx(10.0)
    assert found.peer_growth == pytest.approx(0.0)
    assert found.percentile_rank == pytest.approx(100 * 2 / 3)
    assert found.rank == 2
    assert found.median.iloc[-1] == 100.0


def test_a_subject_without_peers_has_no_comparison():
    history = pd.DataFrame({"North": [1.0, 2.0]}, index=pd.period_range("2024-01", periods=2, freq="M"))
    assert compare_with_peers(history, "North") is None


def test_the_trend_regression_gives_statsmodels_ols_numbers():
    import numpy as np

    sm = pytest.importorskip("statsmodels.api")
    from facilitation.history.series import _slope_with_interval

    rng = np.random.default_rng(3)
    for n in (8, 20, 30):
        x = np.arange(n, dtype=float)
        columns = [np.ones(n), x]
        if n >= 24:
            columns += [(np.arange(n) % 12 == m).astype(float) for m in range(1, 12)]
        design = np.column_stack(columns)
        y = 100 + 0.5 * x + rng.normal(0, 3, n)
        fit = sm.OLS(y, design).fit(use_t=True)
        expected = (fit.params[1], *fit.conf_int(0.05)[1], fit.pvalues[1])
        assert _slope_with_interval(y, design) == pytest.approx(expected, rel=1e-7)


def test_peers_are_indexed_to_their_first_year_so_any_scale_is_readable():
    months = pd.period_range("2024-01", periods=24, freq="M")
    growth = np.linspace(1.0, 1.2, 24)
    history = pd.DataFrame({
        "Giant": 2_771_000 * growth,                       # 27.7 times the peers' size
        "A": 100_000 * np.ones(24), "B": 90_000 * np.linspace(1.0, 0.9, 24),
        "C": 110_000 * np.ones(24)}, index=months)
    found = compare_with_peers(history, "Giant")
    assert found.index > 2000                              # the verdict keeps the real size
    indexed = found.indexed
    first_year = growth[:12].mean()
    assert indexed.subject.iloc[-1] == pytest.approx(100 * 1.2 / first_year)
    assert indexed.median.iloc[0] == pytest.approx(100.0)  # A and C flat at their own 100
    assert 80 < indexed.band_low.min() <= indexed.band_high.max() < 130
    assert indexed.subject.max() < 130                     # same scale as the peers
