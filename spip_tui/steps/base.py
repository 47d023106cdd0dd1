"""What every workshop step's body is: a widget given the step's context."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.widget import Widget
from textual.widgets import Static

from facilitation.store.database import Store
from facilitation.store.events import ChangeBatch


@dataclass(frozen=True)
class StepContext:
    """Everything a step body needs: the store, the plan, the session and the script step."""

    store: Store
    plan_id: int
    session_id: int | None
    step: Any  # the script's step definition (facilitation.scripts.Step)
    actor: str


class StepView(Widget):
    """Base class of a step body. Subclasses compose their content from `self.context`."""

    DEFAULT_CSS = "StepView { height: 1fr; }"

    def __init__(self, context: StepContext) -> None:
        super().__init__()
        self.context = context

    @property
    def store(self) -> Store:
        return self.context.store

    def follow_changes(self, refresh: Callable[[], object]) -> None:
        """Call `refresh` after each commit (from any process) to this step's plan or
        session; call it from `on_mount`."""

        def changed(batch: ChangeBatch) -> None:
            session_id = self.context.session_id
            if batch.touches_plan(self.context.plan_id) or (
                    session_id is not None and batch.touches_session(session_id)):
                refresh()

        self.app.changes.subscribe(self, changed)


class NotBuiltStep(StepView):
    """A step whose screen does not exist yet: its prompt, and nothing pretending to work."""

    def compose(self):
        yield Static("This step's screen is not built yet.", classes="empty")
