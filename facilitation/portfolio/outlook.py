"""The forecast side of the portfolio: each plan's expected sales, gap, chance of reaching
its target and check score (a forecast fit each, so a worker fills them in), and the
roll-up of plans by kind or owner with honest intervals.

The roll-up adds the plans' forecasts and their variances (each variance read back from
the plan's 80% interval), not the ends of their intervals: the intervals' ends would
assume every subject misses or beats its forecast at once. Subjects are taken as
independent, so when a whole market moves together the true interval is wider.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from facilitation.portfolio.subjects import Outlook, SubjectLine
from facilitation.store.database import Store
from facilitation.store.model import Plan

# The normal quantile of a central 80% interval.
Z80 = 1.2815515655446004


def _plan_forecast(store: Store, plan: Plan, history: Any) -> Any:
    """The plan's forecast (a PlanForecast, or None without history to forecast from).

    The one place the portfolio asks for a forecast: from the database's forecast cache
    (facilitation/history/cache.py), computed and cached on a miss. `history` is unused
    (kept for callers that read it).
    """
    from facilitation.history.cache import plan_forecast

    return plan_forecast(store, plan)


def plan_outlook(store: Store, plan: Plan, history: Any, today: date | None = None,
                 *, with_score: bool = True) -> Outlook | None:
    """A plan's forecast, gap, chance of target and (optionally) check score, or None when
    its subject has no history before the plan's period. Once the period has begun, the
    figures are the actuals so far plus the forecast for the months left."""
    from facilitation.summary.check import check_document
    from facilitation.summary.document import ForecastFigures, plan_document

    try:
        found = _plan_forecast(store, plan, history)
    except (ValueError, ArithmeticError, LookupError):
        found = None
    score = None
    if with_score:
        figures = ForecastFigures.from_plan_forecast(found) if found is not None else None
        score = check_document(plan_document(store, plan.id, forecast=figures), today).score
    if found is None:
        return None
    from facilitation.history.to_date import sales_to_date

    so_far = sales_to_date(found)
    if so_far is not None:
        # The period has begun: the actuals so far plus the forecast for the rest.
        return Outlook(so_far.outlook, so_far.lower80, so_far.upper80, so_far.gap,
                       100 * so_far.gap / so_far.target, so_far.chance_of_target, score)
    return Outlook(float(found.expected), float(found.lower80), float(found.upper80),
                   float(found.gap), float(found.gap_pct), float(found.chance_of_target), score)


def outlooks(store: Store, plans: Iterable[Plan], today: date | None = None,
             *, with_score: bool = True) -> Iterator[tuple[Plan, Outlook | None]]:
    """Each plan's outlook, one by one (so a caller can show progress); each forecast comes
    from the database's cache when the subject's history has not changed."""
    for plan in plans:
        yield plan, plan_outlook(store, plan, None, today, with_score=with_score)


@dataclass(frozen=True)
class RollUp:
    """Plans summed: targets, forecasts and gaps, with the interval of the summed forecast."""

    group: str
    plans: int
    forecast_plans: int        # plans with a forecast (the sums cover only these)
    target: float
    expected: float
    lower80: float
    upper80: float
    gap: float
    gap_pct: float
    chance_of_target: float

    def to_json(self) -> dict[str, Any]:
        return {key: (None if isinstance(value, float) and not math.isfinite(value) else value)
                for key, value in asdict(self).items()}


def spread_of(outlook: Outlook) -> float:
    """The standard deviation behind an outlook's 80% interval."""
    return max(outlook.upper80 - outlook.lower80, 0.0) / (2 * Z80)


def roll_up(lines: Iterable[SubjectLine], by: str = "kind") -> list[RollUp]:
    """Plans grouped by subject kind or by owner (`by`), plus an 'all' line last.

    Targets and forecasts are summed over the plans that have a forecast, variances too;
    the chance of reaching the summed target is read from that sum.
    """
    if by not in ("kind", "owner"):
        raise ValueError('roll up by "kind" or "owner"')
    groups: dict[str, list[SubjectLine]] = defaultdict(list)
    for line in lines:
        if line.plan is None:
            continue
        groups[line.subject_kind if by == "kind" else line.owner].append(line)
        groups["all"].append(line)
    order = sorted((g for g in groups if g != "all"), key=str.casefold)
    return [_sum(group, groups[group]) for group in [*order, "all"] if group in groups]


def _sum(group: str, lines: list[SubjectLine]) -> RollUp:
    forecast = [line for line in lines if line.outlook is not None]
    target = sum(float(line.plan.target_amount) for line in forecast)
    expected = sum(line.outlook.expected for line in forecast)
    spread = math.sqrt(sum(spread_of(line.outlook) ** 2 for line in forecast))
    gap = target - expected
    if spread > 0:
        chance = 0.5 * math.erfc((target - expected) / (spread * math.sqrt(2)))
    else:
        chance = 1.0 if expected >= target and forecast else float("nan")
    return RollUp(group, len(lines), len(forecast), target, expected,
                  expected - Z80 * spread, expected + Z80 * spread, gap,
                  100 * gap / target if target else float("nan"), chance)
