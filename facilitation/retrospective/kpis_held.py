"""Which KPIs held? Each KPI's actuals over every period entered, against its target path
(its target every period), and the periods it was off pace — the year's answer to "did
our leading indicators warn us, and did we keep to them?"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from facilitation.plan.kpi_pace import CLOSE, pace_ratio, period_label
from facilitation.plan.kpis import Kpi, list_kpis
from facilitation.store.database import Store


@dataclass(frozen=True)
class KpiPeriod:
    """One period's actual and how far it was toward the target (1.0 = on target)."""

    start: str            # 'YYYY-MM-DD'
    actual: float
    ratio: float | None

    @property
    def off_pace(self) -> bool:
        """Behind the target path: under 90 % of the target's pace, as a review flags it."""
        return self.ratio is not None and self.ratio < CLOSE


@dataclass(frozen=True)
class KpiRecord:
    """A KPI over all its periods: did it hold to its target path?"""

    kpi: Kpi
    periods: tuple[KpiPeriod, ...]      # every period entered, oldest first

    @property
    def off_pace(self) -> tuple[KpiPeriod, ...]:
        return tuple(p for p in self.periods if p.off_pace)

    @property
    def verdict(self) -> str:
        """'held', 'recovered' (off pace, back on it in the last period), 'did not hold',
        'no target' or 'no actuals'."""
        if self.kpi.target is None:
            return "no target"
        if not self.periods:
            return "no actuals"
        if not self.off_pace:
            return "held"
        return "did not hold" if self.periods[-1].off_pace else "recovered"

    @property
    def attainment(self) -> float | None:
        """The average period against the target (1.0 = exactly on target)."""
        if not self.periods:
            return None
        return pace_ratio(self.kpi, sum(p.actual for p in self.periods) / len(self.periods))

    def off_pace_labels(self) -> list[str]:
        """'Mar 2026', 'week of 2026-03-02', … for each period off pace."""
        return [period_label(self.kpi.cadence, date.fromisoformat(p.start))
                for p in self.off_pace]

    def to_json(self) -> dict[str, Any]:
        return {"kpi_id": self.kpi.id, "name": self.kpi.name, "target": self.kpi.target,
                "unit": self.kpi.unit, "cadence": self.kpi.cadence,
                "direction": self.kpi.direction, "verdict": self.verdict,
                "attainment": self.attainment,
                "periods": [{"start": p.start, "actual": p.actual, "ratio": p.ratio,
                             "off_pace": p.off_pace} for p in self.periods]}


def kpi_record(kpi: Kpi, actuals: dict[str, float]) -> KpiRecord:
    """One KPI's record from its actuals by period start ('YYYY-MM-DD')."""
    return KpiRecord(kpi, tuple(KpiPeriod(start, actuals[start],
                                          pace_ratio(kpi, actuals[start]))
                                for start in sorted(actuals)))


def kpis_held(store: Store, plan_id: int) -> list[KpiRecord]:
    """Every KPI of the plan with all its actuals against its target path."""
    records = []
    for kpi in list_kpis(store, plan_id):
        rows = store.query("SELECT period_start, actual FROM kpi_actuals WHERE kpi_id = ?",
                           [kpi.id])
        records.append(kpi_record(kpi, {r["period_start"]: r["actual"] for r in rows}))
    return records
