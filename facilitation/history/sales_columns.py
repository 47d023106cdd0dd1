"""Which column of a sales file holds what: guessed from the header names CRMs and
spreadsheets use, or named by the user."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from facilitation.history.sales_reading import ImportProblem
from facilitation.store.model import SUBJECT_KINDS
from facilitation.store.text import visible

# Header names CRMs and spreadsheets use, normalised (lower case, single spaces).
DATE_HEADERS = (
    "date", "month", "close date", "closed date", "closedate", "order date", "invoice date",
    "transaction date", "sale date", "sales date", "booking date", "posting date", "period",
    "created date", "year month", "day", "week",
)
SUBJECT_HEADERS = {
    "subject": None, "subject name": None, "name": None,
    "territory": "territory", "region": "territory", "state": "territory", "area": "territory",
    "district": "territory", "sales territory": "territory", "sales region": "territory",
    "rep": "salesperson", "sales rep": "salesperson", "salesperson": "salesperson",
    "sales person": "salesperson", "seller": "salesperson", "opportunity owner": "salesperson",
    "account owner": "salesperson", "owner": "salesperson", "agent": "salesperson",
    "account": "key account", "account name": "key account", "customer": "key account",
    "customer name": "key account", "client": "key account", "key account": "key account",
    "team": "team", "sales team": "team",
}
AMOUNT_HEADERS = (
    "amount", "revenue", "sales", "turnover", "value", "total", "net amount", "deal value",
    "deal amount", "net sales", "sales amount", "booking amount", "total amount", "net revenue",
    "invoice amount", "price", "total price",
)
KIND_HEADERS = ("subject kind", "kind", "subject type", "type")
UNITS_HEADERS = ("units", "quantity", "qty", "volume", "units sold")
KNOWN_HEADERS = {*DATE_HEADERS, *SUBJECT_HEADERS, *AMOUNT_HEADERS, *KIND_HEADERS, *UNITS_HEADERS}


@dataclass(frozen=True)
class ColumnMapping:
    """Which column of the file holds what (names as in the file's header)."""

    date: str
    subject: str
    amount: str
    kind: str | None = None
    units: str | None = None

    def columns(self) -> dict[str, str]:
        return {k: v for k, v in
                (("date", self.date), ("subject", self.subject), ("amount", self.amount),
                 ("kind", self.kind), ("units", self.units)) if v}


def normalise_header(name: Any) -> str:
    """'Close_Date ' → 'close date'; '(USD)' style suffixes dropped."""
    text = re.sub(r"\(.*?\)|\[.*?\]", " ", str(name)).lower()
    return " ".join(re.sub(r"[_\-.:#]+", " ", text).split())


def _find(columns: Iterable[str], wanted: Iterable[str], exclude: set[str]) -> str | None:
    by_name = {normalise_header(c): c for c in columns if c not in exclude}
    for name in wanted:
        if name in by_name:
            return by_name[name]
    for name in wanted:  # 'Amount in EUR', 'Total Revenue' (but never 'Sales Rep' as an amount)
        for normalised, original in by_name.items():
            if normalised in KNOWN_HEADERS:
                continue
            if (len(name) > 3 and name in normalised.split(" ")) or normalised.startswith(name + " "):
                return original
    return None


def guess_mapping(columns: list[str], given: dict[str, str | None] | None = None) -> ColumnMapping:
    """The column mapping guessed from header names, with any column given explicitly
    taking precedence; ImportProblem naming the missing roles and the file's columns."""
    given = {k: v for k, v in (given or {}).items() if v}
    for role, column in given.items():
        if column not in columns:
            matches = [c for c in columns if normalise_header(c) == normalise_header(column)]
            if not matches:
                raise ImportProblem(f'there is no column "{visible(column)}" for the {role}; the file '
                                    "has: " + visible(", ".join(columns)))
            given[role] = matches[0]
    taken = set(given.values())
    found: dict[str, str | None] = dict(given)
    for role, wanted in (("date", DATE_HEADERS), ("amount", AMOUNT_HEADERS),
                         ("subject", tuple(SUBJECT_HEADERS)), ("kind", KIND_HEADERS),
                         ("units", UNITS_HEADERS)):
        if role not in found:
            found[role] = _find(columns, wanted, taken)
            if found[role]:
                taken.add(found[role])
    missing = [role for role in ("date", "subject", "amount") if not found.get(role)]
    if missing:
        options = " ".join(f"--{role}-col" for role in missing)
        raise ImportProblem(
            f"cannot tell which column holds the {' and the '.join(missing)} "
            f"(the file has: {visible(', '.join(columns))}); name it with {options}"
        )
    return ColumnMapping(**found)  # type: ignore[arg-type]


def kind_from_header(subject_column: str) -> str | None:
    """'Territory' → 'territory', 'Sales Rep' → 'salesperson'; None when the header says nothing."""
    name = normalise_header(subject_column)
    if name in SUBJECT_HEADERS:
        return SUBJECT_HEADERS[name]
    for header, kind in SUBJECT_HEADERS.items():
        if kind and header in name:
            return kind
    return None


def normalise_kind(text: str) -> str | None:
    """'Key Account', 'key_account', 'Territories' → one of SUBJECT_KINDS, or None."""
    name = normalise_header(text).replace("sales person", "salesperson").rstrip("s")
    name = {"rep": "salesperson", "sales rep": "salesperson", "region": "territory",
            "territorie": "territory", "account": "key account", "customer": "key account"}.get(
        name, name)
    return name if name in SUBJECT_KINDS else None


