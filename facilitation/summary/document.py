"""The plan on one page, as data: subject, target, forecast and gap, top risks with their
contingencies, strategies with tactics, KPIs, skills and review dates.

The summary step, the plan check and every export read this one structure, so they
always agree. Building it with the forecast fits a model: call it from a worker thread.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from facilitation.contingency.ranking import rank_risks, top_risks
from facilitation.contingency.risks import Risk, list_risks
from facilitation.ideas.strategies import Strategy, list_strategies
from facilitation.plan.colleague_reviews import ColleagueReview, list_colleague_reviews
from facilitation.plan.decisions import Decision, list_decisions, prompted_by_label
from facilitation.plan.kpis import Kpi, list_kpis
from facilitation.plan.plans import get_plan
from facilitation.plan.reviews import (
    ReviewMeeting,
    ReviewRhythm,
    get_rhythm,
    last_reviewed,
    list_reviews,
)
from facilitation.plan.skills import Skill, list_skills
from facilitation.store.database import Store, now_iso
from facilitation.store.model import Plan
from facilitation.workshop.sessions import list_sessions


@dataclass(frozen=True)
class ForecastFigures:
    """The forecast and gap as the plan shows them."""

    expected: float
    gap: float
    gap_pct: float
    chance_of_target: float
    lower80: float
    upper80: float
    method: str
    history_months: int
    history_end: str | None = None          # the last actual the forecast was made from
    credibility_problem: str | None = None  # why not to trust it (None: credible)
    warnings: tuple[str, ...] = ()          # what it cannot be trusted for, in words

    @classmethod
    def from_plan_forecast(cls, forecast: Any) -> ForecastFigures:
        from facilitation.history.explain import credibility_problem, forecast_warnings

        return cls(float(forecast.expected), float(forecast.gap), float(forecast.gap_pct),
                   float(forecast.chance_of_target), float(forecast.lower80),
                   float(forecast.upper80), str(forecast.method), int(forecast.history_months),
                   forecast.history_end, credibility_problem(forecast),
                   tuple(forecast_warnings(forecast)))


@dataclass(frozen=True)
class RiskLine:
    """A risk with whether it is a top risk, the strategies that answer it and the history
    months attached to it as evidence (risk_evidence rows)."""

    risk: Risk
    is_top: bool
    contingencies: tuple[Strategy, ...]
    evidence_months: tuple[Any, ...] = ()


@dataclass(frozen=True)
class DecisionLine:
    """A review's decision with the words for what prompted it."""

    decision: Decision
    prompted_by: str


@dataclass(frozen=True)
class SessionLine:
    """Who took part in one session of the plan."""

    started_at: str
    script_title: str
    facilitator: str
    participants: tuple[str, ...]


@dataclass(frozen=True)
class PlanDocument:
    """Everything the plan says, read at one moment."""

    plan: Plan
    generated_at: str
    history_months: int
    forecast: ForecastFigures | None
    forecast_problem: str | None
    risks: tuple[RiskLine, ...]
    strategies: tuple[Strategy, ...]
    kpis: tuple[Kpi, ...]
    skills: tuple[Skill, ...]
    reviews: tuple[ReviewMeeting, ...]
    rhythm: ReviewRhythm | None
    last_reviewed: str | None
    visited_steps: frozenset[str] = field(default_factory=frozenset)
    as_of: str | None = None      # set when the plan is read as it was at a past moment
    decisions: tuple[DecisionLine, ...] = ()
    colleague_reviews: tuple[ColleagueReview, ...] = ()
    sessions: tuple[SessionLine, ...] = ()

    @property
    def top_risks(self) -> list[RiskLine]:
        return [line for line in self.risks if line.is_top]

    @property
    def gap_strategies(self) -> list[Strategy]:
        return [s for s in self.strategies if s.answers != "risk"]

    def upcoming_reviews(self, today: date | None = None) -> list[ReviewMeeting]:
        day = (today or date.today()).isoformat()
        return [r for r in self.reviews if r.date >= day and r.held_at is None]

    @property
    def tactics(self) -> list[tuple[Strategy, Any]]:
        return [(s, t) for s in self.strategies for t in s.tactics]


