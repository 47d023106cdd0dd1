"""Asks the join code and the participant's name (each only if not given on the command line)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static

from facilitation.live.join_codes import JoinError
from facilitation.live.roster import join_session


class JoinScreen(Screen[None]):
    """'Join code' and 'Your name'; Enter joins, a refusal is one line in red."""

    DEFAULT_CSS = """
    JoinScreen #join-form { width: 60; max-width: 100%; height: auto; padding: 1 2; }
    JoinScreen Input { margin-bottom: 1; }
    JoinScreen #join-error { color: $error; height: auto; }
    """

    def __init__(self, code: str | None, name: str | None) -> None:
        super().__init__()
        self.code = code
        self.given_name = name

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="join-form"):
            yield Static("Join the workshop", classes="title")
            yield Static("Join code (the facilitator shows it, e.g. KTX-482)", classes="hint")
            yield Input(self.code or "", placeholder="KTX-482", id="code")
            yield Static("Your name (the group sees it next to your ideas)", classes="hint")
            yield Input(self.given_name or "", placeholder="e.g. Ana", id="name")
            yield Static("", id="join-error")
        yield Footer()

    def on_mount(self) -> None:
        if self.code and self.given_name:
            self.join()
            return
        self.query_one("#code" if not self.code else "#name", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "code" and not self.query_one("#name", Input).value.strip():
            self.query_one("#name", Input).focus()
            return
        self.join()

    def join(self) -> None:
        code = self.query_one("#code", Input).value
        name = self.query_one("#name", Input).value
        try:
            session = join_session(self.app.store, code, name)
        except JoinError as exc:
            self.query_one("#join-error", Static).update(str(exc))
            field = "#code" if "code" in str(exc) or "session" in str(exc) else "#name"
            self.query_one(field, Input).focus()
            return
        self.app.joined(session.id, " ".join(name.split()))
