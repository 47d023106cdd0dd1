"""The plan check: a score 0-100 and the list of what the plan still lacks, each item
linked to the workshop step (by kind) that fixes it.

Each check carries a weight; the score is the sum of the weights of the checks that
pass, so a plan that lacks nothing scores 100 and a new, empty plan scores 0.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from facilitation.store.database import Store
from facilitation.store.model import month_index
from facilitation.summary.document import PlanDocument, plan_document

MIN_RISKS = 3
# History is current when its last month is at most this many months before the plan's
# period (or before this month, once the period has begun).
STALE_MONTHS = 3
REVIEW_WITHIN_DAYS = 365

# (check, weight, step kind that fixes it, what the check asks)
CHECKS: tuple[tuple[str, int, str, str], ...] = (
    ("history_analysed", 5, "past_performance", "the sales history was analysed"),
    ("history_current", 5, "past_performance",
     f"the sales history reaches within {STALE_MONTHS} months of the plan"),
    ("gap_computed", 5, "forecast_gap", "the forecast and gap were computed"),
    ("forecast_credible", 5, "forecast_gap",
     'the forecast was tested, did no worse than "same as last year", and does not extrapolate'),
    ("risks_assessed", 10, "impact_assessment", f"at least {MIN_RISKS} risks are assessed"),
    ("contingencies", 10, "brainstorming", "every top risk has a contingency"),
    ("clarity", 10, "tactics", "every strategy passed the clarity test"),
    ("tactics", 10, "tactics", "every strategy has a tactic"),
    ("tactic_details", 10, "tactics", "every tactic has an owner and a due date"),
    ("kpi_targets", 10, "kpis", "every KPI has a measurable target"),
    ("leading_kpis", 5, "kpis", "the KPIs include a leading indicator"),
    ("review_scheduled", 10, "review_rhythm", "a review is scheduled"),
    ("recently_reviewed", 5, "review_rhythm", "the plan was reviewed in the last 12 months"),
)
assert sum(weight for _, weight, _, _ in CHECKS) == 100

STEP_TITLES = {
    "past_performance": "Past performance", "forecast_gap": "Forecast and gap",
    "impact_assessment": "Impact assessment", "brainstorming": "Brainstorming",
    "scoring": "Feasibility scoring", "tactics": "Tactics", "kpis": "KPIs and targets",
    "review_rhythm": "Review rhythm",
}


@dataclass(frozen=True)
class Lack:
    """One thing the plan lacks, and the step (kind) where the group fixes it."""

    check: str
    message: str
    step_kind: str

    @property
    def step_title(self) -> str:
        return STEP_TITLES.get(self.step_kind, self.step_kind)


@dataclass(frozen=True)
class PlanCheck:
    """The check's result: score, what is lacking, and which checks passed."""

    plan_id: int
    score: int
    lacking: tuple[Lack, ...]
    passed: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.lacking

    def to_json(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan_id, "score": self.score, "complete": self.complete,
            "passed": list(self.passed),
            "lacking": [{**asdict(lack), "step_title": lack.step_title} for lack in self.lacking],
        }


def _history(doc: PlanDocument) -> list[str]:
    if doc.history_months == 0:
        return [f"no sales history for {doc.plan.subject_name}: import it, then analyse it"]
    if "past_performance" not in doc.visited_steps:
        return ["the past performance has not been analysed in a session"]
    return []


def _gap(doc: PlanDocument) -> list[str]:
    if doc.forecast is None:
        return [f"no gap computed ({doc.forecast_problem or 'no forecast'})"]
    if "forecast_gap" not in doc.visited_steps:
        return ["the forecast and gap have not been reviewed in a session"]
    return []


def _history_current(doc: PlanDocument, today: date) -> list[str]:
    f = doc.forecast
    if f is None or f.history_end is None:
        return []  # without a forecast, gap_computed says what is missing
    this_month = f"{today.year:04d}-{today.month:02d}"
    since = min(doc.plan.period_start, this_month)
    stale = month_index(since) - month_index(f.history_end) - 1
    if stale > STALE_MONTHS:
        return [f"the sales history ends {f.history_end}: no actuals for the {stale} months "
                f"before {since}; import recent sales"]
    return []


def _forecast_credible(doc: PlanDocument) -> list[str]:
    if doc.forecast is None:
        return []
    return [doc.forecast.credibility_problem] if doc.forecast.credibility_problem else []


