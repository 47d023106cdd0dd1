"""Start a workshop session: which script, who facilitates, who takes part."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, Select, Static

from facilitation.workshop.scripts import ScriptCatalogue
from facilitation.workshop.sessions import clean_participants

from .form import FormDialog


@dataclass(frozen=True)
class SessionRequest:
    """What the facilitator chose in the dialog."""

    script_name: str
    facilitator: str
    participants: list[str]


class StartSessionDialog(FormDialog[SessionRequest | None]):
    """Returns the SessionRequest (Enter on the last field or ctrl+s), None on Escape.
    A form like the others, so that "Tab Tab names⏎" typed in one go lands in the
    participants (the names went to the script's list and the session started without
    them) and Escape asks before it throws typed names away."""

    def __init__(self, catalogue: ScriptCatalogue, facilitator: str,
                 default_script: str = "full-plan") -> None:
        super().__init__()
        self.catalogue = catalogue
        self.facilitator = facilitator
        self.default_script = default_script

    def compose(self) -> ComposeResult:
        scripts = self.catalogue.scripts
        choices = [(f"{s.title} ({len(s.steps)} steps"
                    + (f", {s.total_minutes:g} min)" if s.total_minutes else ")"), name)
                   for name, s in scripts.items()]
        default = self.default_script if self.default_script in scripts else next(iter(scripts))
        with VerticalScroll(classes="dialog"):
            yield Static("Start a session", classes="title")
            with Horizontal(classes="field"):
                yield Label("Script", classes="field-label")
                yield Select(choices, value=default, allow_blank=False, compact=True,
                             id="script")
            with Horizontal(classes="field"):
                yield Label("Facilitator", classes="field-label")
                yield Input(self.facilitator, compact=True, id="facilitator")
            yield Static("", classes="field-error", id="facilitator-error")
            with Horizontal(classes="field"):
                yield Label("Participants", classes="field-label")
                yield Input("", placeholder="names, separated by commas", compact=True,
                            id="participants")
            yield Static("Tab: next field · Enter on participants starts · Escape cancels",
                         classes="hint")
            for error in self.catalogue.errors:
                yield Static(f"✗ skipped {error}", classes="hint")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Start (ctrl+s)", variant="primary", id="start")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        facilitator = self.query_one("#facilitator", Input).value.strip()
        error = self.query_one("#facilitator-error", Static)
        if not facilitator:
            error.update("✗ who facilitates? type a name")
            error.display = True
            self.query_one("#facilitator", Input).focus()
            return
        self.dismiss(SessionRequest(
            script_name=str(self.query_one("#script", Select).value), facilitator=facilitator,
            participants=clean_participants(self.query_one("#participants", Input).value),
        ))
