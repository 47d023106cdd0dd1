"""Feasibility scoring: each participant scores each idea for feasibility and impact (1-5).

The app aggregates per idea (mean, spread, number of scores), flags ideas the
group disagrees on, ranks them by impact × feasibility and places each in one
of the four quadrants of the impact-feasibility matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from statistics import fmean, pstdev
from typing import Any

from facilitation.ideas.ideas import Idea, get_idea_row, list_plan_ideas
from facilitation.ideas.rounds import get_round
from facilitation.store.database import Store

GROUP = "group"  # the participant name of one score agreed by the whole group
SCORE_MIN, SCORE_MAX = 1, 5
# Spread is the standard deviation of the scores; from this value people clearly disagree
# (e.g. 2 against 5, or 1, 1 and 4), and the idea is flagged for discussion.
DISAGREEMENT_SPREAD = 1.2
# Means at or above the middle of the scale count as high.
MIDPOINT = 3.0
QUADRANTS = {
    (True, True): "quick win",     # high impact, high feasibility
    (True, False): "big bet",      # high impact, hard to do
    (False, True): "fill-in",      # low impact, easy
    (False, False): "money pit",   # low impact, hard
}


class ScoreError(ValueError):
    """A score that cannot be saved (the message says why)."""


def parse_score(value: int | str | None, what: str) -> int | None:
    """A 1-5 score from a key or a field; None for blank; ScoreError otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ScoreError(f'{what} is scored 1 to 5, not "{value}"') from None
    if not SCORE_MIN <= number <= SCORE_MAX:
        raise ScoreError(f"{what} is scored 1 to 5, not {number}")
    return number


def set_score(
    store: Store, idea_id: int, participant: str, *, feasibility: int | str | None = None,
    impact: int | str | None = None, actor: str | None = None, now: datetime | None = None,
) -> None:
    """Save one participant's feasibility and/or impact score for an idea (the other kept)."""
    participant = participant.strip()
    if not participant:
        raise ScoreError("a score needs the name of who gave it")
    values = {"feasibility": parse_score(feasibility, "feasibility"),
              "impact": parse_score(impact, "impact")}
    values = {k: v for k, v in values.items() if v is not None}
    if not values:
        raise ScoreError("give a feasibility or an impact score")
    idea = get_idea_row(store, idea_id)
    if idea["merged_into"] is not None:
        raise ScoreError("that idea was merged into another; score that one")
    round_ = get_round(store, idea["round_id"])
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    existing = store.query("SELECT id FROM idea_scores WHERE idea_id = ? AND participant = ?",
                           [idea_id, participant])
    with store.change("idea.scored", {"idea_id": idea_id, "participant": participant, **values},
                      actor=actor, session_id=round_.session_id) as ch:
        if existing:
            ch.update("idea_scores", existing[0]["id"], {**values, "scored_at": stamp})
        else:
            ch.insert("idea_scores", {"idea_id": idea_id, "participant": participant,
                                      "feasibility": values.get("feasibility"),
                                      "impact": values.get("impact"), "scored_at": stamp})


def clear_score(store: Store, idea_id: int, participant: str, *,
                actor: str | None = None) -> bool:
    """Remove one participant's score of an idea; False if there was none."""
    idea = get_idea_row(store, idea_id)
    if not store.query("SELECT 1 FROM idea_scores WHERE idea_id = ? AND participant = ?",
                       [idea_id, participant]):
        return False
    round_ = get_round(store, idea["round_id"])
    with store.change("idea.score_cleared", {"idea_id": idea_id, "participant": participant},
                      actor=actor, session_id=round_.session_id) as ch:
        ch.delete_where("idea_scores", "idea_id = ? AND participant = ?", [idea_id, participant])
    return True


def scores_of(store: Store, idea_ids: list[int]) -> dict[int, list[Any]]:
    """Every score row of the given ideas, by idea."""
    found: dict[int, list[Any]] = {i: [] for i in idea_ids}
    if not idea_ids:
        return found
    marks = ",".join("?" * len(idea_ids))
    for row in store.query(f"SELECT * FROM idea_scores WHERE idea_id IN ({marks}) "
                           f"ORDER BY participant", idea_ids):
        found[row["idea_id"]].append(row)
    return found


@dataclass(frozen=True)
class Aggregate:
    """The scores of one dimension of one idea."""

    mean: float | None
    spread: float | None  # population standard deviation; 0 for one score
    count: int

    @classmethod
    def of(cls, values: list[int]) -> Aggregate:
        if not values:
            return cls(None, None, 0)
        return cls(fmean(values), pstdev(values), len(values))

    @property
    def disagrees(self) -> bool:
        return self.count >= 2 and self.spread is not None and self.spread >= DISAGREEMENT_SPREAD


@dataclass(frozen=True)
class RatedIdea:
    """An idea with its aggregated scores, its place in the ranking and its quadrant."""

    idea: Idea
    feasibility: Aggregate
    impact: Aggregate
    scorers: tuple[str, ...]

    @property
    def is_scored(self) -> bool:
        return self.feasibility.count > 0 and self.impact.count > 0

    @property
    def value(self) -> float | None:
        """Impact × feasibility of the means (1..25), what the ranking sorts by."""
        if not self.is_scored:
            return None
        return self.impact.mean * self.feasibility.mean

    @property
    def disagreement(self) -> bool:
        """People disagree on feasibility or impact: talk about it before choosing."""
        return self.feasibility.disagrees or self.impact.disagrees

    @property
    def quadrant(self) -> str | None:
        if not self.is_scored:
            return None
        return quadrant(self.impact.mean, self.feasibility.mean)


def quadrant(impact: float, feasibility: float) -> str:
    """'quick win', 'big bet', 'fill-in' or 'money pit' for mean scores."""
    return QUADRANTS[(impact >= MIDPOINT, feasibility >= MIDPOINT)]


def rate(ideas: list[Idea], scores: dict[int, list[Any]]) -> list[RatedIdea]:
    """Aggregate each idea's scores (ideas keep their given order)."""
    rated = []
    for idea in ideas:
        rows = scores.get(idea.id, [])
        rated.append(RatedIdea(
            idea,
            Aggregate.of([r["feasibility"] for r in rows if r["feasibility"] is not None]),
            Aggregate.of([r["impact"] for r in rows if r["impact"] is not None]),
            tuple(r["participant"] for r in rows),
        ))
    return rated


def rank(rated: list[RatedIdea]) -> list[RatedIdea]:
    """Best first: impact × feasibility, then impact, then more scores; unscored last."""
    def key(item: RatedIdea) -> tuple:
        if item.value is None:
            return (1, 0.0, 0.0, 0, item.idea.id)
        return (0, -item.value, -item.impact.mean, -item.impact.count, item.idea.id)

    return sorted(rated, key=key)


def rated_ideas(store: Store, *, session_id: int | None = None,
                plan_id: int | None = None) -> list[RatedIdea]:
    """A session's (or a plan's) ideas with their aggregated scores, ranked."""
    ideas = list_plan_ideas(store, session_id=session_id, plan_id=plan_id)
    return rank(rate(ideas, scores_of(store, [i.id for i in ideas])))


def by_quadrant(rated: list[RatedIdea]) -> dict[str, list[RatedIdea]]:
    """The scored ideas grouped by quadrant (every quadrant present, maybe empty)."""
    groups: dict[str, list[RatedIdea]] = {name: [] for name in QUADRANTS.values()}
    for item in rated:
        if item.quadrant is not None:
            groups[item.quadrant].append(item)
    return groups
