"""Monthly sales history in the store: saving an import's monthly totals and reading them back.

Rows are monthly totals per subject. A month a subject has no row for is shown as
missing (NaN) by `monthly_history`; `subject_series` then treats gaps inside the
subject's span as zero sales (an import aggregates transactions, so no rows means
nothing was sold) and leaves months before its first and after its last row out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from facilitation.store.database import Store, now_iso

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class MonthlyTotal:
    """One subject's sales in one month."""

    subject_kind: str
    subject_name: str
    month: str  # 'YYYY-MM'
    amount: float
    units: float | None = None


@dataclass(frozen=True)
class SavedImport:
    """What an import left in the store."""

    import_id: int
    source: str
    rows_read: int
    months: int
    subjects: int
    replaced: bool


def save_history(
    store: Store, source: str, totals: Iterable[MonthlyTotal], rows_read: int,
    *, actor: str | None = None,
) -> SavedImport:
    """Store an import's monthly totals in one change; a source imported before is replaced."""
    rows = [
        {"subject_kind": t.subject_kind, "subject_name": t.subject_name, "month": t.month,
         "amount": float(t.amount), "units": None if t.units is None else float(t.units)}
        for t in totals
    ]
    months = len({r["month"] for r in rows})
    subjects = len({(r["subject_kind"], r["subject_name"]) for r in rows})
    old = store.query("SELECT id FROM imports WHERE source = ?", [source])
    with store.change("history.imported", {"source": source}, actor=actor) as change:
        if old:
            change.delete_where("sales_history", "import_id = ?", [old[0]["id"]])
            change.delete("imports", old[0]["id"])
        import_id = change.insert("imports", {
            "source": source, "imported_at": now_iso(), "rows_read": rows_read, "months": months,
        })
        change.insert_many("sales_history", [{"import_id": import_id, **r} for r in rows])
        change.payload.update(import_id=import_id, rows_read=rows_read, months=months,
                              subjects=subjects, replaced=bool(old))
    return SavedImport(import_id, source, rows_read, months, subjects, bool(old))


def subjects(store: Store, subject_kind: str | None = None) -> list[tuple[str, str]]:
    """(kind, name) of every subject with history, optionally of one kind."""
    rows = store.query(
        "SELECT DISTINCT subject_kind, subject_name FROM sales_history "
        "WHERE ? IS NULL OR subject_kind = ? ORDER BY subject_kind, subject_name COLLATE NOCASE",
        [subject_kind, subject_kind],
    )
    return [(r["subject_kind"], r["subject_name"]) for r in rows]


def find_subject(store: Store, name: str) -> tuple[str, str]:
    """A subject with history by name (case-insensitive); KeyError naming the choices if none."""
    rows = store.query(
        "SELECT DISTINCT subject_kind, subject_name FROM sales_history "
        "WHERE lower(subject_name) = lower(?) ORDER BY subject_kind", [name.strip()],
    )
    if not rows:
        known = ", ".join(n for _, n in subjects(store)[:8]) or "none: import a file first"
        raise KeyError(f'no sales history for "{name}" (subjects with history: {known})')
    return rows[0]["subject_kind"], rows[0]["subject_name"]


def monthly_history(store: Store, subject_kind: str) -> pd.DataFrame:
    """Monthly sales of every subject of one kind: a monthly PeriodIndex (every month from
    the first to the last, none skipped), one column per subject, NaN where a subject has no row."""
    import pandas as pd

    rows = store.query(
        "SELECT subject_name, month, sum(amount) AS amount FROM sales_history "
        "WHERE subject_kind = ? GROUP BY subject_name, month", [subject_kind],
    )
    if not rows:
        return pd.DataFrame(index=pd.PeriodIndex([], freq="M"), dtype=float)
    frame = pd.DataFrame([tuple(r) for r in rows], columns=["subject", "month", "amount"])
    table = frame.pivot(index="month", columns="subject", values="amount")
    table.index = pd.PeriodIndex(table.index, freq="M")
    full = pd.period_range(table.index.min(), table.index.max(), freq="M")
    table = table.reindex(full).astype(float)
    table.columns.name = None
    table.index.name = "month"
    return table[sorted(table.columns, key=str.casefold)]


def subject_series(history: pd.DataFrame, subject_name: str) -> pd.Series:
    """One subject's column from `monthly_history`, from its first to its last month,
    gaps inside that span as zero sales."""
    column = history[subject_name]
    present = column.dropna()
    if present.empty:
        return present
    span = column.loc[present.index.min():present.index.max()]
    return span.fillna(0.0).rename(subject_name)


def history_signature(store: Store) -> tuple:
    """A value that changes whenever the sales history changes (an import added, replaced
    or removed, or rows saved), and is cheap to read: analyses compare it to decide whether
    to run again, and keep results under it."""
    imports = store.query("SELECT count(*), COALESCE(max(id), 0), max(imported_at) "
                          "FROM imports")[0]
    rows = store.query("SELECT count(*), COALESCE(max(id), 0) FROM sales_history")[0]
    return (*tuple(imports), *tuple(rows))


def subject_months(store: Store, subject_kind: str, subject_name: str) -> tuple[str, list[float]] | None:
    """One subject's monthly sales without pandas: its first month and the amounts from
    there to its last month, months without rows as zero sales (like `subject_series`);
    None without history."""
    from facilitation.store.model import month_index

    rows = store.query(
        "SELECT month, sum(amount) FROM sales_history WHERE subject_kind = ? AND subject_name = ? "
        "GROUP BY month ORDER BY month", [subject_kind, subject_name],
    )
    if not rows:
        return None
    first = month_index(rows[0][0])
    values = [0.0] * (month_index(rows[-1][0]) - first + 1)
    for month, amount in rows:
        values[month_index(month) - first] = float(amount)
    return rows[0][0], values
