"""What each kind of import brings to the import dialog: the columns to map, its
choices, and how it reads, checks and saves a file (sales history here; KPI actuals in
import_kpi_actuals.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from facilitation.store.model import SUBJECT_KINDS

# A choice left for the import to guess (the dialog's prompt for an option).
AUTO = "(guess)"


@dataclass
class LoadedFile:
    path: Path
    table: Any                  # what the kind read (a DataFrame, or a CSV's rows)
    guessed: dict[str, str]     # role -> the column guessed for it
    problem: str | None


class ImportProblemText(Exception):
    """A file or mapping that cannot be checked; its text is shown as it is."""


class ImportKind:
    """What one kind of import (sales history, KPI actuals) brings to the dialog: the columns
    to map, its choices, how it reads, checks and saves a file. The dialog does the rest
    (the mapping, the preview, the check shown with each bad row's line, the progress)."""

    title = ""
    placeholder = "path to a .csv file, Enter"
    # Rows of the dialog's mapping fields: ("role", role, label) picks a column,
    # ("option", id, label, choices, prompt) picks one of `choices`.
    layout: tuple[tuple[tuple[Any, ...], ...], ...] = ()
    required: tuple[tuple[str, str], ...] = ()   # (role, label) to choose before checking

    @property
    def roles(self) -> list[str]:
        return [field[1] for row in self.layout for field in row if field[0] == "role"]

    def read(self, path: Path) -> LoadedFile:
        raise NotImplementedError

    def columns(self, table: Any) -> list[str]:
        raise NotImplementedError

    def preview(self, table: Any, columns: list[str], count: int) -> list[list[str]]:
        raise NotImplementedError

    def check(self, store: Any, loaded: LoadedFile, mapping: dict[str, str | None],
              options: dict[str, str | None]) -> Any:
        """The checked file (ImportProblemText when it cannot be checked at all); `store` is
        a connection of the worker's thread."""
        raise NotImplementedError

    def problems(self, checked: Any) -> tuple[int, list[str]]:
        """How many rows are bad and the first problems, each 'line N: why'."""
        raise NotImplementedError

    def summary(self, checked: Any) -> str:
        """What Import would save, one line; ImportProblemText when there is nothing."""
        raise NotImplementedError

    def save(self, store: Any, checked: Any) -> Any:
        raise NotImplementedError


class SalesImport(ImportKind):
    """Sales history: a CSV or Excel file of sales rows into monthly totals per subject."""

    title = "Import sales history (CSV or Excel)"
    placeholder = "path to a .csv or .xlsx file, Enter"
    layout = (
        (("role", "date", "Date"), ("role", "subject", "Subject")),
        (("role", "amount", "Amount"), ("role", "units", "Units")),
        (("role", "kind", "Kind column"),
         ("option", "subject-kind", "Subjects are", tuple((k, k) for k in SUBJECT_KINDS), AUTO)),
        (("option", "date-order", "Dates", (("day-first (31/12/2024)", "day-first"),
                                            ("month-first (12/31/2024)", "month-first")), AUTO),),
    )
    required = (("date", "Date"), ("subject", "Subject"), ("amount", "Amount"))

    def read(self, path: Path) -> LoadedFile:
        from facilitation.history.importer import ImportProblem, guess_mapping, read_table

        try:
            frame = read_table(path)
        except ImportProblem as exc:
            return LoadedFile(path, None, {}, str(exc))
        try:
            mapping = guess_mapping([str(c) for c in frame.columns])
        except ImportProblem as exc:
            return LoadedFile(path, frame, {}, str(exc))
        return LoadedFile(path, frame, {k: v for k, v in mapping.columns().items()}, None)

    def columns(self, table: Any) -> list[str]:
        return [str(c) for c in table.columns]

    def preview(self, table: Any, columns: list[str], count: int) -> list[list[str]]:
        return [[str(table.iloc[i][c]) for c in columns] for i in range(min(count, len(table)))]

    def check(self, store: Any, loaded: LoadedFile, mapping: dict[str, str | None],
              options: dict[str, str | None]) -> Any:
        from facilitation.history.importer import ColumnMapping, ImportProblem, parse_sales

        try:
            return parse_sales(loaded.table, ColumnMapping(**mapping), source=loaded.path.name,
                               kind=options["subject-kind"], date_order=options["date-order"])
        except ImportProblem as exc:
            raise ImportProblemText(str(exc)) from None

    def problems(self, checked: Any) -> tuple[int, list[str]]:
        return checked.bad_rows, checked.problems

    def summary(self, checked: Any) -> str:
        if not checked.totals:
            raise ImportProblemText("No sales rows in the file.")
        total = sum(t.amount for t in checked.totals)
        months = sorted({t.month for t in checked.totals})
        kinds = ", ".join(sorted({t.subject_kind for t in checked.totals}))
        return (f"{checked.rows_read:,} rows → {checked.subjects} subjects ({kinds}) × "
                f"{len(months)} months ({months[0]}..{months[-1]}), total {total:,.0f}.")

    def save(self, store: Any, checked: Any) -> Any:
        from facilitation.history.monthly import save_history

        return save_history(store, checked.source, checked.totals, checked.rows_read)