def history_months(store: Store, plan: Plan) -> int:
    """How many months of sales history the plan's subject has."""
    return store.query(
        "SELECT count(DISTINCT month) FROM sales_history WHERE subject_kind = ? "
        "AND subject_name = ?", [plan.subject_kind, plan.subject_name])[0][0]


def visited_step_kinds(store: Store, plan_id: int) -> frozenset[str]:
    """The step kinds the plan's sessions have opened (read from each session's script)."""
    kinds: set[str] = set()
    sessions = store.query("SELECT id, script_snapshot FROM sessions WHERE plan_id = ?", [plan_id])
    for session in sessions:
        if not session["script_snapshot"]:
            continue
        steps = json.loads(session["script_snapshot"]).get("steps", [])
        for (index,) in store.query("SELECT DISTINCT step_index FROM step_visits "
                                    "WHERE session_id = ?", [session["id"]]):
            if 0 <= index < len(steps):
                kinds.add(steps[index]["kind"])
    return frozenset(kinds)


def compute_forecast(store: Store, plan: Plan) -> tuple[ForecastFigures | None, str | None]:
    """The plan's forecast figures, or None and the reason there are none."""
    if history_months(store, plan) == 0:
        return None, f"no sales history for {plan.subject_name}"
    try:
        from facilitation.history.cache import plan_forecast

        forecast = plan_forecast(store, plan)
    except (ValueError, ArithmeticError, LookupError) as exc:
        return None, f"the forecast could not be made ({exc})"
    if forecast is None:
        return None, f"not enough sales history for {plan.subject_name} to forecast"
    return ForecastFigures.from_plan_forecast(forecast), None


_NOT_COMPUTED = object()


def plan_document(store: Store, plan_id: int, *, forecast: Any = _NOT_COMPUTED) -> PlanDocument:
    """Read the whole plan. Pass `forecast` (ForecastFigures or None) to skip fitting it."""
    plan = get_plan(store, plan_id)
    problem = None
    if forecast is _NOT_COMPUTED:
        forecast, problem = compute_forecast(store, plan)
    elif forecast is None:
        problem = "the forecast was not computed"
    strategies = list_strategies(store, plan_id)
    expected = forecast.expected if forecast else None
    top_ids = {r.id for r in top_risks(store, plan_id)}
    risks = tuple(
        RiskLine(risk, risk.id in top_ids,
                 tuple(s for s in strategies if s.answers == "risk" and s.risk_id == risk.id),
                 tuple(store.query("SELECT * FROM risk_evidence WHERE risk_id = ? "
                                   "ORDER BY month, id", [risk.id])))
        for risk in rank_risks(list_risks(store, plan_id), expected)
    )
    return PlanDocument(
        plan=plan, generated_at=now_iso(), history_months=history_months(store, plan),
        forecast=forecast, forecast_problem=problem, risks=risks,
        strategies=tuple(strategies), kpis=tuple(list_kpis(store, plan_id)),
        skills=tuple(list_skills(store, plan_id)), reviews=tuple(list_reviews(store, plan_id)),
        rhythm=get_rhythm(store, plan_id), last_reviewed=last_reviewed(store, plan_id),
        visited_steps=visited_step_kinds(store, plan_id),
        decisions=tuple(DecisionLine(d, prompted_by_label(store, d))
                        for d in list_decisions(store, plan_id)),
        colleague_reviews=tuple(list_colleague_reviews(store, plan_id)),
        sessions=tuple(SessionLine(s.started_at, s.script.title, s.facilitator, s.participants)
                       for s in reversed(list_sessions(store, plan_id))),
    )
