"""Past performance is cached in the database like the forecast: by the subject, the history
it read (the subject's and its peers') and the code: hit, miss and invalidation."""

from __future__ import annotations

import pandas as pd
import pytest

from facilitation.history import cache, report
from facilitation.history.cache import cached_past_performance, stored_past_performance
from facilitation.history.report import PastPerformance, past_performance, past_performance_data
from facilitation.plan.plans import PlanInput, create_plan, rename_plan
from tests.conftest import north_plan

from .history_helpers import save_subject, seasonal_amounts


@pytest.fixture
def computed(monkeypatch):
    """Counts the past-performance analyses actually computed (not read from the cache)."""
    calls = []
    real = report.past_performance

    def counting(store, subject_kind, subject_name):
        calls.append(subject_name)
        return real(store, subject_kind, subject_name)

    monkeypatch.setattr(report, "past_performance", counting)
    return calls


@pytest.fixture
def north_and_peers(store):
    save_subject(store, "North", seasonal_amounts(40, noise=0.03), start="2023-09",
                 source="north.csv")
    save_subject(store, "South", seasonal_amounts(40, level=250_000, noise=0.05, seed=2),
                 start="2023-09", source="south.csv")
    save_subject(store, "East", seasonal_amounts(30, level=90_000, noise=0.04, seed=3),
                 start="2024-07", source="east.csv")
    return store


def assert_same(found: PastPerformance, expected: PastPerformance) -> None:
    """Every figure and every charted series, with its months."""
    assert past_performance_data(found) == past_performance_data(expected)
    pd.testing.assert_frame_equal(found.monthly, expected.monthly)
    pd.testing.assert_series_equal(found.trend.line, expected.trend.line)
    for name in ("median", "band_low", "band_high"):
        pd.testing.assert_series_equal(getattr(found.peers, name), getattr(expected.peers, name))
    for name in ("subject", "median", "band_low", "band_high"):
        pd.testing.assert_series_equal(getattr(found.peers.indexed, name),
                                       getattr(expected.peers.indexed, name))


def test_the_cached_analysis_is_the_computed_one_in_every_figure(north_and_peers):
    expected = past_performance(north_and_peers, "territory", "East")  # gaps before its start
    assert expected.peers is not None and expected.trend is not None
    cached_past_performance(north_and_peers, "territory", "East")
    stored = stored_past_performance(north_and_peers, "territory", "East")
    assert stored.fresh
    assert_same(stored.result, expected)


def test_a_second_reader_gets_it_without_computing(north_and_peers, computed):
    first = cached_past_performance(north_and_peers, "territory", "North")
    assert computed == ["North"]
    again = cached_past_performance(north_and_peers, "territory", "North")  # hit
    other = north_and_peers.reopen()                            # another connection / process
    from_other = cached_past_performance(other, "territory", "North")
    other.close()
    assert computed == ["North"]
    assert_same(again, first)
    assert_same(from_other, first)


def test_another_subject_or_a_code_change_is_a_miss(north_and_peers, computed, monkeypatch):
    cached_past_performance(north_and_peers, "territory", "North")
    cached_past_performance(north_and_peers, "territory", "South")
    assert computed == ["North", "South"]
    monkeypatch.setattr(cache, "PAST_PERFORMANCE_CODE_VERSION",
                        cache.PAST_PERFORMANCE_CODE_VERSION + 1)
    assert stored_past_performance(north_and_peers, "territory", "North") is None
    cached_past_performance(north_and_peers, "territory", "North")
    assert computed == ["North", "South", "North"]


def test_new_months_of_the_subject_invalidate_and_the_old_figures_show_until_recomputed(
        north_and_peers, computed):
    before = cached_past_performance(north_and_peers, "territory", "North")
    save_subject(north_and_peers, "North", seasonal_amounts(42, noise=0.03), start="2023-09",
                 source="north.csv")                            # two more months imported
    stale = stored_past_performance(north_and_peers, "territory", "North")
    assert stale.fresh is False
    assert_same(stale.result, before)                           # shown, marked recomputing
    after = cached_past_performance(north_and_peers, "territory", "North")
    assert computed == ["North", "North"]
    assert len(after.monthly) == len(before.monthly) + 2
    assert stored_past_performance(north_and_peers, "territory", "North").fresh


def test_a_change_to_a_peers_history_invalidates(north_and_peers, computed):
    before = cached_past_performance(north_and_peers, "territory", "North")
    save_subject(north_and_peers, "West", seasonal_amounts(40, level=300_000, seed=4),
                 start="2023-09")                               # a new peer of the same kind
    assert stored_past_performance(north_and_peers, "territory", "North").fresh is False
    after = cached_past_performance(north_and_peers, "territory", "North")
    assert computed == ["North", "North"]
    assert "West" in after.peers.peers and "West" not in before.peers.peers


def test_other_kinds_history_and_plan_changes_keep_it(north_and_peers, computed):
    cached_past_performance(north_and_peers, "territory", "North")
    save_subject(north_and_peers, "Dana", seasonal_amounts(30, level=50_000), start="2024-01",
                 kind="salesperson")                            # not a peer: another kind
    plan_id = north_plan(north_and_peers, "2027-01", "2027-03")
    create_plan(north_and_peers, PlanInput("territory", "South", "Ann", "2027-01", "2027-03",
                                           "900000"))
    rename_plan(north_and_peers, plan_id, "North 2027")
    assert stored_past_performance(north_and_peers, "territory", "North").fresh
    cached_past_performance(north_and_peers, "territory", "North")
    assert computed == ["North"]


def test_no_history_is_cached_as_none(store, computed):
    assert cached_past_performance(store, "territory", "North") is None
    assert cached_past_performance(store, "territory", "North") is None
    assert computed == ["North"]
    assert stored_past_performance(store, "territory", "North").result is None
    save_subject(store, "North", seasonal_amounts(20), start="2025-01")
    assert stored_past_performance(store, "territory", "North").fresh is False
    assert cached_past_performance(store, "territory", "North") is not None
