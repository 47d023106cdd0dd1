"""KPI actuals in a progress review: which period is being reviewed for each cadence, and
each KPI's pace against its target, flagged early when it diverges."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from facilitation.plan.kpis import Kpi, list_kpis
from facilitation.store.database import Store

CLOSE = 0.9          # at least 90% of the target's pace counts as close, not behind
# A flag comes early: the latest period behind, or two periods in a row short of target.


def period_start(cadence: str, day: date) -> date:
    """The first day of the period `day` falls in: Monday of its week, Monday of its
    two-week block (counted from 2024-01-01, a Monday), or the 1st of its month."""
    if cadence == "monthly":
        return day.replace(day=1)
    monday = day - timedelta(days=day.weekday())
    if cadence == "weekly":
        return monday
    anchor = date(2024, 1, 1)
    weeks = (monday - anchor).days // 7
    return monday - timedelta(days=7 * (weeks % 2))


def period_label(cadence: str, start: date) -> str:
    """'Nov 2026', 'week of 2026-11-23', '2 weeks from 2026-11-23'."""
    if cadence == "monthly":
        return start.strftime("%b %Y")
    if cadence == "weekly":
        return f"week of {start.isoformat()}"
    return f"2 weeks from {start.isoformat()}"


def pace_ratio(kpi: Kpi, actual: float | None) -> float | None:
    """How far the actual is toward the target: 1.0 = on target; for 'down' KPIs (less is
    better) the ratio is target ÷ actual. None without a target or an actual."""
    if actual is None or kpi.target is None:
        return None
    if kpi.direction == "down":
        if actual <= 0:
            return 1.0 if kpi.target >= 0 else None
        return kpi.target / actual
    if kpi.target == 0:
        return 1.0 if actual >= 0 else 0.0
    return actual / kpi.target


@dataclass(frozen=True)
class KpiPace:
    """A KPI in a review: its actual this period, the one before, and its pace."""

    kpi: Kpi
    period: date
    actual: float | None
    previous: float | None
    ratio: float | None
    previous_ratio: float | None

    @property
    def status(self) -> str:
        """'no target', 'not entered', 'on target', 'close' or 'behind'."""
        if self.kpi.target is None:
            return "no target"
        if self.ratio is None:
            return "not entered"
        if self.ratio >= 1:
            return "on target"
        return "close" if self.ratio >= CLOSE else "behind"

    @property
    def diverging(self) -> bool:
        """Flag early: behind now, or short of target two periods in a row."""
        if self.ratio is None:
            return False
        if self.ratio < CLOSE:
            return True
        return self.ratio < 1 and self.previous_ratio is not None and self.previous_ratio < 1


def pace_of(kpi: Kpi, actuals: dict[str, float], today: date) -> KpiPace:
    """A KPI's pace this period from its actuals by period start ('YYYY-MM-DD')."""
    period = period_start(kpi.cadence, today)
    current = actuals.get(period.isoformat())
    earlier = [start for start in actuals if start < period.isoformat()]
    previous = actuals[max(earlier)] if earlier else None
    return KpiPace(kpi, period, current, previous, pace_ratio(kpi, current),
                   pace_ratio(kpi, previous))


def kpi_paces(store: Store, plan_id: int, today: date | None = None) -> list[KpiPace]:
    """Each KPI of the plan with this period's actual, the previous one, and its pace."""
    today = today or date.today()
    paces = []
    for kpi in list_kpis(store, plan_id):
        period = period_start(kpi.cadence, today)
        rows = store.query("SELECT period_start, actual FROM kpi_actuals WHERE kpi_id = ? AND "
                           "period_start <= ? ORDER BY period_start DESC LIMIT 2",
                           [kpi.id, period.isoformat()])
        paces.append(pace_of(kpi, {r["period_start"]: r["actual"] for r in rows}, today))
    return paces


def divergence(kpi: Kpi, actuals: dict[str, float], today: date) -> str | None:
    """Why the KPI is drifting from its target, judged on the periods entered up to today
    (the current one may not be entered yet), or None when it is not.

    Flagged early, as the method asks: the latest period behind, two periods running short
    of target, or three periods each further off with the next one, on that line, short.
    """
    upto = period_start(kpi.cadence, today).isoformat()
    ratios = [pace_ratio(kpi, actuals[start]) for start in sorted(actuals) if start <= upto]
    ratios = [r for r in ratios if r is not None]
    if not ratios:
        return None
    if ratios[-1] < CLOSE:
        return f"behind: {100 * ratios[-1]:.0f}% of target"
    if len(ratios) >= 2 and ratios[-1] < 1 and ratios[-2] < 1:
        return "short of target two periods running"
    if len(ratios) >= 3 and ratios[-3] > ratios[-2] > ratios[-1]:
        following = ratios[-1] + (ratios[-1] - ratios[-3]) / 2
        if following < 1:
            return f"trending away: about {100 * following:.0f}% of target next period"
    return None
