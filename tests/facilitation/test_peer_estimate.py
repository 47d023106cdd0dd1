"""A subject with little or no history gets a peer-based estimate, labelled as such."""

from __future__ import annotations

import pytest

from facilitation.history.peer_estimate import peer_estimate

from .history_helpers import save_subject, seasonal_amounts


@pytest.fixture
def peers(store):
    """Three territories with two years to Dec 2026, the same season, different sizes."""
    for name, level in (("East", 100_000), ("West", 200_000), ("South", 400_000)):
        save_subject(store, name, seasonal_amounts(24, level=level, growth=0.0), start="2025-01")
    return store


def test_a_new_subject_is_estimated_at_the_typical_peers_level_and_season(peers):
    found = peer_estimate(peers, "territory", "Newtown", "2027-01", "2027-03")
    assert (found.peers, found.own_months) == (3, 0)
    typical = seasonal_amounts(24, level=200_000, growth=0.0)   # the median peer's
    assert [m for m, _ in found.months] == ["2027-01", "2027-02", "2027-03"]
    assert [a for _, a in found.months] == pytest.approx(typical[12:15], rel=1e-6)
    assert found.low < found.expected < found.high             # the peers' spread of sizes
    assert "Peer-based estimate" in found.sentence()
    assert "no sales history of its own" in found.sentence()
    assert "not a forecast of its own" in found.sentence()


def test_a_few_months_of_its_own_scale_the_peers_season_to_the_subject(peers):
    own = seasonal_amounts(24, level=50_000, growth=0.0)[19:24]  # Aug–Dec 2026, its level
    save_subject(peers, "Newtown", own, start="2026-08")
    found = peer_estimate(peers, "territory", "Newtown", "2027-01", "2027-03")
    assert found.own_months == 5
    expected = seasonal_amounts(24, level=50_000, growth=0.0)[12:15]
    assert [a for _, a in found.months] == pytest.approx(expected, rel=1e-6)
    assert "scaled to its 5 months of sales" in found.sentence()


def test_a_year_of_its_own_history_needs_no_peer_estimate(peers):
    save_subject(peers, "Newtown", seasonal_amounts(12, level=50_000), start="2026-01")
    assert peer_estimate(peers, "territory", "Newtown", "2027-01", "2027-03") is None


def test_without_two_peers_with_a_year_there_is_no_estimate(store):
    save_subject(store, "East", seasonal_amounts(24), start="2025-01")
    save_subject(store, "West", seasonal_amounts(6), start="2026-07")   # too short to count
    assert peer_estimate(store, "territory", "Newtown", "2027-01", "2027-03") is None
