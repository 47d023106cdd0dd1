"""Demo plans carried through the whole workshop: one finished plan that passes the plan
check (Coastal territory) and one half-built plan that does not (Inside Sales team).

The same function that writes a finished plan for the demo builds the complete plan the
plan-check tests use, so the demo and the tests agree on what "finished" means.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from facilitation.plan.kpis import KpiInput, add_from_library, add_kpi
from facilitation.plan.reviews import (
    ReviewRhythm,
    add_months,
    default_rhythm,
    month_end,
    set_review_rhythm,
)
from facilitation.plan.skills import SkillInput, add_skill
from facilitation.store.database import Store

FINISHED_SUBJECT = ("territory", "Coastal")
UNFINISHED_SUBJECT = ("team", "Inside Sales")


@dataclass(frozen=True)
class RiskSpec:
    title: str
    category: str
    likelihood: int
    impact: int
    revenue_effect: float
    evidence: str
    contingency: str | None = None        # the strategy that answers it
    tactics: tuple[tuple[str, str, int], ...] = ()  # (action, owner, due in days)


@dataclass(frozen=True)
class WorkshopContent:
    """What a group decides in a full-plan workshop."""

    facilitator: str
    participants: tuple[str, ...]
    risks: tuple[RiskSpec, ...]
    gap_strategies: tuple[tuple[str, tuple[tuple[str, str, int], ...]], ...]
    kpis: tuple[dict[str, Any], ...]
    skills: tuple[SkillInput, ...]
    cadence: str = "biweekly"
    extra: dict[str, Any] = field(default_factory=dict)


COASTAL_WORKSHOP = WorkshopContent(
    facilitator="Marcus Bell",
    participants=("Marcus Bell", "Ana Lima", "Joe Park", "Rita Osei"),
    risks=(
        RiskSpec("Our top rep (Ana) leaves for a competitor", "people", 2, 5, 320_000,
                 "2024: a rep left in March; sales fell 18% for two months.",
                 "Pair every key account with a second contact person",
                 (("Name a second contact for each of the top 20 accounts", "Marcus Bell", 14),
                  ("Joint visits to the top 10 accounts", "Ana Lima", 45))),
        RiskSpec("Port strike delays container deliveries", "supply", 3, 4, 240_000,
                 "The 2023 strike held orders back for six weeks.",
                 "Hold four weeks of safety stock for the ten fastest movers",
                 (("Agree the safety-stock level with logistics", "Joe Park", 21),)),
        RiskSpec("A competitor undercuts our prices by 10%", "competition", 4, 3, 180_000,
                 "Seaboard Supply ran a price campaign in spring 2025.",
                 "Offer bundled service contracts instead of matching prices",
                 (("Draft the bundle price list", "Rita Osei", 20),
                  ("Train the team to sell the bundle", "Marcus Bell", 35))),
        RiskSpec("Tourism season is weaker than usual", "market", 2, 2, 60_000,
                 "Summer 2022 was 9% below the rolling average."),
    ),
    gap_strategies=(
        ("Win back lapsed accounts from the last two years with a service review visit",
         (("List lapsed accounts with past revenue over 20k", "Joe Park", 7),
          ("Book 30 service review visits", "Ana Lima", 30))),
        ("Sell the marine maintenance line to every existing yard customer",
         (("Prepare a one-page offer for maintenance contracts", "Rita Osei", 14),
          ("Call every yard customer about maintenance", "Joe Park", 40))),
    ),
    kpis=(
        {"key": "pipeline_coverage", "baseline": "2.1", "target": "3", "owner": "Marcus Bell"},
        {"key": "meetings_booked", "baseline": "9", "target": "15", "owner": "Ana Lima",
         "cadence": "weekly", "tracks": "Win back lapsed accounts"},
        {"key": "win_rate", "baseline": "24", "target": "30", "owner": "Rita Osei"},
        {"key": "revenue", "baseline": "410000", "target": "440000", "owner": "Marcus Bell"},
    ),
    skills=(
        SkillInput("Selling service bundles on value, not price", "Joe Park", "coaching"),
        SkillInput("Reading the CRM pipeline report", "Rita Osei", "self-study"),
        SkillInput("Maintenance contract terms", "Ana Lima", "shadowing"),
    ),
)


def _add_tactics(store: Store, strategy_id: int, tactics: tuple[tuple[str, str, int], ...],
                 today: date, actor: str) -> None:
    from facilitation.ideas.strategies import take_clarity_test
    from facilitation.ideas.tactics import TacticInput, add_tactic

    take_clarity_test(store, strategy_id, True, actor=actor)
    for action, owner, days in tactics:
        add_tactic(store, strategy_id, TacticInput(
            action, owner, (today + timedelta(days=days)).isoformat()), today=today, actor=actor)


def run_full_workshop(store: Store, plan_id: int, content: WorkshopContent,
                      today: date | None = None) -> int:
    """Walk a plan through every step of the full-plan workshop with `content`; returns the
    session id. The plan's subject needs sales history for the analysis steps to count."""
    from facilitation.contingency.assessment import Assessment, assess_risk
    from facilitation.contingency.risks import add_risk
    from facilitation.ideas.strategies import add_strategy
    from facilitation.plan.plans import get_plan
    from facilitation.workshop.scripts import get_script
    from facilitation.workshop.sessions import end_session, go_to_step, start_session

    today = today or date.today()
    actor = content.facilitator
    script = get_script("full-plan")
    session_id = start_session(store, plan_id, script, content.facilitator,
                               list(content.participants))
    kinds = [step.kind for step in script.steps]

    def visit(kind: str) -> None:
        go_to_step(store, session_id, kinds.index(kind))

    visit("forecast_gap")
    visit("risk_listing")
    risk_ids = [add_risk(store, plan_id, r.title, category=r.category, session_id=session_id,
                         actor=actor) for r in content.risks]
    visit("impact_assessment")
    for risk_id, spec in zip(risk_ids, content.risks):
        assess_risk(store, risk_id, Assessment(spec.likelihood, spec.impact, spec.revenue_effect,
                                               None, "reduce", spec.evidence),
                    session_id=session_id, actor=actor)
    visit("brainstorming")
    visit("scoring")
    for text, tactics in content.gap_strategies:
        strategy_id = add_strategy(store, plan_id, text, session_id=session_id, actor=actor)
        _add_tactics(store, strategy_id, tactics, today, actor)
    for risk_id, spec in zip(risk_ids, content.risks):
        if spec.contingency:
            strategy_id = add_strategy(store, plan_id, spec.contingency, answers="risk",
                                       risk_id=risk_id, session_id=session_id, actor=actor)
            _add_tactics(store, strategy_id, spec.tactics, today, actor)
    visit("tactics")
    visit("kpis")
    strategy_ids = {row["text"]: row["id"] for row in store.query(
        "SELECT id, text FROM strategies WHERE plan_id = ?", [plan_id])}
    for kpi in content.kpis:
        values = dict(kpi)
        key = values.pop("key", None)
        tracks = values.pop("tracks", None)
        if tracks:
            values["strategy_id"] = next(i for text, i in strategy_ids.items()
                                         if text.startswith(tracks))
        if key:
            add_from_library(store, plan_id, key, session_id=session_id, actor=actor, **values)
        else:
            add_kpi(store, plan_id, KpiInput(**values), session_id=session_id, actor=actor)
    visit("skills")
    for skill in content.skills:
        by_date = skill.by_date or (today + timedelta(days=60)).isoformat()
        add_skill(store, plan_id, SkillInput(skill.skill, skill.who, skill.method, by_date),
                  session_id=session_id, actor=actor)
    visit("review_rhythm")
    plan = get_plan(store, plan_id)
    first = today + timedelta(days=14) if content.cadence == "biweekly" else add_months(today, 1)
    contingency = max(month_end(plan.period_end), first)
    set_review_rhythm(store, plan_id, ReviewRhythm(content.cadence, first, 12, contingency),
                      today=today, session_id=session_id, actor=actor)
    visit("summary")
    end_session(store, session_id)
    return session_id


