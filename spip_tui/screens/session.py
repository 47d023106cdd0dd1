"""A running workshop session: the agenda, the current step's prompt and body, the clock.

Everything the screen shows comes from the database (facilitation.workshop.sessions): the
current step, pause state and time per step are re-read, never counted here, so a
session opened after a crash is exactly where it was.
"""

from __future__ import annotations

import sqlite3

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static

from facilitation.plan.plans import get_plan
from facilitation.store.events import ChangeBatch
from facilitation.workshop.sessions import (
    PAUSED_AFTER_CRASH,
    PAUSED_ON_LEAVING,
    Session,
    SessionError,
    end_session,
    get_session,
    go_to_step,
    pause_reason,
    pause_session,
    reopen_session,
    resume_session,
    step_times,
    stop_stale_clock,
)

from ..dialogs.form import HoldsKeys
from ..steps import step_view_class
from ..steps.base import REOPEN_KEY, StepContext, StepView, read_only_notice
from ..widgets.key_footer import KeyFooter
from ..widgets.session_agenda import (
    AGENDA_TITLE_WIDTH,
    Agenda,
    agenda_line,
    live_bar_text,
    session_bar,
    step_title,
)
from ..widgets.text import show_if_changed

WIDE_TERMINAL = 110
# Below this many columns the agenda shrinks to step numbers, so that the step (a table
# of risks, ideas, …) gets the room: the current step's title and clock show above it.
NARROW_TERMINAL = 100
COLLAPSED_AGENDA_WIDTH = 4
# The changes that move what this screen itself shows (step, clock, pause, lead, roster).
SESSION_CHANGES = ("session.", "participant.")
FACILITATOR_ACTIONS = {"next_step", "previous_step", "agenda", "toggle_pause", "end_session",
                       "live"}

# The session's keys that give their room in the footer to F1 and Escape at 80 columns:
# the agenda on the left shows the steps (F6 picks one) and the top line the join code
# (F10 shows who is connected); both are in F1's help and the palette's Keys.
YIELDING = {"agenda", "live"}


