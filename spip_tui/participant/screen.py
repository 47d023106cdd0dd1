"""A participant's session: the step the facilitator is on, and what they can add there.

Everything comes from the database and is re-read when it changes (any process): the
step, the lock, the lead, the round and its timer, the group's contributions. The
screen has no way to another plan or session; leaving closes the app.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from facilitation.live.contributions import WRITABLE_KINDS, participant_step
from facilitation.live.leading import is_leading, is_locked
from facilitation.live.roster import (
    PRESENCE_SECONDS,
    is_facilitator,
    is_removed,
    leave_session,
    list_participants,
    touch_presence,
)
from facilitation.plan.plans import get_plan
from facilitation.store.events import ChangeBatch
from facilitation.workshop.sessions import (
    Session,
    SessionError,
    get_session,
    next_step,
    previous_step,
)

from ..widgets.text import show_if_changed
from .panes import PANES, ReadOnlyPane, StepPane
from .writes import WritesInOrder

# The kinds of change that concern only a step's content (its risks, ideas, rounds, votes,
# comments and scores): the pane alone looks at them. Any other kind (the session moving,
# pausing or locking a step, people arriving or leaving, the plan) re-reads the whole view.
STEP_CONTENT = ("idea.", "comment.", "risk.", "brainstorm.")
PEOPLE = "participant."


@dataclass
class OwnWrites:
    """What this view wrote that is the participant's even where no name is stored (an
    anonymous round): idea ids (shown to them in a private round) and vote ids."""

    ideas: list[int] = field(default_factory=list)
    votes: list[int] = field(default_factory=list)


class ParticipantScreen(WritesInOrder, Screen[None]):
    """One participant in one session; follows the facilitator's step."""

    DEFAULT_CSS = """
    ParticipantScreen #bar { height: 1; background: $panel; }
    ParticipantScreen #status { height: 1; padding: 0 1; }
    ParticipantScreen #step-title { height: 1; }
    ParticipantScreen #step-prompt { height: auto; max-height: 2; }
    ParticipantScreen #pane { height: 1fr; }
    ParticipantScreen #gone { padding: 1 2; text-style: bold; }
    """
    BINDINGS = [
        Binding("f7", "step(-1)", "Prev step"),
        Binding("f8", "step(1)", "Next step"),
    ]

    def __init__(self, session_id: int, name: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.participant = name
        self.wanted: int | None = None    # the step chosen while the facilitator lets go
        self.shown: tuple[int, str] | None = None  # (step index, pane kind) mounted
        self.closed = False
        self.moves: tuple[bool, bool] | None = None  # (leads, lead on) as last shown
        self.own = OwnWrites()
        self.pane: StepPane | None = None
        self.setup_writes()

    @property
    def store(self):
        return self.app.store

    def compose(self) -> ComposeResult:
        yield Static("", id="bar")
        yield Static("", id="status")
        yield Static("", id="step-title", classes="title")
        yield Static("", id="step-prompt", classes="hint")
        yield Vertical(id="pane")
        yield Footer()

    def on_mount(self) -> None:
        self.plan = get_plan(self.store, get_session(self.store, self.session_id).plan_id)
        self.refresh_view()
        self.app.changes.subscribe(self, self.changed)
        self.set_interval(PRESENCE_SECONDS, self.stamp_presence)

    def stamp_presence(self) -> None:
        if not self.closed:
            touch_presence(self.store, self.session_id, self.participant)

    def on_unmount(self) -> None:
        """Leaving (ctrl+q, a closed terminal) says so at once on the facilitator's screen."""
        # A busy database must not keep the app from closing: presence then times out.
        with suppress(Exception):
            leave_session(self.store, self.session_id, self.participant)

    # --- showing ------------------------------------------------------------------------

    def changed(self, batch: ChangeBatch) -> None:
        """What another process (or this view's writes) committed: the step's content goes
        to the pane alone; anything else re-reads the whole view. Ten people typing commit
        several times a second, and re-reading the session, its roster and the pane on each
        filled a participant's share of the CPU (and with ten of them, the machine)."""
        if not (batch.touches_session(self.session_id) or batch.touches_plan(self.plan.id)):
            return
        if all(change.kind.startswith(STEP_CONTENT) for change in batch.changes):
            if not self.closed and self.pane is not None and self.pane.ready:
                self.pane.changed(batch)
        else:
            # People arriving, leaving or stamping their presence change the bar, not the
            # step's content.
            self.refresh_view(pane=not all(change.kind.startswith(PEOPLE)
                                           for change in batch.changes))

    def refresh_view(self, pane: bool = True) -> None:
        """Re-read the session and show it (`pane`: the step's content too)."""
        if self.closed:
            return
        session = get_session(self.store, self.session_id)
        if is_removed(self.store, self.session_id, self.participant):
            self.close_view("The facilitator removed you from this session. ctrl+q leaves.")
            return
        if session.is_ended:
            self.close_view("The session has ended. Thank you! Everything you added is saved. "
                            "ctrl+q leaves.")
            return
        index = participant_step(self.store, session, self.wanted)
        step = session.script.steps[index]
        locked = is_locked(self.store, self.session_id, index)
        self.show_bar(session, index)
        self.show_status(session, index, locked)
        show_if_changed(self.query_one("#step-title", Static), f"{index + 1}. {step.title}")
        show_if_changed(self.query_one("#step-prompt", Static), step.prompt)
        kind = step.kind if step.kind in WRITABLE_KINDS else "read_only"
        if self.shown != (index, kind):
            self.mount_pane(index, kind)
            pane = True
        # Only the pane just mounted: one being removed (the participant stepping fast)
        # may have lost its widgets already.
        if pane and self.pane is not None and self.pane.ready:
            self.pane.show(session, locked)
        # The footer is rebuilt on refresh_bindings: only when F7/F8 come or go.
        moves = (is_facilitator(session, self.participant), is_leading(self.store,
                                                                        self.session_id))
        if moves != self.moves:
            self.moves = moves
            self.refresh_bindings()

    def show_bar(self, session: Session, index: int) -> None:
        online = sum(p.is_online() for p in list_participants(self.store, self.session_id))
        show_if_changed(self.query_one("#bar", Static), Text.assemble(
            (f" {self.plan.subject_name}", "bold"), f" · step {index + 1}/"
            f"{len(session.script.steps)} · you: ", (self.participant, "bold"),
            f" · {online} online"))

    def show_status(self, session: Session, index: int, locked: bool) -> None:
        if is_facilitator(session, self.participant):
            status = Text("You lead the session now: F7/F8 move the steps.", style="bold")
        elif is_leading(self.store, self.session_id):
            status = Text(f"Following {session.facilitator}, who leads.", style="dim")
        else:
            status = Text(f"{session.facilitator} lets you look around: F7/F8 change step "
                          f"(the group is on step {session.current_step_index + 1}).")
        if session.is_paused:
            status = Text.assemble(("⏸ PAUSED ", "bold reverse"), status)
        if locked:
            status = Text.assemble(("🔒 read-only ", "bold reverse"), status)
        show_if_changed(self.query_one("#status", Static), status)

    def mount_pane(self, index: int, kind: str) -> None:
        self.shown = (index, kind)
        body = self.query_one("#pane", Vertical)
        body.remove_children()
        pane_class = PANES.get(kind, ReadOnlyPane)
        self.pane = pane_class(self.session_id, self.participant, index)
        body.mount(self.pane)

    def close_view(self, message: str) -> None:
        self.closed = True
        self.query_one("#status", Static).update("")
        body = self.query_one("#pane", Vertical)
        body.remove_children()
        self.pane = None
        body.mount(Static(message, id="gone"))
        self.refresh_bindings()

    # --- moving (only when the facilitator lets go, or for the new facilitator) ------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "step" or self.closed:
            return True
        session = get_session(self.store, self.session_id)
        return is_facilitator(session, self.participant) or not is_leading(
            self.store, self.session_id)

    def action_step(self, offset: int) -> None:
        session = get_session(self.store, self.session_id)
        if is_facilitator(session, self.participant):
            try:
                (next_step if offset > 0 else previous_step)(self.store, self.session_id)
            except SessionError as exc:
                self.notify(str(exc), severity="warning")
        else:
            current = participant_step(self.store, session, self.wanted)
            self.wanted = max(0, min(current + offset, len(session.script.steps) - 1))
        self.refresh_view()
