"""Compare a plan at two moments: what was added, dropped, re-scored, changed or done.

Items are matched by their row id and creation time, so a reworded risk is the same risk
re-worded, not a risk dropped and another added; and a risk added after another was
deleted is new even though SQLite gave it the deleted one's id.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from facilitation.contingency.risks import list_risks
from facilitation.ideas.strategies import list_strategies
from facilitation.plan.kpis import list_kpis
from facilitation.retrospective.moments import Moment, state_at
from facilitation.store.database import Store


@dataclass(frozen=True)
class Change:
    """One difference: what (risk, strategy, tactic, KPI), its name, how, before → after."""

    what: str
    name: str
    how: str          # added, dropped, re-scored, changed, done, happened, target changed
    before: str = ""
    after: str = ""

    def line(self) -> str:
        """'re-scored  Recession: L2×I4 → L4×I4'."""
        arrow = f": {self.before} → {self.after}" if self.before or self.after else ""
        return f"{self.how:<14} {self.name}{arrow}"


@dataclass(frozen=True)
class PlanChanges:
    """Everything that differs between two moments of one plan."""

    plan_id: int
    before: str
    after: str
    changes: tuple[Change, ...] = field(default_factory=tuple)

    def of(self, what: str) -> list[Change]:
        return [c for c in self.changes if c.what == what]

    def to_json(self) -> dict[str, Any]:
        return {"plan_id": self.plan_id, "from": self.before, "to": self.after,
                "changes": [asdict(c) for c in self.changes]}


def _key(item) -> tuple[int, str]:
    return item.id, item.created_at


def _kept(old: dict, new: dict) -> list:
    """The keys in both, in the plan's order now (a set's order changes from one process
    to the next)."""
    return [key for key in new if key in old]


def _score(risk) -> str:
    return f"L{risk.likelihood}×I{risk.impact}" if risk.is_assessed else "not assessed"


def risk_changes(before: Store, after: Store, plan_id: int) -> list[Change]:
    old = {_key(r): r for r in list_risks(before, plan_id)}
    new = {_key(r): r for r in list_risks(after, plan_id)}
    changes = [Change("risk", r.title, "added", "", _score(r)) for i, r in new.items()
               if i not in old]
    changes += [Change("risk", r.title, "dropped", _score(r), "") for i, r in old.items()
                if i not in new]
    for risk_id in _kept(old, new):
        was, now = old[risk_id], new[risk_id]
        if _score(was) != _score(now):
            changes.append(Change("risk", now.title, "re-scored", _score(was), _score(now)))
        if now.occurred_at and not was.occurred_at:
            changes.append(Change("risk", now.title, "happened", "", now.occurred_at[:10]))
    return changes


def _tactic_text(tactic) -> str:
    return f"{tactic.owner or 'no owner'}, {tactic.due_date or 'no date'}, {tactic.status}"


def strategy_changes(before: Store, after: Store, plan_id: int) -> list[Change]:
    old = {_key(s): s for s in list_strategies(before, plan_id)}
    new = {_key(s): s for s in list_strategies(after, plan_id)}
    changes = [Change("strategy", s.text, "added") for i, s in new.items() if i not in old]
    changes += [Change("strategy", s.text, "dropped") for i, s in old.items() if i not in new]
    for strategy_id in _kept(old, new):
        was, now = old[strategy_id], new[strategy_id]
        if (was.text, was.clarity) != (now.text, now.clarity):
            changes.append(Change("strategy", now.text, "changed",
                                  f"{was.text} ({was.clarity})", f"{now.text} ({now.clarity})"))
    old_tactics = {_key(t): t for s in old.values() for t in s.tactics}
    new_tactics = {_key(t): t for s in new.values() for t in s.tactics}
    changes += [Change("tactic", t.action, "added", "", _tactic_text(t))
                for i, t in new_tactics.items() if i not in old_tactics]
    changes += [Change("tactic", t.action, "dropped", _tactic_text(t), "")
                for i, t in old_tactics.items() if i not in new_tactics]
    for tactic_id in _kept(old_tactics, new_tactics):
        was, now = old_tactics[tactic_id], new_tactics[tactic_id]
        if _tactic_text(was) == _tactic_text(now) and was.action == now.action:
            continue
        how = ("done" if now.status == "done" and was.status != "done" else
               "dropped" if now.status == "dropped" and was.status != "dropped" else "changed")
        changes.append(Change("tactic", now.action, how, _tactic_text(was), _tactic_text(now)))
    return changes


def kpi_changes(before: Store, after: Store, plan_id: int) -> list[Change]:
    old = {_key(k): k for k in list_kpis(before, plan_id)}
    new = {_key(k): k for k in list_kpis(after, plan_id)}
    changes = [Change("kpi", k.name, "added", "", k.target_text) for i, k in new.items()
               if i not in old]
    changes += [Change("kpi", k.name, "dropped", k.target_text, "") for i, k in old.items()
                if i not in new]
    changes += [Change("kpi", new[i].name, "target changed", old[i].target_text,
                       new[i].target_text)
                for i in _kept(old, new) if old[i].target_text != new[i].target_text]
    return changes


def compare_states(before: Store, after: Store, plan_id: int, *, labels=("", "")) -> PlanChanges:
    """The differences in one plan between two states of the database."""
    changes = (risk_changes(before, after, plan_id) + strategy_changes(before, after, plan_id)
               + kpi_changes(before, after, plan_id))
    return PlanChanges(plan_id, labels[0], labels[1], tuple(changes))


def compare_plan(store: Store, plan_id: int, before: Moment, after: Moment) -> PlanChanges:
    """The plan at `before` against the plan at `after`, both rebuilt from the log."""
    return compare_states(state_at(store, before), state_at(store, after), plan_id,
                          labels=(before.label, after.label))
