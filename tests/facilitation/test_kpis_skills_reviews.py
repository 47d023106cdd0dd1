"""KPIs and targets, skills, and the review rhythm."""

from __future__ import annotations

import json
from datetime import date

import pytest

from facilitation.plan.kpis import (
    KpiInput,
    KpiInputError,
    add_from_library,
    add_kpi,
    delete_kpi,
    list_kpis,
    load_library,
    only_lagging,
    record_actual,
    restore_kpi,
    unmeasurable,
    update_kpi,
)
from facilitation.plan.plans import list_plans
from facilitation.plan.reviews import (
    ReviewInputError,
    ReviewRhythm,
    add_months,
    default_rhythm,
    get_rhythm,
    last_reviewed,
    list_reviews,
    mark_review_held,
    set_review_rhythm,
    upcoming_reviews,
)
from facilitation.plan.skills import (
    SkillInput,
    SkillInputError,
    add_skill,
    delete_skill,
    list_skills,
    restore_skill,
)
from tests.conftest import north_plan


@pytest.fixture
def plan_id(store):
    """The first quarter of 2027: these tests give the domain their own `today`."""
    return north_plan(store, "2027-01", "2027-03")


def events(store, kind):
    return [json.loads(r["payload"]) for r in
            store.query("SELECT payload FROM events WHERE kind = ?", [kind])]


def test_library_has_the_named_indicators_marked_leading_or_lagging():
    library = {k.key: k for k in load_library()}
    for key in ("pipeline_coverage", "qualified_opportunities", "meetings_booked", "win_rate",
                "average_deal_size", "sales_cycle_length", "sales_velocity", "calls_made"):
        assert library[key].indicator == "leading"
    assert "remaining target" in library["pipeline_coverage"].formula
    assert "cycle length" in library["sales_velocity"].formula
    assert all(k.indicator in ("leading", "lagging") for k in library.values())
    assert any(k.indicator == "lagging" for k in library.values())


def test_kpi_from_library_keeps_its_definition_and_takes_target_and_owner(store, plan_id):
    kpi_id = add_from_library(store, plan_id, "meetings_booked", target="12", baseline="8",
                              owner="Sam", cadence="weekly")
    [kpi] = list_kpis(store, plan_id)
    assert kpi.id == kpi_id and kpi.library_key == "meetings_booked"
    assert (kpi.unit, kpi.target, kpi.baseline, kpi.cadence) == ("meetings", 12, 8, "weekly")
    assert kpi.is_measurable and kpi.target_text == "12 meetings weekly"
    assert len(events(store, "kpi.added")) == 1


def test_kpi_with_no_target_or_unit_is_saved_but_not_measurable(store, plan_id):
    add_kpi(store, plan_id, KpiInput(name="Customer happiness"))
    add_kpi(store, plan_id, KpiInput(name="Coverage", unit="x", target="3.5x"))
    kpis = list_kpis(store, plan_id)
    assert [k.name for k in unmeasurable(kpis)] == ["Customer happiness"]
    assert kpis[0].missing == ["unit", "target", "owner"]
    assert kpis[1].target == 3.5


def test_bad_kpi_input_names_every_field_and_saves_nothing(store, plan_id):
    with pytest.raises(KpiInputError) as caught:
        add_kpi(store, plan_id, KpiInput(name=" ", target="lots", cadence="daily"))
    assert set(caught.value.errors) == {"name", "target", "cadence"}
    assert list_kpis(store, plan_id) == []


def test_numbers_typed_with_symbols_are_read(store, plan_id):
    add_kpi(store, plan_id, KpiInput(name="Deal size", unit="money", target="$40,000",
                                     baseline="31 500", cadence="bi-weekly"))
    [kpi] = list_kpis(store, plan_id)
    assert (kpi.target, kpi.baseline, kpi.cadence) == (40000, 31500, "biweekly")


