"""Step 8, KPIs and targets: pick leading indicators from the library or define one; unit,
baseline, target per period, cadence, owner and the strategy each tracks."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from facilitation.plan.kpis import (
    CADENCE_LABELS,
    CADENCES,
    KpiInput,
    add_kpi,
    delete_kpi,
    get_kpi,
    library_input,
    list_kpis,
    load_library,
    only_lagging,
    restore_kpi,
    update_kpi,
)
from facilitation.plan.plans import get_plan

from ..dialogs.fields_form import FieldsForm, FormField
from ..widgets.record_table import RecordTable
from ..widgets.text import clip
from .base import StepView
from .shared import DeleteWithUndo


def kpi_fields(strategies: list[tuple[str, int]]) -> list[FormField]:
    return [
        FormField("name", "KPI", "e.g. Meetings booked"),
        FormField("indicator", "Leading/lagging", choices=(("leading", "leading"),
                                                           ("lagging", "lagging"))),
        FormField("unit", "Unit", "meetings, %, x, money, days…"),
        FormField("baseline", "Baseline", "where it stands now"),
        FormField("target", "Target per period", "a number, e.g. 15"),
        FormField("cadence", "Cadence", choices=tuple((CADENCE_LABELS[c], c) for c in CADENCES)),
        FormField("owner", "Owner", "who reports it"),
        FormField("strategy_id", "Tracks strategy", choices=tuple(strategies)),
    ]


def validate_kpi(values: dict[str, Any]) -> KpiInput:
    """The form's values as a validated KpiInput (KpiInputError names wrong fields)."""
    kpi = KpiInput(**{**values, "cadence": values.get("cadence") or "",
                      "indicator": values.get("indicator") or ""})
    kpi.validate()
    return kpi


# "lead" or "lag", under the heading "Kind".
KIND_WIDTH = 4


def target_cell(kpi) -> Text:
    """The KPI's target, marked "!" when one could not tell at a review whether it was met
    (no number or no unit); the warning above the list explains the mark."""
    if kpi.is_measurable:
        return Text(kpi.target_text)
    return Text.assemble(("! ", "bold red"), kpi.target_text)


class LibraryPicker(OptionList):
    """The KPI library: Enter adds the highlighted indicator to the plan."""


