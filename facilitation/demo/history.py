"""The demo's sales history, kept current: the last month is always last month."""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable

from facilitation.demo.build import DEMO_DIR
from facilitation.history.importer import ImportProblem, read_sales_file
from facilitation.history.monthly import MonthlyTotal, save_history
from facilitation.store.database import Store
from facilitation.store.model import month_index, relative_month, shift_month


def shifted(totals: Iterable[MonthlyTotal], months: int) -> list[MonthlyTotal]:
    """The same totals moved by a number of months."""
    return [replace(total, month=shift_month(total.month, months)) for total in totals]


def add_demo_history(store: Store) -> None:
    """The demo's four years of monthly sales (data/demo/sales_history.csv), moved so that
    the last month is the month before today."""
    parsed = read_sales_file(DEMO_DIR / "sales_history.csv")
    if parsed.problems:
        raise ImportProblem(parsed.refusal(), parsed.problems)
    last = max(t.month for t in parsed.totals)
    offset = month_index(relative_month("-1")) - month_index(last)
    save_history(store, parsed.source, shifted(parsed.totals, offset), parsed.rows_read)
