"""Reading sales history from CSV and Excel files as CRMs and spreadsheets export them.

A file is read whole (sales_reading), its columns found (sales_columns), every
cell checked (sales_cells), aggregated to monthly totals per subject here and
only then saved (one transaction, one event). A file with any bad row is refused
whole; the refusal lists the first bad rows by line number.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitation.history.monthly import MonthlyTotal, SavedImport, save_history
from facilitation.history.sales_cells import (
    amount_column,
    amount_of,
    month_column,
    month_of,
)
from facilitation.history.sales_columns import (
    ColumnMapping,
    guess_mapping,
    kind_from_header,
    normalise_header,
    normalise_kind,
)
from facilitation.history.sales_reading import ImportProblem, read_table
from facilitation.store.database import Store
from facilitation.store.model import SUBJECT_KINDS, month_of_index
from facilitation.store.text import name_problem, quoted

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "ColumnMapping", "ImportProblem", "ParsedSales", "amount_of", "guess_mapping",
    "import_sales_file", "month_of", "normalise_header", "parse_sales", "read_sales_file",
    "read_table",
]

MAX_PROBLEMS_SHOWN = 10
DATE_ORDERS = ("day-first", "month-first")
# Sales history longer than a century is a date typo (year 1 or 9999), and each
# month of span costs memory in every subject's series.
MAX_SPAN_MONTHS = 100 * 12
# Above this many (kind, subject, month) cells the totals are summed sparsely.
DENSE_CELLS = 20_000_000


@dataclass
class ParsedSales:
    """A file checked and aggregated: monthly totals per subject, or the bad rows."""

    source: str
    mapping: ColumnMapping
    rows_read: int
    totals: list[MonthlyTotal] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    bad_rows: int = 0

    @property
    def subjects(self) -> int:
        return len({(t.subject_kind, t.subject_name) for t in self.totals})

    @property
    def months(self) -> int:
        return len({t.month for t in self.totals})

    def refusal(self) -> str:
        """One line: why the file is refused, with the first bad rows."""
        shown = "; ".join(self.problems[:5])
        more = f" (and {self.bad_rows - 5} more)" if self.bad_rows > 5 else ""
        rows = "row" if self.bad_rows == 1 else "rows"
        return (f"{self.source}: {self.bad_rows} bad {rows}, nothing imported: {shown}{more}")



def parse_sales(
    frame: pd.DataFrame, mapping: ColumnMapping, *, source: str, kind: str | None = None,
    date_order: str | None = None, first_line: int = 2,
) -> ParsedSales:
    """Check every row and aggregate to monthly totals per subject.

    `kind` is the subject kind of every row when the file has no kind column.
    Problems name the file's line (`first_line` is the line of the first data row).
    """
    import numpy as np

    if date_order is not None and date_order not in DATE_ORDERS:
        raise ImportProblem(f'date order "{date_order}": choose day-first or month-first')
    if kind is not None and normalise_kind(kind) is None:
        raise ImportProblem(f'"{kind}" is not a subject kind; choose one of: '
                            + ", ".join(SUBJECT_KINDS))
    kind = normalise_kind(kind) if kind else None
    if not mapping.kind and not kind:
        kind = kind_from_header(mapping.subject)
        if kind is None:
            raise ImportProblem(
                f'cannot tell what kind of subject "{mapping.subject}" holds; say it with '
                "--kind (" + ", ".join(SUBJECT_KINDS) + ")")
    problems: dict[int, list[str]] = {}

    def note(found: dict[int, str]) -> None:
        for position, reason in found.items():
            problems.setdefault(position, []).append(reason)

    months, found = month_column(frame[mapping.date], date_order)
    note(found)
    amounts, found = amount_column(frame[mapping.amount], "amount")
    note(found)
    subject_codes, subject_names, found = _labels(frame[mapping.subject], "subject")
    note(found)
    if mapping.kind:
        kind_codes, kind_labels, _ = _labels(frame[mapping.kind], "kind")
        normalised = [normalise_kind(label) for label in kind_labels]
        kind_names = sorted({k for k in normalised if k})
        lookup = np.array([kind_names.index(k) if k else -1 for k in normalised] + [-1])
        kind_of_row = lookup[kind_codes]
        note({int(p): f"kind {quoted(frame[mapping.kind].iloc[p])} is not one of: "
              f'{", ".join(SUBJECT_KINDS)}' for p in np.flatnonzero(kind_of_row < 0)})
    else:
        kind_names = [kind]
        kind_of_row = np.zeros(len(frame), dtype=np.int64)
    units = None
    if mapping.units:
        units, found = amount_column(frame[mapping.units], "units")
        note({p: r for p, r in found.items() if r != "units is empty"})
        units = np.nan_to_num(units)
    parsed = ParsedSales(source=source, mapping=mapping, rows_read=len(frame))
    if problems:
        parsed.bad_rows = len(problems)
        parsed.problems = [f"line {p + first_line}: {', '.join(problems[p])}"
                           for p in sorted(problems)[:MAX_PROBLEMS_SHOWN]]
        return parsed
    _check_span(months, source, first_line)
    parsed.totals = _monthly_totals(kind_of_row, kind_names, subject_codes, subject_names,
                                    months, amounts, units)
    return parsed


def _check_span(months: Any, source: str, first_line: int) -> None:
    """Refuse dates spread over more than MAX_SPAN_MONTHS, naming the two extreme lines."""
    earliest, latest = int(months.argmin()), int(months.argmax())
    if months[latest] - months[earliest] + 1 <= MAX_SPAN_MONTHS:
        return
    raise ImportProblem(
        f"{source}: the dates run from {month_of_index(int(months[earliest]))} (line "
        f"{earliest + first_line}) to {month_of_index(int(months[latest]))} (line "
        f"{latest + first_line}), more than {MAX_SPAN_MONTHS // 12} years; a mistyped year? "
        "nothing imported")


def _labels(column: pd.Series, what: str) -> tuple[Any, list[str], dict[int, str]]:
    """Codes of a text column's values after trimming spaces (-1 for empty or unusable
    cells), the trimmed labels, and problems by row position (empty, too long, control
    characters); working on the distinct values only keeps a million rows fast."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(column, use_na_sentinel=True)
    trimmed = [str(u).strip() for u in uniques]
    refused = {i: reason for i, t in enumerate(trimmed) if (reason := name_problem(what, t))}
    labels = sorted({t for i, t in enumerate(trimmed) if t and i not in refused}, key=str.casefold)
    position = {label: i for i, label in enumerate(labels)}
    lookup = np.array([-1 if i in refused else position.get(t, -1) for i, t in enumerate(trimmed)]
                      + [-1], dtype=np.int64)
    row_codes = lookup[codes]
    problems = {int(p): refused.get(int(codes[p]), f"{what} is empty")
                for p in np.flatnonzero(row_codes < 0)}
    return row_codes, labels, problems


