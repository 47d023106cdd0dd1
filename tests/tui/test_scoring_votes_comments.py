"""The facilitator's scoring step at 80×24: the group's votes and comments arrive without a key
pressed, and the facilitator votes (v) and comments (m) with the participants' domain
functions."""

from __future__ import annotations

import pytest

from facilitation.ideas.brainstorm import add_idea
from facilitation.live.comments import comment_on_idea, comments_on_ideas
from facilitation.live.votes import toggle_vote, vote_totals
from facilitation.store.events import read_events
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui.screens.session import SessionScreen

from ..facilitation.live_session import SCORING, SCRIPT
from .test_participant_view import (  # noqa: F401  (fixtures)
    facilitator,
    running_round,
    wait_for,
)
from .test_session_screen import screen_text, type_text

LONG_COMMENT = "Too costly in the first quarter unless the service team joins the calls"


@pytest.fixture
def session_id(store, plan_id):
    return start_session(store, plan_id, SCRIPT, "Fran", ["Ana"])


@pytest.fixture
def ideas(facilitator, session_id, running_round):
    first = add_idea(facilitator, running_round, "Call lapsed clients", "Fran")
    second = add_idea(facilitator, running_round, "Bundle service plans", "Fran")
    go_to_step(facilitator, session_id, SCORING)
    return first, second


def votes_cell(app, idea_id: int) -> str:
    table = app.screen.query_one("#scores")
    return str(table.get_cell(str(idea_id), "votes"))


async def test_votes_and_comments_from_participants_arrive_on_the_scoring_step(
        app, store, session_id, ideas, facilitator):
    first, second = ideas
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await wait_for(pilot, lambda: "Bundle service plans" in screen_text(app))
        # Ana, in her own view (another connection), votes and comments on the first idea.
        toggle_vote(facilitator, session_id, "Ana", SCORING, first)
        comment_on_idea(facilitator, session_id, "Ana", SCORING, first, LONG_COMMENT)
        await wait_for(pilot, lambda: votes_cell(app, first) == "1")
        await wait_for(pilot, lambda: "1 vote · 1 comment" in screen_text(app))
        shown = screen_text(app)
        assert "Votes" in shown
        # The comment wraps whole under the list, with its author.
        assert "Ana: Too costly in the first quarter" in shown
        assert "service team joins the" in shown and "calls" in shown
        assert "x clear mine" in shown  # the step's keys, whole
        assert votes_cell(app, second) == ""


async def test_the_facilitator_votes_and_comments_as_who_scores(
        app, store, session_id, ideas):
    first, second = ideas
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await wait_for(pilot, lambda: "Bundle service plans" in screen_text(app))
        await pilot.press("v")                    # on the first idea, as Fran (the group scores)
        await wait_for(pilot, lambda: votes_cell(app, first) == "1 ✓")
        assert vote_totals(store, [first, second]) == {first: 1}
        voted = [e for e in read_events(store) if e.kind == "idea.voted"]
        assert [(e.actor, e.payload["idea_id"]) for e in voted] == [("Fran", first)]

        await pilot.press("m")
        await pilot.pause()
        await type_text(pilot, "Ask Ben first")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Fran: Ask Ben first" in screen_text(app))
        assert [(c.author, c.text) for c in comments_on_ideas(store, [first])[first]] == [
            ("Fran", "Ask Ben first")]
        assert len([e for e in read_events(store) if e.kind == "comment.added"]) == 1

        await pilot.press("v")                    # again: the vote is taken back
        await wait_for(pilot, lambda: votes_cell(app, first) == "")
        assert vote_totals(store, [first]) == {}

        await pilot.press("f3", "f3")             # Ana, dictating in the room, scores and votes
        await pilot.press("down", "v")
        await wait_for(pilot, lambda: votes_cell(app, second) == "1 ✓")
        rows = store.query("SELECT voter FROM idea_votes WHERE idea_id = ?", [second])
        assert [r["voter"] for r in rows] == ["Ana"]
