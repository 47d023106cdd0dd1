"""KPI actuals over time: the grid of recent periods × KPIs that a progress review edits
(past periods too), and per KPI its attainment over the plan's period, the run-rate it needs
for the rest of the period, and whether it is drifting from its target path."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from facilitation.plan.kpi_pace import divergence, pace_ratio, period_start
from facilitation.plan.kpis import Kpi, list_kpis
from facilitation.plan.plans import get_plan
from facilitation.plan.reviews import add_months, month_end
from facilitation.store.database import Store

GRID_PERIODS = 6


def shift_period(cadence: str, start: date, periods: int) -> date:
    """The start of the period `periods` after (or before, if negative) the one at `start`."""
    if cadence == "monthly":
        return add_months(start, periods)
    return start + timedelta(days=(7 if cadence == "weekly" else 14) * periods)


def recent_periods(cadence: str, today: date, count: int = GRID_PERIODS) -> list[date]:
    """The starts of the last `count` periods up to today's, oldest first."""
    current = period_start(cadence, today)
    return [shift_period(cadence, current, back) for back in range(1 - count, 1)]


def plan_periods(cadence: str, first_month: str, last_month: str) -> list[date]:
    """The starts of the periods that overlap a plan's target months."""
    first = period_start(cadence, date.fromisoformat(f"{first_month}-01"))
    end = month_end(last_month)
    periods = [first]
    while (following := shift_period(cadence, periods[-1], 1)) <= end:
        periods.append(following)
    return periods


@dataclass(frozen=True)
class KpiTrack:
    """A KPI over time: its recent actuals against its target path, and what it needs."""

    kpi: Kpi
    periods: tuple[date, ...]              # the grid's periods, oldest first
    actuals: tuple[float | None, ...]      # one per period; None = not entered
    attainment: float | None               # the plan period so far: 1.0 = on target
    needed: float | None                   # per remaining period, to end on target
    remaining: int                         # periods of the plan period not entered yet
    drift: str | None                      # why it diverges, or None

    @property
    def ratios(self) -> tuple[float | None, ...]:
        return tuple(pace_ratio(self.kpi, actual) for actual in self.actuals)

    @property
    def needed_text(self) -> str:
        """'needs 22 meetings a period for the last 2' or '' when it cannot be said."""
        if self.needed is None:
            return ""
        verb = "at most" if self.kpi.direction == "down" else "needs"
        periods = "the last one" if self.remaining == 1 else f"the last {self.remaining}"
        return f"{verb} {self.kpi.format_value(round(self.needed, 1))} a period for {periods}"


def _actuals(store: Store, kpi_id: int) -> dict[str, float]:
    rows = store.query("SELECT period_start, actual FROM kpi_actuals WHERE kpi_id = ?",
                       [kpi_id])
    return {r["period_start"]: r["actual"] for r in rows}


def track(kpi: Kpi, actuals: dict[str, float], today: date, first_month: str,
          last_month: str, count: int = GRID_PERIODS) -> KpiTrack:
    """One KPI's track from its actuals by period start, for a plan over the given months."""
    periods = recent_periods(kpi.cadence, today, count)
    upto = period_start(kpi.cadence, today).isoformat()
    in_plan = [p.isoformat() for p in plan_periods(kpi.cadence, first_month, last_month)]
    entered = [actuals[p] for p in in_plan if p in actuals and p <= upto]
    attainment = needed = None
    remaining = len(in_plan) - len(entered)
    if entered:
        attainment = pace_ratio(kpi, sum(entered) / len(entered))
    if kpi.target is not None and remaining > 0:
        # The period's average reaches the target when the sum reaches target × periods.
        needed = (kpi.target * len(in_plan) - sum(entered)) / remaining
        if kpi.direction == "up":
            needed = max(needed, 0.0)
    return KpiTrack(kpi, tuple(periods), tuple(actuals.get(p.isoformat()) for p in periods),
                    attainment, needed, remaining, divergence(kpi, actuals, today))


def kpi_tracks(store: Store, plan_id: int, today: date | None = None,
               count: int = GRID_PERIODS) -> list[KpiTrack]:
    """Every KPI of the plan with its last `count` periods of actuals and what it needs."""
    today = today or date.today()
    plan = get_plan(store, plan_id)
    return [track(kpi, _actuals(store, kpi.id), today, plan.period_start, plan.period_end,
                  count) for kpi in list_kpis(store, plan_id)]
