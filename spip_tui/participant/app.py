"""The participant's app: joins one session by its code and shows nothing else.

It has no command palette, no plans list, no settings and no exports: over SSH a
restricted key runs only this, so what it cannot reach, the participant cannot reach.
"""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from facilitation.store.database import Store

from ..background import WorkFailed
from ..change_feed import ChangeFeed, FollowsChanges
from ..dialogs.form import TypedAheadKeys
from .hangup import leave_when_the_terminal_goes

# The heading of data/help.md about a participant's view.
PARTICIPANT_HELP_TOPIC = "Taking part from your own terminal (spip join)"


class ParticipantApp(TypedAheadKeys, FollowsChanges, App[None]):
    """A participant in one live session."""

    CSS_PATH = Path(__file__).parent.parent / "spip.tcss"
    TITLE = "spip"
    SUB_TITLE = "join a workshop"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Leave", priority=True),
    ]

    def __init__(self, store: Store, code: str | None = None, name: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.code = code
        self.participant_name = name
        self.change_feed = ChangeFeed(self, store)

    def on_mount(self) -> None:
        self.change_feed.start()
        leave_when_the_terminal_goes(self)

    @on(WorkFailed)
    def work_failed(self, failure: WorkFailed) -> None:
        """A background write that failed is said once, and the view goes on."""
        self.notify(failure.text, severity="error", timeout=15)

    def action_help(self) -> None:
        """F1: the keys of a participant's view (the help's part about taking part)."""
        from ..dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(PARTICIPANT_HELP_TOPIC, only_topic=True))

    def get_default_screen(self) -> Screen:
        from .joining import JoinScreen

        return JoinScreen(self.code, self.participant_name)

    def joined(self, session_id: int, name: str) -> None:
        """Show the session once the participant is in."""
        from .screen import ParticipantScreen

        self.push_screen(ParticipantScreen(session_id, name))
