"""Strategies and the clarity test.

The group promotes chosen ideas to strategies; each answers the gap or one risk
and can be augmented with resources, insights and best practices. A strategy
must pass the clarity test ("does it make it obvious what I and others should
do to make it happen?") before it gets tactics (facilitation.ideas.tactics).
A "no" asks for a rewording; the old wording stays in the log and in
`clarity_tests`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from typing import Any

from facilitation.ideas.ideas import get_idea_row
from facilitation.ideas.rounds import get_round
from facilitation.store.database import Store
from facilitation.store.database import now as clock_now
from facilitation.store.model import Record

CLARITY_QUESTION = "Does it make it obvious what I and others should do to make it happen?"
AUGMENTATIONS = ("resources", "insights", "best_practices")
MAX_TEXT = 500


class StrategyError(ValueError):
    """A strategy or tactic change that cannot be made; `errors` maps fields to problems."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or {}


def timestamp(now: datetime | None) -> str:
    """When a change to a strategy or tactic is stamped: `now`, else the store's clock."""
    return (now or clock_now()).isoformat(timespec="seconds")


def _clean(text: str, what: str) -> str:
    cleaned = " ".join(text.split())
    if not cleaned:
        raise StrategyError(f"{what} needs some words", {what: "required"})
    if len(cleaned) > MAX_TEXT:
        raise StrategyError(f"{what} fits in {MAX_TEXT} characters", {what: "too long"})
    return cleaned


@dataclass(frozen=True)
class Tactic(Record):
    """One action that makes a strategy happen."""

    id: int
    strategy_id: int
    plan_id: int
    action: str
    owner: str
    due_date: str | None
    status: str
    position: int
    created_at: str
    updated_at: str
    status_note: str = ""

    @property
    def status_text(self) -> str:
        """'late: the agency is booked until May' or just 'late' without a note."""
        return f"{self.status}: {self.status_note}" if self.status_note else self.status

    @property
    def missing(self) -> list[str]:
        """What the tactic still lacks: 'owner', 'due date'."""
        return [name for name, value in (("owner", self.owner), ("due date", self.due_date))
                if not value]

    @property
    def is_complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True)
class Strategy:
    """A chosen idea the plan will carry out, with its tactics."""

    id: int
    plan_id: int
    session_id: int | None
    idea_id: int | None
    answers: str
    risk_id: int | None
    text: str
    resources: str
    insights: str
    best_practices: str
    clarity: str
    position: int
    created_at: str
    updated_at: str
    tactics: tuple[Tactic, ...] = field(default=())
    risk_title: str | None = None

    @classmethod
    def from_row(cls, row: Any, tactics: tuple[Tactic, ...] = (),
                 risk_title: str | None = None) -> Strategy:
        names = [f.name for f in fields(cls) if f.name not in ("tactics", "risk_title")]
        return cls(**{n: row[n] for n in names}, tactics=tactics, risk_title=risk_title)

    @property
    def passed_clarity(self) -> bool:
        return self.clarity == "passed"

    @property
    def answers_label(self) -> str:
        """'the gap', 'risk: <title>' or 'other'."""
        if self.answers == "gap":
            return "the gap"
        if self.answers == "risk":
            return f"risk: {self.risk_title or '?'}"
        return "other"

    @property
    def problems(self) -> list[str]:
        """Why the strategy is incomplete (empty when it is complete)."""
        found = []
        if self.clarity == "untested":
            found.append("clarity test not taken")
        elif self.clarity == "failed":
            found.append("failed the clarity test: reword it")
        live = [t for t in self.tactics if t.status != "dropped"]
        if not live:
            found.append("no tactic")
        for tactic in live:
            if tactic.missing:
                found.append(f'tactic "{tactic.action}" has no {" and no ".join(tactic.missing)}')
        return found

    @property
    def is_complete(self) -> bool:
        return not self.problems


# --- strategies ------------------------------------------------------------------------------

def add_strategy(
    store: Store, plan_id: int, text: str, *, answers: str = "gap", risk_id: int | None = None,
    idea_id: int | None = None, session_id: int | None = None, actor: str | None = None,
    now: datetime | None = None,
) -> int:
    """Add a strategy that answers the gap, a risk or something else; returns its id."""
    if answers not in ("gap", "risk", "other"):
        raise StrategyError("a strategy answers the gap, a risk or other")
    if answers == "risk" and risk_id is None:
        raise StrategyError("a strategy answering a risk needs the risk")
    stamp = timestamp(now)
    row = {
        "plan_id": plan_id, "session_id": session_id, "idea_id": idea_id, "answers": answers,
        "risk_id": risk_id if answers == "risk" else None, "text": _clean(text, "strategy"),
        "resources": "", "insights": "", "best_practices": "", "clarity": "untested",
        "created_at": stamp, "updated_at": stamp,
    }
    with store.change("strategy.added", {"plan_id": plan_id, "idea_id": idea_id},
                      actor=actor, session_id=session_id) as ch:
        row["position"] = ch.next_position("strategies", "plan_id", plan_id)
        strategy_id = ch.insert("strategies", row)
        ch.payload["strategy_id"] = strategy_id
    return strategy_id


