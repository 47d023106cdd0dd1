"""Step 5, timed brainstorming: a round per prompt, a countdown, type an idea + Enter.

Keys that work while typing are ctrl/function keys (letters go into the idea);
the facilitator's keys for editing, merging and deleting ideas act on the list
(↓ from the input, or Tab), and only there: a letter typed next to the idea entry never
deletes or merges. While a round runs, typing always reaches the entry (even from the
list), and after any dialog or timer key the focus is back in the entry.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from facilitation.ideas.brainstorm import (
    BrainstormError,
    Round,
    add_idea,
    add_round,
    add_time,
    close_if_time_up,
    delete_idea,
    edit_idea,
    end_round,
    get_idea_row,
    get_round,
    list_ideas,
    list_rounds,
    merge_ideas,
    parse_minutes,
    pause_round,
    plan_rounds,
    resume_round,
    set_anonymous,
    set_time_box,
    skip_round,
    start_round,
    undo_last,
    unskip_round,
)

from ..watch import DatabaseWatch
from ..widgets.round_timer import RoundTimer, utc_now
from .base import StepView

IDEA_WIDTH = 60


class IdeaTable(DataTable):
    """The round's ideas; the keys acting on the highlighted one work only here."""

    BINDINGS = [
        Binding("e", "edit", "Edit"),
        Binding("m", "merge", "Merge"),
        Binding("d,delete", "delete", "Delete"),
        Binding("u", "undo", "Undo"),
    ]

    def action_edit(self) -> None:
        self.post_message(IdeaCommand("edit"))

    def action_merge(self) -> None:
        self.post_message(IdeaCommand("merge"))

    def action_delete(self) -> None:
        self.post_message(IdeaCommand("delete"))

    def action_undo(self) -> None:
        self.post_message(IdeaCommand("undo"))


class IdeaCommand(Message):
    """A key on the idea list asks the step for one of the facilitator's edits."""

    def __init__(self, command: str) -> None:
        super().__init__()
        self.command = command


class IdeaInput(Input):
    """The idea field; a pasted list becomes one idea per line."""

    class Pasted(Message):
        def __init__(self, lines: list[str]) -> None:
            super().__init__()
            self.lines = lines

    def _on_paste(self, event: events.Paste) -> None:
        lines = [line for line in event.text.splitlines() if line.strip()]
        if len(lines) > 1:
            event.stop()
            event.prevent_default()
            self.post_message(self.Pasted(lines))
            return
        super()._on_paste(event)


def participants_of(store, session_id: int | None) -> list[str]:
    """Who can be typing: the session's facilitator and participants."""
    if session_id is None:
        return []
    from facilitation.workshop.sessions import get_session

    session = get_session(store, session_id)
    names = [session.facilitator, *session.participants]
    return list(dict.fromkeys(n for n in names if n))


def forecast_gap(store, plan_id: int) -> float | None:
    """The plan's gap from its forecast (slow: pandas and a model fit); None without history."""
    try:
        from facilitation.history.forecast import plan_forecast
        from facilitation.plan.plans import get_plan

        forecast = plan_forecast(store, get_plan(store, plan_id))
    except Exception:  # noqa: BLE001  (any failure: the prompt goes without a figure)
        return None
    return None if forecast is None else forecast.gap