def _monthly_totals(kind_of_row: Any, kind_names: list[str], subject_codes: Any,
                    subject_names: list[str], months: Any, amounts: Any,
                    units: Any | None) -> list[MonthlyTotal]:
    """Sum rows into (kind, subject, month) cells with one bincount (a groupby on a
    million rows costs several times more); sparsely when the cells would not fit
    in memory (many subjects over many months)."""
    import numpy as np

    first_month = int(months.min())
    span = int(months.max()) - first_month + 1
    subjects = len(subject_names)
    cell = (kind_of_row * subjects + subject_codes) * span + (months - first_month)
    size = len(kind_names) * subjects * span
    if size > DENSE_CELLS:
        cells, cell = np.unique(cell, return_inverse=True)
        size = len(cells)
    else:
        cells = np.arange(size)
    counts = np.bincount(cell, minlength=size)
    sums = np.bincount(cell, weights=amounts, minlength=size)
    unit_sums = None if units is None else np.bincount(cell, weights=units, minlength=size)
    totals = []
    for index in np.flatnonzero(counts):
        rest, month = divmod(int(cells[index]), span)
        kind, subject = divmod(rest, subjects)
        totals.append(MonthlyTotal(
            kind_names[kind], subject_names[subject], month_of_index(first_month + month),
            float(sums[index]), None if unit_sums is None else float(unit_sums[index])))
    return totals


Progress = Callable[[float, str], None]


def read_sales_file(
    path: str | Path, *, mapping: dict[str, str | None] | ColumnMapping | None = None,
    kind: str | None = None, date_order: str | None = None, progress: Progress | None = None,
) -> ParsedSales:
    """Read, check and aggregate a file (nothing is saved): for the preview and for import."""
    path = Path(path)
    report = progress or (lambda fraction, stage: None)
    report(0.0, "reading")
    frame = read_table(path)
    report(0.5, "checking")
    if not isinstance(mapping, ColumnMapping):
        mapping = guess_mapping(list(frame.columns), mapping)
    if _typed_as_numbers(frame, mapping):
        # pyarrow read names such as "007" as the number 7: read the cells as written.
        frame = read_table(path, as_text=True)
    try:
        return parse_sales(frame, mapping, source=path.name, kind=kind, date_order=date_order)
    finally:
        report(0.9, "aggregating")


def _typed_as_numbers(frame: pd.DataFrame, mapping: ColumnMapping) -> bool:
    import pandas as pd

    return any(column and not pd.api.types.is_string_dtype(frame[column])
               and not pd.api.types.is_object_dtype(frame[column])
               for column in (mapping.subject, mapping.kind))


def import_sales_file(
    store: Store, path: str | Path, *, mapping: dict[str, str | None] | ColumnMapping | None = None,
    kind: str | None = None, date_order: str | None = None, progress: Progress | None = None,
    actor: str | None = None,
) -> SavedImport:
    """Import a file's monthly totals (replacing an earlier import of the same file name);
    ImportProblem with the first bad rows if any row is bad, and then nothing is saved."""
    parsed = read_sales_file(path, mapping=mapping, kind=kind, date_order=date_order,
                             progress=progress)
    if parsed.problems:
        raise ImportProblem(parsed.refusal(), parsed.problems)
    if not parsed.totals:
        raise ImportProblem(f"{parsed.source}: no sales rows to import")
    saved = save_history(store, parsed.source, parsed.totals, parsed.rows_read, actor=actor)
    if progress:
        progress(1.0, "saved")
    return saved
