"""Dot-voting on ideas and comments on ideas and risks in a live session."""

from __future__ import annotations

from datetime import timedelta

import pytest

from facilitation.contingency.risks import add_risk
from facilitation.ideas.brainstorm import (
    add_round,
    delete_idea,
    merge_ideas,
    set_anonymous,
    start_round,
    undo_last,
)
from facilitation.live.comments import (
    comment_on_idea,
    comment_on_risk,
    comments_on_ideas,
    comments_on_risks,
)
from facilitation.live.contributions import ParticipationError, contribute_idea
from facilitation.live.private_rounds import reveal_round, set_private
from facilitation.live.roster import join_session
from facilitation.live.votes import (
    VOTES_PER_ROUND,
    my_vote_rows,
    round_vote_totals,
    toggle_vote,
    vote_totals,
    votes_left,
)
from facilitation.store.events import read_events
from facilitation.store.replay import replay
from facilitation.workshop.sessions import go_to_step

from .live_session import (  # noqa: F401  (the fixtures `session_id` and `code`)
    BRAINSTORM,
    RISKS,
    SCORING,
    T0,
    code,
    session_id,
    start_brainstorm_round,
)


@pytest.fixture(autouse=True)
def participants(store, code):
    """Ana, Bob and Cleo joined the session at T0."""
    for name in ("Ana", "Bob", "Cleo"):
        join_session(store, code, name, now=T0)


@pytest.fixture
def round_id(store, plan_id, session_id):
    return start_brainstorm_round(store, plan_id, session_id)


def ideas(store, session_id, round_id, count=5):
    return [contribute_idea(store, session_id, "Ana", BRAINSTORM, round_id, f"Idea {n}",
                            now=T0 + timedelta(seconds=n + 1)) for n in range(count)]


def test_each_participant_has_a_few_votes_and_everyone_sees_totals(store, session_id,
                                                                   round_id):
    first, second, third, fourth, _ = ideas(store, session_id, round_id)
    for idea in (first, second, third):
        toggle_vote(store, session_id, "Bob", BRAINSTORM, idea)
    toggle_vote(store, session_id, "Cleo", BRAINSTORM, first)
    assert votes_left(store, round_id, "Bob") == 0
    with pytest.raises(ParticipationError, match=f"used your {VOTES_PER_ROUND} votes"):
        toggle_vote(store, session_id, "Bob", BRAINSTORM, fourth)
    assert round_vote_totals(store, round_id) == {first: 2, second: 1, third: 1}
    # v again takes the vote back, and frees it.
    assert toggle_vote(store, session_id, "Bob", BRAINSTORM, first) is None
    toggle_vote(store, session_id, "Bob", BRAINSTORM, fourth)
    assert vote_totals(store, [first, fourth]) == {first: 1, fourth: 1}
    kinds = [e.kind for e in read_events(store, session_id=session_id)]
    assert kinds.count("idea.voted") == 5 and kinds.count("idea.vote_taken_back") == 1


def test_a_participant_takes_back_only_their_own_vote(store, session_id, round_id):
    first, *_ = ideas(store, session_id, round_id)
    toggle_vote(store, session_id, "Bob", BRAINSTORM, first)
    toggle_vote(store, session_id, "Cleo", BRAINSTORM, first)  # Cleo's own dot, not Bob's
    assert round_vote_totals(store, round_id) == {first: 2}
    assert set(my_vote_rows(store, round_id, "Bob")) == {first}


def test_a_vote_taken_back_never_lends_its_id_to_someone_elses(store, session_id, round_id):
    first, *_ = ideas(store, session_id, round_id)
    ana = toggle_vote(store, session_id, "Ana", BRAINSTORM, first)
    toggle_vote(store, session_id, "Ana", BRAINSTORM, first)  # taken back
    bob = toggle_vote(store, session_id, "Bob", BRAINSTORM, first)
    assert bob != ana
    # Ana's view still remembers her old vote's id: it does not make Bob's hers.
    assert my_vote_rows(store, round_id, "Ana", [ana]) == {}


def test_votes_in_an_anonymous_round_store_no_voter(store, session_id, round_id):
    set_anonymous(store, round_id, anonymous=True)
    first, second, *_ = ideas(store, session_id, round_id)
    mine = [toggle_vote(store, session_id, "Bob", BRAINSTORM, first)]
    assert store.query("SELECT voter FROM idea_votes")[0][0] is None
    assert read_events(store, session_id=session_id)[-1].actor == "anonymous"
    # The view's own vote ids are what count as Bob's: the budget and taking back.
    assert votes_left(store, round_id, "Bob", mine) == VOTES_PER_ROUND - 1
    assert votes_left(store, round_id, "Cleo") == VOTES_PER_ROUND
    assert toggle_vote(store, session_id, "Bob", BRAINSTORM, first, own_vote_ids=mine) is None
    assert round_vote_totals(store, round_id) == {}


