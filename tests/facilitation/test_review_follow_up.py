"""What a progress review leaves behind: tactics set done, late or dropped with a note (a
stored status, one event each), a held review that says who held it, and the portfolio and
reminders counting a tactic set late."""

from __future__ import annotations

from datetime import date

import pytest

from facilitation.ideas.strategies import StrategyError, add_strategy, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic, get_tactic, set_tactic_status
from facilitation.plan.plans import PlanInput, create_plan
from facilitation.plan.reviews import (
    ReviewRhythm,
    list_reviews,
    mark_review_held,
    set_review_rhythm,
    upcoming_reviews,
)
from facilitation.portfolio.due import due_items
from facilitation.portfolio.subjects import portfolio_lines
from facilitation.store.events import read_events
from facilitation.store.replay import replay

START = date(2026, 9, 1)


@pytest.fixture
def plan_id(store):
    return create_plan(store, PlanInput("territory", "North", "Priya Raman", "2026-09",
                                        "2027-02", "1200000"))


@pytest.fixture
def tactic_id(store, plan_id):
    strategy = add_strategy(store, plan_id, "Call every lapsed customer in the north")
    take_clarity_test(store, strategy, True)
    return add_tactic(store, strategy, TacticInput("Book the agency", "Ann", "2026-12-01"),
                      today=START)


def test_a_tactic_set_late_keeps_its_note_and_each_change_is_one_event(store, tactic_id):
    before = len(read_events(store))
    set_tactic_status(store, tactic_id, "late", note="  the agency is   booked until May ",
                      actor="Priya Raman")
    tactic = get_tactic(store, tactic_id)
    assert (tactic.status, tactic.status_note) == ("late", "the agency is booked until May")
    assert tactic.status_text == "late: the agency is booked until May"
    set_tactic_status(store, tactic_id, "late", note="the agency is booked until May")
    set_tactic_status(store, tactic_id, "late")      # nothing changed: no event
    set_tactic_status(store, tactic_id, "dropped", note="another agency does it")
    set_tactic_status(store, tactic_id, "done")      # a new status starts without a note
    events = read_events(store)[before:]
    assert [e.kind for e in events] == ["tactic.status_changed"] * 3
    assert events[0].payload["status_note"] == "the agency is booked until May"
    assert get_tactic(store, tactic_id).status_text == "done"


def test_a_note_too_long_is_refused_and_nothing_changes(store, tactic_id):
    with pytest.raises(StrategyError, match="note"):
        set_tactic_status(store, tactic_id, "late", note="x" * 501)
    assert get_tactic(store, tactic_id).status == "planned"


def test_a_tactic_set_late_before_its_date_counts_as_late(store, plan_id, tactic_id):
    today = date(2026, 10, 20)
    [line] = portfolio_lines(store, today)
    assert line.tactics_late == 0
    set_tactic_status(store, tactic_id, "late", note="the agency is booked until May")
    [line] = portfolio_lines(store, today)
    assert line.tactics_late == 1 and "1 tactic late" in line.reasons
    [item] = [i for i in due_items(store, today) if i.kind.startswith("tactic")]
    assert item.kind == "tactic late" and "set late" in item.text


def test_a_held_review_records_who_held_it_and_the_next_one_shows(store, plan_id):
    set_review_rhythm(store, plan_id, ReviewRhythm("monthly", date(2026, 9, 15), 12,
                                                   date(2027, 2, 28)), today=date(2026, 9, 15))
    first = list_reviews(store, plan_id)[0]
    mark_review_held(store, first.id, note="on pace", actor="Marcus Bell",
                     held_at="2026-09-15T10:00:00+00:00")
    held = list_reviews(store, plan_id)[0]
    assert (held.held_at[:10], held.held_by, held.note) == ("2026-09-15", "Marcus Bell", "on pace")
    assert upcoming_reviews(store, plan_id, date(2026, 9, 16))[0].date == "2026-10-15"
    mark_review_held(store, list_reviews(store, plan_id)[1].id)
    assert list_reviews(store, plan_id)[1].held_by == store.actor


