"""Dot-voting on ideas: each participant has a few votes per round, for their own choice.

Where a step allows it (brainstorming, scoring), a participant puts a dot on an idea
(at most one per idea) or takes it back; everyone sees the totals, nobody sees who
voted for what. In an anonymous round the vote stores no voter at all, as the ideas
store no author: the participant's view remembers which votes are its own
(`own_vote_ids`), which is what the budget and taking a vote back count. Votes open in
a private round only once the facilitator has revealed it (a dot on the only ideas one
can see, one's own, would say nothing).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from facilitation.live.contributions import ParticipationError, check_can_write, session_idea
from facilitation.live.private_rounds import is_private
from facilitation.store.database import Store

VOTES_PER_ROUND = 3
VOTING_KINDS = ("brainstorming", "scoring")


def _voteable_idea(store: Store, session_id: int, idea_id: int):
    """The idea's round, if the idea is one of this session's ideas that takes votes."""
    idea, round_ = session_idea(store, session_id, idea_id)
    if idea["merged_into"] is not None:
        raise ParticipationError("that idea was merged into another: vote for that one")
    if is_private(store, round_.id):
        raise ParticipationError("votes open once the facilitator reveals everyone's ideas")
    return round_


def my_vote_rows(store: Store, round_id: int, name: str,
                 own_vote_ids: Iterable[int] = ()) -> dict[int, int]:
    """{idea id: vote id} of the participant's votes in a round (by name, or by the vote
    ids their view cast in an anonymous round)."""
    own = list(own_vote_ids)
    rows = store.query(
        f"SELECT id, idea_id FROM idea_votes WHERE round_id = ? AND (lower(voter) = lower(?)"
        f" OR (voter IS NULL AND id IN ({','.join('?' * len(own)) or 'NULL'})))",
        [round_id, name, *own])
    return {r["idea_id"]: r["id"] for r in rows}


def votes_left(store: Store, round_id: int, name: str, own_vote_ids: Iterable[int] = ()) -> int:
    """How many of their VOTES_PER_ROUND the participant has not used in the round."""
    return VOTES_PER_ROUND - len(my_vote_rows(store, round_id, name, own_vote_ids))


def toggle_vote(store: Store, session_id: int, name: str, step_index: int, idea_id: int, *,
                own_vote_ids: Iterable[int] = (), now: datetime | None = None) -> int | None:
    """Put the participant's dot on an idea, or take it back if it is there already.

    Returns the new vote's id, or None when the vote was taken back (one event either
    way). ParticipationError when the step does not take votes or none is left."""
    check_can_write(store, session_id, name, step_index, VOTING_KINDS)
    round_ = _voteable_idea(store, session_id, idea_id)
    mine = my_vote_rows(store, round_.id, name, own_vote_ids)
    anonymous = round_.is_anonymous
    payload = {"plan_id": round_.plan_id, "round_id": round_.id, "idea_id": idea_id}
    actor = "anonymous" if anonymous else name
    if idea_id in mine:
        with store.change("idea.vote_taken_back", payload, actor=actor,
                          session_id=session_id) as ch:
            ch.delete("idea_votes", mine[idea_id])
        return None
    if len(mine) >= VOTES_PER_ROUND:
        raise ParticipationError(f"you have used your {VOTES_PER_ROUND} votes in this round; "
                                 f"take one back (v on it) to vote for this idea")
    with store.change("idea.voted", payload, actor=actor, session_id=session_id) as ch:
        return ch.insert("idea_votes", {
            "idea_id": idea_id, "round_id": round_.id,
            "voter": None if anonymous else name,
            "voted_at": (now or datetime.now(UTC)).isoformat(timespec="seconds")})


def vote_totals(store: Store, idea_ids: Iterable[int]) -> dict[int, int]:
    """Votes per idea, counting the votes its merged duplicates got before the merge
    (ideas without votes are left out)."""
    ids = list(idea_ids)
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    rows = store.query(
        f"SELECT COALESCE(i.merged_into, i.id) AS idea, count(*) AS votes FROM idea_votes v "
        f"JOIN ideas i ON i.id = v.idea_id WHERE COALESCE(i.merged_into, i.id) IN ({marks}) "
        f"GROUP BY idea", ids)
    return {r["idea"]: r["votes"] for r in rows}


def round_vote_totals(store: Store, round_id: int) -> dict[int, int]:
    """Votes per idea of one round (see vote_totals)."""
    rows = store.query(
        "SELECT COALESCE(i.merged_into, i.id) AS idea, count(*) AS votes FROM idea_votes v "
        "JOIN ideas i ON i.id = v.idea_id WHERE v.round_id = ? GROUP BY idea", [round_id])
    return {r["idea"]: r["votes"] for r in rows}
