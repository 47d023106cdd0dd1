"""Plans: validation of what a person types, and the changes made to a plan."""

from __future__ import annotations

import pytest

from facilitation.plan.plans import (
    PlanInput,
    PlanInputError,
    create_plan,
    find_plan,
    get_plan,
    list_plans,
    rename_plan,
    set_plan_status,
)

GOOD = dict(subject_kind="territory", subject_name="North", owner="Priya", period_start="2027-01",
            period_end="2027-03", target_amount="1,200,000")


def errors_for(**changes) -> dict[str, str]:
    with pytest.raises(PlanInputError) as info:
        PlanInput(**{**GOOD, **changes}).validate()
    return info.value.errors


def test_a_valid_plan_is_cleaned():
    row = PlanInput(**{**GOOD, "target_amount": "$1,200,000.50", "period_end": "2027-3"}).validate()
    assert row["target_amount"] == 1_200_000.5
    assert row["period_end"] == "2027-03"


@pytest.mark.parametrize("field", ["subject_name", "owner", "target_amount"])
def test_required_fields_are_named(field):
    assert errors_for(**{field: "  "})[field] == "required"


@pytest.mark.parametrize("amount", ["0", "-5", "-1,000"])
def test_the_target_must_be_a_positive_amount(amount):
    assert "positive" in errors_for(target_amount=amount)["target_amount"]


def test_a_target_that_is_not_a_number_is_named():
    assert "not an amount" in errors_for(target_amount="lots")["target_amount"]


def test_the_end_month_must_come_after_the_start():
    assert "after the start" in errors_for(period_end="2027-01")["period_end"]
    assert "after the start" in errors_for(period_end="2026-12")["period_end"]


def test_months_must_be_months():
    assert "YYYY-MM" in errors_for(period_start="Jan 2027")["period_start"]
    assert "01 to 12" in errors_for(period_end="2027-13")["period_end"]


def test_an_unknown_subject_kind_is_refused():
    assert "choose one of" in errors_for(subject_kind="region")["subject_kind"]


def test_all_errors_are_reported_at_once():
    assert set(errors_for(subject_name="", owner="", target_amount="x")) == {
        "subject_name", "owner", "target_amount"}


def test_an_archived_plan_leaves_the_list_but_is_kept(store, plan_id):
    set_plan_status(store, plan_id, "archived")
    assert list_plans(store) == []
    assert [s.plan.status for s in list_plans(store, include_archived=True)] == ["archived"]


def test_a_plan_is_found_by_id_or_subject_name(store, plan_id):
    assert find_plan(store, str(plan_id)).id == plan_id
    assert find_plan(store, "north").id == plan_id
    with pytest.raises(KeyError):
        find_plan(store, "South")


def test_renaming_to_blank_is_refused(store, plan_id):
    with pytest.raises(PlanInputError):
        rename_plan(store, plan_id, "   ")
    assert get_plan(store, plan_id).subject_name == "North"


def test_created_plan_has_its_times(store):
    plan_id = create_plan(store, PlanInput(**GOOD))
    plan = get_plan(store, plan_id)
    assert plan.created_at == plan.updated_at and plan.created_at.startswith("20")
