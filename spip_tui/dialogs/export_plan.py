"""Export a plan (Markdown, HTML, CSV, XLSX or iCalendar) to a file, and show its plan
check; both work at any moment, from the summary step and from the command palette."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from facilitation.exports import FORMAT_LABELS, FORMATS

from ..background import background
from .form import ReadyDialog


def default_path(subject_name: str, fmt: str, folder: Path | None = None) -> Path:
    """Where an export goes unless the user says otherwise: the current folder."""
    import re

    stem = re.sub(r"[^a-z0-9]+", "-", subject_name.lower()).strip("-") or "plan"
    return (folder or Path.cwd()) / f"{stem}-plan.{fmt}"


def as_typed(path: Path) -> str:
    """The path as a person would type it: under the home folder it starts with ~ (shorter,
    so more of it shows in the field; the export expands it again)."""
    try:
        return str(Path("~") / path.relative_to(Path.home()))
    except ValueError:
        return str(path)


class ExportDialog(ReadyDialog[Path | None]):
    """Choose the format and the file; the export runs in a worker. Returns the path.
    What is typed as it opens goes to the file's name (x then a name, typed at once)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "export", "Export")]
    DEFAULT_CSS = """
    ExportDialog #export-status { height: auto; margin-top: 1; }
    """

    def __init__(self, plan_id: int, fmt: str = "md") -> None:
        super().__init__()
        self.plan_id = plan_id
        self.fmt = fmt

    def compose(self) -> ComposeResult:
        subject = self.subject_name()
        with Vertical(classes="dialog short-labels"):
            yield Static(f"Export the {subject} plan", classes="title")
            with Horizontal(classes="field"):
                yield Label("Format", classes="field-label")
                yield Select([(f"{fmt}: {FORMAT_LABELS[fmt]}", fmt) for fmt in FORMATS],
                             value=self.fmt, allow_blank=False, compact=True, id="format")
            with Horizontal(classes="field"):
                yield Label("File", classes="field-label")
                yield Input(as_typed(default_path(subject, self.fmt)), compact=True, id="path")
            yield Static("Enter or ctrl+s exports; the session goes on.", classes="hint",
                         id="export-status")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Export", variant="primary", id="export")

    def subject_name(self) -> str:
        from facilitation.plan.plans import get_plan

        try:
            return get_plan(self.app.store, self.plan_id).subject_name
        except KeyError:
            return "plan"

    def first_field(self) -> Input:
        return self.query_one("#path", Input)

    def on_select_changed(self, event: Select.Changed) -> None:
        fmt = str(event.value)
        path_input = self.query_one("#path", Input)
        path = Path(path_input.value or as_typed(default_path(self.subject_name(), fmt)))
        path_input.value = str(path.with_suffix(f".{fmt}"))
        self.fmt = fmt

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "export":
            self.action_export()
        else:
            self.action_cancel()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_export()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self.query_one("#export-status", Static).update("✗ type the file to write")
            return
        self.query_one("#export-status", Static).update("Exporting…")
        self.run_export(self.fmt, Path(raw).expanduser())

    @background("export", "exporting the plan")
    def run_export(self, fmt: str, path: Path) -> None:
        from facilitation.exports import ExportError, export_plan

        store = self.app.store.reopen()
        try:
            written = export_plan(store, self.plan_id, fmt, path)
        except ExportError as exc:
            self.post_message(self.Exported(None, str(exc)))
            return
        finally:
            store.close()
        self.post_message(self.Exported(written, None))

    class Exported(Message):
        """The export's file, or why there is none."""

        def __init__(self, path: Path | None, problem: str | None) -> None:
            super().__init__()
            self.path = path
            self.problem = problem

    @on(Exported)
    def exported(self, message: Exported) -> None:
        if message.path is None:
            self.failed(message.problem or "the export failed")
        else:
            self.done(message.path)

    def failed(self, message: str) -> None:
        self.notify(message, severity="error")
        if self.is_current:
            self.query_one("#export-status", Static).update(f"✗ {message}")

    def done(self, path: Path) -> None:
        self.notify(f"Exported to {path}")
        if self.is_current:
            self.dismiss(path)


class PlanCheckDialog(ModalScreen[None]):
    """The plan check of one plan: score and what is lacking, each with its step."""

    BINDINGS = [Binding("escape", "close", "Close"), Binding("x", "export", "Export")]
    DEFAULT_CSS = """
    PlanCheckDialog OptionList { height: auto; max-height: 16; border: none; }
    """

    def __init__(self, plan_id: int) -> None:
        super().__init__()
        self.plan_id = plan_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Plan check", classes="title", id="check-title")
            yield Static("Checking the plan (fitting the forecast)…", id="check-score")
            yield OptionList(id="check-lacks")
            yield Static("Escape closes · x exports", classes="hint")

    def on_mount(self) -> None:
        self.query_one(OptionList).display = False
        self.run_check()

    @background("plan-check", "checking the plan")
    def run_check(self) -> None:
        from facilitation.plan.plans import get_plan
        from facilitation.summary.check import check_plan

        store = self.app.store.reopen()
        try:
            result = check_plan(store, self.plan_id)
            subject = get_plan(store, self.plan_id).subject_name
        finally:
            store.close()
        self.post_message(self.Checked(subject, result))

    class Checked(Message):
        """The plan check's result for the plan's subject."""

        def __init__(self, subject: str, result: Any) -> None:
            super().__init__()
            self.subject = subject
            self.result = result

    @on(Checked)
    def checked(self, message: Checked) -> None:
        self.show(message.subject, message.result)

    def show(self, subject: str, result: Any) -> None:
        if not self.is_mounted:
            return
        self.query_one("#check-title", Static).update(f"Plan check: {subject}")
        self.query_one("#check-score", Static).update(
            f"Score {result.score}/100 — " + ("nothing is missing." if result.complete else
                                              f"{len(result.lacking)} things missing:"))
        lacks = self.query_one(OptionList)
        lacks.clear_options()
        lacks.add_options([Option(f"• {lack.message}  → {lack.step_title}")
                           for lack in result.lacking])
        lacks.display = bool(result.lacking)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_export(self) -> None:
        self.app.push_screen(ExportDialog(self.plan_id))


def open_export(app: Any, plan_id: int) -> None:
    app.push_screen(ExportDialog(plan_id))


def open_plan_check(app: Any, plan_id: int) -> None:
    app.push_screen(PlanCheckDialog(plan_id))


def plan_commands(app: Any, plan: Any) -> list[tuple[str, Any, str]]:
    """Command-palette entries for one plan: export it, check it."""
    return [
        (f"Export plan: {plan.subject_name}", partial(open_export, app, plan.id),
         "Markdown, printable HTML, tactics and KPIs as CSV/XLSX, reviews as iCalendar"),
        (f"Check plan: {plan.subject_name}", partial(open_plan_check, app, plan.id),
         "Score 0-100 and what the plan still lacks"),
    ]
