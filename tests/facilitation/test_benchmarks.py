"""The benchmark methods and accuracy measures reproduce the published FPP3 table."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from facilitation.history.baselines import accuracy, benchmark_forecast, seasonal_naive_scale

BEER = Path(__file__).parent.parent / "fixtures" / "aus_beer_1992_2010.csv"

# Hyndman & Athanasopoulos, FPP 3rd ed., section 5.8 (see ../shared/data/README.md)
PUBLISHED = {
    "drift": (64.90, 58.88, 14.58, 4.12),
    "mean": (38.45, 34.83, 8.28, 2.44),
    "naive": (62.69, 57.40, 14.18, 4.01),
    "seasonal naive": (14.31, 13.40, 3.17, 0.94),
}


@pytest.fixture(scope="module")
def beer() -> np.ndarray:
    rows = [line.split(",") for line in BEER.read_text().splitlines()[2:]]
    return np.array([float(value) for _, value in rows])


@pytest.mark.parametrize("method", sorted(PUBLISHED))
def test_benchmark_methods_reproduce_the_fpp3_beer_table(beer, method):
    train, test = beer[:64], beer[64:74]
    assert len(test) == 10
    forecast = benchmark_forecast(method, train, len(test), period=4)
    result = accuracy(test, forecast, seasonal_naive_scale(train, 4))
    figures = (result.rmse, result.mae, result.mape, result.mase)
    assert [round(f, 2) for f in figures] == list(PUBLISHED[method])


def test_mape_is_left_out_when_an_actual_is_zero():
    assert accuracy(np.array([0.0, 2.0]), np.array([1.0, 2.0]), 1.0).mape is None


def test_unknown_method_names_the_choices():
    with pytest.raises(ValueError, match="seasonal naive"):
        benchmark_forecast("magic", np.array([1.0]), 1)
