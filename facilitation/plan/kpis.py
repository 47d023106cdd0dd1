"""KPIs and their targets: leading indicators that show early whether the plan works.

A KPI is picked from the library in data/kpi_library.toml or defined by the group.
It has a unit, a baseline, a target per cadence period (weekly, bi-weekly,
monthly), an owner and, optionally, the strategy it tracks. A KPI with no unit or
no numeric target is saved (nothing typed is lost) but counts as incomplete.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from facilitation.store.database import Store, now_iso
from facilitation.store.locations import DATA_DIR
from facilitation.store.model import Record

LIBRARY_PATH = DATA_DIR / "kpi_library.toml"
CADENCES = ("weekly", "biweekly", "monthly")
CADENCE_LABELS = {"weekly": "weekly", "biweekly": "every 2 weeks", "monthly": "monthly"}
INDICATORS = ("leading", "lagging")
DIRECTIONS = ("up", "down")
MAX_TEXT = 200


class KpiInputError(ValueError):
    """Invalid KPI fields; `errors` maps each field to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass(frozen=True)
class LibraryKpi:
    """An indicator the library ships: its definition and formula."""

    key: str
    name: str
    indicator: str
    unit: str
    direction: str
    cadence: str
    definition: str
    formula: str


@cache
def load_library() -> tuple[LibraryKpi, ...]:
    """The KPI library from data/kpi_library.toml, in file order."""
    spec = tomllib.loads(LIBRARY_PATH.read_text(encoding="utf-8"))
    names = [f.name for f in fields(LibraryKpi)]
    return tuple(LibraryKpi(**{n: entry[n] for n in names}) for entry in spec["kpis"])


def library_kpi(key: str) -> LibraryKpi:
    """One library indicator by key (KeyError if unknown)."""
    for entry in load_library():
        if entry.key == key:
            return entry
    raise KeyError(f'there is no KPI "{key}" in the library')


@dataclass(frozen=True)
class Kpi(Record):
    """A KPI the plan tracks."""

    id: int
    plan_id: int
    strategy_id: int | None
    library_key: str | None
    name: str
    definition: str
    indicator: str
    unit: str
    direction: str
    baseline: float | None
    target: float | None
    cadence: str
    owner: str
    position: int
    created_at: str
    updated_at: str

    @property
    def missing(self) -> list[str]:
        """What keeps the target from being measurable: 'unit', 'target', 'owner'."""
        lacking = []
        if not self.unit.strip():
            lacking.append("unit")
        if self.target is None:
            lacking.append("target")
        if not self.owner.strip():
            lacking.append("owner")
        return lacking

    @property
    def is_measurable(self) -> bool:
        """A numeric target with a unit: one can tell at a review whether it was met."""
        return bool(self.unit.strip()) and self.target is not None

    @property
    def cadence_label(self) -> str:
        return CADENCE_LABELS.get(self.cadence, self.cadence)

    def format_value(self, value: float | None) -> str:
        """A baseline or target with its unit: '3.0x', '25%', '40,000', '12 meetings'."""
        if value is None:
            return "—"
        number = f"{value:,.0f}" if value == int(value) else f"{value:,.2f}".rstrip("0")
        unit = self.unit.strip()
        if unit in ("%", "x"):
            return f"{number}{unit}"
        if unit in ("", "money"):
            return number
        return f"{number} {unit}"

    @property
    def target_text(self) -> str:
        """'40 meetings weekly' or 'no target'."""
        if self.target is None:
            return "no target"
        return f"{self.format_value(self.target)} {self.cadence_label}"


_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$")


def parse_number(text: str | float | None, field: str) -> float | None:
    """A number typed by a person ('3', '1,200', '25%', '$40 000', '3.5x'); blank is None."""
    if text is None:
        return None
    if isinstance(text, (int, float)):
        return float(text)
    cleaned = re.sub(r"[\s,$€£%x×]", "", text.strip().lower())
    if not cleaned:
        return None
    if not _NUMBER.match(cleaned):
        raise KpiInputError({field: f'"{text.strip()}" is not a number'})
    return float(cleaned)


@dataclass(frozen=True)
class KpiInput:
    """A KPI as typed by a person, before validation. Numbers are text or numbers."""

    name: str
    unit: str = ""
    baseline: str | float | None = None
    target: str | float | None = None
    cadence: str = "monthly"
    owner: str = ""
    indicator: str = "leading"
    direction: str = "up"
    definition: str = ""
    strategy_id: int | None = None

    def validate(self) -> dict[str, Any]:
        """The clean row, or KpiInputError naming every field that is wrong."""
        errors: dict[str, str] = {}
        row: dict[str, Any] = {}
        for name in ("name", "unit", "owner", "definition"):
            value = " ".join(str(getattr(self, name) or "").split())
            limit = 1000 if name == "definition" else MAX_TEXT
            if len(value) > limit:
                errors[name] = f"fits in {limit} characters"
            row[name] = value
        if not row["name"]:
            errors["name"] = "required"
        for name in ("baseline", "target"):
            try:
                row[name] = parse_number(getattr(self, name), name)
            except KpiInputError as exc:
                errors.update(exc.errors)
        for name, allowed in (("cadence", CADENCES), ("indicator", INDICATORS),
                              ("direction", DIRECTIONS)):
            value = str(getattr(self, name) or "").strip().lower().replace("-", "")
            if value == "fortnightly":
                value = "biweekly"
            if value not in allowed:
                errors[name] = "choose one of: " + ", ".join(allowed)
            row[name] = value
        row["strategy_id"] = self.strategy_id
        if errors:
            raise KpiInputError(errors)
        return row


