"""The import dialog: a file, its column mapping (guessed, changeable), a preview, the check
of every row, and the import itself with a progress bar. Nothing is saved until Import."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Input, Label, ProgressBar, Select, Static

from facilitation.store.model import SUBJECT_KINDS

from ..background import background

NONE = "(none)"
AUTO = "(guess)"
ROLES = (("date", "Date"), ("subject", "Subject"), ("amount", "Amount"), ("units", "Units"),
         ("kind", "Kind column"))
PREVIEW_ROWS = 5


@dataclass
class LoadedFile:
    path: Path
    frame: Any                  # pandas DataFrame
    mapping: Any | None         # the guessed ColumnMapping
    problem: str | None


class ImportDialog(ModalScreen[Any]):
    """Returns the SavedImport when a file was imported, None when cancelled."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "import", "Import")]
    DEFAULT_CSS = """
    ImportDialog .dialog { width: 78; }
    ImportDialog .pair Select { width: 1fr; }
    ImportDialog #file-row { margin-top: 1; }
    ImportDialog #file-info, ImportDialog #check { height: auto; padding: 0 1; }
    ImportDialog #check.-bad { color: $error; }
    ImportDialog #preview { height: auto; max-height: 7; }
    ImportDialog #progress { display: none; }
    ImportDialog #progress.-running { display: block; }
    """

    class Loaded(Message):
        def __init__(self, loaded: LoadedFile) -> None:
            super().__init__()
            self.loaded = loaded

    class Checked(Message):
        def __init__(self, parsed: Any, problem: str | None) -> None:
            super().__init__()
            self.parsed = parsed
            self.problem = problem

    class Imported(Message):
        def __init__(self, saved: Any, problem: str | None) -> None:
            super().__init__()
            self.saved = saved
            self.problem = problem

    def __init__(self, path: str = "") -> None:
        super().__init__()
        self.initial_path = path
        self.loaded: LoadedFile | None = None
        self.parsed: Any = None
        self.filling = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static("Import sales history (CSV or Excel)", classes="title")
            with Horizontal(classes="field", id="file-row"):
                yield Label("File", classes="field-label")
                yield Input(self.initial_path, placeholder="path to a .csv or .xlsx file, Enter",
                            compact=True, id="path")
            yield Static("Type the file's path and press Enter.", id="file-info", classes="muted")
            for pair in ((ROLES[0], ROLES[1]), (ROLES[2], ROLES[3])):
                with Horizontal(classes="field pair"):
                    for role, label in pair:
                        yield Label(label, classes="field-label")
                        yield Select([], prompt=NONE, compact=True, id=f"col-{role}")
            with Horizontal(classes="field pair"):
                yield Label(ROLES[4][1], classes="field-label")
                yield Select([], prompt=NONE, compact=True, id="col-kind")
                yield Label("Subjects are", classes="field-label")
                yield Select([(k, k) for k in SUBJECT_KINDS], prompt=AUTO, compact=True,
                             id="subject-kind")
            with Horizontal(classes="field pair"):
                yield Label("Dates", classes="field-label")
                yield Select([("day-first (31/12/2024)", "day-first"),
                              ("month-first (12/31/2024)", "month-first")],
                             prompt=AUTO, compact=True, id="date-order")
            yield DataTable(id="preview", cursor_type="none", zebra_stripes=True)
            yield Static("", id="check")
            yield ProgressBar(id="progress", show_eta=False)
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Import (ctrl+s)", variant="primary", id="import", disabled=True)

    def on_mount(self) -> None:
        # Tighter than the app's dialog style (inline styles win over it) so the whole
        # dialog fits 80x24.
        for label in self.query(".field-label"):
            label.styles.width = 13
        for field in self.query(".field"):
            field.styles.margin = (0, 0, 0, 0)
        self.query_one("#file-row").styles.margin = (1, 0, 0, 0)
        self.query_one("#path", Input).focus()
        if self.initial_path:
            self.load(self.initial_path)

    # --- reading the file --------------------------------------------------------------------

    @on(Input.Submitted, "#path")
    def path_given(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.load(event.value.strip())

    def busy(self, running: bool) -> None:
        """The progress bar pulses while the file is read or checked (a large file takes
        seconds) and fills while it is saved."""
        bar = self.query_one("#progress", ProgressBar)
        bar.set_class(running, "-running")
        if running:
            bar.update(total=None)

    def load(self, text: str) -> None:
        self.busy(True)
        self.query_one("#file-info", Static).update("Reading…")
        self.query_one("#import", Button).disabled = True
        self.read_file(Path(text).expanduser())

    @background("import-read", "reading the file")
    def read_file(self, path: Path) -> None:
        from facilitation.history.importer import ImportProblem, guess_mapping, read_table

        try:
            frame = read_table(path)
        except ImportProblem as exc:
            self.post_message(self.Loaded(LoadedFile(path, None, None, str(exc))))
            return
        try:
            mapping, problem = guess_mapping([str(c) for c in frame.columns]), None
        except ImportProblem as exc:
            mapping, problem = None, str(exc)
        self.post_message(self.Loaded(LoadedFile(path, frame, mapping, problem)))

    def on_import_dialog_loaded(self, message: Loaded) -> None:
        loaded = message.loaded
        info = self.query_one("#file-info", Static)
        self.busy(False)
        if loaded.frame is None:
            info.update(f"✗ {loaded.problem}")
            self.loaded = None
            return
        self.loaded = loaded
        columns = [str(c) for c in loaded.frame.columns]
        info.update(f"{loaded.path.name}: {len(loaded.frame):,} rows; columns "
                    + ", ".join(columns)[:140])
        self.filling = True
        for role, _ in ROLES:
            select = self.query_one(f"#col-{role}", Select)
            select.set_options([(c, c) for c in columns])
            guessed = getattr(loaded.mapping, role, None) if loaded.mapping else None
            if guessed:
                select.value = guessed
            else:
                select.clear()
        self.filling = False
        self.fill_preview()
        if loaded.problem:
            self.show_check(f"✗ {loaded.problem}", bad=True)
        else:
            self.check()

    def fill_preview(self) -> None:
        table = self.query_one("#preview", DataTable)
        table.clear(columns=True)
        if self.loaded is None:
            return
        frame = self.loaded.frame
        columns = [self.value(role) for role in ("date", "subject", "amount", "kind", "units")]
        columns = [c for c in columns if c] or [str(c) for c in frame.columns[:5]]
        table.add_columns("Line", *columns)
        for position in range(min(PREVIEW_ROWS, len(frame))):
            row = frame.iloc[position]
            table.add_row(str(position + 2), *(str(row[c])[:18] for c in columns))

    # --- checking every row ------------------------------------------------------------------

    def value(self, role: str) -> str | None:
        select = self.query_one(f"#col-{role}", Select)
        return None if select.is_blank() else str(select.value)

    def options(self) -> dict[str, Any]:
        kind = self.query_one("#subject-kind", Select)
        order = self.query_one("#date-order", Select)
        return {"kind": None if kind.is_blank() else str(kind.value),
                "date_order": None if order.is_blank() else str(order.value)}

    @on(Select.Changed)
    def mapping_changed(self, event: Select.Changed) -> None:
        if not self.filling and self.loaded is not None:
            self.fill_preview()
            self.check()

    def check(self) -> None:
        self.query_one("#import", Button).disabled = True
        missing = [label for role, label in ROLES[:3] if not self.value(role)]
        if missing:
            self.show_check(f"✗ Choose the column for: {', '.join(missing)}", bad=True)
            return
        self.show_check("Checking every row…", bad=False)
        self.busy(True)
        self.check_rows()

    @background("import-check", "checking the rows")
    def check_rows(self) -> None:
        from facilitation.history.importer import ColumnMapping, ImportProblem, parse_sales

        assert self.loaded is not None
        mapping = ColumnMapping(**{role: self.value(role) for role, _ in ROLES})
        try:
            parsed = parse_sales(self.loaded.frame, mapping, source=self.loaded.path.name,
                                 **self.options())
        except ImportProblem as exc:
            self.post_message(self.Checked(None, str(exc)))
            return
        self.post_message(self.Checked(parsed, None))

    def on_import_dialog_checked(self, message: Checked) -> None:
        parsed = message.parsed
        self.parsed = None
        self.busy(False)
        if message.problem:
            self.show_check(f"✗ {message.problem}", bad=True)
            return
        if parsed.problems:
            more = f"\n  … and {parsed.bad_rows - len(parsed.problems)} more" \
                if parsed.bad_rows > len(parsed.problems) else ""
            self.show_check(
                f"✗ {parsed.bad_rows} bad row{'s' if parsed.bad_rows != 1 else ''}; "
                "the file will not be imported until they are "
                "fixed:\n  " + "\n  ".join(parsed.problems[:6]) + more, bad=True)
            return
        if not parsed.totals:
            self.show_check("✗ No sales rows in the file.", bad=True)
            return
        self.parsed = parsed
        total = sum(t.amount for t in parsed.totals)
        months = sorted({t.month for t in parsed.totals})
        kinds = ", ".join(sorted({t.subject_kind for t in parsed.totals}))
        self.show_check(
            f"✓ {parsed.rows_read:,} rows → {parsed.subjects} subjects ({kinds}) × "
            f"{len(months)} months "
            f"({months[0]}..{months[-1]}), total {total:,.0f}. Import with ctrl+s.", bad=False)
        self.query_one("#import", Button).disabled = False

    def show_check(self, text: str, bad: bool) -> None:
        check = self.query_one("#check", Static)
        check.update(text)
        check.set_class(bad, "-bad")

    # --- importing ---------------------------------------------------------------------------

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "import":
            self.action_import()
        else:
            self.action_cancel()

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_import(self) -> None:
        if self.parsed is None:
            self.app.bell()
            return
        self.query_one("#import", Button).disabled = True
        bar = self.query_one("#progress", ProgressBar)
        bar.add_class("-running")
        bar.update(total=100, progress=50)
        self.save(self.parsed)

    @background("import-save", "saving the import")
    def save(self, parsed: Any) -> None:
        from facilitation.history.monthly import save_history

        store = self.app.store.reopen()
        try:
            saved = save_history(store, parsed.source, parsed.totals, parsed.rows_read)
        except Exception as exc:  # noqa: BLE001  (shown, and nothing was saved)
            self.post_message(self.Imported(None, f"The import failed, nothing saved: {exc}"))
            return
        finally:
            store.close()
        self.post_message(self.Imported(saved, None))

    def on_import_dialog_imported(self, message: Imported) -> None:
        bar = self.query_one("#progress", ProgressBar)
        if message.problem:
            bar.remove_class("-running")
            self.show_check(f"✗ {message.problem}", bad=True)
            self.query_one("#import", Button).disabled = False
            return
        bar.update(progress=100)
        self.dismiss(message.saved)
