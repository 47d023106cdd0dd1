"""Every subject in the imported history (and every subject with a plan) with what can be
read at once: its plan, last and next review, whether a review is overdue, KPIs off pace
and tactics late. A few grouped queries for the whole portfolio, none per subject, so the
list paints at once for a thousand subjects; the forecasts come later (outlook.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from facilitation.plan.kpi_pace import divergence
from facilitation.plan.kpis import Kpi
from facilitation.store.database import Store
from facilitation.store.model import Plan, month_index, month_of_index

OPEN_TACTIC = "status NOT IN ('done', 'dropped')"


@dataclass(frozen=True)
class Outlook:
    """A plan's forecast as the portfolio shows it (filled in by a worker: it costs a fit)."""

    expected: float
    lower80: float
    upper80: float
    gap: float
    gap_pct: float
    chance_of_target: float
    check_score: int | None = None


@dataclass(frozen=True)
class SubjectLine:
    """One subject of the portfolio: its plan (if any) and what needs attention."""

    subject_kind: str
    subject_name: str
    has_history: bool
    last_year_sales: float | None          # the last 12 imported months
    plan: Plan | None = None
    last_review: str | None = None         # 'YYYY-MM-DD': a held review or a session
    next_review: str | None = None         # the next scheduled review not held
    overdue_since: str | None = None       # a scheduled review missed since this date
    kpis_off_pace: tuple[str, ...] = ()    # names of KPIs drifting from target
    tactics_late: int = 0                  # set late, or open past their due date
    outlook: Outlook | None = None

    @property
    def owner(self) -> str:
        return self.plan.owner if self.plan else ""

    @property
    def overdue(self) -> bool:
        return self.overdue_since is not None

    @property
    def reasons(self) -> list[str]:
        """What needs attention, in words, most pressing first."""
        if self.plan is None:
            return ["no plan"]
        found = []
        if self.overdue_since:
            found.append(f"review overdue since {self.overdue_since}")
        elif self.next_review is None:
            found.append("no review scheduled")
        if self.kpis_off_pace:
            count = len(self.kpis_off_pace)
            found.append(f"{count} KPI{'s' if count > 1 else ''} off pace")
        if self.tactics_late:
            found.append(f"{self.tactics_late} tactic{'s' if self.tactics_late > 1 else ''} late")
        if self.outlook and self.outlook.chance_of_target < 0.5:
            found.append(f"{100 * self.outlook.chance_of_target:.0f}% chance of target")
        return found

    def to_json(self) -> dict[str, Any]:
        """The line for `spip portfolio --json`."""
        plan = self.plan
        outlook = self.outlook
        return {
            "subject": self.subject_name, "kind": self.subject_kind,
            "has_history": self.has_history, "last_year_sales": self.last_year_sales,
            "plan_id": plan.id if plan else None, "owner": self.owner or None,
            "period": plan.period if plan else None,
            "target": plan.target_amount if plan else None,
            "check_score": outlook.check_score if outlook else None,
            "last_review": self.last_review, "next_review": self.next_review,
            "review_overdue": self.overdue, "overdue_since": self.overdue_since,
            "expected": outlook.expected if outlook else None,
            "interval80": [outlook.lower80, outlook.upper80] if outlook else None,
            "gap": outlook.gap if outlook else None,
            "gap_pct": outlook.gap_pct if outlook else None,
            "chance_of_target": outlook.chance_of_target if outlook else None,
            "kpis_off_pace": list(self.kpis_off_pace), "tactics_late": self.tactics_late,
            "needs": self.reasons,
        }

    @property
    def attention(self) -> float:
        """How much the subject needs attention; the portfolio is sorted by it, highest first."""
        if self.plan is None:
            return 30.0 if self.has_history else 0.0
        points = 50.0 if self.overdue_since else 20.0 if self.next_review is None else 0.0
        points += 12 * len(self.kpis_off_pace) + 8 * min(self.tactics_late, 5)
        if self.outlook is not None:
            points += 40 * (1 - self.outlook.chance_of_target)
        return points


@dataclass(frozen=True)
class Filters:
    """Which subjects to show: a kind, an owner, only overdue ones, only those with no plan."""

    kind: str | None = None
    owner: str | None = None
    overdue: bool = False
    no_plan: bool = False

    def keep(self, line: SubjectLine) -> bool:
        if self.kind and line.subject_kind != self.kind:
            return False
        if self.owner and line.owner.casefold() != self.owner.casefold():
            return False
        if self.overdue and not line.overdue:
            return False
        return not (self.no_plan and line.plan is not None)


@dataclass
class _Reviews:
    last: str | None = None
    next: str | None = None
    missed: list[str] = field(default_factory=list)