def promote_idea(store: Store, idea_id: int, *, session_id: int | None = None,
                 actor: str | None = None, now: datetime | None = None) -> int:
    """Make an idea a strategy answering what its round answered; returns the strategy id."""
    idea = get_idea_row(store, idea_id)
    if idea["merged_into"] is not None:
        raise StrategyError("that idea was merged into another; promote that one")
    if store.query("SELECT 1 FROM strategies WHERE idea_id = ?", [idea_id]):
        raise StrategyError("that idea is a strategy already")
    round_ = get_round(store, idea["round_id"])
    return add_strategy(
        store, idea["plan_id"], idea["text"], answers=round_.answers, risk_id=round_.risk_id,
        idea_id=idea_id, session_id=session_id if session_id is not None else round_.session_id,
        actor=actor, now=now)


def get_strategy(store: Store, strategy_id: int) -> Strategy:
    """One strategy with its tactics (KeyError if there is none)."""
    rows = store.query("SELECT s.*, r.title AS risk_title FROM strategies s "
                       "LEFT JOIN risks r ON r.id = s.risk_id WHERE s.id = ?", [strategy_id])
    if not rows:
        raise KeyError(f"there is no strategy {strategy_id}")
    return Strategy.from_row(rows[0], tuple(list_tactics(store, strategy_id)),
                             rows[0]["risk_title"])


def list_strategies(store: Store, plan_id: int) -> list[Strategy]:
    """A plan's strategies in order, each with its tactics."""
    rows = store.query("SELECT s.*, r.title AS risk_title FROM strategies s "
                       "LEFT JOIN risks r ON r.id = s.risk_id WHERE s.plan_id = ? "
                       "ORDER BY s.position, s.id", [plan_id])
    tactics: dict[int, list[Tactic]] = {r["id"]: [] for r in rows}
    for row in store.query("SELECT * FROM tactics WHERE plan_id = ? ORDER BY position, id",
                           [plan_id]):
        tactics.setdefault(row["strategy_id"], []).append(Tactic.from_row(row))
    return [Strategy.from_row(r, tuple(tactics[r["id"]]), r["risk_title"]) for r in rows]


def list_tactics(store: Store, strategy_id: int) -> list[Tactic]:
    """A strategy's tactics in order."""
    rows = store.query("SELECT * FROM tactics WHERE strategy_id = ? ORDER BY position, id",
                       [strategy_id])
    return [Tactic.from_row(r) for r in rows]


def session_for(session_id: int | None, made_in: int | None) -> int | None:
    """The session a change is made in: the caller's, else the one the strategy came from.

    A later session (a progress review) names itself, so that work on a strategy from an
    ended workshop is that review's, not a write into the ended session (refused)."""
    return session_id if session_id is not None else made_in


def _update_strategy(store: Store, kind: str, strategy: Strategy, values: dict[str, Any],
                     actor: str | None, now: datetime | None, session_id: int | None = None,
                     **extra: Any) -> None:
    with store.change(kind, {"plan_id": strategy.plan_id, "strategy_id": strategy.id, **extra},
                      actor=actor, session_id=session_for(session_id, strategy.session_id)) as ch:
        ch.update("strategies", strategy.id, {**values, "updated_at": timestamp(now)})


def augment_strategy(store: Store, strategy_id: int, *, actor: str | None = None,
                     session_id: int | None = None,
                     now: datetime | None = None, **notes: str) -> None:
    """Set augmentation notes: resources, insights, best_practices (blank clears one)."""
    unknown = set(notes) - set(AUGMENTATIONS)
    if unknown:
        raise StrategyError(f"a strategy's notes are {', '.join(AUGMENTATIONS)}")
    values = {name: " ".join(text.split()) for name, text in notes.items()}
    for name, text in values.items():
        if len(text) > MAX_TEXT:
            raise StrategyError(f"{name} fits in {MAX_TEXT} characters", {name: "too long"})
    _update_strategy(store, "strategy.augmented", get_strategy(store, strategy_id), values,
                     actor, now, session_id)


