"""Step 5, timed brainstorming: a round per prompt, a countdown, type an idea + Enter.

The step is three widgets that talk to it by messages: the round bar (countdown,
question, who types), the idea entry and the idea list; the facilitator's round keys
(rounds.RoundKeys) and edits on the list (edits.IdeaEdits) are
mixed in. Keys that work while typing are ctrl/function keys (letters go into the idea);
the facilitator's keys for editing, merging and deleting ideas belong to the list (↓ from
the entry, or Tab), so a letter typed next to the entry never deletes or merges. While a
round runs, typing always reaches the entry (even from the list), and after any dialog or
timer key the focus is back in the entry.
"""

from __future__ import annotations

from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable, Input, Static

from facilitation.ideas.brainstorm import (
    BrainstormError,
    Round,
    add_idea,
    get_round,
    list_ideas,
    list_rounds,
    pause_round,
    plan_rounds,
)
from facilitation.ideas.round_plan import forecast_gap_for_rounds
from facilitation.live.private_rounds import is_private
from facilitation.live.reactions import idea_reactions
from facilitation.store.events import ChangeBatch
from facilitation.workshop.sessions import get_session, session_people

from ...background import background
from ...widgets.comment_lines import CommentLines
from ...widgets.entry_and_list import EntryAndList
from ...widgets.idea_entry import PLACEHOLDER, IdeaEntry
from ...widgets.idea_list import IdeaList
from ...widgets.round_bar import RoundBar
from ...widgets.round_timer import utc_now
from ..base import StepView
from .edits import IdeaEdits
from .rounds import RoundKeys

HINT = ("ctrl+t timer · ctrl+g +1 min · ctrl+b end · ctrl+r reopen · F3 who types · "
        "F4 next round · ↓ list (round paused or over): e edit · m merge · d delete · "
        "u undo · n/k/o/t round (F1 help)")
REOPENABLE = {"ended", "time_up"}  # the round states ctrl+r reopens