def test_votes_wait_for_a_private_round_to_be_revealed(store, session_id, round_id):
    set_private(store, round_id, True)
    first, *_ = ideas(store, session_id, round_id)
    with pytest.raises(ParticipationError, match="reveals"):
        toggle_vote(store, session_id, "Bob", BRAINSTORM, first)
    reveal_round(store, round_id)
    toggle_vote(store, session_id, "Bob", BRAINSTORM, first)
    assert round_vote_totals(store, round_id) == {first: 1}


def test_votes_go_only_where_the_step_allows_them(store, session_id, round_id):
    first, *_ = ideas(store, session_id, round_id)
    go_to_step(store, session_id, RISKS)
    with pytest.raises(ParticipationError, match="does not take that"):
        toggle_vote(store, session_id, "Bob", RISKS, first)
    go_to_step(store, session_id, SCORING)
    toggle_vote(store, session_id, "Bob", SCORING, first)
    assert round_vote_totals(store, round_id) == {first: 1}


def test_a_merged_idea_counts_its_duplicates_votes(store, session_id, round_id):
    first, second, *_ = ideas(store, session_id, round_id)
    toggle_vote(store, session_id, "Bob", BRAINSTORM, first)
    toggle_vote(store, session_id, "Cleo", BRAINSTORM, second)
    merge_ideas(store, first, second)  # second is a duplicate kept as text of first
    assert vote_totals(store, [first]) == {first: 2}


def test_deleting_an_idea_hides_its_votes_and_undo_brings_them_back(store, session_id,
                                                                     round_id):
    first, *_ = ideas(store, session_id, round_id)
    toggle_vote(store, session_id, "Bob", BRAINSTORM, first)
    comment_on_idea(store, session_id, "Cleo", BRAINSTORM, first, "Costly")
    delete_idea(store, first)
    assert round_vote_totals(store, round_id) == {}
    undo_last(store, round_id)
    assert round_vote_totals(store, round_id) == {first: 1}
    assert [c.line for c in comments_on_ideas(store, [first])[first]] == ["Cleo: Costly"]


def test_comments_carry_their_author_except_in_an_anonymous_round(store, plan_id, session_id,
                                                                  round_id):
    first, *_ = ideas(store, session_id, round_id)
    comment_on_idea(store, session_id, "Bob", BRAINSTORM, first, "  needs a  budget ")
    hidden_round = add_round(store, plan_id, "And the top risk?", session_id=session_id,
                             now=T0)
    set_anonymous(store, hidden_round, anonymous=True)
    start_round(store, hidden_round, now=T0)
    secret, *_ = ideas(store, session_id, hidden_round, count=1)
    comment_on_idea(store, session_id, "Cleo", BRAINSTORM, secret, "and a sponsor")
    assert [(c.author, c.text) for c in comments_on_ideas(store, [first])[first]] == [
        ("Bob", "needs a budget")]
    assert [(c.author, c.line) for c in comments_on_ideas(store, [secret])[secret]] == [
        (None, "Someone: and a sponsor")]
    assert read_events(store, session_id=session_id)[-1].actor == "anonymous"
    with pytest.raises(ParticipationError, match="needs some words"):
        comment_on_idea(store, session_id, "Bob", BRAINSTORM, first, "   ")


def test_comments_on_risks_while_the_group_lists_them(store, plan_id, session_id):
    go_to_step(store, session_id, RISKS)
    risk = add_risk(store, plan_id, "Price war", session_id=session_id, actor="Ana")
    comment_on_risk(store, session_id, "Bob", RISKS, risk, "Already started in the South")
    assert [c.line for c in comments_on_risks(store, [risk])[risk]] == [
        "Bob: Already started in the South"]
    go_to_step(store, session_id, BRAINSTORM)
    with pytest.raises(ParticipationError, match="moved on"):
        comment_on_risk(store, session_id, "Bob", RISKS, risk, "late")


def test_replay_rebuilds_votes_and_comments(store, plan_id, session_id, round_id):
    first, second, *_ = ideas(store, session_id, round_id)
    toggle_vote(store, session_id, "Bob", BRAINSTORM, first)
    toggle_vote(store, session_id, "Cleo", BRAINSTORM, second)
    toggle_vote(store, session_id, "Bob", BRAINSTORM, first)
    comment_on_idea(store, session_id, "Cleo", BRAINSTORM, second, "Yes")
    rebuilt = replay(store)
    for table in ("idea_votes", "comments"):
        assert [tuple(r) for r in rebuilt.execute(f"SELECT * FROM {table} ORDER BY id")] == [
            tuple(r) for r in store.conn.execute(f"SELECT * FROM {table} ORDER BY id")]