class BrainstormingStep(StepView):
    """Rounds on the gap and each top risk; ideas typed as fast as people think."""

    BINDINGS = [
        Binding("ctrl+t", "timer", "Start/pause"),
        Binding("ctrl+g", "add_minute", "+1 min"),
        Binding("ctrl+b", "end_round", "End round"),
        Binding("f3", "next_author", "Who types"),
        Binding("f4", "next_round(1)", "Next round"),
        Binding("shift+f4", "next_round(-1)", "Prev round", show=False),
        Binding("n", "new_round", "New round", show=False),
        Binding("k", "skip", "Skip round", show=False),
        Binding("o", "anonymous", "Anonymous", show=False),
        Binding("t", "time_box", "Round length", show=False),
        Binding("escape", "cancel_merge", "Cancel", show=False),
        Binding("a,i", "focus_input", "Type ideas", show=False),
    ]
    DEFAULT_CSS = """
    BrainstormingStep #round-bar { height: auto; max-height: 3; }
    BrainstormingStep #round-prompt { width: 1fr; height: auto; max-height: 3; text-style: bold; }
    BrainstormingStep #who { height: 1; color: $text-muted; }
    BrainstormingStep #closed { height: auto; display: none; color: $error;
        text-style: bold reverse; padding: 0 1; }
    BrainstormingStep IdeaTable { height: 1fr; }
    BrainstormingStep #idea-hint { height: auto; max-height: 2; color: $text-muted; }
    """

    # The clock the countdown reads; tests replace it (the timer itself is stored times).
    clock = staticmethod(utc_now)

    def __init__(self, context) -> None:
        super().__init__(context)
        self.round_id: int | None = None
        self.author_index = 0
        self.merging: int | None = None  # the idea chosen to be merged into another
        self.session_paused: bool | None = None  # as last seen (None: not looked yet)

    def compose(self) -> ComposeResult:
        with Horizontal(id="round-bar"):
            yield RoundTimer(clock=lambda: self.clock(), id="timer")
            yield Static("Preparing the rounds…", id="round-prompt")
        yield Static("", id="who")
        yield Static("", id="closed")
        yield IdeaInput(placeholder="Type an idea and press Enter", compact=True, id="new-idea",
                        select_on_focus=False)
        yield IdeaTable(id="ideas", cursor_type="row", zebra_stripes=True)
        yield Static("ctrl+t start/pause · ctrl+g +1 min · ctrl+b end · F3 who types · F4 next "
                     "round · ↓ list (round paused or over): e edit · m merge · d delete · "
                     "u undo · n/k/o/t round (F1 help)", id="idea-hint")

    def on_mount(self) -> None:
        self.add_columns()
        self.participants = participants_of(self.store, self.context.session_id)
        self.query_one("#new-idea", Input).focus()
        if self.rounds():
            # Top risks assessed since the rounds were made get theirs now (no forecast needed).
            if self.context.session_id is not None:
                plan_rounds(self.store, self.context.plan_id, self.context.session_id, None,
                            actor=self.context.actor)
            self.reload()
        else:
            self.prepare_rounds()
        self.watch = DatabaseWatch(self, self.store, self.reload)
        if self.context.session_id is not None:
            from facilitation.workshop.sessions import get_session

            self.session_paused = get_session(self.store, self.context.session_id).is_paused
            self.set_interval(1.0, self.pause_with_session)

    def pause_with_session(self) -> None:
        """Pausing the session (a break) pauses the running round too (once: a round
        started while the session stays paused keeps running)."""
        from facilitation.workshop.sessions import get_session

        paused = get_session(self.store, self.context.session_id).is_paused
        newly_paused, self.session_paused = paused and not self.session_paused, paused
        round_ = self.current
        if round_ is None or round_.state(self.now()) != "running":
            return
        if newly_paused:
            pause_round(self.store, round_.id, actor=self.context.actor, now=self.now())
            self.notify("The round is paused with the session; ctrl+t resumes it.")
            self.reload()

    def rounds(self) -> list[Round]:
        if self.context.session_id is None:
            return list_rounds(self.store, plan_id=self.context.plan_id)
        return list_rounds(self.store, session_id=self.context.session_id)

    @work(thread=True, exclusive=True, group="brainstorm-rounds")
    def prepare_rounds(self) -> None:
        """Make the standard rounds (the gap figure needs the forecast: off the UI thread)."""
        store = self.store.reopen()
        try:
            gap = forecast_gap(store, self.context.plan_id)
        finally:
            store.close()
        self.app.call_from_thread(self.make_rounds, gap)

    def make_rounds(self, gap: float | None) -> None:
        plan_rounds(self.store, self.context.plan_id, self.context.session_id, gap,
                    actor=self.context.actor)
        self.reload()

    # --- showing -------------------------------------------------------------------------

    @property
    def current(self) -> Round | None:
        return None if self.round_id is None else get_round(self.store, self.round_id)

    def now(self) -> datetime:
        return self.clock()

    def reload(self) -> None:
        rounds = self.rounds()
        if not rounds:
            return
        if self.round_id not in {r.id for r in rounds}:
            # Start on the first round not finished yet.
            open_rounds = [r for r in rounds if r.state(self.now()) in ("ready", "running",
                                                                         "paused")]
            self.round_id = (open_rounds or rounds)[0].id
        round_ = next(r for r in rounds if r.id == self.round_id)
        number = [r.id for r in rounds].index(round_.id) + 1
        self.query_one(RoundTimer).show(round_)
        self.query_one("#round-prompt", Static).update(Text.assemble(
            (f"Round {number}/{len(rounds)} ", "dim"), round_.prompt))
        self.show_who(round_)
        self.show_closed(round_)
        self.show_ideas(round_)

    def show_who(self, round_: Round) -> None:
        if round_.is_anonymous:
            who = Text.assemble(("Anonymous round", "bold"), ": no author is stored")
        elif self.participants:
            who = Text.assemble("Typing: ", (self.author or "", "bold"), "  (F3 switches)")
        else:
            who = Text("Ideas are recorded under your name")
        self.query_one("#who", Static).update(who)

    def show_closed(self, round_: Round) -> None:
        state = round_.state(self.now())
        closed = self.query_one("#closed", Static)
        field = self.query_one("#new-idea", Input)
        messages = {
            "time_up": "TIME IS UP: no more ideas. ctrl+g adds a minute; F4 next round.",
            "ended": "This round has ended: no more ideas. F4 goes to the next round.",
            "skipped": "This round was skipped. k brings it back.",
        }
        closed.display = state in messages
        closed.update(messages.get(state, ""))
        # The entry stays open even when the round takes no more ideas: a half-typed idea
        # is kept (Enter says why it is refused), and the focus never drops onto the list,
        # where letters are commands.
        field.placeholder = ("Type an idea and press Enter" if state != "ready" else
                             "Type an idea and press Enter (ctrl+t starts the timer)")

    def idea_width(self) -> int:
        return max(16, min(IDEA_WIDTH, self.size.width - 3 - 10 - 6))

    def add_columns(self) -> None:
        table = self.query_one(IdeaTable)
        table.add_column("#", key="n", width=3)
        table.add_column("Idea", key="text", width=self.idea_width())
        table.add_column("By", key="by", width=10)

    def on_resize(self) -> None:
        table = self.query_one(IdeaTable)
        if table.columns and table.columns[list(table.columns)[1]].width != self.idea_width():
            table.clear(columns=True)
            self.add_columns()
            if (round_ := self.current) is not None:
                self.show_ideas(round_)

    def show_ideas(self, round_: Round, select: int | None = None) -> None:
        table = self.query_one(IdeaTable)
        keep = select if select is not None else self.highlighted_id()
        table.clear()
        width = self.idea_width()
        for number, idea in enumerate(list_ideas(self.store, round_.id), 1):
            # The merge count leads, so a long idea cut short still shows it.
            text = (f"[+{len(idea.merged)}] " if idea.merged else "") + idea.text
            marker = "» " if idea.id == self.merging else ""
            if len(marker + text) > width:
                text = text[: width - len(marker) - 1] + "…"
            table.add_row(str(number), marker + text, idea.author or "—", key=str(idea.id))
        if select is None and table.row_count and self.screen.focused is not table:
            table.move_cursor(row=table.row_count - 1)  # the newest idea stays in view
        elif keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)))

    def highlighted_id(self) -> int | None:
        table = self.query_one(IdeaTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return int(key) if key else None

    @property
    def author(self) -> str | None:
        if not self.participants:
            return self.context.actor
        return self.participants[self.author_index % len(self.participants)]

    # --- typing ideas ----------------------------------------------------------------------

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "new-idea":
            return
        event.stop()
        round_ = self.current
        if round_ is None or not event.value.strip():
            return
        try:
            add_idea(self.store, round_.id, event.value, self.author, actor=self.context.actor,
                     now=self.now())
        except BrainstormError as exc:
            self.notify(str(exc), severity="warning")
            self.reload()
            return
        event.input.value = ""
        self.show_ideas(round_)

    def on_idea_input_pasted(self, event: IdeaInput.Pasted) -> None:
        round_ = self.current
        if round_ is None:
            return
        added = 0
        for line in event.lines:
            try:
                add_idea(self.store, round_.id, line, self.author, actor=self.context.actor,
                         now=self.now())
                added += 1
            except BrainstormError as exc:
                self.notify(str(exc), severity="warning")
                break
        self.notify(f"{added} ideas added from the pasted lines.")
        self.reload()

    def on_key(self, event: events.Key) -> None:
        table = self.query_one(IdeaTable)
        round_ = self.current
        if (event.is_printable and self.screen.focused is table and round_ is not None
                and round_.state(self.now()) == "running"):
            # While a round runs, typing is ideas: the letter goes to the entry, not to
            # the list's commands.
            event.stop()
            event.prevent_default()
            self.focus_entry().insert_text_at_cursor(event.character or "")
        elif event.key == "down" and self.screen.focused is self.query_one("#new-idea"):
            table.focus()
            event.stop()
        elif event.key == "up" and self.screen.focused is table and table.cursor_row <= 0:
            self.action_focus_input()
            event.stop()

    def action_focus_input(self) -> None:
        self.focus_entry()

    def focus_entry(self) -> Input:
        """Put the focus in the idea entry at once (keys already typed follow it)."""
        entry = self.query_one("#new-idea", Input)
        self.screen.set_focus(entry)
        return entry

    def on_idea_command(self, message: IdeaCommand) -> None:
        message.stop()
        getattr(self, f"action_{message.command}")()

    def on_round_timer_time_up(self, event: RoundTimer.TimeUp) -> None:
        close_if_time_up(self.store, event.round_id, actor=self.context.actor, now=self.now())
        self.app.bell()
        self.notify("Time is up! The round takes no more ideas.", title="Time up",
                    severity="warning", timeout=8)
        self.reload()

    # --- the timer and rounds -------------------------------------------------------------

    def run(self, move, message: str | None = None, **kwargs) -> None:
        """Make one round move; a refusal becomes a notification. The focus goes back to
        the entry, where the group types next."""
        self.focus_entry()
        if self.round_id is None:
            return
        try:
            move(self.store, self.round_id, actor=self.context.actor, **kwargs)
        except BrainstormError as exc:
            self.notify(str(exc), severity="warning")
        else:
            if message:
                self.notify(message)
        self.reload()

    def action_timer(self) -> None:
        round_ = self.current
        if round_ is None:
            return
        state = round_.state(self.now())
        if state == "running":
            self.run(pause_round, "Paused.", now=self.now())
        elif state == "paused":
            self.run(resume_round, now=self.now())
        else:
            self.run(start_round, now=self.now())

    def action_add_minute(self) -> None:
        self.run(add_time, "One more minute.", now=self.now())

    def action_end_round(self) -> None:
        self.run(end_round, "Round ended.", now=self.now())

    def action_next_author(self) -> None:
        if not self.participants:
            self.notify("The session has no participants to switch between.",
                        severity="warning")
            return
        self.author_index = (self.author_index + 1) % len(self.participants)
        if (round_ := self.current) is not None:
            self.show_who(round_)

    def action_next_round(self, offset: int) -> None:
        rounds = self.rounds()
        if not rounds or self.round_id is None:
            return
        index = [r.id for r in rounds].index(self.round_id) + offset
        if not 0 <= index < len(rounds):
            self.notify("No more rounds; n adds one." if offset > 0 else "This is the first round.",
                        severity="warning")
            return
        self.round_id = rounds[index].id
        self.merging = None
        self.reload()

    def ask(self, question: str, value: str, answered) -> None:
        """Ask one line of text; whatever the answer, the focus then returns to the entry."""
        from ..dialogs.text_prompt import TextPrompt

        def then(text: str | None) -> None:
            self.focus_entry()
            answered(text)

        self.app.push_screen(TextPrompt(question, value), then)

    def action_new_round(self) -> None:
        def asked(prompt: str | None) -> None:
            if not prompt:
                return
            try:
                self.round_id = add_round(self.store, self.context.plan_id, prompt,
                                          session_id=self.context.session_id,
                                          actor=self.context.actor, now=self.now())
            except BrainstormError as exc:
                self.notify(str(exc), severity="warning")
            self.reload()

        self.ask("The question for the new round", "", asked)

    def action_skip(self) -> None:
        round_ = self.current
        if round_ is None:
            return
        if round_.status == "skipped":
            self.run(unskip_round, "The round is back.")
        else:
            self.run(skip_round, "Round skipped.", now=self.now())

    def action_time_box(self) -> None:
        round_ = self.current
        if round_ is None:
            return

        def asked(text: str | None) -> None:
            if not text:
                return
            try:
                set_time_box(self.store, round_.id, parse_minutes(text), actor=self.context.actor)
            except BrainstormError as exc:
                self.notify(str(exc), severity="warning")
            self.reload()

        self.ask("Minutes for this round (e.g. 2, 2.5 or 1:30)",
                 f"{round_.time_box_seconds / 60:g}", asked)

    def action_anonymous(self) -> None:
        round_ = self.current
        if round_ is None:
            return
        self.run(set_anonymous, "Anonymous: no author will be stored." if not
                 round_.is_anonymous else "Ideas will carry their author.",
                 anonymous=not round_.is_anonymous)

    # --- the facilitator's edits -------------------------------------------------------------

    def action_edit(self) -> None:
        idea_id = self.highlighted_id()
        if idea_id is None:
            return

        def reworded(text: str | None) -> None:
            if text is None:
                return
            try:
                edit_idea(self.store, idea_id, text, actor=self.context.actor, now=self.now())
            except BrainstormError as exc:
                self.notify(str(exc), severity="warning")
            self.reload()

        self.ask("Reword the idea", get_idea_row(self.store, idea_id)["text"], reworded)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.merging is not None:
            self.action_merge()
        else:
            self.action_edit()

    def action_merge(self) -> None:
        idea_id = self.highlighted_id()
        if idea_id is None:
            return
        if self.merging is None:
            self.merging = idea_id
            self.notify("Now choose the idea it duplicates and press m (Escape cancels).")
        elif self.merging == idea_id:
            self.merging = None
        else:
            try:
                merge_ideas(self.store, idea_id, self.merging, actor=self.context.actor,
                            now=self.now())
                self.notify("Merged; both texts are kept. u undoes.")
            except BrainstormError as exc:
                self.notify(str(exc), severity="warning")
            self.merging = None
        self.reload()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        # Escape only cancels a merge in progress; otherwise it goes on to the screen.
        if action == "cancel_merge":
            return self.merging is not None
        return True

    def action_cancel_merge(self) -> None:
        self.merging = None
        self.reload()

    def action_delete(self) -> None:
        idea_id = self.highlighted_id()
        if idea_id is None:
            return
        try:
            delete_idea(self.store, idea_id, actor=self.context.actor)
        except BrainstormError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.notify("Idea deleted. u brings it back.")
        self.reload()

    def action_undo(self) -> None:
        if self.round_id is None:
            return
        undone = undo_last(self.store, self.round_id, actor=self.context.actor)
        labels = {"idea.deleted": "deletion", "idea.merged": "merge", "idea.edited": "edit"}
        if undone is None:
            self.notify("Nothing to undo in this round.", severity="warning")
        else:
            self.notify(f"Undid the {labels[undone]}.")
        self.reload()
