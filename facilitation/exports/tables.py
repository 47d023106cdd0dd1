"""Tactics and KPIs as CSV and XLSX. A cell a spreadsheet would run as a formula (text
starting with =, +, -, @, a tab or a carriage return) is neutralised with a leading
apostrophe, so a tactic named '=HYPERLINK(...)' stays text."""

from __future__ import annotations

import csv
import io
from typing import Any

from facilitation.store.text import printable
from facilitation.summary.document import PlanDocument

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TACTIC_COLUMNS = ["strategy", "answers", "action", "owner", "due_date", "status"]
KPI_COLUMNS = ["kpi", "indicator", "unit", "direction", "baseline", "target", "cadence",
               "owner", "strategy", "definition"]
CSV_COLUMNS = ["record", "name", "strategy", "answers", "owner", "due_date", "status",
               "indicator", "unit", "baseline", "target", "cadence"]


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula, made inert; other values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _strategy_texts(doc: PlanDocument) -> dict[int, str]:
    return {s.id: s.text for s in doc.strategies}


def tactic_rows(doc: PlanDocument) -> list[dict[str, Any]]:
    rows = []
    for strategy in doc.strategies:
        answers = strategy.answers_label
        for t in strategy.tactics:
            rows.append({"strategy": strategy.text, "answers": answers, "action": t.action,
                         "owner": t.owner, "due_date": t.due_date or "", "status": t.status})
    return rows


def kpi_rows(doc: PlanDocument) -> list[dict[str, Any]]:
    strategies = _strategy_texts(doc)
    return [{"kpi": k.name, "indicator": k.indicator, "unit": k.unit, "direction": k.direction,
             "baseline": k.baseline, "target": k.target, "cadence": k.cadence, "owner": k.owner,
             "strategy": strategies.get(k.strategy_id, ""), "definition": k.definition}
            for k in doc.kpis]


def render_csv(doc: PlanDocument) -> str:
    """One table: a row per tactic (record=tactic) then per KPI (record=kpi)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in tactic_rows(doc):
        writer.writerow({k: neutralise(v) for k, v in {
            "record": "tactic", "name": row["action"], **row}.items() if k in CSV_COLUMNS})
    for row in kpi_rows(doc):
        writer.writerow({k: neutralise(v) for k, v in {
            "record": "kpi", "name": row["kpi"], **row}.items() if k in CSV_COLUMNS})
    return out.getvalue()


def render_xlsx(doc: PlanDocument) -> bytes:
    """A workbook with a Tactics sheet and a KPIs sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheets = [("Tactics", TACTIC_COLUMNS, tactic_rows(doc)), ("KPIs", KPI_COLUMNS, kpi_rows(doc))]
    for index, (name, columns, rows) in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = name
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            # openpyxl refuses control characters (IllegalCharacterError): drop them.
            sheet.append([neutralise(printable(row[c], keep_lines=True))
                          if isinstance(row[c], str) else row[c] for c in columns])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, str):
                    cell.data_type = "s"   # never a formula, whatever the text
        for column, title in zip(sheet.columns, columns):
            width = max([len(title)] + [len(str(c.value or "")) for c in column])
            sheet.column_dimensions[column[0].column_letter].width = min(width + 2, 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