def _plan_for(store: Store, subject: tuple[str, str]) -> Any | None:
    rows = store.query("SELECT id, subject_kind, subject_name FROM plans WHERE subject_kind = ? "
                       "AND subject_name = ? AND status = 'active' ORDER BY id", list(subject))
    return rows[0] if rows else None


def ensure_demo_history(store: Store, subject: tuple[str, str], level: float,
                        today: date | None = None) -> None:
    """Five years of seasonal monthly sales for a subject, unless it already has history."""
    from facilitation.history.monthly import MonthlyTotal, save_history

    kind, name = subject
    if store.query("SELECT 1 FROM sales_history WHERE subject_kind = ? AND subject_name = ? "
                   "LIMIT 1", [kind, name]):
        return
    today = today or date.today()
    last = today.year * 12 + today.month - 2   # last complete month
    totals = []
    for back in range(60, 0, -1):
        index = last - back + 1
        t = 60 - back
        amount = level * (1.003 ** t) * (1 + 0.14 * math.sin(2 * math.pi * (index % 12) / 12)) \
            * (1 + 0.04 * math.sin(t * 1.7))
        totals.append(MonthlyTotal(kind, name, f"{index // 12:04d}-{index % 12 + 1:02d}",
                                   round(amount, 2)))
    save_history(store, f"demo-{name.lower().replace(' ', '-')}.csv", totals,
                 rows_read=len(totals))