def current_plans(store: Store) -> dict[tuple[str, str], Plan]:
    """Each subject's current plan: of its active plans, the one ending last."""
    plans: dict[tuple[str, str], Plan] = {}
    for row in store.query("SELECT * FROM plans WHERE status = 'active' "
                           "ORDER BY period_end, id"):
        plan = Plan.from_row(row)
        plans[(plan.subject_kind, plan.subject_name)] = plan
    return plans


def _history(store: Store) -> dict[tuple[str, str], float]:
    """Each subject with history → its sales over the last 12 imported months."""
    latest = store.query("SELECT max(month) FROM sales_history")[0][0]
    if latest is None:
        return {}
    since = month_of_index(month_index(latest) - 11)
    rows = store.query(
        "SELECT subject_kind, subject_name, sum(CASE WHEN month >= ? THEN amount END) "
        "FROM sales_history GROUP BY subject_kind, subject_name", [since])
    return {(r[0], r[1]): r[2] for r in rows}


def _reviews(store: Store, plan_ids: list[int], today: date) -> dict[int, _Reviews]:
    found: dict[int, _Reviews] = defaultdict(_Reviews)
    for plan_id, at in store.query(
            "SELECT plan_id, max(at) FROM (SELECT plan_id, held_at AS at FROM review_meetings "
            "WHERE held_at IS NOT NULL UNION ALL SELECT plan_id, started_at FROM sessions) "
            "GROUP BY plan_id"):
        found[plan_id].last = at[:10]
    day = today.isoformat()
    for plan_id, when in store.query("SELECT plan_id, date FROM review_meetings "
                                     "WHERE held_at IS NULL ORDER BY date"):
        reviews = found[plan_id]
        if when >= day:
            reviews.next = reviews.next or when
        elif reviews.last is None or when > reviews.last:
            # Missed: scheduled, gone by, and nobody has reviewed the plan since.
            reviews.missed.append(when)
    return {plan_id: found[plan_id] for plan_id in plan_ids}


def _kpis_off_pace(store: Store, today: date) -> dict[int, tuple[str, ...]]:
    actuals: dict[int, dict[str, float]] = defaultdict(dict)
    for kpi_id, start, actual in store.query(
            "SELECT kpi_id, period_start, actual FROM kpi_actuals"):
        actuals[kpi_id][start] = actual
    off: dict[int, list[str]] = defaultdict(list)
    for row in store.query("SELECT k.* FROM kpis k JOIN plans p ON p.id = k.plan_id "
                           "WHERE p.status = 'active' AND k.target IS NOT NULL "
                           "ORDER BY k.plan_id, k.position"):
        kpi = Kpi.from_row(row)
        if kpi.id in actuals and divergence(kpi, actuals[kpi.id], today):
            off[kpi.plan_id].append(kpi.name)
    return {plan_id: tuple(names) for plan_id, names in off.items()}


def _tactics_late(store: Store, today: date) -> dict[int, int]:
    # Late: set so in a review, or still open past its due date.
    rows = store.query(f"SELECT plan_id, count(*) FROM tactics WHERE status = 'late' OR "
                       f"({OPEN_TACTIC} AND due_date < ?) GROUP BY plan_id",
                       [today.isoformat()])
    return dict(rows)


def portfolio_lines(store: Store, today: date | None = None,
                    filters: Filters | None = None) -> list[SubjectLine]:
    """Every subject with history or a current plan, what is known of it without forecasting,
    sorted by what needs attention (then by kind and name)."""
    today = today or date.today()
    history = _history(store)
    plans = current_plans(store)
    reviews = _reviews(store, [p.id for p in plans.values()], today)
    off_pace = _kpis_off_pace(store, today)
    late = _tactics_late(store, today)
    lines = []
    for subject in sorted(set(history) | set(plans)):
        line = SubjectLine(subject[0], subject[1], subject in history, history.get(subject))
        plan = plans.get(subject)
        if plan is not None:
            found = reviews[plan.id]
            line = replace(line, plan=plan, last_review=found.last, next_review=found.next,
                           overdue_since=min(found.missed) if found.missed else None,
                           kpis_off_pace=off_pace.get(plan.id, ()),
                           tactics_late=late.get(plan.id, 0))
        lines.append(line)
    if filters is not None:
        lines = [line for line in lines if filters.keep(line)]
    return sort_by_attention(lines)


def sort_by_attention(lines: list[SubjectLine]) -> list[SubjectLine]:
    """Most in need of attention first; ties by kind and name."""
    return sorted(lines, key=lambda line: (-line.attention, line.subject_kind,
                                           line.subject_name.casefold()))


def owners(lines: list[SubjectLine]) -> list[str]:
    """The plan owners in the portfolio, for the owner filter."""
    return sorted({line.owner for line in lines if line.owner}, key=str.casefold)
