"""Compare a plan at two moments, before beside after (default: the last annual contingency
review against now), and export the plan as it was at the earlier one."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Label, Static

from ..background import Finished, background
from ..widgets.key_footer import KeyFooter
from ..widgets.record_table import RecordTable

COLUMNS = ("What", "Change", "Item", "Before", "After")
HEADINGS = {"risk": "Risk", "strategy": "Strategy", "tactic": "Tactic", "kpi": "KPI"}


class CompareScreen(Screen[None]):
    """What changed in one plan between two moments; read-only."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("x", "export", "Export plan as of 'from'"),
        Binding("a", "as_of", "Plan as of 'from'"),
    ]

    def __init__(self, plan_id: int, before: str = "last-review", after: str = "now") -> None:
        super().__init__()
        self.plan_id = plan_id
        self.before = before
        self.after = after

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Compare: reading the plan at both moments…", classes="title",
                     id="compare-title")
        with Horizontal(id="compare-moments"):
            yield Label(" From ")
            yield Input(self.before, id="compare-from")
            yield Label(" To ")
            yield Input(self.after, id="compare-to")
        yield RecordTable(id="compare-table")
        yield Static("", id="compare-empty", classes="empty")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#compare-table", RecordTable)
        table.show_sized(COLUMNS, [])
        self.compare()
        table.focus()

    @on(Input.Submitted)
    def new_moments(self) -> None:
        self.before = self.query_one("#compare-from", Input).value
        self.after = self.query_one("#compare-to", Input).value
        self.compare()
        self.query_one("#compare-table", DataTable).focus()

    class Compared(Finished):
        """The plan's title and what changed between the two moments."""

    @background("compare", "comparing the plan")
    def compare(self) -> None:
        from facilitation.plan.plans import get_plan
        from facilitation.retrospective.compare import compare_plan
        from facilitation.retrospective.moments import MomentError, resolve_moment
        from facilitation.store.database import Store

        store = Store.open(self.app.store.path)  # this thread's own connection
        try:
            plan = get_plan(store, self.plan_id)
            before = resolve_moment(store, self.plan_id, self.before)
            after = resolve_moment(store, self.plan_id, self.after)
            changes = compare_plan(store, self.plan_id, before, after)
        except MomentError as exc:
            self.notify(str(exc), severity="error")   # notify is thread-safe
            return
        finally:
            store.close()
        self.post_message(self.Compared(plan.title, changes))

    @on(Compared)
    def show(self, message: Compared) -> None:
        title, changes = message.result
        self.query_one("#compare-title", Static).update(
            f"{title}: {changes.before} → {changes.after}")
        self.query_one("#compare-table", RecordTable).show_sized(COLUMNS, [
            (str(number), [HEADINGS.get(change.what, change.what), str(change.how),
                           str(change.name), str(change.before or "—"),
                           str(change.after or "—")])
            for number, change in enumerate(changes.changes)])
        self.query_one("#compare-empty", Static).update(
            "" if changes.changes else "Nothing changed between these moments.")

    def action_as_of(self) -> None:
        from .plan_as_of import PlanAsOfScreen

        self.app.push_screen(PlanAsOfScreen(self.plan_id,
                                            self.query_one("#compare-from", Input).value))

    def action_export(self) -> None:
        self.export_as_of(self.query_one("#compare-from", Input).value)

    @background("export", "exporting the plan")
    def export_as_of(self, moment_text: str) -> None:
        import re
        from pathlib import Path

        from facilitation.exports import default_file_name, render
        from facilitation.retrospective.moments import MomentError, plan_as_of, resolve_moment
        from facilitation.store.database import Store

        store = Store.open(self.app.store.path)
        try:
            moment = resolve_moment(store, self.plan_id, moment_text)
            document = plan_as_of(store, self.plan_id, moment)
        except MomentError as exc:
            self.notify(str(exc), severity="error")
            return
        finally:
            store.close()
        stem = default_file_name(document, "md").removesuffix(".md")
        when = re.sub(r"[^a-z0-9]+", "-", moment.label.lower()).strip("-")[:60]
        path = Path(f"{stem}-as-of-{when}.md")
        path.write_bytes(render(document, "md"))
        self.notify(f"Wrote {path.absolute()}")
