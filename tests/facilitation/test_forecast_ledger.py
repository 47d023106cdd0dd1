"""The forecast ledger: forecasts recorded as sessions showed them, judged once the actual
months are imported."""

from __future__ import annotations

import pytest

from facilitation.history.cache import plan_forecast
from facilitation.plan.plans import PlanInput, create_plan, get_plan
from facilitation.retrospective.forecast_ledger import ledger, record_forecast
from facilitation.store.replay import replay
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import start_session
from tests.conftest import north_plan

from .history_helpers import save_subject, seasonal_amounts

# 48 months to 2026-12, then the plan's quarter (2027-01..03).
AMOUNTS = seasonal_amounts(51, noise=0.03)


@pytest.fixture
def plan_id(store):
    """North's plan for Q1 2027 (a fixed period: the history below ends in 2026-12)."""
    return north_plan(store, "2027-01", "2027-03")


@pytest.fixture
def shown(store, plan_id):
    """North's forecast for Q1 2027, shown in a session before the quarter's sales exist."""
    save_subject(store, "North", AMOUNTS[:48], start="2023-01", source="north.csv")
    session_id = start_session(store, plan_id, get_script("full-plan"), "Priya")
    found = plan_forecast(store, get_plan(store, plan_id))
    return session_id, found, record_forecast(store, found, session_id)


def test_a_shown_forecast_is_recorded_once_per_session_and_history(store, plan_id, shown):
    session_id, found, entry_id = shown
    events = store.query("SELECT count(*) FROM events")[0][0]
    assert entry_id is not None
    assert record_forecast(store, found, session_id) is None          # a repaint
    assert store.query("SELECT count(*) FROM events")[0][0] == events  # no empty event
    (entry,) = ledger(store).entries
    assert (entry.session_id, entry.plan_id, entry.history_end) == (session_id, plan_id, "2026-12")
    assert (entry.expected, entry.lower80, entry.upper95) == (
        found.expected, found.lower80, found.upper95)
    assert "exponential smoothing" in entry.method or "last year" in entry.method
    assert entry.actual is None and entry.within80 is None            # the quarter is ahead
    assert ledger(store).overall.settled == 0
    assert ledger(store).overall.mean_abs_pct_error is None


def test_new_months_record_again_and_settle_once_the_whole_period_is_imported(
        store, plan_id, shown):
    session_id, found, _ = shown
    save_subject(store, "North", AMOUNTS[:50], start="2023-01", source="north.csv")
    assert ledger(store).entries[0].actual is None                   # March still missing
    again = plan_forecast(store, get_plan(store, plan_id))
    assert record_forecast(store, again, session_id) is not None     # another history
    save_subject(store, "North", AMOUNTS, start="2023-01", source="north.csv")
    book = ledger(store)
    first = book.entries[0]
    actual = sum(AMOUNTS[48:])
    assert first.actual == pytest.approx(actual)
    assert first.error == pytest.approx(actual - found.expected)
    assert first.error_pct == pytest.approx(100 * (actual - found.expected) / actual)
    assert first.within80 == (found.lower80 <= actual <= found.upper80)
    assert first.within95 == (found.lower95 <= actual <= found.upper95)
    assert book.overall.forecasts == book.overall.settled == 2
    errors = [abs(e.error_pct) for e in book.entries]
    assert book.overall.mean_abs_pct_error == pytest.approx(sum(errors) / 2)
    assert [p.plan_id for p in book.plans] == [plan_id]


def test_a_forecast_that_missed_its_intervals_shows_so(store, plan_id, shown):
    _, found, _ = shown
    # The quarter sold half of what was forecast: far outside both intervals.
    half = [a / 2 for a in AMOUNTS[48:]]
    save_subject(store, "North", AMOUNTS[:48] + half, start="2023-01", source="north.csv")
    (entry,) = ledger(store).entries
    assert entry.error == pytest.approx(sum(half) - found.expected)
    assert entry.error < 0 and entry.error_pct < -40
    assert entry.within80 is False and entry.within95 is False
    assert ledger(store).overall.within95 == 0


def test_per_plan_and_all_plans_summaries(store, plan_id, shown):
    other = create_plan(store, PlanInput(
        subject_kind="territory", subject_name="South", owner="Ana Lind",
        period_start="2027-01", period_end="2027-02", target_amount="800000"))
    save_subject(store, "South", AMOUNTS[:48], start="2023-01", source="south.csv")
    record_forecast(store, plan_forecast(store, get_plan(store, other)), None)
    save_subject(store, "North", AMOUNTS, start="2023-01", source="north.csv")
    book = ledger(store)
    assert [(p.plan_id, p.forecasts, p.settled) for p in book.plans] == [
        (plan_id, 1, 1), (other, 1, 0)]
    assert (book.overall.forecasts, book.overall.settled) == (2, 1)
    assert [e.plan_id for e in ledger(store, other).entries] == [other]


def test_replay_rebuilds_the_ledger(store, plan_id, shown):
    rebuilt = replay(store)
    columns = "session_id, plan_id, expected, lower80, upper95, method, history_end"
    assert [tuple(r) for r in rebuilt.execute(f"SELECT {columns} FROM forecast_ledger")] == [
        tuple(r) for r in store.query(f"SELECT {columns} FROM forecast_ledger")]
