"""A workshop step as plain lines: what it held at one moment (read from any Store, live or
replayed), for the replay screen and the plan-as-of text."""

from __future__ import annotations

from collections.abc import Callable

from facilitation.contingency.risks import list_risks
from facilitation.ideas.brainstorm import list_ideas, list_rounds
from facilitation.ideas.scoring import rated_ideas
from facilitation.ideas.strategies import list_strategies
from facilitation.plan.kpis import list_kpis
from facilitation.plan.plans import get_plan
from facilitation.plan.reviews import get_rhythm
from facilitation.plan.skills import list_skills
from facilitation.store.database import Store
from facilitation.store.model import format_money
from facilitation.workshop.sessions import Session

CLARITY_MARK = {"passed": "✓ clear", "failed": "✗ unclear", "untested": "· untested"}


def risk_lines(store: Store, session: Session) -> list[str]:
    risks = list_risks(store, session.plan_id)
    if not risks:
        return ["No risks listed yet."]
    lines = []
    for risk in risks:
        if risk.is_assessed:
            mark = f"L{risk.likelihood}×I{risk.impact} = {risk.score:>2}"
        else:
            mark = "not assessed"
        happened = "  (happened)" if risk.occurred_at else ""
        lines.append(f"{mark:<14} {risk.title}{happened}")
    return lines


def idea_lines(store: Store, session: Session) -> list[str]:
    rounds = list_rounds(store, session_id=session.id)
    if not rounds:
        return ["No brainstorming rounds yet."]
    lines = []
    for round_ in rounds:
        ideas = list_ideas(store, round_.id)
        anonymous = ", anonymous" if round_.is_anonymous else ""
        lines.append(f"▸ {round_.prompt} ({len(ideas)} ideas{anonymous}, {round_.status})")
        for idea in ideas:
            # An anonymous round stores no author, so none can be shown.
            author = f" — {idea.author}" if idea.author else ""
            lines.append(f"   • {idea.full_text}{author}")
    return lines


def score_lines(store: Store, session: Session) -> list[str]:
    rated = rated_ideas(store, session_id=session.id)
    if not rated:
        return ["No ideas to score yet."]
    lines = []
    for item in rated:
        if item.is_scored:
            mark = (f"F {item.feasibility.mean:.1f} I {item.impact.mean:.1f} "
                    f"({len(item.scorers)})")
        else:
            mark = "not scored"
        lines.append(f"{mark:<18} {item.idea.text}")
    return lines


def strategy_lines(store: Store, session: Session) -> list[str]:
    strategies = list_strategies(store, session.plan_id)
    if not strategies:
        return ["No strategies chosen yet."]
    lines = []
    for strategy in strategies:
        lines.append(f"{CLARITY_MARK.get(strategy.clarity, strategy.clarity):<11} "
                     f"{strategy.text}")
        for tactic in strategy.tactics:
            due = tactic.due_date or "no date"
            lines.append(f"   – {tactic.action} ({tactic.owner or 'no owner'}, {due}, "
                         f"{tactic.status})")
    return lines


def kpi_lines(store: Store, session: Session) -> list[str]:
    kpis = list_kpis(store, session.plan_id)
    return [f"{kpi.name}: target {kpi.target_text}" + (f", owner {kpi.owner}" if kpi.owner
                                                         else "")
            for kpi in kpis] or ["No KPIs yet."]


def skill_lines(store: Store, session: Session) -> list[str]:
    return [f"{s.skill} — {s.who or 'who?'} by {s.by_date or 'when?'} ({s.method}, {s.status})"
            for s in list_skills(store, session.plan_id)] or ["No skills listed yet."]


def rhythm_lines(store: Store, session: Session) -> list[str]:
    rhythm = get_rhythm(store, session.plan_id)
    if rhythm is None:
        return ["No review rhythm set yet."]
    return [f"Progress reviews {rhythm.cadence_label} from {rhythm.first_progress}",
            (f"Contingency review every {rhythm.contingency_every_months} months from "
            f"{rhythm.first_contingency}")]


def plan_lines(store: Store, session: Session) -> list[str]:
    plan = get_plan(store, session.plan_id)
    return [f"{plan.title}: target {format_money(plan.target_amount)} for {plan.period}"]


STEP_LINES: dict[str, Callable[[Store, Session], list[str]]] = {
    "past_performance": plan_lines,
    "forecast_gap": plan_lines,
    "risk_listing": risk_lines,
    "impact_assessment": risk_lines,
    "brainstorming": idea_lines,
    "scoring": score_lines,
    "tactics": strategy_lines,
    "kpis": kpi_lines,
    "kpi_actuals": kpi_lines,
    "skills": skill_lines,
    "review_rhythm": rhythm_lines,
    "summary": strategy_lines,
    "decisions": strategy_lines,
}


def step_lines(store: Store, session: Session, kind: str) -> list[str]:
    """What a step of kind `kind` held for the session's plan, one line per item."""
    return STEP_LINES.get(kind, plan_lines)(store, session)