def _risks(doc: PlanDocument) -> list[str]:
    assessed = sum(1 for line in doc.risks if line.risk.is_assessed)
    if assessed == 0:
        return [f"no risk assessed yet; assess at least {MIN_RISKS}"]
    if assessed < MIN_RISKS:
        return [(f"only {assessed} risk{'s' if assessed != 1 else ''} assessed; "
                 f"assess at least {MIN_RISKS}")]
    return []


def _contingencies(doc: PlanDocument) -> list[str]:
    return [f'top risk "{line.risk.title}" has no contingency strategy'
            for line in doc.top_risks if not line.contingencies]


def _clarity(doc: PlanDocument) -> list[str]:
    found = []
    for s in doc.strategies:
        if s.clarity == "failed":
            found.append(f'strategy "{s.text}" failed the clarity test: reword it')
        elif s.clarity != "passed":
            found.append(f'strategy "{s.text}" has not taken the clarity test')
    return found


def _live_tactics(strategy: Any) -> list[Any]:
    return [t for t in strategy.tactics if t.status != "dropped"]


def _tactics(doc: PlanDocument) -> list[str]:
    if not doc.strategies:
        return ["the plan has no strategy yet"]
    return [f'strategy "{s.text}" has no tactic' for s in doc.strategies if not _live_tactics(s)]


def _tactic_details(doc: PlanDocument) -> list[str]:
    return [f'tactic "{t.action}" has no {" and no ".join(t.missing)}'
            for s in doc.strategies for t in _live_tactics(s) if t.missing]


def _kpi_targets(doc: PlanDocument) -> list[str]:
    if not doc.kpis:
        return ["the plan has no KPI"]
    return [f'KPI "{k.name}" has no measurable target (no {" and no ".join(m for m in k.missing if m != "owner")})'
            for k in doc.kpis if not k.is_measurable]


def _leading(doc: PlanDocument) -> list[str]:
    if doc.kpis and all(k.indicator == "lagging" for k in doc.kpis):
        return [("the KPIs are all lagging: add a leading indicator that shows early "
                 "whether the plan works")]
    return []


def _scheduled(doc: PlanDocument, today: date) -> list[str]:
    if not doc.upcoming_reviews(today):
        return ["no review is scheduled"]
    return []


def _reviewed(doc: PlanDocument, today: date) -> list[str]:
    if doc.last_reviewed is None:
        return ["the plan has never been reviewed"]
    last = datetime.fromisoformat(doc.last_reviewed).date()
    if last < today - timedelta(days=REVIEW_WITHIN_DAYS):
        return [f"the plan was last reviewed on {last.isoformat()}, more than 12 months ago"]
    return []


def check_document(doc: PlanDocument, today: date | None = None) -> PlanCheck:
    """Score a plan already read into a PlanDocument."""
    today = today or date.today()
    finders = {
        "history_analysed": lambda: _history(doc), "gap_computed": lambda: _gap(doc),
        "history_current": lambda: _history_current(doc, today),
        "forecast_credible": lambda: _forecast_credible(doc),
        "risks_assessed": lambda: _risks(doc), "contingencies": lambda: _contingencies(doc),
        "clarity": lambda: _clarity(doc), "tactics": lambda: _tactics(doc),
        "tactic_details": lambda: _tactic_details(doc), "kpi_targets": lambda: _kpi_targets(doc),
        "leading_kpis": lambda: _leading(doc),
        "review_scheduled": lambda: _scheduled(doc, today),
        "recently_reviewed": lambda: _reviewed(doc, today),
    }
    # A check about things the plan does not have yet (no strategies to test for clarity)
    # earns nothing and lists nothing: the check that asks for those things lists it.
    applicable = {
        "contingencies": bool(doc.top_risks), "clarity": bool(doc.strategies),
        "tactic_details": bool(doc.strategies), "leading_kpis": bool(doc.kpis),
        "history_current": doc.forecast is not None,
        "forecast_credible": doc.forecast is not None,
    }
    score = 0
    lacking: list[Lack] = []
    passed: list[str] = []
    for check, weight, step_kind, _ in CHECKS:
        if not applicable.get(check, True):
            continue
        messages = finders[check]()
        if messages:
            lacking += [Lack(check, message, step_kind) for message in messages]
        else:
            score += weight
            passed.append(check)
    return PlanCheck(doc.plan.id, score, tuple(lacking), tuple(passed))


def check_plan(store: Store, plan_id: int, today: date | None = None) -> PlanCheck:
    """Read and score a plan (fits the forecast: call it from a worker thread)."""
    return check_document(plan_document(store, plan_id), today)
