"""Student's t without scipy: the same numbers as scipy.stats.t."""

from __future__ import annotations

import math

import pytest

from facilitation.history.student_t import central_multiplier, t_quantile, t_sf

scipy_t = pytest.importorskip("scipy.stats").t


@pytest.mark.parametrize("dof", [1, 2, 3, 4, 5, 7, 11, 12, 23, 30, 60, 200, 1e5])
def test_quantiles_and_tails_match_scipy(dof):
    for p in (0.51, 0.6, 0.8, 0.9, 0.95, 0.975, 0.99, 0.999):
        assert t_quantile(p, dof) == pytest.approx(scipy_t.ppf(p, dof), rel=1e-8)
        assert t_quantile(1 - p, dof) == pytest.approx(scipy_t.ppf(1 - p, dof), rel=1e-8)
    for x in (-6.0, -2.0, -0.3, 0.0, 0.4, 1.0, 2.5, 8.0):
        assert t_sf(x, dof) == pytest.approx(scipy_t.sf(x, dof), abs=1e-9)


def test_infinite_dof_is_the_normal_and_intervals_widen_with_fewer_errors():
    assert t_sf(1.0, math.inf) == pytest.approx(0.158655, abs=1e-6)
    assert central_multiplier(0.95, 3) > central_multiplier(0.95, 30) > 1.96
    assert central_multiplier(0.8, 0) == pytest.approx(scipy_t.ppf(0.9, 1))  # at least 1 dof
