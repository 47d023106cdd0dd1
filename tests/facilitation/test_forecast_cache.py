"""Forecasts are cached in the database by what they depend on: hit, miss, invalidation."""

from __future__ import annotations

import pytest

from facilitation.history import cache
from facilitation.history.cache import (
    cached_forecast,
    plan_forecast,
    precompute_forecasts,
    stored_forecast,
)
from facilitation.plan.plans import PlanInput, create_plan, get_plan

from tests.conftest import north_plan

from .history_helpers import save_subject, seasonal_amounts


@pytest.fixture
def plan_id(store):
    """A fixed period: these tests store history at fixed months, and the cache does not
    read the clock."""
    return north_plan(store, "2027-01", "2027-03")


@pytest.fixture
def computed(monkeypatch):
    """Counts the forecasts actually computed (not read from the cache)."""
    from facilitation.history import gap

    calls = []
    real = gap.period_forecast

    def counting(*args, **kwargs):
        calls.append(args[:2])
        return real(*args, **kwargs)

    monkeypatch.setattr(gap, "period_forecast", counting)
    return calls


def test_a_second_reader_gets_the_cached_forecast_without_computing(store, plan_id, computed):
    save_subject(store, "North", seasonal_amounts(40, noise=0.03), start="2023-09")
    first = plan_forecast(store, get_plan(store, plan_id))
    assert len(computed) == 1
    again = plan_forecast(store, get_plan(store, plan_id))
    assert len(computed) == 1                                  # hit
    assert again == first
    other = store.reopen()                                      # another connection / process
    assert plan_forecast(other, get_plan(other, plan_id)) == first
    other.close()
    assert len(computed) == 1


def test_a_new_period_or_a_code_change_is_a_miss(store, plan_id, computed, monkeypatch):
    save_subject(store, "North", seasonal_amounts(40, noise=0.03), start="2023-09")
    cached_forecast(store, "territory", "North", "2027-01", "2027-03")
    cached_forecast(store, "territory", "North", "2027-01", "2027-06")
    assert len(computed) == 2
    monkeypatch.setattr(cache, "CODE_VERSION", cache.CODE_VERSION + 1)
    assert stored_forecast(store, "territory", "North", "2027-01", "2027-03") is None
    cached_forecast(store, "territory", "North", "2027-01", "2027-03")
    assert len(computed) == 3


def test_importing_new_months_invalidates_and_the_old_figures_show_until_recomputed(
        store, plan_id, computed):
    save_subject(store, "North", seasonal_amounts(40, noise=0.03), start="2023-07",
                 source="north.csv")
    before = cached_forecast(store, "territory", "North", "2027-01", "2027-03")
    save_subject(store, "North", seasonal_amounts(42, noise=0.03), start="2023-07",
                 source="north.csv")                            # two more months imported
    stale = stored_forecast(store, "territory", "North", "2027-01", "2027-03")
    assert stale.fresh is False and stale.result == before     # shown, marked recomputing
    after = cached_forecast(store, "territory", "North", "2027-01", "2027-03")
    assert len(computed) == 2 and after.history_end == "2026-12" != before.history_end
    assert stored_forecast(store, "territory", "North", "2027-01", "2027-03").fresh


def test_an_unrelated_change_keeps_the_cache(store, plan_id, computed):
    save_subject(store, "North", seasonal_amounts(40, noise=0.03), start="2023-09")
    plan_forecast(store, get_plan(store, plan_id))
    save_subject(store, "South", seasonal_amounts(40, noise=0.05), start="2023-09")  # a peer
    create_plan(store, PlanInput("territory", "South", "Ann", "2027-01", "2027-03", "900000"))
    from facilitation.plan.plans import rename_plan
    rename_plan(store, plan_id, "North 2027")
    assert stored_forecast(store, "territory", "North", "2027-01", "2027-03").fresh
    plan_forecast(store, get_plan(store, plan_id))
    assert computed == [("territory", "North")]


def test_a_new_target_needs_no_recomputation(store, plan_id, computed):
    save_subject(store, "North", seasonal_amounts(40, noise=0.03), start="2023-09")
    low = cache.subject_forecast(store, "territory", "North", "2027-01", "2027-03", 900_000)
    high = cache.subject_forecast(store, "territory", "North", "2027-01", "2027-03", 1_500_000)
    assert len(computed) == 1
    assert high.gap > low.gap and high.chance_of_target < low.chance_of_target


def test_no_history_is_cached_as_none(store, plan_id, computed):
    assert plan_forecast(store, get_plan(store, plan_id)) is None
    save_subject(store, "North", seasonal_amounts(30), start="2027-06")  # all after the period
    assert plan_forecast(store, get_plan(store, plan_id)) is None
    assert plan_forecast(store, get_plan(store, plan_id)) is None
    assert len(computed) == 1


def test_precompute_after_an_import_fills_the_cache_with_progress(store, plan_id, computed):
    save_subject(store, "North", seasonal_amounts(40, noise=0.03), start="2023-09")
    create_plan(store, PlanInput("territory", "South", "Ann", "2027-01", "2027-03", "900000"))
    progress = []
    assert precompute_forecasts(store, lambda done, total: progress.append((done, total))) == 2
    assert progress == [(1, 2), (2, 2)]
    assert precompute_forecasts(store) == 0                     # all fresh
    assert stored_forecast(store, "territory", "North", "2027-01", "2027-03").fresh


def test_reading_a_warm_forecast_needs_neither_pandas_nor_numpy(tmp_path):
    import subprocess
    import sys

    from facilitation.store.database import Store

    path = tmp_path / "warm.sqlite"
    store = Store.open(path)
    plan = create_plan(store, PlanInput("territory", "North", "Ann", "2027-01", "2027-03", "1"))
    save_subject(store, "North", seasonal_amounts(40, noise=0.03), start="2023-09")
    plan_forecast(store, get_plan(store, plan))
    store.close()
    code = (
        "import sys\n"
        "from facilitation.store.database import Store\n"
        "from facilitation.history.cache import plan_forecast\n"
        "from facilitation.plan.plans import get_plan\n"
        f"s = Store.open({str(path)!r})\n"
        f"assert plan_forecast(s, get_plan(s, {plan})) is not None\n"
        "print(sorted(m for m in ('pandas', 'numpy', 'scipy', 'statsmodels') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
