"""A plan's period as it goes: the sales actually made in the months already imported,
against what the plan's forecast expected for them, and the gap re-computed as the actuals
so far plus the original forecast for the months still to come."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

# The normal quantile of a central 80% interval.
Z80 = 1.2815515655446004


@dataclass(frozen=True)
class SalesToDate:
    """The plan's period so far, and the outlook for the whole period now."""

    first_month: str
    last_month: str            # the last month with an actual
    months_known: int
    months_left: int
    actual: float              # sales in the known months
    expected: float            # what the forecast expected for those months
    outlook: float             # actual + forecast for the months left
    lower80: float
    upper80: float
    target: float
    gap: float                 # target − outlook
    chance_of_target: float

    @property
    def versus_forecast_pct(self) -> float:
        """How far the actuals so far are above (+) or below (−) the forecast, in %."""
        return 100 * (self.actual - self.expected) / self.expected if self.expected else 0.0


def sales_to_date(found: Any) -> SalesToDate | None:
    """From a PlanForecast whose months carry their actuals: None before any month is known.

    The months left keep the original forecast; their 80% bands are added as if fully
    correlated (a level misjudged stays misjudged), which errs on the wide side.
    """
    known = [m for m in found.months if m.actual is not None]
    if not known:
        return None
    left = [m for m in found.months if m.actual is None]
    actual = sum(m.actual for m in known)
    outlook = actual + sum(m.expected for m in left)
    half80 = sum((m.upper80 - m.lower80) / 2 for m in left)
    target = float(found.target)
    if half80 > 0:
        spread = half80 / Z80
        chance = 0.5 * math.erfc((target - outlook) / (spread * math.sqrt(2)))
    else:
        chance = 1.0 if outlook >= target else 0.0
    return SalesToDate(known[0].month, known[-1].month, len(known), len(left), actual,
                       sum(m.expected for m in known), outlook, outlook - half80,
                       outlook + half80, target, target - outlook, chance)
