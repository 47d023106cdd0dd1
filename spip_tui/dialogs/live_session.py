"""The facilitator's controls of a live session: the join code, who is connected, lead,
lock, private rounds and reveal, removing a participant, handing the role over."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from facilitation.ideas.brainstorm import BrainstormError
from facilitation.live.contributions import current_round
from facilitation.live.join_codes import JoinError, join_code, regenerate_code
from facilitation.live.leading import is_leading, is_locked, lock_step, set_leading
from facilitation.live.private_rounds import is_private, reveal_round, set_private
from facilitation.live.roster import Participant, hand_over, list_participants, remove_participant
from facilitation.store.events import ChangeBatch
from facilitation.workshop.sessions import get_session

from ..widgets.key_footer import KeyFooter
from ..widgets.record_table import RecordTable

REFUSALS = (JoinError, BrainstormError)
AGES_SECONDS = 10


def seen_text(participant: Participant, now: datetime) -> Text:
    """'online', '40 s ago', '12 min ago', 'removed'."""
    if participant.is_removed:
        return Text("removed", style="dim")
    if participant.left_at is not None:
        return Text(f"left {participant.left_at[11:16]}", style="dim")
    seconds = participant.seconds_since_seen(now)
    if seconds is None:
        return Text("never", style="dim")
    if participant.is_online(now):
        return Text("● online", style="bold green")
    if seconds < 120:
        return Text(f"{seconds:.0f} s ago")
    return Text(f"{seconds / 60:.0f} min ago", style="dim")


def join_command(db_path: str, code: str) -> str:
    """What a participant types on the facilitator's host."""
    import shlex

    return f"spip --db {shlex.quote(db_path)} join {code}"


