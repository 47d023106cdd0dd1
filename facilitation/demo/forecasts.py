"""The demo's forecast cases: a lapsed key account whose history stopped months ago (its
forecast warns that it extrapolates), and every plan's forecast computed into the cache so
that the demo opens with its figures ready. (Dana Whitfield's forecast is the weak one:
in its test its errors were larger than "same as last year" makes in a typical year.)"""

from __future__ import annotations

import math

from facilitation.history.cache import precompute_forecasts
from facilitation.history.monthly import MonthlyTotal, save_history
from facilitation.plan.plans import PlanInput, create_plan
from facilitation.store.database import Store
from facilitation.store.model import relative_month, shift_month

LAPSED_ACCOUNT = ("key account", "Meridian Foods")
LAPSED_HISTORY_MONTHS = 30
LAPSED_SINCE = -10      # the last month with sales, relative to this month


def add_lapsed_account(store: Store) -> None:
    """Meridian Foods bought every month for two and a half years, then stopped ten
    months ago; a win-back plan forecasts its next half-year from that old history."""
    kind, name = LAPSED_ACCOUNT
    last = relative_month(LAPSED_SINCE)
    first = shift_month(last, -(LAPSED_HISTORY_MONTHS - 1))
    totals = [
        MonthlyTotal(kind, name, shift_month(first, i),
                     round(52_000 * (1 + 0.006 * i) * (1 + 0.18 * math.sin(2 * math.pi * i / 12))
                           * (1 + 0.04 * math.sin(7.3 * i)), 2))
        for i in range(LAPSED_HISTORY_MONTHS)
    ]
    save_history(store, "meridian_foods_archive.csv", totals, rows_read=len(totals))
    create_plan(store, PlanInput(kind, name, "Tom Okafor", relative_month("+1"),
                                 relative_month("+6"), "420000"))


def add_forecast_cases(store: Store) -> None:
    """The lapsed account, then every active plan's forecast into the cache."""
    add_lapsed_account(store)
    precompute_forecasts(store)