def add_finished_plan(store: Store) -> None:
    """Demo: the Coastal territory plan, built in a full workshop; it passes the check."""
    plan = _plan_for(store, FINISHED_SUBJECT)
    if plan is None:
        return
    ensure_demo_history(store, FINISHED_SUBJECT, 340_000)
    run_full_workshop(store, plan["id"], COASTAL_WORKSHOP)


def add_unfinished_plan(store: Store) -> None:
    """Demo: the Inside Sales plan, stopped half way; the check lists what it lacks."""
    from facilitation.contingency.assessment import Assessment, assess_risk
    from facilitation.contingency.risks import add_risk
    from facilitation.ideas.strategies import add_strategy, take_clarity_test
    from facilitation.ideas.tactics import TacticInput, add_tactic

    plan = _plan_for(store, UNFINISHED_SUBJECT)
    if plan is None:
        return
    plan_id = plan["id"]
    actor = "Lena Fischer"
    risk_id = add_risk(store, plan_id, "Two new hires take longer to ramp up", category="people",
                       actor=actor)
    assess_risk(store, risk_id, Assessment(4, 3, 90_000, None, "reduce",
                                           "Last year's hires needed five months."), actor=actor)
    add_risk(store, plan_id, "Lead supply from marketing dries up", category="market",
             actor=actor)
    add_strategy(store, plan_id, "Do more calls", actor=actor)
    strategy_id = add_strategy(store, plan_id, "Run a reactivation campaign for dormant trial "
                               "users", actor=actor)
    take_clarity_test(store, strategy_id, True, actor=actor)
    add_tactic(store, strategy_id, TacticInput("Write the reactivation email sequence"),
               actor=actor)
    add_from_library(store, plan_id, "revenue", owner="Lena Fischer")
    add_kpi(store, plan_id, KpiInput(name="Customer happiness", indicator="lagging"), actor=actor)
    add_skill(store, plan_id, SkillInput("Objection handling on price", "", "training"),
              actor=actor)


def add_other_review_dates(store: Store) -> None:
    """Demo: review dates for the other active plans, so the home screen shows them."""
    for row in store.query("SELECT id, period_start, period_end FROM plans WHERE status = "
                           "'active' AND id NOT IN (SELECT plan_id FROM review_meetings) "
                           "AND subject_name NOT IN (?, ?)",
                           [FINISHED_SUBJECT[1], UNFINISHED_SUBJECT[1]]):
        set_review_rhythm(store, row["id"], default_rhythm(row["period_start"],
                                                           row["period_end"]))
