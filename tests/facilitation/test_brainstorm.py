"""Timed brainstorming: the stored timer, ideas, anonymity, merge, delete and undo."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from facilitation.ideas.brainstorm import (
    BrainstormError,
    add_idea,
    add_round,
    add_time,
    close_if_time_up,
    delete_idea,
    edit_idea,
    end_round,
    gap_prompt,
    get_round,
    list_ideas,
    list_rounds,
    merge_ideas,
    pause_round,
    plan_rounds,
    resume_round,
    risk_prompt,
    skip_round,
    start_round,
    undo_last,
)
from facilitation.ideas.scoring import set_score
from facilitation.store.database import Store
from facilitation.store.events import read_events

T0 = datetime(2027, 1, 10, 9, 0, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


@pytest.fixture
def round_id(store, plan_id):
    return add_round(store, plan_id, "How could we find the missing 12,400 this quarter?",
                     answers="gap", now=T0)


def test_timer_counts_down_from_the_time_box(store, round_id):
    start_round(store, round_id, now=at(0))
    assert get_round(store, round_id).remaining(at(90)) == 210
    assert get_round(store, round_id).state(at(90)) == "running"


def test_pause_freezes_the_countdown_and_resume_continues_it(store, round_id):
    start_round(store, round_id, now=at(0))
    pause_round(store, round_id, now=at(100))
    assert get_round(store, round_id).remaining(at(1000)) == 200
    resume_round(store, round_id, now=at(1000))
    assert get_round(store, round_id).remaining(at(1050)) == 150


def test_add_a_minute_extends_the_round(store, round_id):
    start_round(store, round_id, now=at(0))
    add_time(store, round_id, now=at(250))
    assert get_round(store, round_id).remaining(at(300)) == 60
    assert get_round(store, round_id).state(at(360)) == "time_up"


def test_timer_survives_a_restart(store, db_path, round_id):
    start_round(store, round_id, now=at(0))
    pause_round(store, round_id, now=at(30))
    resume_round(store, round_id, now=at(60))
    store.close()
    reopened = Store.open(db_path)
    try:
        assert get_round(reopened, round_id).remaining(at(120)) == 300 - 30 - 60
    finally:
        reopened.close()


def test_ideas_are_refused_after_time_is_up(store, round_id):
    start_round(store, round_id, now=at(0))
    add_idea(store, round_id, "Call lapsed accounts", "Ana", now=at(299))
    with pytest.raises(BrainstormError, match="time is up"):
        add_idea(store, round_id, "Too late", "Ana", now=at(301))
    assert [i.text for i in list_ideas(store, round_id)] == ["Call lapsed accounts"]


def test_time_up_is_recorded_at_the_moment_time_ran_out(store, round_id):
    start_round(store, round_id, now=at(0))
    assert close_if_time_up(store, round_id, now=at(400))
    row = get_round(store, round_id)
    assert row.ended_at.startswith("2027-01-10T09:05:00")
    assert row.state(at(500)) == "time_up"


def test_adding_a_minute_after_time_is_up_reopens_the_round(store, round_id):
    start_round(store, round_id, now=at(0))
    close_if_time_up(store, round_id, now=at(310))
    add_time(store, round_id, now=at(320))
    assert get_round(store, round_id).remaining(at(350)) == 30
    add_idea(store, round_id, "One more", "Ana", now=at(350))


def test_ending_early_stops_ideas(store, round_id):
    start_round(store, round_id, now=at(0))
    end_round(store, round_id, now=at(60))
    assert get_round(store, round_id).state(at(61)) == "ended"
    with pytest.raises(BrainstormError, match="ended"):
        add_idea(store, round_id, "Late idea", now=at(61))


def test_anonymous_round_stores_no_author(store, plan_id):
    round_id = add_round(store, plan_id, "Anything?", anonymous=True, now=T0)
    idea_id = add_idea(store, round_id, "Bundle service contracts", "Ben", actor="ben", now=T0)
    row = store.query("SELECT author FROM ideas WHERE id = ?", [idea_id])[0]
    assert row["author"] is None
    event = read_events(store)[-1]
    assert "Ben" not in str(event.payload) and event.actor != "ben"


def test_named_round_stores_the_author(store, round_id):
    add_idea(store, round_id, "Upsell maintenance", "Ana", now=T0)
    assert list_ideas(store, round_id)[0].author == "Ana"


def test_blank_idea_is_refused(store, round_id):
    with pytest.raises(BrainstormError, match="words"):
        add_idea(store, round_id, "   ", now=T0)


def test_merge_keeps_both_texts_and_undo_separates_them(store, round_id):
    first = add_idea(store, round_id, "Call lapsed accounts", now=T0)
    second = add_idea(store, round_id, "Phone customers who stopped buying", now=T0)
    set_score(store, second, "Ana", feasibility=4, impact=4)
    merge_ideas(store, first, second)
    ideas = list_ideas(store, round_id)
    assert len(ideas) == 1 and ideas[0].merged == ("Phone customers who stopped buying",)
    assert store.query("SELECT count(*) FROM idea_scores")[0][0] == 0
    assert undo_last(store, round_id) == "idea.merged"
    assert [i.text for i in list_ideas(store, round_id)] == [
        "Call lapsed accounts", "Phone customers who stopped buying"]
    assert store.query("SELECT count(*) FROM idea_scores")[0][0] == 1


def test_delete_and_undo_brings_the_idea_back_with_its_duplicates(store, round_id):
    first = add_idea(store, round_id, "Call lapsed accounts", now=T0)
    second = add_idea(store, round_id, "Phone old customers", now=T0)
    merge_ideas(store, first, second)
    set_score(store, first, "Ana", feasibility=3, impact=5)
    delete_idea(store, first)
    assert list_ideas(store, round_id) == []
    assert undo_last(store, round_id) == "idea.deleted"
    ideas = list_ideas(store, round_id)
    assert [(i.id, i.merged) for i in ideas] == [(first, ("Phone old customers",))]
    assert store.query("SELECT impact FROM idea_scores WHERE idea_id = ?", [first])[0][0] == 5
    # The next undo reaches the merge before it; then nothing is left to undo.
    assert undo_last(store, round_id) == "idea.merged"
    assert undo_last(store, round_id) is None


def test_edit_and_undo(store, round_id):
    idea = add_idea(store, round_id, "Cal lapsed acounts", now=T0)
    edit_idea(store, idea, "Call lapsed accounts")
    assert list_ideas(store, round_id)[0].text == "Call lapsed accounts"
    undo_last(store, round_id)
    assert list_ideas(store, round_id)[0].text == "Cal lapsed acounts"


def test_every_change_is_one_event(store, round_id):
    before = len(read_events(store))
    start_round(store, round_id, now=at(0))
    idea = add_idea(store, round_id, "Idea", now=at(1))
    pause_round(store, round_id, now=at(2))
    resume_round(store, round_id, now=at(3))
    add_time(store, round_id, now=at(4))
    delete_idea(store, idea)
    undo_last(store, round_id)
    kinds = [e.kind for e in read_events(store)[before:]]
    assert kinds == ["brainstorm.round_started", "idea.added", "brainstorm.round_paused",
                     "brainstorm.round_resumed", "brainstorm.round_time_added", "idea.deleted",
                     "idea.undone"]


def test_skip_round_only_without_ideas(store, round_id, plan_id):
    add_idea(store, round_id, "Idea", now=T0)
    with pytest.raises(BrainstormError):
        skip_round(store, round_id)
    other = add_round(store, plan_id, "Other question", now=T0)
    skip_round(store, other)
    assert get_round(store, other).state() == "skipped"


def test_prompts_carry_the_real_figure():
    assert gap_prompt(12400, "2027-01", "2027-03") == (
        "How could we find the missing 12,400 this quarter?")
    assert gap_prompt(None, "2027-01", "2027-12") == (
        "How could we close the gap to the target this year?")
    assert risk_prompt("A key salesperson leaves") == "If a key salesperson leaves, what do we do?"
    assert risk_prompt("Recession") == "If recession happens, what do we do?"


def test_plan_rounds_makes_a_gap_round_and_one_per_top_risk(store, plan_id):
    from facilitation.contingency.assessment import Assessment, assess_risk
    from facilitation.contingency.risks import add_risk
    from facilitation.workshop.scripts import get_script
    from facilitation.workshop.sessions import start_session

    session_id = start_session(store, plan_id, get_script("full-plan"), "Priya", ["Ana", "Ben"])
    risk = add_risk(store, plan_id, "Key salesperson leaves", session_id=session_id)
    assess_risk(store, risk, Assessment(likelihood=3, impact=4))
    rounds = plan_rounds(store, plan_id, session_id, 12400.0, now=T0)
    assert [(r.answers, r.prompt) for r in rounds] == [
        ("gap", "How could we find the missing 12,400 this quarter?"),
        ("risk", "If key salesperson leaves, what do we do?"),
    ]
    assert plan_rounds(store, plan_id, session_id, 999.0) == rounds  # made once only
    assert len(list_rounds(store, session_id=session_id)) == 2
    # A risk assessed later gets its round at the end; the others are not made again.
    later = add_risk(store, plan_id, "Recession", session_id=session_id)
    assess_risk(store, later, Assessment(likelihood=5, impact=5))
    rounds = plan_rounds(store, plan_id, session_id, None, now=T0)
    assert [(r.position, r.risk_id) for r in rounds] == [(1, None), (2, risk), (3, later)]


def test_round_length_is_set_before_the_start(store, round_id):
    from facilitation.ideas.brainstorm import parse_minutes, set_time_box

    set_time_box(store, round_id, parse_minutes("2"))
    start_round(store, round_id, now=at(0))
    assert get_round(store, round_id).remaining(at(30)) == 90
    with pytest.raises(BrainstormError, match="started"):
        set_time_box(store, round_id, 600)
    assert parse_minutes("1:30") == 90
    with pytest.raises(BrainstormError, match="minutes"):
        parse_minutes("soon")


def test_replay_rebuilds_rounds_ideas_merges_deletions_and_undos(store, round_id):
    from facilitation.store.replay import replay

    start_round(store, round_id, now=at(0))
    ideas = [add_idea(store, round_id, f"Idea {n}", "Ana", now=at(n)) for n in range(1, 5)]
    set_score(store, ideas[0], "Ana", feasibility=4, impact=4)
    merge_ideas(store, ideas[0], ideas[1])
    delete_idea(store, ideas[0])
    undo_last(store, round_id)
    edit_idea(store, ideas[2], "Idea three")
    delete_idea(store, ideas[3])
    rebuilt = replay(store)
    for table in ("brainstorm_rounds", "ideas", "idea_scores"):
        ours = [tuple(r) for r in store.conn.execute(f"SELECT * FROM {table} ORDER BY id")]
        assert [tuple(r) for r in rebuilt.execute(f"SELECT * FROM {table} ORDER BY id")] == ours


def test_the_gap_rounds_figure_is_none_without_history(store, plan_id):
    from facilitation.ideas.round_plan import forecast_gap_for_rounds

    assert forecast_gap_for_rounds(store, plan_id) is None


def test_the_gap_rounds_figure_is_the_forecasts_gap(store, plan_id):
    from facilitation.demo.history import add_demo_history
    from facilitation.history.cache import plan_forecast
    from facilitation.ideas.round_plan import forecast_gap_for_rounds
    from facilitation.plan.plans import get_plan

    add_demo_history(store)
    expected = plan_forecast(store, get_plan(store, plan_id))
    assert expected is not None
    assert forecast_gap_for_rounds(store, plan_id) == pytest.approx(expected.gap)
