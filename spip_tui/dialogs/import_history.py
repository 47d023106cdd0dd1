"""The import dialog: a file, its column mapping (guessed, changeable), a preview, the check
of every row, and the import itself with a progress bar. Nothing is saved until Import.

One dialog for every kind of import: an ImportKind (import_kinds.py) says what differs
(sales history, KPI actuals)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Select, Static

from ..background import background
from ..widgets.record_table import RecordTable
from .import_kinds import ImportKind, ImportProblemText, LoadedFile, SalesImport

NONE = "(none)"
PREVIEW_ROWS = 5


class ImportDialog(ModalScreen[Any]):
    """A file imported by its kind (sales history unless told): returns what the kind's save
    returned (for sales, the SavedImport), None when cancelled."""

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

    def __init__(self, path: str = "", kind: ImportKind | None = None) -> None:
        super().__init__()
        self.initial_path = path
        self.kind = kind or SalesImport()
        self.loaded: LoadedFile | None = None
        self.parsed: Any = None
        self.filling = False

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield Static(self.kind.title, classes="title")
            with Horizontal(classes="field", id="file-row"):
                yield Label("File", classes="field-label")
                yield Input(self.initial_path, placeholder=self.kind.placeholder,
                            compact=True, id="path")
            yield Static("Type the file's path and press Enter.", id="file-info", classes="muted")
            for row in self.kind.layout:
                with Horizontal(classes="field pair"):
                    for field in row:
                        yield Label(field[2], classes="field-label")
                        if field[0] == "role":
                            yield Select([], prompt=NONE, compact=True, id=f"col-{field[1]}")
                        else:
                            yield Select(list(field[3]), prompt=field[4], compact=True,
                                         id=field[1])
            yield RecordTable(id="preview", cursor_type="none")
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
        self.post_message(self.Loaded(self.kind.read(path)))

    def on_import_dialog_loaded(self, message: Loaded) -> None:
        loaded = message.loaded
        info = self.query_one("#file-info", Static)
        self.busy(False)
        if loaded.table is None:
            info.update(f"✗ {loaded.problem}")
            self.loaded = None
            return
        self.loaded = loaded
        columns = self.kind.columns(loaded.table)
        info.update(f"{loaded.path.name}: {len(loaded.table):,} rows; columns "
                    + ", ".join(columns)[:140])
        self.filling = True
        for role in self.kind.roles:
            select = self.query_one(f"#col-{role}", Select)
            select.set_options([(c, c) for c in columns])
            guessed = loaded.guessed.get(role)
            if guessed in columns:
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
        table = self.query_one("#preview", RecordTable)
        if self.loaded is None:
            table.clear(columns=True)
            return
        columns = [c for c in (self.value(role) for role in self.kind.roles) if c] \
            or self.kind.columns(self.loaded.table)[:5]
        # The file's own text is markup-free for the table: a cell is shown as written.
        table.show_sized(["Line", *(escape(c) for c in columns)], [
            (str(position), [str(position + 2), *(Text(cell[:18]) for cell in cells)])
            for position, cells in enumerate(self.kind.preview(self.loaded.table, columns,
                                                               PREVIEW_ROWS))])

    # --- checking every row ------------------------------------------------------------------

    def value(self, role: str) -> str | None:
        select = self.query_one(f"#col-{role}", Select)
        return None if select.is_blank() else str(select.value)

    def options(self) -> dict[str, str | None]:
        """The kind's choices (not column mappings), None where left to guess."""
        found = {}
        for row in self.kind.layout:
            for field in row:
                if field[0] == "option":
                    select = self.query_one(f"#{field[1]}", Select)
                    found[field[1]] = None if select.is_blank() else str(select.value)
        return found

    @on(Select.Changed)
    def mapping_changed(self, event: Select.Changed) -> None:
        if not self.filling and self.loaded is not None:
            self.fill_preview()
            self.check()

    def check(self) -> None:
        self.query_one("#import", Button).disabled = True
        missing = [label for role, label in self.kind.required if not self.value(role)]
        if missing:
            self.show_check(f"✗ Choose the column for: {', '.join(missing)}", bad=True)
            return
        self.show_check("Checking every row…", bad=False)
        self.busy(True)
        self.check_rows()

    @background("import-check", "checking the rows")
    def check_rows(self) -> None:
        assert self.loaded is not None
        mapping = {role: self.value(role) for role in self.kind.roles}
        store = self.app.store.reopen()
        try:
            parsed = self.kind.check(store, self.loaded, mapping, self.options())
        except ImportProblemText as exc:
            self.post_message(self.Checked(None, str(exc)))
            return
        finally:
            store.close()
        self.post_message(self.Checked(parsed, None))

    def on_import_dialog_checked(self, message: Checked) -> None:
        parsed = message.parsed
        self.parsed = None
        self.busy(False)
        if message.problem:
            self.show_check(f"✗ {message.problem}", bad=True)
            return
        bad_rows, problems = self.kind.problems(parsed)
        if problems:
            more = f"\n  … and {bad_rows - len(problems[:6])} more" \
                if bad_rows > len(problems[:6]) else ""
            self.show_check(
                f"✗ {bad_rows} bad row{'s' if bad_rows != 1 else ''}; "
                "the file will not be imported until they are "
                "fixed:\n  " + "\n  ".join(problems[:6]) + more, bad=True)
            return
        try:
            summary = self.kind.summary(parsed)
        except ImportProblemText as exc:
            self.show_check(f"✗ {exc}", bad=True)
            return
        self.parsed = parsed
        self.show_check(f"✓ {summary} Import with ctrl+s.", bad=False)
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
        store = self.app.store.reopen()
        try:
            saved = self.kind.save(store, parsed)
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