class KpisStep(DeleteWithUndo, StepView):
    """The plan's KPIs, a warning when none is leading, and the library to pick from."""

    record_noun = "KPI"
    BINDINGS = [
        Binding("l", "library", "Library"),
        Binding("a,n", "add", "New KPI"),
        Binding("e", "edit", "Edit"),
        Binding("delete,d", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
    ]
    DEFAULT_CSS = """
    KpisStep #kpi-warning { height: auto; color: $warning; padding: 0 1; }
    KpisStep #kpi-hint { height: 1; color: $text-muted; padding: 0 1; }
    KpisStep RecordTable { height: 1fr; }
    KpisStep LibraryPicker { height: 1fr; display: none; border: round $primary; }
    KpisStep.picking LibraryPicker { display: block; }
    KpisStep.picking RecordTable { display: none; }
    """

    def __init__(self, context) -> None:
        super().__init__(context)
        self.deleted: list[dict[str, Any]] = []

    def compose(self) -> ComposeResult:
        yield Static("", id="kpi-hint")
        yield Static("", id="kpi-warning")
        yield RecordTable(id="kpis")
        yield LibraryPicker(id="library")

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        self.add_columns()
        picker = self.query_one(LibraryPicker)
        for entry in load_library():
            picker.add_option(Option(Text.assemble(
                (f"{entry.name}", "bold"), f"  ({entry.indicator}, {entry.unit})\n",
                (f"  {entry.formula}", "dim")), id=entry.key))
        self.reload()
        self.follow_changes(self.reload)
        table.focus()

    def add_columns(self) -> None:
        """The KPI's name takes the width the others leave (27 characters at 80 columns):
        a longer name, target or owner wraps (the row grows), never cut."""
        table = self.query_one(RecordTable)
        self.name_width = self.name_width_for(self.size.width)
        table.add_column("Kind", key="kind", width=KIND_WIDTH)
        table.add_column("KPI", key="name", width=self.name_width)
        table.add_column("Target", key="target", width=20)
        table.add_column("Owner", key="owner", width=14)

    @staticmethod
    def name_width_for(width: int) -> int:
        # Beside the name: the kind, target and owner, each column's padding (one cell
        # each side) and the scrollbar a long list shows.
        return max(16, width - (KIND_WIDTH + 20 + 14) - 4 * 2 - 2)

    def on_resize(self) -> None:
        if self.name_width_for(self.size.width) != getattr(self, "name_width", None):
            self.query_one(RecordTable).clear(columns=True)
            self.add_columns()
            self.reload()

    def reload(self, select: int | None = None) -> None:
        table = self.query_one(RecordTable)
        keep = select if select is not None else table.highlighted_id
        kpis = list_kpis(self.store, self.context.plan_id)
        table.show_wrapped([(str(kpi.id), (
            Text("lead" if kpi.indicator == "leading" else "lag"),
            Text(kpi.name), target_cell(kpi), Text(kpi.owner or "—")))
            for kpi in kpis])
        table.select_id(keep)
        incomplete = [k for k in kpis if not k.is_measurable]
        warnings = []
        if not kpis:
            warnings.append(self.hint("No KPIs yet: press l to pick leading indicators from "
                                      "the library."))
        if only_lagging(kpis):
            warnings.append("⚠ Only lagging KPIs: add a leading indicator that shows early "
                            "whether the plan works.")
        if incomplete:
            warnings.append(f"⚠ {len(incomplete)} KPI{'s' if len(incomplete) > 1 else ''} "
                            "without a measurable target (!): e to add unit and number.")
        warning = self.query_one("#kpi-warning", Static)
        warning.update("\n".join(warnings))
        warning.display = bool(warnings)
        self.show_hint()

    def show_hint(self) -> None:
        """The keys of what is shown: the plan's KPIs, or the library in their place."""
        self.query_one("#kpi-hint", Static).update(
            "Library: ↑↓ choose · Enter adds it to the plan · Escape back to the KPIs"
            if self.has_class("picking") else
            self.hint("l library · a new · Enter edit · d delete · u undo"))

    def highlighted_id(self) -> int | None:
        return self.query_one(RecordTable).highlighted_id

    def strategies(self) -> list[tuple[str, int]]:
        from facilitation.ideas.strategies import list_strategies

        return [(clip(s.text, 40), s.id) for s in list_strategies(self.store,
                                                                  self.context.plan_id)]

    def open_form(self, title: str, values: dict[str, Any], kpi_id: int | None,
                  library_key: str | None = None, definition: str = "") -> None:
        def saved(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            kpi = validate_kpi({**result, "definition": definition})
            if kpi_id is None:
                new_id = add_kpi(self.store, self.context.plan_id, kpi, library_key=library_key,
                                 session_id=self.context.session_id, actor=self.context.actor)
                self.notify(f"KPI “{kpi.name}” added.")
            else:
                update_kpi(self.store, kpi_id, kpi, session_id=self.context.session_id,
                           actor=self.context.actor)
                new_id = kpi_id
                self.notify(f"KPI “{kpi.name}” saved.")
            self.reload(select=new_id)
            self.query_one(RecordTable).focus()

        # From the library, the name and unit are filled in: typing starts at the baseline.
        focus = "baseline" if library_key is not None else None
        self.app.push_screen(FieldsForm(title, kpi_fields(self.strategies()), values,
                                        validate_kpi, focus=focus), saved)

    def action_library(self) -> None:
        self.add_class("picking")
        self.show_hint()
        picker = self.query_one(LibraryPicker)
        picker.highlighted = 0
        self.screen.set_focus(picker)  # at once: the Enter typed right after chooses in it

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.remove_class("picking")
        self.show_hint()
        key = event.option.id
        entry = library_input(key)
        values = {name: getattr(entry, name) for name in
                  ("name", "indicator", "unit", "cadence", "owner")}
        values["owner"] = self._plan_owner()
        self.open_form(f"Add from the library: {entry.name}", values, None, library_key=key,
                       definition=entry.definition)

    def _plan_owner(self) -> str:
        return get_plan(self.store, self.context.plan_id).owner

    def on_key(self, event) -> None:
        if event.key == "escape" and self.has_class("picking"):
            event.stop()
            self.remove_class("picking")
            self.show_hint()
            self.query_one(RecordTable).focus()

    def action_add(self) -> None:
        self.open_form("New KPI", {"indicator": "leading", "cadence": "monthly",
                                   "owner": self._plan_owner()}, None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_edit(self) -> None:
        kpi_id = self.highlighted_id()
        if kpi_id is None:
            return
        kpi = get_kpi(self.store, kpi_id)
        values = {name: getattr(kpi, name) for name in
                  ("name", "indicator", "unit", "baseline", "target", "cadence", "owner",
                   "strategy_id")}
        self.open_form(f"Edit KPI: {kpi.name}", values, kpi_id, definition=kpi.definition)

    def delete_record(self, kpi_id: int) -> tuple[dict[str, Any], str]:
        deleted = delete_kpi(self.store, kpi_id, session_id=self.context.session_id,
                             actor=self.context.actor)
        return deleted, deleted["kpi"]["name"]

    def restore_record(self, deleted: dict[str, Any]) -> int:
        return restore_kpi(self.store, deleted, session_id=self.context.session_id,
                           actor=self.context.actor)
