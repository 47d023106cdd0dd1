"""Planning a session's brainstorming rounds: the standard ones (the gap, each top risk)
with their questions, and rounds the group adds."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from facilitation.ideas.rounds import (
    ANSWERS,
    DEFAULT_ROUND_SECONDS,
    BrainstormError,
    Round,
    _stamp,
    list_rounds,
)
from facilitation.store.database import Store
from facilitation.store.model import format_money, months_between


def period_words(period_start: str, period_end: str) -> str:
    """'this quarter', 'this year', or 'in the next 5 months' for a plan period."""
    months = months_between(period_start, period_end)
    return {1: "this month", 3: "this quarter", 6: "this half-year", 12: "this year"}.get(
        months, f"in the next {months} months")


def gap_prompt(gap: float | None, period_start: str, period_end: str) -> str:
    """The gap round's question, with the real figure when the forecast gives one."""
    when = period_words(period_start, period_end)
    if gap is None:
        return f"How could we close the gap to the target {when}?"
    if gap <= 0:
        return (f"The forecast beats the target by {format_money(-gap)}: "
                f"how could we make sure of it {when}?")
    return f"How could we find the missing {format_money(gap)} {when}?"


def risk_prompt(risk_title: str) -> str:
    """The question of a round on one top risk."""
    title = risk_title.strip().rstrip(".")
    if title[:1].isupper() and not title[1:2].isupper():
        title = title[0].lower() + title[1:]
    # Catalogue titles are clauses ("A competitor prices aggressively"); a short noun
    # phrase typed by the group ("Recession") needs a verb.
    if len(title.split()) < 3:
        return f"If {title} happens, what do we do?"
    return f"If {title}, what do we do?"


def _round_row(plan_id: int, session_id: int | None, prompt: str, answers: str,
               risk_id: int | None, position: int, anonymous: bool, time_box_seconds: int,
               now: datetime | None) -> dict[str, Any]:
    prompt = " ".join(prompt.split())
    if not prompt:
        raise BrainstormError("a round needs a question to brainstorm on")
    if answers not in ANSWERS:
        raise BrainstormError(f"a round answers one of: {', '.join(ANSWERS)}")
    if answers == "risk" and risk_id is None:
        raise BrainstormError("a round on a risk needs the risk")
    if not 10 <= time_box_seconds <= 3 * 3600:
        raise BrainstormError("a round lasts from 10 seconds to 3 hours")
    return {
        "plan_id": plan_id, "session_id": session_id, "answers": answers, "risk_id": risk_id,
        "prompt": prompt, "position": position, "anonymous": int(anonymous),
        "time_box_seconds": int(time_box_seconds), "added_seconds": 0, "status": "ready",
        "started_at": None, "running_since": None, "elapsed_seconds": 0.0, "ended_at": None,
        "created_at": _stamp(now),
    }


def _next_position(store: Store, plan_id: int, session_id: int | None) -> int:
    row = store.query(
        "SELECT COALESCE(MAX(position), 0) FROM brainstorm_rounds WHERE plan_id = ? "
        "AND session_id IS ?", [plan_id, session_id])[0]
    return row[0] + 1


def add_round(
    store: Store, plan_id: int, prompt: str, *, session_id: int | None = None,
    answers: str = "other", risk_id: int | None = None, anonymous: bool = False,
    time_box_seconds: int = DEFAULT_ROUND_SECONDS, actor: str | None = None,
    now: datetime | None = None,
) -> int:
    """Add a round at the end of the session's list; returns its id."""
    row = _round_row(plan_id, session_id, prompt, answers, risk_id,
                     _next_position(store, plan_id, session_id), anonymous, time_box_seconds, now)
    with store.change("brainstorm.round_added", {"plan_id": plan_id, "prompt": row["prompt"]},
                      actor=actor, session_id=session_id) as ch:
        round_id = ch.insert("brainstorm_rounds", row)
        ch.payload["round_id"] = round_id
    return round_id


def plan_rounds(
    store: Store, plan_id: int, session_id: int | None, gap: float | None, *,
    time_box_seconds: int = DEFAULT_ROUND_SECONDS, actor: str | None = None,
    now: datetime | None = None,
) -> list[Round]:
    """The session's rounds, creating the standard ones first if it has none yet:
    one on the gap (with its figure) and one per top risk. A top risk that has no
    round yet (assessed after the rounds were made) gets one at the end. One event
    for all the rounds made; `gap` is only read when the gap round is made."""
    from facilitation.contingency.ranking import top_risks
    from facilitation.plan.plans import get_plan

    existing = list_rounds(store, session_id=session_id) if session_id is not None else []
    risks = top_risks(store, plan_id)
    if existing:
        covered = {r.risk_id for r in existing if r.risk_id is not None}
        wanted = [("risk", risk.id, risk_prompt(risk.title)) for risk in risks
                  if risk.id not in covered]
        first = max(r.position for r in existing) + 1
        if not wanted:
            return existing
    else:
        plan = get_plan(store, plan_id)
        wanted = [("gap", None, gap_prompt(gap, plan.period_start, plan.period_end))]
        wanted += [("risk", risk.id, risk_prompt(risk.title)) for risk in risks]
        first = 1
    with store.change("brainstorm.rounds_planned", {"plan_id": plan_id, "gap": gap},
                      actor=actor, session_id=session_id) as ch:
        for position, (answers, risk_id, prompt) in enumerate(wanted, first):
            ch.insert("brainstorm_rounds", _round_row(
                plan_id, session_id, prompt, answers, risk_id, position, False,
                time_box_seconds, now))
    return list_rounds(store, session_id=session_id) if session_id is not None else []


def forecast_gap_for_rounds(store: Store, plan_id: int) -> float | None:
    """The figure for the gap round's question: the plan's gap from its forecast; None
    when there is no history or the forecast fails (the question then goes without it).
    Slow (pandas and a model fit): call it off the UI thread."""
    from facilitation.history.cache import plan_forecast
    from facilitation.plan.plans import get_plan

    try:
        forecast = plan_forecast(store, get_plan(store, plan_id))
    except (ValueError, ArithmeticError, KeyError):
        return None
    return None if forecast is None else forecast.gap
