"""What every workshop step's body is: a widget given the step's context.

An ended session is read-only: its steps still show everything (and their view keys,
such as a chart or a ranking, still work), but no key, Enter or typed text changes
anything until the session is reopened (R). The domain refuses such writes too
(SessionEndedError); the step turns a refusal into a warning instead of a crash.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import events
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from facilitation.store.database import Store
from facilitation.store.errors import SessionEndedError
from facilitation.store.events import ChangeBatch

REOPEN_KEY = "R"


@dataclass(frozen=True)
class StepContext:
    """Everything a step body needs: the store, the plan, the session and the script step."""

    store: Store
    plan_id: int
    session_id: int | None
    step: Any  # the script's step definition (facilitation.scripts.Step)
    actor: str
    ended_at: str | None = None  # set when the session has ended: the step is read-only
    script: Any = None  # the whole script (facilitation.workshop.scripts.Script), if known

    @property
    def read_only(self) -> bool:
        return self.ended_at is not None


def read_only_notice(ended_at: str) -> str:
    """What an ended session's screen says, and what a refused key says."""
    return f"ended on {ended_at[:10]} — read-only; {REOPEN_KEY} to reopen"


class StepView(Widget):
    """Base class of a step body. Subclasses compose their content from `self.context`."""

    DEFAULT_CSS = "StepView { height: 1fr; }"

    # Actions that only change what is shown; they stay available in an ended session.
    VIEW_ACTIONS: ClassVar[frozenset[str]] = frozenset()
    # The keys of VIEW_ACTIONS, as the step's hint line names them in an ended session.
    READ_ONLY_HINT: ClassVar[str] = ""

    def __init__(self, context: StepContext) -> None:
        super().__init__()
        self.context = context

    @property
    def store(self) -> Store:
        return self.context.store

    def follow_changes(self, refresh: Callable[..., object], *,
                       pass_batch: bool = False) -> None:
        """Call `refresh` after each commit (from any process) to this step's plan or
        session, with the ChangeBatch when `pass_batch`; call it from `on_mount`."""

        def changed(batch: ChangeBatch) -> None:
            session_id = self.context.session_id
            if batch.touches_plan(self.context.plan_id) or (
                    session_id is not None and batch.touches_session(session_id)):
                refresh(batch) if pass_batch else refresh()

        self.app.changes.subscribe(self, changed)

    @property
    def read_only(self) -> bool:
        return self.context.read_only

    @property
    def who(self) -> dict[str, Any]:
        """Who makes a change, and in which session (for the domain's keyword arguments)."""
        return {"actor": self.context.actor, "session_id": self.context.session_id}

    def script_has(self, kind: str) -> bool:
        """Does the session's script have a step of this kind? (True when not known.)"""
        script = self.context.script
        return script is None or any(step.kind == kind for step in script.steps)

    def on_mount(self) -> None:
        if self.read_only:
            hidden = list(self.query(Input))
            for field in hidden:  # nothing to type into: it would be refused
                field.disabled = True
                field.display = False
            if self.app.focused is None or self.app.focused in hidden:
                self.call_after_refresh(self.focus_first)

    def focus_first(self) -> None:
        """Focus the first thing in the step that takes the focus (a list, a table)."""
        for widget in self.query("*"):
            if widget.focusable:
                widget.focus()
                return

    def hint(self, editing: str) -> str:
        """The step's line of keys: `editing` while the session runs; in an ended session
        only what works there (the view keys, and R to reopen)."""
        if not self.read_only:
            return editing
        reopen = f"{REOPEN_KEY} reopens the session to change it"
        if self.READ_ONLY_HINT:
            return f"{self.READ_ONLY_HINT} · read-only: {reopen}"
        return f"Read-only: {reopen}."

    def say_read_only(self) -> None:
        self.notify(f"This session {read_only_notice(self.context.ended_at or '')}.",
                    severity="warning")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """In an ended session only the view actions are offered (and shown in the footer)."""
        return not self.read_only or action.partition("(")[0] in self.VIEW_ACTIONS

    def _is_edit(self, message: Message) -> bool:
        """Would this message change the session? (Enter on a row, typed text, a letter key
        that is not a view action or the reopen key.)"""
        if isinstance(message, (Input.Submitted, DataTable.RowSelected, events.Paste)):
            return True
        if isinstance(message, events.Key) and message.is_printable:
            if message.key == REOPEN_KEY or message.character == REOPEN_KEY:
                return False
            bound = self._bindings.key_to_bindings.get(message.key, [])
            actions = {binding.action.partition("(")[0] for binding in bound}
            return not (actions and actions <= self.VIEW_ACTIONS)
        return False

    async def _on_message(self, message: Message) -> None:
        if self.read_only and self._is_edit(message):
            message.stop()
            message.prevent_default()
            self.say_read_only()
            return
        try:
            await super()._on_message(message)
        except SessionEndedError as exc:
            self.notify(f"Not saved: {exc}.", severity="warning")


class NotBuiltStep(StepView):
    """A step whose screen does not exist yet: its prompt, and nothing pretending to work."""

    def compose(self):
        yield Static("This step's screen is not built yet.", classes="empty")
