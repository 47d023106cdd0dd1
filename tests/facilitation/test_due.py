"""Reminders: what is due across the active plans."""

from __future__ import annotations

from datetime import date

from facilitation.ideas.strategies import add_strategy, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic
from facilitation.plan.plans import PlanInput, create_plan, set_plan_status
from facilitation.plan.reviews import (
    ReviewRhythm,
    list_reviews,
    mark_review_held,
    set_review_rhythm,
)
from facilitation.portfolio.due import due_items, due_summary


def plan(store, name="North", start="2026-09", end="2027-02"):
    return create_plan(store, PlanInput("territory", name, "Priya Raman", start, end, "900000"))


def kinds(items):
    return [(item.kind, item.subject.split(" (")[0], item.date) for item in items]


def test_reviews_due_this_week_and_overdue_ones(store):
    north, south = plan(store, "North"), plan(store, "South")
    set_review_rhythm(store, north, ReviewRhythm("monthly", date(2026, 9, 15), 12,
                                                 date(2027, 2, 28)), today=date(2026, 9, 1))
    set_review_rhythm(store, south, ReviewRhythm("monthly", date(2026, 10, 3), 12,
                                                 date(2027, 2, 28)), today=date(2026, 9, 1))
    items = due_items(store, date(2026, 10, 1))
    assert kinds(items)[:2] == [("review overdue", "North", "2026-09-15"),
                                ("review due", "South", "2026-10-03")]
    assert "overdue since 2026-09-15" in items[0].text
    mark_review_held(store, list_reviews(store, north)[0].id, held_at="2026-09-30T09:00:00")
    assert not [i for i in due_items(store, date(2026, 10, 1)) if i.kind == "review overdue"]


def test_tactics_due_this_week_and_late_ones(store):
    plan_id = plan(store)
    strategy = add_strategy(store, plan_id, "Win back lapsed customers in the north")
    take_clarity_test(store, strategy, True)
    today = date(2026, 10, 1)
    for action, due in (("List them", "2026-09-28"), ("Call them", "2026-10-05"),
                        ("Visit them", "2026-10-20")):
        add_tactic(store, strategy, TacticInput(action, "Ann", due), today=date(2026, 9, 1))
    items = [i for i in due_items(store, today) if i.kind.startswith("tactic")]
    assert [(i.kind, i.date) for i in items] == [("tactic late", "2026-09-28"),
                                                 ("tactic due", "2026-10-05")]
    assert items[0].text.startswith("List them (Ann): was due 2026-09-28")


def test_a_plan_ending_within_a_month_is_due_unless_a_next_plan_exists(store):
    plan(store, "North", "2026-07", "2026-10")
    assert kinds(due_items(store, date(2026, 10, 10))) == [("plan ending", "North", "2026-10-31")]
    plan(store, "North", "2026-11", "2027-04")
    assert due_items(store, date(2026, 10, 10)) == []


def test_contingencies_not_reviewed_for_a_year(store):
    import time_machine

    with time_machine.travel("2026-01-05 09:00 +0000", tick=False):
        plan(store, "North", "2026-01", "2028-12")
    assert due_items(store, date(2026, 12, 1)) == []
    [item] = due_items(store, date(2028, 1, 1))
    assert item.kind == "contingency review" and "never reviewed" in item.text


def test_archived_plans_are_never_due(store):
    plan_id = plan(store, "North", "2026-07", "2026-10")
    set_plan_status(store, plan_id, "archived")
    assert due_items(store, date(2026, 10, 10)) == []


def test_the_summary_counts_each_kind_in_words(store):
    assert due_summary([]) == "Nothing due this week"
    plan(store, "North", "2026-07", "2026-10")
    plan(store, "South", "2026-07", "2026-10")
    assert due_summary(due_items(store, date(2026, 10, 10))) == "2 plans ending"


def test_the_summary_puts_what_is_late_first_then_the_week():
    from facilitation.portfolio.due import DueItem

    def item(kind):
        return DueItem(kind, "2026-10-01", 1, "North (territory)", "")

    items = [item("review overdue"), item("tactic late"), item("tactic late"),
             item("review due"), item("review due"), item("tactic due")]
    assert due_summary(items) == ("1 review overdue · 2 tactics late · "
                                  "this week: 2 reviews, 1 tactic")
