"""KPI actuals imported from a CSV file (one row per KPI and period) through the same import
dialog as the sales history: the columns mapped, each bad row named by its line, nothing
saved while any row is bad."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .import_history import ImportDialog
from .import_kinds import ImportKind, ImportProblemText, LoadedFile


class KpiActualsImport(ImportKind):
    """A plan's KPI actuals: period, KPI name, actual."""

    title = "Import KPI actuals (CSV: period, KPI, actual)"
    layout = ((("role", "period", "Period"), ("role", "kpi", "KPI")),
              (("role", "actual", "Actual"),))
    required = (("period", "Period"), ("kpi", "KPI"), ("actual", "Actual"))

    def __init__(self, plan_id: int) -> None:
        self.plan_id = plan_id

    def read(self, path: Path) -> LoadedFile:
        from facilitation.plan.kpi_import import (
            KpiImportError,
            guessed_columns,
            read_rows,
            read_text,
        )

        try:
            text = read_text(path)
            header, rows = read_rows(text)
        except KpiImportError as exc:
            return LoadedFile(path, None, {}, str(exc))
        # The text is kept to be checked as a whole: the domain's parser numbers its lines.
        return LoadedFile(path, _Rows(text, header, rows), guessed_columns(header), None)

    def columns(self, table: Any) -> list[str]:
        return table.header

    def preview(self, table: Any, columns: list[str], count: int) -> list[list[str]]:
        at = [table.header.index(c) for c in columns]
        return [[row[i] if i < len(row) else "" for i in at] for row in table.rows[:count]]

    def check(self, store: Any, loaded: LoadedFile, mapping: dict[str, str | None],
              options: dict[str, str | None]) -> Any:
        from facilitation.plan.kpi_import import KpiImportError, parse_kpi_actuals
        from facilitation.plan.kpis import list_kpis

        try:
            rows, problems = parse_kpi_actuals(loaded.table.text, list_kpis(store, self.plan_id),
                                               {k: v for k, v in mapping.items() if v})
        except KpiImportError as exc:
            raise ImportProblemText(str(exc)) from None
        return _Checked(loaded.path.name, rows, problems)

    def problems(self, checked: Any) -> tuple[int, list[str]]:
        return len(checked.problems), checked.problems

    def summary(self, checked: Any) -> str:
        if not checked.rows:
            raise ImportProblemText("No KPI actuals in the file.")
        kpis = {row.kpi.name for row in checked.rows}
        periods = sorted({row.period_start for row in checked.rows})
        return (f"{len(checked.rows)} actuals: {len(kpis)} KPI{'s' if len(kpis) != 1 else ''} "
                f"× {len(periods)} periods ({periods[0]}..{periods[-1]}).")

    def save(self, store: Any, checked: Any) -> Any:
        from facilitation.plan.kpi_import import save_kpi_actuals

        return save_kpi_actuals(store, self.plan_id, checked.rows, checked.source)


class _Rows:
    def __init__(self, text: str, header: list[str], rows: list[list[str]]) -> None:
        self.text, self.header, self.rows = text, header, rows

    def __len__(self) -> int:
        return len(self.rows)


class _Checked:
    def __init__(self, source: str, rows: list[Any], problems: list[str]) -> None:
        self.source, self.rows, self.problems = source, rows, problems


def open_kpi_import(app: Any, plan_id: int, done: Any = None) -> None:
    """The import dialog for a plan's KPI actuals; `done(count)` after a save."""
    kind = KpiActualsImport(plan_id)

    def imported(count: int | None) -> None:
        if count is not None:
            app.notify(f"Imported {count} KPI actual{'s' if count != 1 else ''}.")
            if done is not None:
                done(count)

    app.push_screen(ImportDialog(kind=kind), imported)