def test_only_lagging_kpis_are_flagged(store, plan_id):
    add_from_library(store, plan_id, "revenue", target="400000", owner="Priya")
    assert only_lagging(list_kpis(store, plan_id))
    add_from_library(store, plan_id, "win_rate", target="30", owner="Priya")
    assert not only_lagging(list_kpis(store, plan_id))
    assert not only_lagging([])


def test_kpi_update_delete_and_restore_are_events(store, plan_id):
    kpi_id = add_kpi(store, plan_id, KpiInput(name="Calls", unit="calls", target="50"))
    update_kpi(store, kpi_id, KpiInput(name="Calls made", unit="calls", target="60"))
    record_actual(store, kpi_id, "2027-01-04", "55")
    record_actual(store, kpi_id, "2027-01-04", "57")
    assert store.query("SELECT actual FROM kpi_actuals")[0][0] == 57
    deleted = delete_kpi(store, kpi_id)
    assert list_kpis(store, plan_id) == []
    assert store.query("SELECT count(*) FROM kpi_actuals")[0][0] == 0
    restore_kpi(store, deleted)
    assert [k.name for k in list_kpis(store, plan_id)] == ["Calls made"]
    assert store.query("SELECT actual FROM kpi_actuals WHERE kpi_id = ?", [kpi_id])[0][0] == 57
    assert len(events(store, "kpi.deleted")[0]["ops"]) == 2


def test_skill_records_who_how_and_by_when(store, plan_id):
    add_skill(store, plan_id, SkillInput(skill="Value-based negotiation", who="Sam",
                                         method="coaching", by_date="2027-02-15"))
    add_skill(store, plan_id, SkillInput(skill="CRM forecasting", method="Self study"))
    first, second = list_skills(store, plan_id)
    assert (first.who, first.method, first.by_date) == ("Sam", "coaching", "2027-02-15")
    assert second.method == "self-study" and second.missing == ["who", "by when"]


def test_bad_skill_input_is_refused_with_reasons(store, plan_id):
    with pytest.raises(SkillInputError) as caught:
        add_skill(store, plan_id, SkillInput(skill="", method="osmosis", by_date="next week"))
    assert set(caught.value.errors) == {"skill", "method", "by_date"}
    assert list_skills(store, plan_id) == []


def test_deleted_skill_can_be_restored(store, plan_id):
    skill_id = add_skill(store, plan_id, SkillInput(skill="Discovery calls"))
    deleted = delete_skill(store, skill_id)
    restore_skill(store, deleted)
    assert [s.id for s in list_skills(store, plan_id)] == [skill_id]


def test_add_months_clamps_to_the_month_end():
    assert add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 15), 3) == date(2028, 2, 15)


def test_monthly_rhythm_stores_dates_through_the_period_and_a_contingency_review(store, plan_id):
    rhythm = ReviewRhythm("monthly", date(2027, 1, 8), 12, date(2027, 3, 31))
    count = set_review_rhythm(store, plan_id, rhythm, today=date(2026, 12, 1))
    reviews = list_reviews(store, plan_id)
    assert count == 4
    assert [(r.kind, r.date) for r in reviews] == [
        ("progress", "2027-01-08"), ("progress", "2027-02-08"), ("progress", "2027-03-08"),
        ("contingency", "2027-03-31")]
    assert get_rhythm(store, plan_id) == rhythm


def test_biweekly_rhythm_every_14_days_and_half_yearly_contingency(store, plan_id):
    rhythm = ReviewRhythm("biweekly", date(2027, 1, 4), 6, date(2027, 1, 29))
    set_review_rhythm(store, plan_id, rhythm, today=date(2026, 12, 1))
    progress = [r.date for r in list_reviews(store, plan_id) if r.kind == "progress"]
    contingency = [r.date for r in list_reviews(store, plan_id) if r.kind == "contingency"]
    assert progress[:3] == ["2027-01-04", "2027-01-18", "2027-02-01"]
    assert progress[-1] == "2027-03-29"
    assert contingency == ["2027-01-29", "2027-07-29"]