class SessionScreen(HoldsKeys, Screen[None]):
    """Walks the group through the script's steps (the facilitator's view)."""

    DEFAULT_CSS = """
    SessionScreen #session-bar { height: auto; max-height: 2; background: $panel; }
    SessionScreen #session-main { height: 1fr; }
    SessionScreen #agenda { width: 26; height: 1fr; border: none; padding: 0; }
    SessionScreen #step-pane { width: 1fr; height: 1fr; padding: 0 0 0 1; }
    SessionScreen #step-title { padding: 0; }
    SessionScreen #step-prompt { padding: 0; height: auto; max-height: 3; }
    SessionScreen #step-body { height: 1fr; }
    """

    BINDINGS = [
        # One-word labels, so that at 80 columns the footer shows the essential ones with
        # F1 and Escape, and a step's key that matters now (e.g. reopening a round).
        Binding("f8,ctrl+n", "next_step", "Next", priority=True),
        Binding("f7", "previous_step", "Back", priority=True),
        Binding("f6", "agenda", "Steps", priority=True),
        Binding("f5", "toggle_pause", "Pause", priority=True),
        Binding("f9", "end_session", "End", priority=True),
        Binding("f10", "live", "Join", priority=True),
        Binding("f2", "toggle_agenda", "Agenda", show=False, priority=True),
        Binding(REOPEN_KEY, "reopen", "Reopen"),
        Binding("escape", "leave", "Leave"),
    ]

    def __init__(self, session_id: int, *, facilitator: bool = True) -> None:
        """`facilitator=False` is a participant's view: it follows the facilitator's step
        and clock and cannot move, pause or end the session."""
        super().__init__()
        self.session_id = session_id
        self.facilitator = facilitator
        self.shown_step: int | None = None  # the step whose body is mounted
        self.viewing: int | None = None     # an ended session's step being read
        self.resumed_before = False         # the first resume is the screen's first show
        # Keys typed with the key that opened this screen wait for its step (see show_step).
        self.hold_keys()

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="session-bar")
        with Horizontal(id="session-main"):
            yield Agenda(id="agenda")
            with Vertical(id="step-pane"):
                yield Static("", id="step-title", classes="title")
                yield Static("", id="step-prompt", classes="hint")
                yield Vertical(id="step-body")
        yield KeyFooter()

    @property
    def store(self):
        return self.app.store

    @property
    def session(self) -> Session:
        return get_session(self.store, self.session_id)

    def on_mount(self) -> None:
        # The clock stops while nobody is in the session (see on_unmount); coming back
        # starts it again, unless the facilitator had paused it on purpose.
        if self.facilitator:
            self.restart_clock()
        self.plan = get_plan(self.store, self.session.plan_id)
        self.leader = self.session.facilitator  # whom this screen acts as while it leads
        self.refresh_session()
        self.app.changes.subscribe(self, self.session_changed)
        self.set_interval(1.0, self.refresh_clock)

    def session_changed(self, batch: ChangeBatch) -> None:
        """Follow the facilitator (or another terminal) moving, pausing or ending it, and
        people joining or leaving. The group's ideas, risks, scores and votes are the
        step's to show: re-reading the session's clock and roster on each of them was
        work the facilitator's screen did ten times a second while a group typed."""
        if batch.touches_session(self.session_id) and batch.has_kind(*SESSION_CHANGES):
            self.refresh_session()

    def on_screen_resume(self) -> None:
        # Back from a dialog: show at once what it changed, without waiting for the feed.
        if self.resumed_before:
            self.refresh_session()
            for view in self.query(StepView):
                # A step the dialog's answer just remounted reads its data in on_mount.
                if view.is_mounted and callable(reload := getattr(view, "reload", None)):
                    reload()
        self.resumed_before = True

    def restart_clock(self) -> None:
        """Start the clock of a session left by leaving the screen, or by a process that
        died (its clock then stops at the last thing saved: the hours in between do not
        count)."""
        stopped_at = stop_stale_clock(self.store, self.session_id)
        if stopped_at is not None:
            self.notify(f"This session was left running when spip stopped; its clock stopped "
                        f"at {stopped_at[11:16]} UTC, when the last change was saved.")
        if pause_reason(self.store, self.session_id) in (PAUSED_ON_LEAVING, PAUSED_AFTER_CRASH):
            resume_session(self.store, self.session_id)

    @property
    def agenda_title_width(self) -> int:
        """Step titles get more room on a wide terminal (the agenda widens with them); none
        on a narrow one (the agenda collapses to step numbers)."""
        width = self.app.size.width
        if width < NARROW_TERMINAL:
            return 0
        return AGENDA_TITLE_WIDTH + (8 if width >= WIDE_TERMINAL else 0)

    def on_resize(self) -> None:
        title_width = self.agenda_title_width
        self.query_one("#agenda").styles.width = \
            title_width + 15 if title_width else COLLAPSED_AGENDA_WIDTH
        if hasattr(self, "plan"):  # a resize can arrive before on_mount has run
            self.refresh_clock()

    @property
    def help_topic(self) -> str:
        """F1 opens the help at the step on screen."""
        from ..dialogs.help import STEP_TOPICS

        if self.shown_step is None:
            return "A workshop session"
        kind = self.session.script.steps[self.shown_step].kind
        return STEP_TOPICS.get(kind, "A workshop session")

    def shown_index(self, session: Session) -> int:
        if session.is_ended and self.viewing is not None:
            return self.viewing
        return session.current_step_index

    def refresh_session(self) -> None:
        """Re-read the session and show it; mount the step body if the step changed."""
        session = self.session
        if self.facilitator and session.facilitator != self.leader:
            # The role was handed over: this screen follows the new facilitator from now on.
            self.facilitator = False
            self.notify(f"{session.facilitator} leads the session now.", timeout=8)
            self.refresh_bindings()
        index = self.shown_index(session)
        if index != self.shown_step:
            self.show_step(session, index)
        self.refresh_clock(session)

    def refresh_clock(self, session: Session | None = None) -> None:
        session = session or self.session
        times = step_times(self.store, self.session_id)
        index = self.shown_index(session)
        lines = [agenda_line(t, t.index == index, self.agenda_title_width) for t in times]
        self.query_one("#agenda", Agenda).show(lines, index)
        # Nobody joins an ended session: no join code there.
        live = Text("") if session.is_ended else live_bar_text(self.store, self.session_id)
        notice = read_only_notice(session.ended_at) if session.ended_at else ""
        show_if_changed(self.query_one("#session-bar", Static),
                        session_bar(session, self.plan.subject_name, times, index, live, notice))
        show_if_changed(self.query_one("#step-title", Static),
                        step_title(session, times[index]))

    def show_step(self, session: Session, index: int) -> None:
        step = session.script.steps[index]
        self.shown_step = index
        self.query_one("#step-prompt", Static).update(step.prompt)
        body = self.query_one("#step-body", Vertical)
        body.remove_children()
        context = StepContext(self.store, session.plan_id, self.session_id, step,
                              self.store.actor, ended_at=session.ended_at,
                              script=session.script)
        view: StepView = step_view_class(step.kind)(context)
        # Keys typed while the step mounts (F8 and at once the first risk) wait for it to
        # focus its field; they went to the old step's widgets, or nowhere.
        self.hold_keys()
        self.call_later(self.release_keys_once_mounted, body.mount(view))

    async def release_keys_once_mounted(self, mounted) -> None:
        try:
            await mounted  # the step's on_mount has queued its focus on the app
        finally:
            self.app.call_later(self.release_keys)

    @property
    def active_bindings(self):
        """The order the footer shows the keys in, as room allows: the session's essential
        keys, F1 (its help lists every key left out) and Escape, so that at 80 columns they
        always show; then the step's keys (each step also lists them in its hint line);
        then the keys that yield their room at 80 columns (YIELDING)."""
        bindings = super().active_bindings

        def rank(item) -> int:
            key, binding = item
            action = binding.binding.action
            if binding.node is self:
                return 4 if action in YIELDING else 2 if key == "escape" else 0
            if binding.node is self.app:
                return 1 if action == "help" else 5
            return 3

        return dict(sorted(bindings.items(), key=rank))

    # --- moving through the steps ---------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A participant's view shows (and allows) only leaving and the agenda toggle."""
        if not self.facilitator and action in FACILITATOR_ACTIONS | {"reopen"}:
            return False
        if action == "reopen":
            return self.session.is_ended
        if action in ("toggle_pause", "end_session", "live"):
            return not self.session.is_ended
        return True

    def move_to(self, index: int) -> None:
        session = self.session
        if not self.facilitator and not session.is_ended:
            return
        if session.is_ended:
            if 0 <= index < len(session.script.steps):
                self.viewing = index
                self.refresh_session()
            return
        try:
            go_to_step(self.store, self.session_id, index)
        except SessionError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.refresh_session()

    def action_next_step(self) -> None:
        session = self.session
        index = self.shown_index(session)
        if index + 1 >= len(session.script.steps):
            self.notify("This is the last step; F9 ends the session.", severity="warning")
            return
        self.move_to(index + 1)

    def action_previous_step(self) -> None:
        index = self.shown_index(self.session)
        if index == 0:
            self.notify("This is the first step.", severity="warning")
            return
        self.move_to(index - 1)

    def action_agenda(self) -> None:
        agenda = self.query_one("#agenda", OptionList)
        agenda.display = True
        agenda.highlighted = self.shown_index(self.session)
        agenda.focus()

    @on(OptionList.OptionSelected, "#agenda")
    def jump(self, event: OptionList.OptionSelected) -> None:
        self.move_to(int(event.option.id or 0))
        self.focus_step_body()

    def focus_step_body(self) -> None:
        body = self.query_one("#step-body", Vertical)
        for widget in body.query("*"):
            if widget.focusable:
                widget.focus()
                return

    def action_toggle_agenda(self) -> None:
        agenda = self.query_one("#agenda", OptionList)
        agenda.display = not agenda.display

    def action_toggle_pause(self) -> None:
        session = self.session
        if session.is_ended:
            self.notify("The session has ended.", severity="warning")
            return
        if session.is_paused:
            resume_session(self.store, self.session_id)
            self.notify("Resumed; the clock runs again.")
        else:
            pause_session(self.store, self.session_id)
            self.notify("Paused; the clock has stopped. F5 resumes.")
        self.refresh_session()

    def action_live(self) -> None:
        from ..dialogs.live_session import LiveSessionDialog

        if self.session.is_ended:
            self.notify("The session has ended; nobody can join it.", severity="warning")
            return
        self.app.push_screen(LiveSessionDialog(self.session_id))

    def action_end_session(self) -> None:
        from ..dialogs.confirm import ConfirmDialog

        if self.session.is_ended:
            self.notify("The session has already ended.", severity="warning")
            return

        def answered(yes: bool | None) -> None:
            if yes:
                end_session(self.store, self.session_id)
                self.notify("Session ended. Everything is saved.")
                self.dismiss_screen()

        self.app.push_screen(ConfirmDialog("End the session? Its content stays with the plan."),
                             answered)

    def action_reopen(self) -> None:
        """Reopen an ended session (logged: who and when) so that it can be changed."""
        from ..dialogs.confirm import ConfirmDialog

        session = self.session
        if not session.is_ended:
            return

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                reopen_session(self.store, self.session_id)
            except SessionError as exc:
                self.notify(str(exc), severity="warning")
                return
            self.notify("Reopened (logged with your name); changes are saved again.")
            if self.viewing is not None:
                go_to_step(self.store, self.session_id, self.viewing)
            self.viewing = None
            self.shown_step = None  # remount the step, now editable
            self.refresh_session()
            self.refresh_bindings()

        self.app.push_screen(ConfirmDialog(
            f"This session ended on {session.ended_at[:10]}. Reopen it to change it? "
            "The reopening is logged with your name."), answered)

    def on_unmount(self) -> None:
        if not self.facilitator:
            return
        try:
            pause_session(self.store, self.session_id, reason=PAUSED_ON_LEAVING)
        except sqlite3.Error as exc:  # e.g. the database went away while closing
            self.log.warning(f"could not stop the session clock: {exc}")

    def action_leave(self) -> None:
        self.dismiss_screen()

    def dismiss_screen(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()
