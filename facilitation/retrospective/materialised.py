"""Which risks materialised? The risks marked as happened, set against the dips in the
actual sales since the plan was made (the evidence finder run on the new months): a dip
near a risk that happened is that risk's trace in the numbers; a dip no happened risk
explains, or a risk that was only added after it happened, is the lesson for next year.

    review = risks_since_plan(store, plan_id)
    review.happened      # listed in time and happened, each with the dips it explains
    review.lessons       # what happened without being listed
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from facilitation.contingency.evidence import Dip, plan_dips
from facilitation.contingency.risks import Risk, list_risks
from facilitation.plan.plans import get_plan
from facilitation.store.database import Store
from facilitation.store.model import month_index

# A risk's effect on sales shows from the month before it is marked (it was noticed
# late) to two months after (orders already placed run out first).
EFFECT_BEFORE = 1
EFFECT_AFTER = 2


@dataclass(frozen=True)
class RiskOutcome:
    """A risk that happened: when, the dips it explains, and whether it was on the list
    before it happened (False: it was only added afterwards — a lesson)."""

    risk: Risk
    month: str                       # 'YYYY-MM' it happened
    dips: tuple[Dip, ...] = ()
    listed_in_time: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"risk_id": self.risk.id, "title": self.risk.title, "month": self.month,
                "listed_in_time": self.listed_in_time, "score": self.risk.score,
                "dips": [_dip_json(d) for d in self.dips]}


@dataclass(frozen=True)
class RiskReview:
    """The plan's risks a year on: what happened (listed in time), what happened without
    being listed (risks added afterwards, dips no risk explains), and what did not happen."""

    since: str                                   # the first month looked at, 'YYYY-MM'
    happened: list[RiskOutcome] = field(default_factory=list)
    added_after: list[RiskOutcome] = field(default_factory=list)
    unexplained_dips: list[Dip] = field(default_factory=list)
    did_not_happen: list[Risk] = field(default_factory=list)

    @property
    def lessons(self) -> int:
        """How many things happened that the plan did not list in time."""
        return len(self.added_after) + len(self.unexplained_dips)

    def to_json(self) -> dict[str, Any]:
        return {"since": self.since, "happened": [o.to_json() for o in self.happened],
                "added_after_it_happened": [o.to_json() for o in self.added_after],
                "unexplained_dips": [_dip_json(d) for d in self.unexplained_dips],
                "did_not_happen": [{"risk_id": r.id, "title": r.title, "score": r.score}
                                   for r in self.did_not_happen]}


def _dip_json(dip: Dip) -> dict[str, Any]:
    return {"month": dip.month, "amount": dip.amount, "rolling_average": dip.rolling_average,
            "shortfall_pct": round(dip.shortfall_pct, 1)}


def explains(month: str, dip: Dip) -> bool:
    """Could a risk that happened in `month` be behind this dip?"""
    gap = month_index(dip.month) - month_index(month)
    return -EFFECT_BEFORE <= gap <= EFFECT_AFTER


def match_outcomes(risks: list[Risk], dips: list[Dip], since: str) -> RiskReview:
    """Set the risks against the dips from `since` on: each happened risk takes the dips
    it explains; a risk created after the month it happened was not listed in time; the
    dips no happened risk explains are left over. Risks that happened before `since`
    belong to an earlier year and are left out."""
    recent = sorted((d for d in dips if d.month >= since), key=lambda d: d.month)
    review = RiskReview(since)
    explained: set[str] = set()
    for risk in risks:
        if not risk.occurred_at:
            review.did_not_happen.append(risk)
            continue
        month = risk.occurred_at[:7]
        if month < since:
            continue
        traces = tuple(d for d in recent if explains(month, d))
        explained.update(d.month for d in traces)
        in_time = risk.created_at[:7] <= month
        outcome = RiskOutcome(risk, month, traces, in_time)
        (review.happened if in_time else review.added_after).append(outcome)
    review.happened.sort(key=lambda o: o.month)
    review.added_after.sort(key=lambda o: o.month)
    review.unexplained_dips.extend(d for d in recent if d.month not in explained)
    return review


def plan_start_month(store: Store, plan_id: int) -> str:
    """The month the plan was made: its first session's start, else when it was created."""
    row = store.query("SELECT min(started_at) FROM sessions WHERE plan_id = ?", [plan_id])
    first = row[0][0] if row and row[0][0] else get_plan(store, plan_id).created_at
    return first[:7]


def risks_since_plan(store: Store, plan_id: int, since: str | None = None) -> RiskReview:
    """The plan's risks against its subject's dips from `since` (default: the month the plan
    was made) on. Runs the evidence finder, which imports pandas."""
    plan = get_plan(store, plan_id)
    since = since or plan_start_month(store, plan_id)
    dips = [d for d in plan_dips(store, plan, limit=10_000) if d.is_plan_subject]
    return match_outcomes(list_risks(store, plan_id), dips, since)
