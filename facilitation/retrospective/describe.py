"""One line per event: who did what, when — in the words of the workshop."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from facilitation.store.database import Store
from facilitation.store.replay_cursor import LoggedEvent

ANONYMOUS = "anonymous"


def _row(event: LoggedEvent) -> dict[str, Any]:
    """The first row the event inserted or the values it changed."""
    for op in event.ops:
        if "row" in op:
            return op["row"]
        if "values" in op:
            return op["values"]
    return {}


def _title(store: Store, table: str, column: str, row_id: Any) -> str:
    if row_id is None:
        return "?"
    found = store.query(f"SELECT [{column}] FROM [{table}] WHERE id = ?", [row_id])
    return found[0][0] if found else "?"


def _quoted(text: str, width: int = 48) -> str:
    text = " ".join(str(text).split())
    return f'"{text if len(text) <= width else text[:width - 1] + "…"}"'


def _risk(store: Store, e: LoggedEvent) -> str:
    return _quoted(e.payload.get("title") or _title(store, "risks", "title",
                                                     e.payload.get("risk_id")))


def _assessed(store: Store, e: LoggedEvent) -> str:
    values = _row(e)
    return (f"assessed {_risk(store, e)}: likelihood {values.get('likelihood') or '—'}, "
            f"impact {values.get('impact') or '—'}")


def _idea(store: Store, e: LoggedEvent) -> str:
    return _quoted(_title(store, "ideas", "text", e.payload.get("idea_id")))


def _scored(store: Store, e: LoggedEvent) -> str:
    parts = [f"{k} {e.payload[k]}" for k in ("feasibility", "impact") if k in e.payload]
    return f"scored {_idea(store, e)}: {', '.join(parts)}"


def _strategy(store: Store, e: LoggedEvent) -> str:
    return _quoted(_title(store, "strategies", "text", e.payload.get("strategy_id")))


def _tactic(store: Store, e: LoggedEvent) -> str:
    return _quoted(_title(store, "tactics", "action", e.payload.get("tactic_id")))


def _kpi(store: Store, e: LoggedEvent) -> str:
    return _quoted(_title(store, "kpis", "name", e.payload.get("kpi_id")), 32)


def _step(store: Store, e: LoggedEvent) -> str:
    return f"moved to step {e.payload.get('to_index', 0) + 1}"


PHRASES: dict[str, Callable[[Store, LoggedEvent], str]] = {
    "session.started": lambda s, e: f"started the session ({e.payload.get('script', '')})",
    "session.step_changed": _step,
    "session.paused": lambda s, e: "paused the session",
    "session.resumed": lambda s, e: "resumed the session",
    "session.ended": lambda s, e: "ended the session",
    "risk.added": lambda s, e: f"listed the risk {_risk(s, e)}",
    "risk.assessed": _assessed,
    "risk.renamed": lambda s, e: f"reworded the risk {_risk(s, e)}",
    "risk.deleted": lambda s, e: "deleted a risk",
    "risk.occurred": lambda s, e: f"marked {_risk(s, e)} as happened",
    "risk.evidence_attached": lambda s, e: f"attached evidence to {_risk(s, e)}",
    "brainstorm.round_added": lambda s, e: f"added the round {_quoted(e.payload.get('prompt'))}",
    "brainstorm.round_started": lambda s, e: "started a brainstorming round",
    "brainstorm.round_ended": lambda s, e: "ended the brainstorming round",
    "idea.added": lambda s, e: f"added the idea {_quoted(_row(e).get('text', ''))}",
    "idea.edited": lambda s, e: f"reworded the idea {_idea(s, e)}",
    "idea.merged": lambda s, e: f"merged a duplicate into {_idea(s, e)}",
    "idea.deleted": lambda s, e: "deleted an idea",
    "idea.scored": _scored,
    "strategy.added": lambda s, e: f"chose the strategy {_strategy(s, e)}",
    "strategy.reworded": lambda s, e: f"reworded the strategy {_strategy(s, e)}",
    "strategy.clarity_passed": lambda s, e: f"{_strategy(s, e)} passed the clarity test",
    "strategy.clarity_failed": lambda s, e: f"{_strategy(s, e)} failed the clarity test",
    "tactic.added": lambda s, e: f"added the tactic {_tactic(s, e)}",
    "tactic.status_changed": lambda s, e: f"set {_tactic(s, e)} to {_row(e).get('status')}",
    "kpi.added": lambda s, e: f"added the KPI {_kpi(s, e)}",
    "kpi.changed": lambda s, e: f"changed the KPI {_kpi(s, e)}",
    "kpi.actual_recorded": lambda s, e: f"recorded an actual for {_kpi(s, e)}",
    "skill.added": lambda s, e: "added a skill to learn",
    "review.rhythm_set": lambda s, e: "set the review rhythm",
    "review.held": lambda s, e: "recorded a review as held",
}


def what_happened(store: Store, event: LoggedEvent) -> str:
    """'listed the risk "Recession"': the event in words (`store` is the state after it)."""
    phrase = PHRASES.get(event.kind)
    if phrase is not None:
        return phrase(store, event)
    noun, _, verb = event.kind.partition(".")
    return f"{verb.replace('_', ' ')} ({noun.replace('_', ' ')})"


def who(event: LoggedEvent) -> str:
    """The actor, or 'someone' for an idea in an anonymous round."""
    return "someone" if event.actor == ANONYMOUS else event.actor


def describe_event(store: Store, event: LoggedEvent) -> str:
    """'14:02 Priya Raman listed the risk "Recession"'."""
    return f"{event.at[11:16]} {who(event)} {what_happened(store, event)}"
