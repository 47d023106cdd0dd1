"""What the group did with a list of ideas, in one read: votes, one's own votes, comments."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from facilitation.live.comments import Comment, comments_on_ideas
from facilitation.live.votes import vote_totals
from facilitation.store.database import Store


@dataclass(frozen=True)
class Reactions:
    """Votes per idea, the viewer's own votes, and each idea's comments (oldest first)."""

    votes: dict[int, int] = field(default_factory=dict)
    mine: frozenset[int] = frozenset()
    comments: dict[int, list[Comment]] = field(default_factory=dict)


def idea_reactions(store: Store, idea_ids: Iterable[int], viewer: str | None = None,
                   own_vote_ids: Iterable[int] = ()) -> Reactions:
    """The reactions to these ideas; `mine` holds the ideas `viewer` voted for (by name,
    or by the vote ids their view cast in an anonymous round). Merged duplicates' votes
    count for the idea they were merged into."""
    ids = list(idea_ids)
    mine: set[int] = set()
    own = list(own_vote_ids)
    if viewer is not None and ids:
        marks = ",".join("?" * len(ids))
        mine = {r[0] for r in store.query(
            f"SELECT COALESCE(i.merged_into, i.id) FROM idea_votes v JOIN ideas i "
            f"ON i.id = v.idea_id WHERE COALESCE(i.merged_into, i.id) IN ({marks}) AND "
            f"(lower(v.voter) = lower(?) OR (v.voter IS NULL AND v.id IN "
            f"({','.join('?' * len(own)) or 'NULL'})))",
            [*ids, viewer, *own])}
    return Reactions(vote_totals(store, ids), frozenset(mine), comments_on_ideas(store, ids))
