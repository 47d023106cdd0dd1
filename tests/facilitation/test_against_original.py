"""The plan's sales to date against the original forecast (the ledger's, as first shown),
the target, and the gap re-computed with the current forecast."""

from __future__ import annotations

import pytest

from facilitation.history.cache import plan_forecast
from facilitation.plan.plans import get_plan
from facilitation.retrospective.against_original import against_original, original_forecast
from facilitation.retrospective.forecast_ledger import record_forecast
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import start_session
from tests.conftest import north_plan

from .history_helpers import save_subject, seasonal_amounts

AMOUNTS = seasonal_amounts(51, noise=0.03)     # 48 months to 2026-12, then Q1 2027


@pytest.fixture
def plan_id(store):
    return north_plan(store, "2027-01", "2027-03")


def test_before_any_forecast_or_month_it_says_so(store, plan_id):
    save_subject(store, "North", AMOUNTS[:48], start="2023-01", source="north.csv")
    progress = against_original(store, plan_id)
    assert progress.original is None and progress.actual_to_date is None
    assert progress.lines()[0].startswith("No forecast shown in a session yet")
    assert progress.lines()[1] == "No month of the period imported yet."


def test_new_months_are_set_against_the_first_forecast_shown(store, plan_id):
    save_subject(store, "North", AMOUNTS[:48], start="2023-01", source="north.csv")
    session_id = start_session(store, plan_id, get_script("full-plan"), "Priya")
    first = plan_forecast(store, get_plan(store, plan_id))
    record_forecast(store, first, session_id, at="2026-12-20T10:00:00+00:00")
    # Two months of the quarter come in; a later session shows (and records) another one.
    save_subject(store, "North", AMOUNTS[:50], start="2023-01", source="north.csv")
    later = plan_forecast(store, get_plan(store, plan_id))
    record_forecast(store, later, session_id, at="2027-03-02T10:00:00+00:00")
    assert original_forecast(store, plan_id).expected == pytest.approx(first.expected)

    progress = against_original(store, plan_id)
    plan = get_plan(store, plan_id)
    assert progress.original.recorded_at.startswith("2026-12-20")
    assert (progress.months_known, progress.months_left) == (2, 1)
    assert progress.actual_to_date == pytest.approx(sum(AMOUNTS[48:50]))
    shape = sum(m.expected for m in later.months[:2]) / sum(m.expected for m in later.months)
    assert progress.original_to_date == pytest.approx(first.expected * shape)
    # The gap now: the actuals plus the current forecast for March.
    assert progress.now_expected == pytest.approx(sum(AMOUNTS[48:50]) + later.months[2].expected)
    assert progress.gap_now == pytest.approx(plan.target_amount - progress.now_expected)
    assert progress.gap_original == pytest.approx(plan.target_amount - first.expected)
    assert "in 2 of 3 months" in progress.lines()[1]
    data = progress.to_json()
    assert data["original"]["expected"] == pytest.approx(first.expected)
    assert data["gap_now"] == pytest.approx(progress.gap_now)


def test_without_computing_it_waits_for_a_current_cached_forecast(store, plan_id):
    save_subject(store, "North", AMOUNTS[:48], start="2023-01", source="north.csv")
    waiting = against_original(store, plan_id, compute=False)
    assert not waiting.forecast_ready
    assert waiting.lines()[1] == "Sales to date: once the forecast is computed (f)."
    plan_forecast(store, get_plan(store, plan_id))                      # now cached
    save_subject(store, "North", AMOUNTS[:50], start="2023-01", source="north.csv")
    assert not against_original(store, plan_id, compute=False).forecast_ready   # stale
    plan_forecast(store, get_plan(store, plan_id))
    ready = against_original(store, plan_id, compute=False)
    assert ready.forecast_ready and ready.months_known == 2
    assert ready.now_expected == pytest.approx(against_original(store, plan_id).now_expected)
