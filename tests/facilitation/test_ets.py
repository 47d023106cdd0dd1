"""The numpy exponential smoothing gives statsmodels' numbers, and its fit is sound."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from facilitation.history import ets

from .history_helpers import seasonal_amounts

statsmodels_ets = pytest.importorskip("statsmodels.tsa.exponential_smoothing.ets")


def _series(seed: int, months: int = 54) -> np.ndarray:
    rng = np.random.default_rng(seed)
    base = np.array(seasonal_amounts(months, level=1000 * (seed + 1), growth=0.002 * seed,
                                     swing=0.1 + 0.05 * seed))
    return base * (1 + 0.05 * rng.standard_normal(months))


def _spec(kind: str) -> dict:
    return {"error": kind, "trend": "add", "damped_trend": True, "seasonal": kind,
            "seasonal_periods": 12}


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("kind", ["add", "mul"])
def test_forecasts_from_every_origin_match_statsmodels_smooth_and_forecast(seed, kind):
    y = _series(seed)
    index = pd.period_range("2020-01", periods=len(y), freq="M")
    training = pd.Series(y[:36], index=index[:36])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        params = statsmodels_ets.ETSModel(training, **_spec(kind)).fit(disp=False).params
    mine = ets.forecasts_from_every_month(y, ets.EtsParams.from_statsmodels(kind, params), 3)
    for origin in (36, 41, 47, 54):
        prefix = pd.Series(y[:origin], index=index[:origin])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = statsmodels_ets.ETSModel(prefix, **_spec(kind)).smooth(params).forecast(3)
        np.testing.assert_allclose(mine[origin - 1], np.asarray(theirs), rtol=1e-9)


@pytest.mark.parametrize("kind", ["add", "mul"])
def test_heuristic_start_is_statsmodels_heuristic_initialisation(kind):
    from statsmodels.tsa.exponential_smoothing.initialization import _initialization_heuristic

    y = _series(2)
    level, slope, seasonals = _initialization_heuristic(y, trend="add", seasonal=kind,
                                                        seasonal_periods=12)
    mine = ets.heuristic_initial_states(y, kind)
    np.testing.assert_allclose(mine[:2], [level, slope], rtol=1e-9)
    np.testing.assert_allclose(mine[2:], seasonals[::-1], rtol=1e-9)  # s[-1] first


@pytest.mark.parametrize("kind", ["add", "mul"])
def test_the_fit_is_as_likely_as_statsmodels_start_and_within_its_bounds(kind):
    y = _series(1, 48)
    fitted = ets.fit(y, kind)
    assert 0 < fitted.alpha < 1 and 0 < fitted.beta < fitted.alpha
    assert 0 < fitted.gamma < 1 - fitted.alpha and 0.8 <= fitted.phi <= 0.98
    model = statsmodels_ets.ETSModel(y, **_spec(kind))
    start = ets.EtsParams(kind, 0.1, 0.01, 0.01, 0.98, ets.heuristic_initial_states(y, kind))
    assert model.loglike(fitted.as_statsmodels()) >= model.loglike(start.as_statsmodels())


def test_the_fit_is_deterministic_and_refuses_what_it_cannot_fit():
    y = _series(0, 40)
    assert np.array_equal(ets.fit(y, "add").as_statsmodels(), ets.fit(y, "add").as_statsmodels())
    assert ets.fit(y[:20], "add") is None                    # under two years
    assert ets.fit(np.where(y > y.mean(), y, 0.0), "mul") is None  # zeros: not multiplicative
