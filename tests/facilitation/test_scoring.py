"""Feasibility scoring: aggregation, the disagreement flag, ranking and quadrants."""

from __future__ import annotations

import pytest

from facilitation.ideas.brainstorm import add_idea, add_round, merge_ideas
from facilitation.ideas.scoring import (
    Aggregate,
    ScoreError,
    by_quadrant,
    clear_score,
    quadrant,
    rated_ideas,
    set_score,
)
from facilitation.store.events import read_events


@pytest.fixture
def ideas(store, plan_id):
    round_id = add_round(store, plan_id, "How could we close the gap?", answers="gap")
    return [add_idea(store, round_id, text, "Ana") for text in (
        "Call lapsed accounts", "Open a new region", "Tidy the CRM", "Sponsor a trade fair")]


def test_aggregate_is_mean_spread_and_count():
    agg = Aggregate.of([2, 4])
    assert (agg.mean, agg.spread, agg.count) == (3.0, 1.0, 2)
    assert Aggregate.of([]).mean is None


def test_wide_spread_is_flagged_for_discussion():
    assert Aggregate.of([2, 5]).disagrees
    assert Aggregate.of([1, 1, 4]).disagrees
    assert not Aggregate.of([2, 4]).disagrees
    assert not Aggregate.of([5]).disagrees  # one score cannot disagree


@pytest.mark.parametrize("impact, feasibility, name", [
    (5, 5, "quick win"), (4.5, 1.5, "big bet"), (2, 4, "fill-in"), (1, 2, "money pit"),
    (3, 3, "quick win"), (2.9, 3, "fill-in"),
])
def test_quadrant_placement(impact, feasibility, name):
    assert quadrant(impact, feasibility) == name


def test_scores_per_participant_aggregate_and_rank(store, ideas):
    call, region, crm, _fair = ideas
    for who, f, i in (("Ana", 5, 4), ("Ben", 4, 4), ("Cleo", 5, 5)):
        set_score(store, call, who, feasibility=f, impact=i)
    set_score(store, region, "Ana", feasibility=1, impact=5)
    set_score(store, region, "Ben", feasibility=2, impact=5)
    set_score(store, crm, "Ana", feasibility=5, impact=1)
    set_score(store, crm, "Ben", feasibility=5, impact=5)  # Ana and Ben disagree on impact
    rated = rated_ideas(store, plan_id=store.query("SELECT plan_id FROM ideas")[0][0])
    assert [r.idea.text for r in rated] == [
        "Call lapsed accounts", "Tidy the CRM", "Open a new region", "Sponsor a trade fair"]
    top = rated[0]
    assert top.feasibility.count == 3 and top.impact.mean == pytest.approx(13 / 3)
    assert top.quadrant == "quick win" and not top.disagreement
    assert rated[1].disagreement
    assert rated[2].quadrant == "big bet"
    assert rated[3].value is None and rated[3].quadrant is None
    groups = by_quadrant(rated)
    assert [r.idea.text for r in groups["big bet"]] == ["Open a new region"]
    assert groups["money pit"] == []


def test_rescoring_replaces_the_participants_score(store, ideas):
    set_score(store, ideas[0], "Ana", feasibility=2, impact=3)
    set_score(store, ideas[0], "Ana", impact=5)
    rows = store.query("SELECT feasibility, impact FROM idea_scores")
    assert [tuple(r) for r in rows] == [(2, 5)]


def test_group_score_is_one_participant(store, ideas):
    set_score(store, ideas[0], "group", feasibility=4, impact=4)
    assert store.query("SELECT participant FROM idea_scores")[0][0] == "group"


@pytest.mark.parametrize("value", [0, 6, "x", "3.5"])
def test_scores_outside_one_to_five_are_refused(store, ideas, value):
    with pytest.raises(ScoreError, match="1 to 5"):
        set_score(store, ideas[0], "Ana", feasibility=value)
    assert store.query("SELECT count(*) FROM idea_scores")[0][0] == 0


def test_merged_duplicate_cannot_be_scored(store, ideas):
    merge_ideas(store, ideas[0], ideas[1])
    with pytest.raises(ScoreError, match="merged"):
        set_score(store, ideas[1], "Ana", impact=3)


def test_scoring_and_clearing_are_events(store, ideas):
    before = len(read_events(store))
    set_score(store, ideas[0], "Ana", feasibility=4)
    assert clear_score(store, ideas[0], "Ana")
    assert not clear_score(store, ideas[0], "Ana")
    assert [e.kind for e in read_events(store)[before:]] == ["idea.scored", "idea.score_cleared"]