def add_kpi(store: Store, plan_id: int, kpi: KpiInput, *, library_key: str | None = None,
            session_id: int | None = None, actor: str | None = None) -> int:
    """Validate and save a KPI for the plan; returns its id."""
    row = kpi.validate()
    stamp = now_iso()
    row.update(plan_id=plan_id, library_key=library_key, created_at=stamp, updated_at=stamp)
    with store.change("kpi.added", {"plan_id": plan_id}, actor=actor,
                      session_id=session_id) as ch:
        row["position"] = ch.next_position("kpis", "plan_id", plan_id)
        kpi_id = ch.insert("kpis", row)
        ch.payload["kpi_id"] = kpi_id
    return kpi_id


def library_input(key: str, **overrides: Any) -> KpiInput:
    """A KpiInput prefilled from a library indicator (name, unit, cadence, ...)."""
    entry = library_kpi(key)
    values: dict[str, Any] = {
        "name": entry.name, "unit": entry.unit, "cadence": entry.cadence,
        "indicator": entry.indicator, "direction": entry.direction,
        "definition": f"{entry.definition} Formula: {entry.formula}.",
    }
    values.update(overrides)
    return KpiInput(**values)


def add_from_library(store: Store, plan_id: int, key: str, *, session_id: int | None = None,
                     actor: str | None = None, **overrides: Any) -> int:
    """Add a library indicator to the plan (target, owner, ... as overrides)."""
    return add_kpi(store, plan_id, library_input(key, **overrides), library_key=key,
                   session_id=session_id, actor=actor)


def update_kpi(store: Store, kpi_id: int, kpi: KpiInput, *, session_id: int | None = None,
               actor: str | None = None) -> None:
    """Replace a KPI's fields with newly typed ones."""
    row = kpi.validate()
    row["updated_at"] = now_iso()
    plan_id = get_kpi(store, kpi_id).plan_id
    with store.change("kpi.changed", {"plan_id": plan_id, "kpi_id": kpi_id}, actor=actor,
                      session_id=session_id) as ch:
        ch.update("kpis", kpi_id, row)


def delete_kpi(store: Store, kpi_id: int, *, session_id: int | None = None,
               actor: str | None = None) -> dict[str, Any]:
    """Delete a KPI and its actuals; returns both ({"kpi": row, "actuals": rows}) for undo.
    The rows go into the event too."""
    plan_id = get_kpi(store, kpi_id).plan_id
    actuals = [dict(r) for r in store.query("SELECT * FROM kpi_actuals WHERE kpi_id = ?",
                                            [kpi_id])]
    with store.change("kpi.deleted", {"plan_id": plan_id, "kpi_id": kpi_id}, actor=actor,
                      session_id=session_id) as ch:
        ch.delete_where("kpi_actuals", "kpi_id = ?", [kpi_id])
        return {"kpi": ch.delete("kpis", kpi_id), "actuals": actuals}


def restore_kpi(store: Store, deleted: dict[str, Any], *, session_id: int | None = None,
                actor: str | None = None) -> int:
    """Put a deleted KPI back (undo) with its id and its actuals."""
    kpi = deleted["kpi"]
    with store.change("kpi.restored", {"plan_id": kpi["plan_id"]}, actor=actor,
                      session_id=session_id) as ch:
        kpi_id = ch.insert("kpis", dict(kpi))
        for actual in deleted["actuals"]:
            ch.insert("kpi_actuals", dict(actual))
        return kpi_id


def get_kpi(store: Store, kpi_id: int) -> Kpi:
    """One KPI by id (KeyError if there is none)."""
    return Kpi.from_row(store.row_by_id("kpis", kpi_id, "KPI"))


def list_kpis(store: Store, plan_id: int) -> list[Kpi]:
    """The plan's KPIs in the group's order."""
    rows = store.query("SELECT * FROM kpis WHERE plan_id = ? ORDER BY position, id", [plan_id])
    return [Kpi.from_row(r) for r in rows]


def only_lagging(kpis: list[Kpi]) -> bool:
    """True when the plan has KPIs but none of them is a leading indicator."""
    return bool(kpis) and all(k.indicator == "lagging" for k in kpis)


def unmeasurable(kpis: list[Kpi]) -> list[Kpi]:
    """KPIs whose target is missing or has no unit."""
    return [k for k in kpis if not k.is_measurable]


def record_actual(store: Store, kpi_id: int, period_start: str, actual: str | float, *,
                  session_id: int | None = None, actor: str | None = None) -> None:
    """Record (or correct) a KPI's measured value for the period starting on period_start."""
    value = parse_number(actual, "actual")
    if value is None:
        raise KpiInputError({"actual": "required"})
    kpi = get_kpi(store, kpi_id)
    existing = store.query("SELECT id FROM kpi_actuals WHERE kpi_id = ? AND period_start = ?",
                           [kpi_id, period_start])
    with store.change("kpi.actual_recorded", {"plan_id": kpi.plan_id, "kpi_id": kpi_id},
                      actor=actor, session_id=session_id) as ch:
        values = {"actual": value, "recorded_at": now_iso(),
                  "recorded_by": actor or store.actor, "session_id": session_id}
        if existing:
            ch.update("kpi_actuals", existing[0][0], values)
        else:
            ch.insert("kpi_actuals", {"kpi_id": kpi_id, "period_start": period_start, **values})