def reword_strategy(store: Store, strategy_id: int, text: str, *, actor: str | None = None,
                    session_id: int | None = None,
                    now: datetime | None = None) -> None:
    """New wording; it must take the clarity test again (the old wording stays in the log)."""
    strategy = get_strategy(store, strategy_id)
    cleaned = _clean(text, "strategy")
    if cleaned == strategy.text:
        return
    _update_strategy(store, "strategy.reworded", strategy,
                     {"text": cleaned, "clarity": "untested"}, actor, now, session_id,
                     old_text=strategy.text)


def set_strategy_answers(store: Store, strategy_id: int, answers: str,
                         risk_id: int | None = None, *, actor: str | None = None,
                         session_id: int | None = None, now: datetime | None = None) -> None:
    """Say what the strategy answers: the gap, one risk (its contingency) or other."""
    if answers not in ("gap", "risk", "other"):
        raise StrategyError("a strategy answers the gap, a risk or other")
    if answers == "risk" and risk_id is None:
        raise StrategyError("a strategy answering a risk needs the risk")
    strategy = get_strategy(store, strategy_id)
    values = {"answers": answers, "risk_id": risk_id if answers == "risk" else None}
    if (strategy.answers, strategy.risk_id) == (values["answers"], values["risk_id"]):
        return
    _update_strategy(store, "strategy.answers_changed", strategy, values, actor, now,
                     session_id)


def answer_choices(store: Store, plan_id: int) -> list[tuple[str, int | None]]:
    """What a strategy can answer, in order: the gap, the top risks, the other risks, other."""
    from facilitation.contingency.ranking import top_risks
    from facilitation.contingency.risks import list_risks

    top = [r.id for r in top_risks(store, plan_id)]
    rest = [r.id for r in list_risks(store, plan_id) if r.id not in top]
    return [("gap", None), *[("risk", r) for r in top + rest], ("other", None)]


def take_clarity_test(store: Store, strategy_id: int, passed: bool, *, actor: str | None = None,
                      session_id: int | None = None,
                      now: datetime | None = None) -> None:
    """Record the group's answer to the clarity question for the current wording."""
    strategy = get_strategy(store, strategy_id)
    stamp = timestamp(now)
    kind = "strategy.clarity_passed" if passed else "strategy.clarity_failed"
    with store.change(kind, {"plan_id": strategy.plan_id, "strategy_id": strategy_id,
                             "wording": strategy.text},
                      actor=actor, session_id=session_for(session_id, strategy.session_id)) as ch:
        ch.insert("clarity_tests", {"strategy_id": strategy_id, "wording": strategy.text,
                                    "passed": int(passed), "tested_at": stamp,
                                    "tested_by": actor or store.actor})
        ch.update("strategies", strategy_id,
                  {"clarity": "passed" if passed else "failed", "updated_at": stamp})


def clarity_history(store: Store, strategy_id: int) -> list[Any]:
    """Every clarity test of a strategy, oldest first (wording, passed, when, by whom)."""
    return store.query("SELECT * FROM clarity_tests WHERE strategy_id = ? ORDER BY id",
                       [strategy_id])


def delete_strategy(store: Store, strategy_id: int, *, actor: str | None = None,
                    session_id: int | None = None) -> None:
    """Delete a strategy with its tactics and clarity tests (all kept in the event)."""
    strategy = get_strategy(store, strategy_id)
    with store.change("strategy.deleted", {"plan_id": strategy.plan_id,
                                           "strategy_id": strategy_id, "text": strategy.text},
                      actor=actor, session_id=session_for(session_id, strategy.session_id)) as ch:
        ch.delete_where("tactics", "strategy_id = ?", [strategy_id])
        ch.delete_where("clarity_tests", "strategy_id = ?", [strategy_id])
        ch.delete("strategies", strategy_id)


# --- what is still missing -------------------------------------------------------------------

def risks_without_contingency(store: Store, plan_id: int) -> list[Any]:
    """The plan's top risks that no strategy answers yet ("no contingency yet")."""
    from facilitation.contingency.ranking import top_risks

    answered = {r[0] for r in store.query(
        "SELECT DISTINCT risk_id FROM strategies WHERE plan_id = ? AND risk_id IS NOT NULL",
        [plan_id])}
    return [risk for risk in top_risks(store, plan_id) if risk.id not in answered]


def promoted_idea_ids(store: Store, plan_id: int) -> set[int]:
    """The ideas of a plan that were made strategies."""
    rows = store.query("SELECT idea_id FROM strategies WHERE plan_id = ? "
                       "AND idea_id IS NOT NULL", [plan_id])
    return {row[0] for row in rows}
