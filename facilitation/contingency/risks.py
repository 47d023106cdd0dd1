"""Risks to a plan as the group lists them: added (or taken from the catalogue), reworded,
categorised, marked as happened, deleted and restored, moved up and down; assessed with
`contingency.assessment`, ranked with `contingency.ranking`.

Every change is one event; a deleted risk's row (and its evidence) goes into
the event, and `restore_risk` puts it back.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from typing import Any

from facilitation.store.database import Store, now_iso
from facilitation.store.locations import DATA_DIR
from facilitation.store.model import Record
from facilitation.store.text import text_problem

CATALOGUE_FILE = DATA_DIR / "risk_catalogue.toml"
CATEGORIES = ("people", "supply", "competition", "market", "customers", "internal", "other")
LIKELIHOOD_LABELS = {1: "Rare", 2: "Unlikely", 3: "Possible", 4: "Likely", 5: "Almost certain"}
IMPACT_LABELS = {1: "Insignificant", 2: "Minor", 3: "Moderate", 4: "Major", 5: "Severe"}
# Likelihood read as a probability for the risk-adjusted forecast: the middle of
# five equal bands (Rare 10%, Unlikely 30%, Possible 50%, Likely 70%, Almost certain 90%).
LIKELIHOOD_PROBABILITY = {1: 0.1, 2: 0.3, 3: 0.5, 4: 0.7, 5: 0.9}
RESPONSES = ("avoid", "reduce", "transfer", "accept")
# Heat-map bands by score (likelihood × impact), the usual 5×5 risk-matrix cut-offs.
BANDS = (("low", 1, 3), ("medium", 4, 6), ("high", 8, 12), ("extreme", 15, 25))


class RiskInputError(ValueError):
    """An assessment field that is wrong; `field` names it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class CatalogueRisk:
    """A common risk scenario shipped in data/risk_catalogue.toml."""

    key: str
    category: str
    title: str
    description: str


@dataclass(frozen=True)
class Risk(Record):
    """A risk to one plan, with its assessment (None until assessed)."""

    id: int
    plan_id: int
    session_id: int | None
    category: str
    title: str
    description: str
    catalogue_key: str | None
    position: int
    likelihood: int | None
    impact: int | None
    revenue_effect: float | None
    revenue_effect_pct: float | None
    response: str | None
    evidence: str
    occurred_at: str | None
    created_at: str
    updated_at: str

    @property
    def is_assessed(self) -> bool:
        return self.likelihood is not None and self.impact is not None

    @property
    def score(self) -> int | None:
        """Likelihood × impact, 1..25 (None until both are set)."""
        return self.likelihood * self.impact if self.is_assessed else None

    @property
    def band(self) -> str | None:
        return None if self.score is None else score_band(self.score)

    @property
    def probability(self) -> float | None:
        return None if self.likelihood is None else LIKELIHOOD_PROBABILITY[self.likelihood]

    def revenue_effect_amount(self, forecast: float | None) -> float | None:
        """The money effect: the amount, or the % of the period's forecast when given as %."""
        if self.revenue_effect is not None:
            return self.revenue_effect
        if self.revenue_effect_pct is not None and forecast is not None:
            return forecast * self.revenue_effect_pct / 100
        return None

    def short_name(self, width: int = 8) -> str:
        """A few characters that fit in a heat-map cell."""
        text = self.title.strip()
        return text if len(text) <= width else text[: width - 1] + "…"


def score_band(score: int) -> str:
    """'low', 'medium', 'high' or 'extreme' for a likelihood × impact score."""
    for name, low, high in BANDS:
        if low <= score <= high:
            return name
    raise ValueError(f"{score} is not a likelihood × impact score")