def test_replay_rebuilds_statuses_notes_and_who_held(store, plan_id, tactic_id):
    set_review_rhythm(store, plan_id, ReviewRhythm("monthly", date(2026, 9, 15), 12,
                                                   date(2027, 2, 28)), today=date(2026, 9, 15))
    mark_review_held(store, list_reviews(store, plan_id)[0].id, actor="Marcus Bell")
    set_tactic_status(store, tactic_id, "late", note="booked until May")
    rebuilt = replay(store)
    assert tuple(rebuilt.execute("SELECT status, status_note FROM tactics").fetchone()) == (
        "late", "booked until May")
    assert rebuilt.execute("SELECT held_by FROM review_meetings WHERE held_at IS NOT NULL"
                           ).fetchone()[0] == "Marcus Bell"


def test_the_next_review_starts_with_the_previous_reviews_decisions(store, plan_id):
    from facilitation.plan.decisions import (
        DecisionInput,
        add_decision,
        carried_line,
        list_decisions,
        previous_review_decisions,
        update_decision,
    )
    from facilitation.workshop.scripts import get_script
    from facilitation.workshop.sessions import end_session, start_session

    script = get_script("progress-review")
    first = start_session(store, plan_id, script, "Marcus Bell", [])
    assert previous_review_decisions(store, plan_id, first) is None
    add_decision(store, plan_id, DecisionInput("Two extra prospecting days", "Ana Lima",
                                               "2026-10-01"), session_id=first)
    add_decision(store, plan_id, DecisionInput("Move the webinar", "Joe Park", "2026-12-01",
                                               "decision"), session_id=first)
    end_session(store, first)
    second = start_session(store, plan_id, script, "Marcus Bell", [])
    done = list_decisions(store, plan_id, session_id=first)[0]
    update_decision(store, done.id, DecisionInput(done.text, done.owner, done.due_date,
                                                  status="done"), session_id=second)
    carried = previous_review_decisions(store, plan_id, second)
    assert [d.text for d in carried.decisions] == ["Two extra prospecting days",
                                                   "Move the webinar"]
    assert carried.open_count == 1
    assert [carried_line(d, date(2026, 12, 5)) for d in carried.decisions] == [
        "✓ done · Ana Lima · due 2026-10-01 · Two extra prospecting days",
        "• open, overdue · Joe Park · due 2026-12-01 · Move the webinar"]
    # The second review's own decisions are carried to the third, not the first's.
    add_decision(store, plan_id, DecisionInput("Call the top ten"), session_id=second)
    end_session(store, second)
    third = start_session(store, plan_id, script, "Marcus Bell", [])
    assert [d.text for d in previous_review_decisions(store, plan_id, third).decisions] == [
        "Call the top ten"]
    assert previous_review_decisions(store, plan_id, first) is None


def test_the_plan_says_who_held_its_last_review_and_when_the_next_is(store, plan_id):
    from facilitation.plan.reviews import reviews_line

    set_review_rhythm(store, plan_id, ReviewRhythm("monthly", date(2026, 9, 15), 12,
                                                   date(2027, 2, 28)), today=date(2026, 9, 15))
    assert reviews_line(store, plan_id, date(2026, 9, 1)) == \
        "Next review 2026-09-15 · none held yet"
    mark_review_held(store, list_reviews(store, plan_id)[0].id, note="Meetings short",
                     actor="Marcus Bell", held_at="2026-09-15T10:00:00+00:00")
    assert reviews_line(store, plan_id, date(2026, 9, 16)) == (
        'Next review 2026-10-15 · last 2026-09-15, held by Marcus Bell ("Meetings short")')
    assert reviews_line(store, plan_id, date(2026, 10, 20)).startswith(
        "Review overdue since 2026-10-15 · last 2026-09-15, held by Marcus Bell")
