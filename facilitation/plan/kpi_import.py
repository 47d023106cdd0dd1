"""KPI actuals imported from a CSV file, for teams that keep activity counts elsewhere (a
CRM report, a spreadsheet): one row per KPI and period. Like the sales import, each bad
row is reported by its line number with the reason, and nothing is saved unless every row
is good.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from facilitation.plan.kpi_pace import period_start
from facilitation.plan.kpis import Kpi, KpiInputError, list_kpis, parse_number
from facilitation.store.database import Store, now_iso

ROLES = ("period", "kpi", "actual")
HEADERS = {
    "period": ("period", "month", "date", "week", "period start"),
    "kpi": ("kpi", "indicator", "metric", "name", "kpi name"),
    "actual": ("actual", "value", "count", "amount", "result"),
}
_PERIOD = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")


class KpiImportError(ValueError):
    """A file that cannot be imported; `problems` lists each bad row as 'line N: why'."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


@dataclass(frozen=True)
class KpiActualRow:
    """One good row: the KPI, the start of the period it measures, the actual."""

    line: int
    kpi: Kpi
    period_start: str
    actual: float


def _header(text: str) -> str:
    return " ".join(re.sub(r"[_\-.:#]+", " ", text.strip().lower()).split())


def guessed_columns(columns: list[str], given: dict[str, str] | None = None) -> dict[str, str]:
    """Which column holds the period, the KPI and the actual: given ones first, then by
    header name; '' for a role no column is found for."""
    found = {role: name for role, name in (given or {}).items() if name}
    for role in ROLES:
        if role in found:
            continue
        found[role] = next((c for c in columns if _header(c) in HEADERS[role]
                            and c not in found.values()), "")
    return found


def guess_columns(columns: list[str], given: dict[str, str] | None = None) -> dict[str, str]:
    """The guessed columns (see guessed_columns); KpiImportError naming the roles it could
    not find."""
    found = guessed_columns(columns, given)
    missing = [role for role in ROLES if not found[role] or found[role] not in columns]
    if missing:
        raise KpiImportError(f"no column for the {', '.join(missing)}; the file's columns are "
                             f"{', '.join(columns) or 'none'}")
    return found


def read_rows(text: str) -> tuple[list[str], list[list[str]]]:
    """A CSV text's header and rows (comma, semicolon or tab, whichever the header uses)."""
    delimiter = max((",", ";", "\t"), key=text[:2000].split("\n")[0].count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not rows or not any(c.strip() for c in rows[0]):
        raise KpiImportError("the file is empty")
    return [c.strip() for c in rows[0]], rows[1:]


def read_text(path: str | Path) -> str:
    """The file's text; KpiImportError saying why it cannot be read."""
    path = Path(path)
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise KpiImportError(f"cannot read {path.name}: {exc}") from None


def parse_period(text: str, cadence: str) -> str:
    """'2026-10' or '2026-10-14' → the start ('YYYY-MM-DD') of the KPI's period it falls in."""
    shown = " ".join(text.split())
    match = _PERIOD.match(text.strip())
    if not match:
        raise ValueError(f'"{shown}" is not a period; write 2026-10 or 2026-10-14')
    try:
        day = date(int(match[1]), int(match[2]), int(match[3] or 1))
    except ValueError as exc:
        raise ValueError(f'"{shown}" is not a date ({exc})') from None
    return period_start(cadence, day).isoformat()


def parse_kpi_actuals(text: str, kpis: list[Kpi], given: dict[str, str] | None = None,
                      ) -> tuple[list[KpiActualRow], list[str]]:
    """The good rows and the problems ('line N: why') of a CSV text; line 1 is the header."""
    header, body = read_rows(text)
    columns = guess_columns(header, given)
    index = {role: header.index(name) for role, name in columns.items()}
    by_name = {kpi.name.casefold(): kpi for kpi in kpis}
    rows, problems = [], []
    for line, cells in enumerate(body, start=2):
        if not any(c.strip() for c in cells):
            continue
        cell = {role: cells[i].strip() if i < len(cells) else "" for role, i in index.items()}
        kpi = by_name.get(cell["kpi"].casefold())
        if kpi is None:
            problems.append(f'line {line}: no KPI "{cell["kpi"]}" in this plan (its KPIs: '
                            f'{", ".join(k.name for k in kpis) or "none"})')
            continue
        try:
            period = parse_period(cell["period"], kpi.cadence)
            actual = parse_number(cell["actual"], "actual")
        except ValueError as exc:
            message = "; ".join(exc.errors.values()) if isinstance(exc, KpiInputError) else exc
            problems.append(f"line {line}: {message}")
            continue
        if actual is None:
            problems.append(f"line {line}: no actual")
            continue
        rows.append(KpiActualRow(line, kpi, period, actual))
    return rows, problems


def import_kpi_actuals(store: Store, plan_id: int, path: str | Path,
                       given: dict[str, str] | None = None, *, actor: str | None = None) -> int:
    """Save every row of the file as its KPI's actual for its period (a later row for the same
    KPI and period wins); one change. Returns how many actuals were saved.

    KpiImportError, with every bad row's line, when any row is bad: nothing is saved then.
    """
    path = Path(path)
    rows, problems = parse_kpi_actuals(read_text(path), list_kpis(store, plan_id), given)
    if problems:
        count = len(problems)
        raise KpiImportError(f"{path.name}: {count} bad row{'s' if count != 1 else ''}; "
                             "nothing imported", problems)
    return save_kpi_actuals(store, plan_id, rows, path.name, actor=actor)


def save_kpi_actuals(store: Store, plan_id: int, rows: list[KpiActualRow], source: str, *,
                     actor: str | None = None) -> int:
    """Save checked rows as their KPIs' actuals (a later row for the same KPI and period
    wins); one change. Returns how many actuals were saved."""
    latest = {(row.kpi.id, row.period_start): row for row in rows}
    existing = {(r["kpi_id"], r["period_start"]): r["id"] for r in store.query(
        "SELECT a.id, a.kpi_id, a.period_start FROM kpi_actuals a JOIN kpis k ON k.id = a.kpi_id "
        "WHERE k.plan_id = ?", [plan_id])}
    stamp, who = now_iso(), actor or store.actor
    with store.change("kpi.actuals_imported", {"plan_id": plan_id, "source": source,
                                               "rows": len(latest)}, actor=actor) as ch:
        for key, row in latest.items():
            values = {"actual": row.actual, "recorded_at": stamp, "recorded_by": who,
                      "session_id": None}
            if key in existing:
                ch.update("kpi_actuals", existing[key], values)
            else:
                ch.insert("kpi_actuals", {"kpi_id": row.kpi.id, "period_start": row.period_start,
                                          **values})
    return len(latest)
