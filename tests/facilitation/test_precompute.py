"""After an import, the forecast and past performance of its subjects are computed ahead."""

from __future__ import annotations

from facilitation.history.cache import (
    past_performance_is_fresh,
    stored_forecast,
    stored_past_performance,
)
from facilitation.history.monthly import MonthlyTotal, save_history
from facilitation.history.precompute import imported_subjects, precompute_import
from facilitation.plan.plans import PlanInput, create_plan
from tests.conftest import north_plan

from .history_helpers import month_after, save_subject, seasonal_amounts


def import_territories(store, names, source="crm.csv"):
    """One import of several territories' 40 months; its id."""
    totals = [MonthlyTotal("territory", name, month_after("2023-09", i), amount)
              for n, name in enumerate(names)
              for i, amount in enumerate(seasonal_amounts(40, level=300_000 + n * 50_000,
                                                          noise=0.03, seed=n + 1))]
    return save_history(store, source, totals, rows_read=len(totals)).import_id


def test_an_import_fills_the_cache_for_its_subjects_with_progress(store):
    north_plan(store, "2027-01", "2027-03")
    create_plan(store, PlanInput("territory", "Elsewhere", "Ann", "2027-01", "2027-03", "1"))
    save_subject(store, "Elsewhere", seasonal_amounts(40), start="2023-09", source="other.csv")
    import_id = import_territories(store, ["South", "North", "East"])
    assert stored_forecast(store, "territory", "North", "2027-01", "2027-03") is None

    progress = []
    done = precompute_import(store, import_id, lambda n, total: progress.append((n, total)))

    assert (done.forecasts, done.past_performances, done.subjects) == (1, 3, 3)
    assert progress == [(1, 4), (2, 4), (3, 4), (4, 4)]
    assert stored_forecast(store, "territory", "North", "2027-01", "2027-03").fresh
    for name in ("North", "South", "East"):
        cached = stored_past_performance(store, "territory", name)
        assert cached is not None and cached.fresh and cached.result.subject_name == name
    # Not imported: neither its forecast nor its past performance was computed.
    assert stored_forecast(store, "territory", "Elsewhere", "2027-01", "2027-03") is None
    assert stored_past_performance(store, "territory", "Elsewhere") is None


def test_a_second_precompute_only_confirms_and_a_new_import_makes_it_compute_again(store):
    north_plan(store, "2027-01", "2027-03")
    first = import_territories(store, ["North", "South"])
    precompute_import(store, first)
    again = precompute_import(store, first)
    assert (again.forecasts, again.past_performances) == (0, 0)

    # Another territory imported: the peers of North and South changed, North's own
    # months did not, so only past performance is computed again.
    second = import_territories(store, ["West"], source="west.csv")
    assert not past_performance_is_fresh(store, "territory", "North")
    done = precompute_import(store, second)
    assert (done.forecasts, done.past_performances, done.subjects) == (0, 1, 1)
    assert past_performance_is_fresh(store, "territory", "West")


def test_subjects_with_a_plan_come_first(store):
    create_plan(store, PlanInput("territory", "Zulu", "Ann", "2027-01", "2027-03", "1"))
    import_id = import_territories(store, ["Alpha", "Zulu", "Mike"])
    assert imported_subjects(store, import_id) == [
        ("territory", "Zulu"), ("territory", "Alpha"), ("territory", "Mike")]
