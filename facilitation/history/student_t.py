"""Student's t distribution: the tail probability and the quantile, in plain Python.

The forecast's bands need t quantiles for a handful of error counts, and the chance of the
target one tail probability; `scipy.stats` would cost ~1 s to import for that. Both come
from the regularised incomplete beta function (continued fraction, Numerical Recipes
§6.4); tests/facilitation/test_student_t.py checks them against scipy to 1e-9.
"""

from __future__ import annotations

import math
from functools import lru_cache


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta function (modified Lentz)."""
    tiny, qab, qap, qam = 1e-300, a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        for numerator in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                          -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + numerator * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + numerator / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < 1e-15:
            break
    return h


def incomplete_beta(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta function I_x(a, b)."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
                 + a * math.log(x) + b * math.log1p(-x))
    if x < (a + 1.0) / (a + b + 2.0):
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def t_sf(x: float, dof: float) -> float:
    """P(T > x) for Student's t with `dof` degrees of freedom (normal when infinite)."""
    if math.isinf(dof):
        return 0.5 * math.erfc(x / math.sqrt(2))
    tail = 0.5 * incomplete_beta(dof / 2, 0.5, dof / (dof + x * x))
    return tail if x >= 0 else 1.0 - tail


@lru_cache(maxsize=512)
def t_quantile(p: float, dof: float) -> float:
    """The x with P(T <= x) = p (0 < p < 1): bisection on `t_sf`, to 1e-12."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must be between 0 and 1")
    if p < 0.5:
        return -t_quantile(1.0 - p, dof)
    low, high = 0.0, 1.0
    while t_sf(high, dof) > 1.0 - p:
        low, high = high, high * 2
    while high - low > 1e-12 * max(1.0, high):
        middle = (low + high) / 2
        if t_sf(middle, dof) > 1.0 - p:
            low = middle
        else:
            high = middle
    return (low + high) / 2


def central_multiplier(level: float, dof: float) -> float:
    """Two-sided multiplier for a central interval holding `level` (e.g. 0.8): the t
    quantile with the errors' count as degrees of freedom (at least 1)."""
    return t_quantile(0.5 + level / 2, max(float(dof), 1.0))
