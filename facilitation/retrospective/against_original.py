"""A plan's sales as its period goes, against the forecast it was made with: the first
forecast a session showed for the period (kept in the forecast ledger, never re-fitted),
the actual sales in the months imported so far, the target, and the outlook and gap
re-computed now (the actuals so far plus the current forecast for the months left).

    progress = against_original(store, plan_id)
    progress.actual_to_date, progress.original_to_date, progress.gap_now
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitation.plan.plans import get_plan
from facilitation.retrospective.forecast_ledger import LedgerEntry, ledger
from facilitation.store.database import Store
from facilitation.store.model import format_money_short


@dataclass(frozen=True)
class AgainstOriginal:
    """The plan's period so far against its original forecast and its target."""

    plan_id: int
    target: float
    original: LedgerEntry | None     # the forecast first shown for this period
    months_known: int                # months of the period with actual sales imported
    months_left: int
    actual_to_date: float | None     # None before any month of the period is imported
    original_to_date: float | None   # the original forecast's share of the months known
    now_expected: float | None       # actual to date + the current forecast for the rest
    now_lower80: float | None
    now_upper80: float | None
    chance_now: float | None
    forecast_ready: bool = True      # False: the current forecast is not computed yet

    @property
    def gap_original(self) -> float | None:
        """Target − the original forecast (what the plan set out to close)."""
        return None if self.original is None else self.target - self.original.expected

    @property
    def gap_now(self) -> float | None:
        """Target − the outlook now (positive: still short)."""
        return None if self.now_expected is None else self.target - self.now_expected

    @property
    def versus_original_pct(self) -> float | None:
        """Actual to date against the original forecast for the same months, in %."""
        if self.actual_to_date is None or not self.original_to_date:
            return None
        return 100 * (self.actual_to_date - self.original_to_date) / self.original_to_date

    def to_json(self) -> dict[str, Any]:
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}
        fields["original"] = None if self.original is None else self.original.to_json()
        return {**fields, "gap_original": self.gap_original, "gap_now": self.gap_now,
                "versus_original_pct": self.versus_original_pct}

    def lines(self) -> list[str]:
        """Up to three short lines for the plan screen (80 columns)."""
        money = format_money_short
        first = (f"Original forecast {money(self.original.expected)} "
                 f"(shown {self.original.recorded_at[:10]})"
                 if self.original else "No forecast shown in a session yet")
        first += f" · target {money(self.target)}"
        if self.gap_original is not None:
            gap = self.gap_original
            first += (f" (gap {money(gap)} then)" if gap > 0 else
                      f" ({money(-gap)} above it then)")
        if not self.forecast_ready:
            return [first, "Sales to date: once the forecast is computed (f)."]
        if self.actual_to_date is None:
            return [first, "No month of the period imported yet."]
        second = (f"Sold {money(self.actual_to_date)} in {self.months_known} of "
                  f"{self.months_known + self.months_left} months")
        if self.original_to_date is not None:
            pct = self.versus_original_pct
            second += (f" vs {money(self.original_to_date)} forecast for them"
                       + (f" ({pct:+.0f}%)" if pct is not None else ""))
        lines = [first, second]
        if self.now_expected is not None and self.gap_now is not None:
            lines.append(f"Outlook now {money(self.now_expected)}: {_gap(self.gap_now)}, "
                         f"{100 * (self.chance_now or 0):.0f}% chance of target")
        return lines


def _gap(gap: float) -> str:
    """'gap 79k' when short of the target, 'above target by 163k' when not."""
    return f"gap {format_money_short(gap)}" if gap > 0 else \
        f"above target by {format_money_short(-gap)}"


def original_forecast(store: Store, plan_id: int) -> LedgerEntry | None:
    """The first forecast a session showed for the plan's current period, as it was shown."""
    plan = get_plan(store, plan_id)
    same = [e for e in ledger(store, plan_id).entries
            if (e.period_start, e.period_end) == (plan.period_start, plan.period_end)]
    return min(same, key=lambda e: (e.recorded_at, e.id), default=None)


def against_original(store: Store, plan_id: int, *, compute: bool = True) -> AgainstOriginal:
    """The plan's sales to date against its original forecast and target, with the plan's
    current forecast from the forecast cache: fitted on a miss (call it off the UI thread),
    or, with `compute` False, only when the cache holds it for the history as it is now
    (`forecast_ready` False otherwise)."""
    from facilitation.history.cache import plan_forecast, stored_forecast
    from facilitation.history.to_date import sales_to_date

    plan = get_plan(store, plan_id)
    original = original_forecast(store, plan_id)
    found = None
    if not compute:
        cached = stored_forecast(store, plan.subject_kind, plan.subject_name,
                                 plan.period_start, plan.period_end)
        if cached is None or not cached.fresh:
            return AgainstOriginal(plan_id, float(plan.target_amount), original, 0, 0, None,
                                   None, None, None, None, None, forecast_ready=False)
        if cached.result is not None:
            found = cached.result.with_target(float(plan.target_amount), plan_id)
    else:
        try:
            found = plan_forecast(store, plan)
        except (ValueError, ArithmeticError, LookupError):
            found = None
    so_far = sales_to_date(found) if found is not None else None
    if so_far is None:
        months = len(found.months) if found is not None else 0
        return AgainstOriginal(plan_id, float(plan.target_amount), original, 0, months,
                               None, None, None, None, None, None)
    original_to_date = None
    if original is not None:
        # The ledger keeps the period's total; its share of the months known follows the
        # seasonal shape of the current forecast for the same months.
        total = sum(m.expected for m in found.months)
        original_to_date = original.expected * so_far.expected / total if total else None
    return AgainstOriginal(plan_id, float(plan.target_amount), original, so_far.months_known,
                           so_far.months_left, so_far.actual, original_to_date, so_far.outlook,
                           so_far.lower80, so_far.upper80, so_far.chance_of_target)