def test_changing_the_rhythm_keeps_held_reviews_and_replaces_coming_ones(store, plan_id):
    set_review_rhythm(store, plan_id, ReviewRhythm("monthly", date(2027, 1, 8), 12,
                                                   date(2027, 3, 31)), today=date(2026, 12, 1))
    first = list_reviews(store, plan_id)[0]
    mark_review_held(store, first.id, note="on pace", held_at="2027-01-08T10:00:00+00:00")
    set_review_rhythm(store, plan_id, ReviewRhythm("biweekly", date(2027, 1, 4), 12,
                                                   date(2027, 3, 31)), today=date(2026, 12, 1))
    reviews = list_reviews(store, plan_id)
    assert [r.note for r in reviews if r.held_at] == ["on pace"]
    assert sum(r.kind == "progress" for r in reviews) == 1 + 7
    assert last_reviewed(store, plan_id).startswith("2027-01-08")
    assert [r.date for r in upcoming_reviews(store, plan_id, date(2027, 3, 30))] == ["2027-03-31"]


def test_next_review_shows_on_the_plan_list(store, plan_id):
    set_review_rhythm(store, plan_id, default_rhythm("2099-01", "2099-03"))
    [summary] = list_plans(store)
    assert summary.next_review == "2099-01-01"


def test_rhythm_with_every_date_past_is_refused(store, plan_id):
    with pytest.raises(ReviewInputError):
        set_review_rhythm(store, plan_id, ReviewRhythm("monthly", date(2020, 1, 1), 12,
                                                       date(2020, 1, 1)), today=date(2026, 12, 1))
    with pytest.raises(ReviewInputError):
        set_review_rhythm(store, plan_id, ReviewRhythm("monthly", date(2027, 1, 1), 13,
                                                       date(2027, 1, 1)), today=date(2026, 12, 1))
    assert list_reviews(store, plan_id) == []


def test_replaying_the_event_log_rebuilds_kpis_skills_and_reviews(store, plan_id):
    from facilitation.store.replay import replay

    kpi_id = add_from_library(store, plan_id, "win_rate", target="30", owner="Ana")
    record_actual(store, kpi_id, "2027-01-01", "24")
    restore_kpi(store, delete_kpi(store, kpi_id))
    skill_id = add_skill(store, plan_id, SkillInput(skill="Discovery calls", who="Bo"))
    delete_skill(store, skill_id)
    set_review_rhythm(store, plan_id, ReviewRhythm("biweekly", date(2027, 1, 4), 6,
                                                   date(2027, 3, 31)), today=date(2026, 12, 1))
    mark_review_held(store, list_reviews(store, plan_id)[0].id, note="fine")
    set_review_rhythm(store, plan_id, ReviewRhythm("monthly", date(2027, 1, 4), 12,
                                                   date(2027, 3, 31)), today=date(2026, 12, 1))
    rebuilt = replay(store)
    for table in ("kpis", "kpi_actuals", "skills", "review_meetings", "review_rhythms"):
        original = [tuple(r) for r in store.query(f"SELECT * FROM {table} ORDER BY id")]
        replayed = [tuple(r) for r in rebuilt.execute(f"SELECT * FROM {table} ORDER BY id")]
        assert replayed == original, table


def test_the_nearest_progress_review_not_held_is_the_one_a_review_just_was(store, plan_id):
    from facilitation.plan.reviews import mark_review_held, nearest_progress_review

    assert nearest_progress_review(store, plan_id, date(2027, 2, 1)) is None
    rhythm = ReviewRhythm("monthly", date(2027, 1, 8), 12, date(2027, 3, 31))
    set_review_rhythm(store, plan_id, rhythm, today=date(2026, 12, 1))
    assert nearest_progress_review(store, plan_id, date(2027, 2, 1)).date == "2027-02-08"
    assert nearest_progress_review(store, plan_id, date(2027, 1, 20)).date == "2027-01-08"
    mark_review_held(store, nearest_progress_review(store, plan_id, date(2027, 1, 20)).id)
    assert nearest_progress_review(store, plan_id, date(2027, 1, 20)).date == "2027-02-08"