class BrainstormingStep(RoundKeys, IdeaEdits, EntryAndList, StepView):
    """Rounds on the gap and each top risk; ideas typed as fast as people think."""

    VIEW_ACTIONS = frozenset({"next_round"})
    READ_ONLY_HINT = "F4 next round · shift+F4 previous round"
    BINDINGS = [
        # First, so that it shows beside the session's keys at 80 columns when it applies.
        Binding("ctrl+r", "reopen_round", "Reopen"),
        Binding("ctrl+t", "timer", "Timer"),
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
    BrainstormingStep IdeaList { height: 1fr; }
    BrainstormingStep #idea-hint { height: auto; max-height: 3; color: $text-muted; }
    """

    # The clock the countdown reads; tests replace it (the timer itself is stored times).
    clock = staticmethod(utc_now)

    def __init__(self, context) -> None:
        super().__init__(context)
        self.round_id: int | None = None
        self.author_index = 0
        self.merging: int | None = None  # the idea chosen to be merged into another
        self.session_paused: bool | None = None  # as last seen (None: not looked yet)
        self.participants: list[str] = []

    def compose(self) -> ComposeResult:
        yield RoundBar(clock=lambda: self.clock())
        yield IdeaEntry(id="new-idea")
        yield IdeaList(id="ideas")
        yield CommentLines(id="idea-comments")
        yield Static(self.hint(HINT), id="idea-hint")

    def on_mount(self) -> None:
        self.participants = session_people(self.store, self.context.session_id)
        self.query_one(IdeaList).read_only = self.read_only
        self.focus_entry()
        if self.rounds():
            # Top risks assessed since the rounds were made get theirs now (no forecast needed).
            if self.context.session_id is not None and not self.read_only:
                plan_rounds(self.store, self.context.plan_id, self.context.session_id, None,
                            actor=self.context.actor)
            self.reload()
        elif not self.read_only:  # an ended session gets no new rounds
            self.prepare_rounds()
        else:
            self.query_one(RoundBar).say("No brainstorming rounds were held in this session.")
        if self.context.session_id is not None:
            self.session_paused = get_session(self.store, self.context.session_id).is_paused
        self.follow_changes(self.changed, pass_batch=True)

    def changed(self, batch: ChangeBatch) -> None:
        """Ideas from other terminals appear; a session paused anywhere pauses the round.
        When ideas are all that came (a group typing: several times a second), they
        become rows at the end of the list and nothing else is read again."""
        if batch.kinds == {"idea.added"} and self.round_id is not None:
            listed = self.query_one(IdeaList)
            listed.add_new(list_ideas(self.store, self.round_id, after=listed.newest_id))
            return
        if self.context.session_id is not None:
            self.pause_with_session()
        self.reload()

    def pause_with_session(self) -> None:
        """Pausing the session (a break) pauses the running round too (once: a round
        started while the session stays paused keeps running)."""
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

    @background("brainstorm-rounds", "preparing the brainstorming rounds")
    def prepare_rounds(self) -> None:
        """Make the standard rounds (the gap figure needs the forecast: off the UI thread)."""
        store = self.store.reopen()
        try:
            gap = forecast_gap_for_rounds(store, self.context.plan_id)
        finally:
            store.close()
        self.post_message(self.GapForecast(gap))

    class GapForecast(Message):
        """The plan's gap (None without history), for the gap round's prompt."""

        def __init__(self, gap: float | None) -> None:
            super().__init__()
            self.gap = gap

    @on(GapForecast)
    def gap_forecast(self, message: GapForecast) -> None:
        message.stop()
        self.make_rounds(message.gap)

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
        self.query_one(RoundBar).show(round_, rounds.index(round_) + 1, len(rounds),
                                      read_only=self.read_only)
        self.show_who(round_)
        state = round_.state(self.now())
        # The entry stays open even when the round takes no more ideas: a half-typed idea
        # is kept (Enter says why it is refused), and the focus never drops onto the list,
        # where letters are commands.
        self.query_one(IdeaEntry).placeholder = (
            PLACEHOLDER if state != "ready" else f"{PLACEHOLDER} (ctrl+t starts the timer)")
        self.query_one(IdeaList).typing_is_ideas = state == "running"
        self.show_ideas(round_)
        self.refresh_bindings()  # ctrl+r shows only while the round has ended

    def show_who(self, round_: Round) -> None:
        # The facilitator alone (no participants) has nobody to switch to.
        self.query_one(RoundBar).show_typist(round_, self.author, len(self.participants) > 1,
                                             is_private(self.store, round_.id))

    def on_resize(self) -> None:
        if self.query_one(IdeaList).fit(self.size.width) and (round_ := self.current):
            self.show_ideas(round_)

    def show_ideas(self, round_: Round, select: int | None = None) -> None:
        ideas = list_ideas(self.store, round_.id)
        listed = self.query_one(IdeaList)
        # Participants' votes and comments arrive with the change feed, like their ideas.
        listed.show(ideas, self.merging, select, idea_reactions(self.store, [i.id for i in ideas]))
        self.query_one(CommentLines).show(listed.highlighted_comments)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.query_one(CommentLines).show(self.query_one(IdeaList).highlighted_comments)

    def highlighted_id(self) -> int | None:
        return self.query_one(IdeaList).highlighted_id

    @property
    def author(self) -> str | None:
        if not self.participants:
            return self.context.actor
        return self.participants[self.author_index % len(self.participants)]

    # --- typing ideas ----------------------------------------------------------------------

    def attempt(self, move, message: str | None = None) -> bool:
        """Make one change; a refusal becomes a notification. True when it was made."""
        try:
            move()
        except BrainstormError as exc:
            self.notify(str(exc), severity="warning")
            self.reload()
            return False
        if message:
            self.notify(message)
        self.reload()
        return True

    def add(self, text: str):
        round_id, author = self.round_id, self.author
        return lambda: add_idea(self.store, round_id, text, author, actor=self.context.actor,
                                now=self.now())

    @on(Input.Submitted, "#new-idea")
    def add_typed_idea(self, event: Input.Submitted) -> None:
        event.stop()
        # The entry emptied on Enter (the next idea may be under way); an idea refused (time
        # is up) or not sent comes back into it when it is still empty: nothing is lost.
        if (self.round_id is None or not event.value.strip()
                or not self.attempt(self.add(event.value))):
            self.query_one(IdeaEntry).give_back(event.value)

    def on_idea_entry_pasted(self, event: IdeaEntry.Pasted) -> None:
        if self.round_id is None:
            return
        added = 0
        for line in event.lines:
            if not self.attempt(self.add(line)):
                break
            added += 1
        self.notify(f"{added} ideas added from the pasted lines.")

    def entry(self) -> IdeaEntry:
        return self.query_one(IdeaEntry)

    def entry_list(self) -> IdeaList:
        return self.query_one(IdeaList)

    def action_focus_input(self) -> None:
        self.focus_entry()

    def ask(self, question: str, value: str, answered) -> None:
        """Ask one line of text; whatever the answer, the focus then returns to the entry."""
        from ...dialogs.text_prompt import TextPrompt

        def then(text: str | None) -> None:
            self.focus_entry()
            if text:
                answered(text)

        self.app.push_screen(TextPrompt(question, value), then)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        # Escape only cancels a merge in progress; otherwise it goes on to the screen.
        if action == "cancel_merge":
            return self.merging is not None
        # Reopening is offered (and shown) only for a round that has ended.
        if action == "reopen_round":
            round_ = self.current if self.is_mounted else None
            return round_ is not None and round_.state(self.now()) in REOPENABLE
        return True
