"""A plan's period as it goes: actual to date against the forecast, the gap re-computed."""

from __future__ import annotations

import pytest

from facilitation.history.cache import subject_forecast
from facilitation.history.to_date import sales_to_date
from tests.facilitation.history_helpers import save_subject, seasonal_amounts


def forecast(store, months: int, start="2026-07", end="2026-12", target=3_000_000.0):
    save_subject(store, "North", seasonal_amounts(months), start="2022-07")
    return subject_forecast(store, "territory", "North", start, end, target)


def test_nothing_to_date_before_the_period_has_an_actual(store):
    assert sales_to_date(forecast(store, 48)) is None


def test_the_gap_is_recomputed_from_the_actuals_and_the_forecast_for_the_rest(store):
    found = forecast(store, 51)          # history to 2026-09: three months of the period known
    so_far = sales_to_date(found)
    assert (so_far.first_month, so_far.last_month) == ("2026-07", "2026-09")
    assert so_far.months_known == 3 and so_far.months_left == 3
    actual = sum(seasonal_amounts(51)[48:])
    rest = sum(m.expected for m in found.months[3:])
    assert so_far.actual == pytest.approx(actual)
    assert so_far.outlook == pytest.approx(actual + rest)
    assert so_far.gap == pytest.approx(3_000_000 - actual - rest)
    assert so_far.lower80 < so_far.outlook < so_far.upper80
    assert 0 <= so_far.chance_of_target <= 1


def test_a_finished_period_is_certain(store):
    so_far = sales_to_date(forecast(store, 60))
    assert so_far.months_left == 0 and so_far.lower80 == so_far.upper80 == so_far.outlook
    assert so_far.chance_of_target in (0.0, 1.0)