def load_catalogue() -> list[CatalogueRisk]:
    """The shipped catalogue of common risk scenarios, in file order."""
    data = tomllib.loads(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return [CatalogueRisk(r["key"], r["category"], r["title"], r.get("description", ""))
            for r in data["risks"]]


def list_risks(store: Store, plan_id: int) -> list[Risk]:
    """A plan's risks in the group's order."""
    rows = store.query("SELECT * FROM risks WHERE plan_id = ? ORDER BY position, id", [plan_id])
    return [Risk.from_row(r) for r in rows]


def get_risk(store: Store, risk_id: int) -> Risk:
    """One risk by id (KeyError if there is none)."""
    return Risk.from_row(store.row_by_id("risks", risk_id, "risk"))


def add_risk(
    store: Store, plan_id: int, title: str, *, category: str = "other", description: str = "",
    catalogue_key: str | None = None, session_id: int | None = None, actor: str | None = None,
) -> int:
    """Add a risk at the end of the plan's list; returns its id."""
    title = " ".join(title.split())
    if not title:
        raise RiskInputError("title", "type what could happen, e.g. 'Our biggest client leaves'")
    if problem := text_problem(title):
        raise RiskInputError("title", f"a risk's title {problem}")
    if category not in CATEGORIES:
        raise RiskInputError("category", f"choose one of: {', '.join(CATEGORIES)}")
    stamp = now_iso()
    with store.change("risk.added", {"plan_id": plan_id, "title": title},
                      actor=actor, session_id=session_id) as ch:
        risk_id = ch.insert("risks", {
            "plan_id": plan_id, "session_id": session_id, "category": category, "title": title,
            "description": description, "catalogue_key": catalogue_key,
            "position": ch.next_position("risks", "plan_id", plan_id),
            "evidence": "", "created_at": stamp, "updated_at": stamp,
        })
        ch.payload["risk_id"] = risk_id
    return risk_id


def add_from_catalogue(
    store: Store, plan_id: int, entry: CatalogueRisk, *, session_id: int | None = None,
    actor: str | None = None,
) -> int:
    """Add a catalogue scenario to the plan's risks."""
    return add_risk(store, plan_id, entry.title, category=entry.category,
                    description=entry.description, catalogue_key=entry.key,
                    session_id=session_id, actor=actor)


def rename_risk(store: Store, risk_id: int, title: str, *, session_id: int | None = None,
                actor: str | None = None) -> None:
    """Reword a risk."""
    title = " ".join(title.split())
    if not title:
        raise RiskInputError("title", "a risk needs a title")
    if problem := text_problem(title):
        raise RiskInputError("title", f"a risk's title {problem}")
    update_risk(store, "risk.renamed", risk_id, {"title": title}, session_id, actor)


def set_risk_category(store: Store, risk_id: int, category: str, *,
                      session_id: int | None = None, actor: str | None = None) -> None:
    """File a risk under another category (people, supply, competition, ...)."""
    if category not in CATEGORIES:
        raise RiskInputError("category", f"choose one of: {', '.join(CATEGORIES)}")
    update_risk(store, "risk.recategorised", risk_id, {"category": category}, session_id, actor)


def mark_risk_occurred(store: Store, risk_id: int, occurred: bool, *, on: str | None = None,
                       session_id: int | None = None, actor: str | None = None) -> None:
    """Record that a risk happened (on a date, default today) or take that back; reviews
    read it to see which risks came true."""
    when = (on or now_iso()[:10]) if occurred else None
    kind = "risk.occurred" if occurred else "risk.occurred_undone"
    update_risk(store, kind, risk_id, {"occurred_at": when}, session_id, actor)


def parse_occurred(text: str | None, today: date | None = None) -> str:
    """When a risk happened, as typed: '2026-09' (a month) or '2026-09-14' (a day); blank
    means this month. Never in the future. RiskInputError('occurred_at', …) otherwise."""
    today = today or date.today()
    cleaned = (text or "").strip()
    if not cleaned:
        return today.isoformat()[:7]
    match = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?", cleaned)
    try:
        if match is None:
            raise ValueError
        day = date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError:
        raise RiskInputError("occurred_at", f'"{cleaned}" is not a month; write it as '
                             "YYYY-MM (or YYYY-MM-DD)") from None
    if day > today:
        raise RiskInputError("occurred_at", f"{cleaned} is in the future")
    return day.isoformat() if match[3] else day.isoformat()[:7]


def next_category(category: str) -> str:
    """The category after this one, round the list (for cycling with one key)."""
    index = CATEGORIES.index(category) if category in CATEGORIES else -1
    return CATEGORIES[(index + 1) % len(CATEGORIES)]


def update_risk(store: Store, kind: str, risk_id: int, values: dict[str, Any],
                session_id: int | None, actor: str | None) -> None:
    """Change some of a risk's fields: one `kind` event, the risk's plan in its payload."""
    risk = get_risk(store, risk_id)
    with store.change(kind, {"plan_id": risk.plan_id, "risk_id": risk_id},
                      actor=actor, session_id=session_id) as ch:
        ch.update("risks", risk_id, {**values, "updated_at": now_iso()})


def risk_uses(store: Store, risk_id: int) -> dict[str, int]:
    """Rows of other tables that point at a risk (e.g. brainstorming rounds, strategies),
    by table; found from the schema, so tables added later are covered too."""
    uses: dict[str, int] = {}
    tables = [r[0] for r in store.query(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'risk_evidence'")]
    for table in tables:
        for key in store.query(f"PRAGMA foreign_key_list([{table}])"):
            if key["table"] == "risks":
                count = store.query(f"SELECT count(*) FROM [{table}] WHERE [{key['from']}] = ?",
                                    [risk_id])[0][0]
                if count:
                    uses[table] = uses.get(table, 0) + count
    return uses


def delete_risk(store: Store, risk_id: int, *, session_id: int | None = None,
                actor: str | None = None) -> dict[str, Any]:
    """Delete a risk and its evidence; returns what `restore_risk` needs to undo it.

    A risk that later steps already work on (a brainstorming round, a strategy) is not
    deleted: RiskInputError says what uses it, and nothing changes.
    """
    risk = get_risk(store, risk_id)
    uses = risk_uses(store, risk_id)
    if uses:
        used_by = ", ".join(f"{table.replace('_', ' ')} ({count})" for table, count in uses.items())
        raise RiskInputError("risk", f"“{risk.title}” is used by {used_by}; it stays on "
                             "the list (reword it instead)")
    with store.change("risk.deleted", {"plan_id": risk.plan_id, "risk_id": risk_id,
                                       "title": risk.title},
                      actor=actor, session_id=session_id) as ch:
        evidence = [dict(r) for r in store.query(
            "SELECT * FROM risk_evidence WHERE risk_id = ?", [risk_id])]
        ch.delete_where("risk_evidence", "risk_id = ?", [risk_id])
        row = ch.delete("risks", risk_id)
    return {"risk": row, "evidence": evidence}


def restore_risk(store: Store, deleted: dict[str, Any], *, session_id: int | None = None,
                 actor: str | None = None) -> int:
    """Undo a deletion: the risk comes back with its id, place and evidence."""
    row = dict(deleted["risk"])
    # SQLite may have given the freed id to a risk added since; then it comes back under a new one.
    if store.query("SELECT 1 FROM risks WHERE id = ?", [row["id"]]):
        del row["id"]
    with store.change("risk.restored", {"plan_id": row["plan_id"], "title": row["title"]},
                      actor=actor, session_id=session_id) as ch:
        risk_id = ch.insert("risks", row)
        for evidence in deleted.get("evidence", []):
            evidence = {k: v for k, v in evidence.items() if k != "id"}
            ch.insert("risk_evidence", {**evidence, "risk_id": risk_id})
        ch.payload["risk_id"] = risk_id
    return risk_id


def move_risk(store: Store, risk_id: int, offset: int, *, session_id: int | None = None,
              actor: str | None = None) -> bool:
    """Move a risk up (offset -1) or down (+1) the list; False if it is already at that end."""
    risk = get_risk(store, risk_id)
    try:
        with store.change("risk.moved", {"plan_id": risk.plan_id, "risk_id": risk_id,
                                         "offset": offset},
                          actor=actor, session_id=session_id) as ch:
            # The list is read inside the write transaction: a risk another process
            # added a moment ago is renumbered too, never left sharing a position.
            risks = list_risks(store, risk.plan_id)
            index = next(i for i, r in enumerate(risks) if r.id == risk_id)
            other = index + offset
            if not 0 <= other < len(risks):
                raise _AtTheEnd
            order = [r.id for r in risks]
            order[index], order[other] = order[other], order[index]
            # Renumber 1..n so positions stay unique even after deletes and restores.
            for position, rid in enumerate(order, 1):
                current = next(r for r in risks if r.id == rid)
                if current.position != position:
                    ch.update("risks", rid, {"position": position})
    except _AtTheEnd:
        return False  # rolled back: no event for a move that did not happen
    return True


class _AtTheEnd(Exception):
    """The risk is already first (or last): nothing to move."""


