"""The plan's decisions as tables: tactics, KPIs, risks, strategies, review decisions, the
colleague's review and the sessions' participants, as CSV (one table, a `record` column
saying what each row is) and XLSX (a sheet each, dates as real dates).

A cell a spreadsheet would run as a formula (text starting with =, +, -, @, a tab or a
carriage return) is neutralised with a leading apostrophe, so a tactic named
'=HYPERLINK(...)' stays text."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from facilitation.store.text import printable
from facilitation.summary.document import PlanDocument

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# Columns holding an ISO date: real dates in XLSX, so that a spreadsheet sorts and filters them.
DATE_COLUMNS = {"due_date", "reviewed_on", "started_on", "occurred"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

TACTIC_COLUMNS = ["strategy", "answers", "action", "owner", "due_date", "status",
                  "status_note"]
KPI_COLUMNS = ["kpi", "indicator", "unit", "direction", "baseline", "target", "cadence",
               "owner", "strategy", "definition"]
RISK_COLUMNS = ["risk", "category", "top", "likelihood", "impact", "score", "revenue_effect",
                "revenue_effect_pct", "response", "evidence", "history_months", "occurred"]
STRATEGY_COLUMNS = ["strategy", "answers", "clarity", "resources", "insights",
                    "best_practices"]
DECISION_COLUMNS = ["kind", "decision", "owner", "due_date", "status", "prompted_by"]
COLLEAGUE_COLUMNS = ["colleague", "reviewed_on", "comments", "agreed_changes"]
SESSION_COLUMNS = ["started_on", "script", "facilitator", "participants"]
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
                         "owner": t.owner, "due_date": t.due_date or "", "status": t.status,
                         "status_note": t.status_note})
    return rows


def kpi_rows(doc: PlanDocument) -> list[dict[str, Any]]:
    strategies = _strategy_texts(doc)
    return [{"kpi": k.name, "indicator": k.indicator, "unit": k.unit, "direction": k.direction,
             "baseline": k.baseline, "target": k.target, "cadence": k.cadence, "owner": k.owner,
             "strategy": strategies.get(k.strategy_id, ""), "definition": k.definition}
            for k in doc.kpis]


def risk_rows(doc: PlanDocument) -> list[dict[str, Any]]:
    """Every risk (top ones first), its response, both forms of its revenue effect and its
    evidence, with the history months attached ('2025-09 North -45%; …')."""
    rows = []
    for line in doc.risks:
        r = line.risk
        months = "; ".join(f"{e['month']} {e['subject_name']} -{e['shortfall_pct']:.0f}%"
                           for e in line.evidence_months)
        rows.append({"risk": r.title, "category": r.category, "top": "yes" if line.is_top
                     else "no", "likelihood": r.likelihood, "impact": r.impact,
                     "score": r.score, "revenue_effect": r.revenue_effect,
                     "revenue_effect_pct": r.revenue_effect_pct, "response": r.response or "",
                     "evidence": r.evidence, "history_months": months,
                     "occurred": r.occurred_at or ""})
    return rows


def strategy_rows(doc: PlanDocument) -> list[dict[str, Any]]:
    return [{"strategy": s.text, "answers": s.answers_label, "clarity": s.clarity,
             "resources": s.resources, "insights": s.insights,
             "best_practices": s.best_practices} for s in doc.strategies]


def decision_rows(doc: PlanDocument) -> list[dict[str, Any]]:
    return [{"kind": line.decision.kind_label, "decision": line.decision.text,
             "owner": line.decision.owner, "due_date": line.decision.due_date or "",
             "status": line.decision.status, "prompted_by": line.prompted_by}
            for line in doc.decisions]


def colleague_rows(doc: PlanDocument) -> list[dict[str, Any]]:
    return [{"colleague": r.colleague, "reviewed_on": r.reviewed_on, "comments": r.comments,
             "agreed_changes": r.agreed_changes} for r in doc.colleague_reviews]


def session_rows(doc: PlanDocument) -> list[dict[str, Any]]:
    return [{"started_on": s.started_at[:10], "script": s.script_title,
             "facilitator": s.facilitator, "participants": ", ".join(s.participants)}
            for s in doc.sessions]


# (sheet name, CSV record name, columns, the column that names the row in CSV, rows)
Rows = Callable[[PlanDocument], list[dict[str, Any]]]
SHEETS: list[tuple[str, str, list[str], str, Rows]] = [
    ("Tactics", "tactic", TACTIC_COLUMNS, "action", tactic_rows),
    ("KPIs", "kpi", KPI_COLUMNS, "kpi", kpi_rows),
    ("Risks", "risk", RISK_COLUMNS, "risk", risk_rows),
    ("Strategies", "strategy", STRATEGY_COLUMNS, "strategy", strategy_rows),
    ("Decisions", "decision", DECISION_COLUMNS, "decision", decision_rows),
    ("Colleague review", "colleague_review", COLLEAGUE_COLUMNS, "colleague", colleague_rows),
    ("Participants", "session", SESSION_COLUMNS, "script", session_rows),
]


def csv_columns() -> list[str]:
    """The CSV header: record, name, then every sheet's columns once, in order."""
    columns = list(CSV_COLUMNS)
    for _, _, sheet_columns, _, _ in SHEETS:
        columns += [c for c in sheet_columns if c not in columns]
    return columns


def render_csv(doc: PlanDocument) -> str:
    """One table: a row per tactic (record=tactic), KPI, risk, strategy, decision, colleague
    review and session, each with its own columns filled."""
    out = io.StringIO()
    columns = csv_columns()
    writer = csv.DictWriter(out, columns, lineterminator="\r\n")
    writer.writeheader()
    for _, record, _, name_column, rows in SHEETS:
        for row in rows(doc):
            writer.writerow({k: neutralise(v) for k, v in {
                "record": record, "name": row[name_column], **row}.items() if k in columns})
    return out.getvalue()


def _cell_value(column: str, value: Any) -> Any:
    if column in DATE_COLUMNS and isinstance(value, str) and _ISO_DATE.match(value):
        return date.fromisoformat(value)
    if isinstance(value, str):
        # openpyxl refuses control characters (IllegalCharacterError): drop them.
        return neutralise(printable(value, keep_lines=True))
    return value


def render_xlsx(doc: PlanDocument) -> bytes:
    """A workbook with a sheet per table; dates are dates, text is never a formula."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    for index, (name, _, columns, _, rows) in enumerate(SHEETS):
        sheet = book.active if index == 0 else book.create_sheet()
        sheet.title = name
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows(doc):
            sheet.append([_cell_value(c, row[c]) for c in columns])
            for column, cell in zip(columns, sheet[sheet.max_row], strict=True):
                if isinstance(cell.value, str):
                    cell.data_type = "s"   # never a formula, whatever the text
                elif column in DATE_COLUMNS and cell.value is not None:
                    cell.number_format = "yyyy-mm-dd"
        for column, title in zip(sheet.columns, columns, strict=False):
            width = max([len(title)] + [len(str(c.value or "")) for c in column])
            sheet.column_dimensions[column[0].column_letter].width = min(width + 2, 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