class LiveSessionDialog(ModalScreen[None]):
    """Join code, roster with last seen, and the keys that lead the group."""

    DEFAULT_CSS = """
    LiveSessionDialog .dialog { width: 78; height: auto; max-height: 22; }
    LiveSessionDialog RecordTable { height: auto; max-height: 9; }
    LiveSessionDialog #live-state { height: auto; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("l", "lock", "Lock"),
        Binding("f", "follow", "Lead"),
        Binding("p", "private", "Private"),
        Binding("v", "reveal", "Reveal"),
        Binding("x", "remove", "Remove"),
        Binding("h", "hand_over", "Hand over"),
        Binding("r", "new_code", "New code"),
    ]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id

    @property
    def store(self):
        return self.app.store

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("", id="live-code", classes="title")
            yield Static("", id="live-command", classes="hint")
            yield RecordTable(id="roster")
            yield Static("", id="live-state")
            # Every key, also those the footer has no room for at 80 columns.
            yield Static("l lock the step · f lead / let them look around · p private round · "
                         "v reveal · x remove · h hand over · r new code", classes="hint",
                         id="live-keys")
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.add_column("Name", width=24)
        table.add_column("Role", width=12)
        table.add_column("Joined", width=6)
        table.add_column("Last seen", width=12)
        self.people: list[Participant] = []
        self.reload()
        # Arrivals, leavings and last-seen stamps are events: the change feed brings them.
        self.app.changes.subscribe(self, self.changed)
        # Only the ages move on their own ("40 s ago"): redrawn from memory, not re-read.
        self.set_interval(AGES_SECONDS, self.show_roster)
        table.focus()

    def changed(self, batch: ChangeBatch) -> None:
        if batch.touches_session(self.session_id):
            self.reload()

    @property
    def facilitator(self) -> str:
        return get_session(self.store, self.session_id).facilitator

    def reload(self) -> None:
        session = get_session(self.store, self.session_id)
        try:
            code = join_code(self.store, self.session_id)
        except JoinError as exc:
            code = None
            self.query_one("#live-code", Static).update(str(exc))
        if code:
            self.query_one("#live-code", Static).update(f"Join code {code}")
            self.query_one("#live-command", Static).update(
                f"Participants run: {join_command(str(self.store.path), code)}")
        self.people = list_participants(self.store, self.session_id)
        self.show_roster()
        index = session.current_step_index
        round_ = current_round(self.store, self.session_id)
        state = Text.assemble(
            f"Step {index + 1} {session.current_step.title}: ",
            ("locked (read-only for participants)", "bold") if is_locked(
                self.store, self.session_id, index) else "open to participants",
            "\nParticipants ", ("follow your step" if is_leading(self.store, self.session_id)
                                else "may look around"),
        )
        if round_ is not None and session.current_step.kind == "brainstorming":
            state.append(f"\nRound: {round_.prompt} — ")  # whole: the line wraps
            state.append("private until revealed" if is_private(self.store, round_.id)
                         else "everyone sees every idea")
        self.query_one("#live-state", Static).update(state)

    def show_roster(self) -> None:
        now = datetime.now(UTC)
        table = self.query_one(RecordTable)
        chosen = table.highlighted_key   # the same person stays highlighted
        table.clear()
        for person in self.people:
            table.add_row(person.name, "facilitator" if person.is_facilitator else "participant",
                          person.joined_at[11:16], seen_text(person, now), key=person.name)
        table.select_key(chosen)

    def run(self, move, *args, message: str = "", **kwargs) -> None:
        try:
            move(self.store, *args, **kwargs)
        except REFUSALS as exc:
            self.notify(str(exc), severity="warning")
            return
        if message:
            self.notify(message)
        self.reload()

    def chosen(self) -> str | None:
        name = self.query_one(RecordTable).highlighted_key
        if name is None:
            self.notify("Nobody has joined yet.", severity="warning")
        return name

    def action_close(self) -> None:
        self.dismiss(None)

    def action_lock(self) -> None:
        index = get_session(self.store, self.session_id).current_step_index
        locked = is_locked(self.store, self.session_id, index)
        self.run(lock_step, self.session_id, index, not locked, by=self.facilitator,
                 message="Step open to participants again." if locked else
                 "Step locked: participants can read it but not write.")

    def action_follow(self) -> None:
        lead = is_leading(self.store, self.session_id)
        self.run(set_leading, self.session_id, not lead, by=self.facilitator,
                 message="Participants may look at other steps." if lead else
                 "Participants follow your step.")

    def action_private(self) -> None:
        round_ = current_round(self.store, self.session_id)
        if round_ is None:
            self.notify("The session has no brainstorming round yet.", severity="warning")
            return
        private = is_private(self.store, round_.id)
        self.run(set_private, round_.id, not private, actor=self.facilitator,
                 message="Everyone sees every idea." if private else
                 "Private writing: each participant sees only their own ideas until v.")

    def action_reveal(self) -> None:
        round_ = current_round(self.store, self.session_id)
        if round_ is None or not is_private(self.store, round_.id):
            self.notify("Nothing is hidden in the current round.", severity="warning")
            return
        self.run(reveal_round, round_.id, actor=self.facilitator,
                 message="Revealed: everyone sees every idea now.")

    def action_remove(self) -> None:
        from .confirm import ConfirmDialog

        name = self.chosen()
        if name is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run(remove_participant, self.session_id, name, by=self.facilitator,
                         message=f"{name} was removed; their view closes.")

        self.app.push_screen(ConfirmDialog(f"Remove {name} from the session? They can no "
                                           f"longer write in it."), answered)

    def action_hand_over(self) -> None:
        from .confirm import ConfirmDialog

        name = self.chosen()
        if name is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run(hand_over, self.session_id, name, by=self.facilitator,
                         message=f"{name} leads the session now.")

        self.app.push_screen(ConfirmDialog(f"Hand the facilitator's role to {name}? They lead "
                                           f"the steps from their view; you follow."), answered)

    def action_new_code(self) -> None:
        self.run(regenerate_code, self.session_id, actor=self.facilitator,
                 message="New join code; the old one no longer works.")
