"""Plain dataclasses for what a plan is made of."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from datetime import date
from functools import cache
from typing import Any, Self

SUBJECT_KINDS = ("salesperson", "territory", "key account", "team")
PLAN_STATUSES = ("active", "archived")

_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def parse_month(text: str) -> str:
    """Normalise 'YYYY-MM' (or 'YYYY-M'); raise ValueError with a readable reason."""
    match = _MONTH.match(text.strip())
    if not match:
        raise ValueError(f'"{text}" is not a month; write it as YYYY-MM, e.g. 2027-01')
    year, month = int(match[1]), int(match[2])
    if not 1 <= month <= 12:
        raise ValueError(f'"{text}" has no month {month}; months run 01 to 12')
    return f"{year:04d}-{month:02d}"


def month_index(month: str) -> int:
    """Months since year 0, so that differences count months."""
    year, mon = month.split("-")
    return int(year) * 12 + int(mon) - 1


def month_of_index(index: int) -> str:
    """The 'YYYY-MM' month that month_index maps to `index`."""
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def shift_month(month: str, months: int) -> str:
    """The month `months` after (or before, if negative) a 'YYYY-MM' month."""
    return month_of_index(month_index(month) + months)


def relative_month(offset: str | int, today: date | None = None) -> str:
    """'+1' → next month as YYYY-MM, '-12' → a year ago; `today` defaults to the clock."""
    today = today or date.today()
    return month_of_index(today.year * 12 + today.month - 1 + int(offset))


def months_between(start: str, end: str) -> int:
    """How many months from start to end, both included."""
    return month_index(end) - month_index(start) + 1


def month_end(month: str) -> date:
    """'2027-03' → 2027-03-31: the day before the next month's first."""
    following = month_index(month) + 1
    return date.fromordinal(date(following // 12, following % 12 + 1, 1).toordinal() - 1)


def parse_amount(text: str) -> float:
    """A money amount typed by a person: '120000', '120,000', '$120 000.50'."""
    cleaned = re.sub(r"[\s,$€£]", "", text.strip())
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f'"{text}" is not an amount') from None


class Record:
    """A dataclass read from a table row whose column names are its field names."""

    @classmethod
    def from_row(cls, row: Any) -> Self:
        return cls(**{name: row[name] for name in _field_names(cls)})

    def changes(self, values: dict[str, Any]) -> dict[str, Any]:
        """The values that differ from the record's: what an update has to write."""
        return {name: value for name, value in values.items() if getattr(self, name) != value}


@cache
def _field_names(record: type) -> tuple[str, ...]:
    # dataclasses.fields() on every row was a tenth of the home screen's reading time.
    return tuple(f.name for f in fields(record))


@dataclass(frozen=True)
class Plan(Record):
    """A sales performance improvement plan for one subject and target period."""

    id: int
    subject_kind: str
    subject_name: str
    owner: str
    period_start: str
    period_end: str
    target_amount: float
    status: str
    created_at: str
    updated_at: str

    @property
    def title(self) -> str:
        return f"{self.subject_name} ({self.subject_kind})"

    @property
    def period(self) -> str:
        return f"{self.period_start}..{self.period_end}"


@dataclass(frozen=True)
class PlanSummary:
    """A plan with what the home screen shows beside it."""

    plan: Plan
    last_session: str | None
    next_review: str | None


def format_money_short(amount: float | None) -> str:
    """Amounts in narrow columns: 1.45M, 420k, 950."""
    if amount is None:
        return "—"
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(amount) >= size:
            return f"{amount / size:.3g}{suffix}"
    return f"{amount:.0f}"


def format_month_span(start: str, end: str) -> str:
    """'2026-12', '2027-02' → 'Dec 2026–Feb 2027'."""
    names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    def name(month: str) -> str:
        year, mon = month.split("-")
        return f"{names[int(mon) - 1]} {year}"

    return f"{name(start)}–{name(end)}"


def format_money(amount: float | None) -> str:
    """Amounts as people read them in a plan: 1,234,567 (no decimals)."""
    if amount is None:
        return "—"
    return f"{amount:,.0f}"
