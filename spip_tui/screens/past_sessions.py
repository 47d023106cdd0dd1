"""Past sessions of every plan, found by words in them (or subject, facilitator); Enter
replays the one under the cursor."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Static

from ..background import Finished, background
from ..widgets.key_footer import KeyFooter
from ..widgets.record_table import RecordTable

COLUMNS = ("Started", "Subject", "Script", "Facilitator", "Matched")


class PastSessionsScreen(Screen[None]):
    """Search past sessions; nothing here changes them."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back")]

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Past sessions", classes="title")
        yield Input(self.text, placeholder="Words in ideas, risks, strategies, tactics, notes",
                    id="past-search")
        yield RecordTable(id="past-sessions")
        yield Static("", id="past-found", classes="hint")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#past-sessions", RecordTable)
        table.show_sized(COLUMNS, [])
        table.focus()
        self.search(self.text)

    @on(Input.Submitted, "#past-search")
    def new_search(self, event: Input.Submitted) -> None:
        self.search(event.value)
        self.query_one("#past-sessions", DataTable).focus()

    class Found(Finished):
        """The words searched for, and the sessions found with them."""

    @background("search", "searching past sessions")
    def search(self, text: str) -> None:
        from facilitation.retrospective.search import search_sessions
        from facilitation.store.database import Store

        store = Store.open(self.app.store.path)  # this thread's own connection
        try:
            hits = search_sessions(store, text=text)
        finally:
            store.close()
        self.post_message(self.Found(text, hits))

    @on(Found)
    def show(self, message: Found) -> None:
        text, hits = message.result
        rows = [(str(hit.session_id), [
            hit.started_at[:10], hit.subject, hit.script, hit.facilitator,
            f"{hit.matches[0][0]}: {hit.matches[0][1]}"[:40] if hit.matches else ""])
            for hit in hits]
        self.query_one("#past-sessions", RecordTable).show_sized(COLUMNS, rows)
        words = f' with "{text}"' if text.strip() else ""
        self.query_one("#past-found", Static).update(
            f"{len(hits)} session{'s' if len(hits) != 1 else ''}{words}. "
            "Enter replays the session.")

    @on(DataTable.RowSelected, "#past-sessions")
    def replay(self, event: DataTable.RowSelected) -> None:
        from .replay import ReplayScreen

        session_id = self.query_one("#past-sessions", RecordTable).highlighted_id
        if session_id is not None:
            self.app.push_screen(ReplayScreen(session_id))
