"""Brainstorming in a participant's view: the facilitator's round, an idea field, the
group's ideas (only one's own in a private round until the reveal); v votes, c comments."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, Static

from facilitation.ideas.brainstorm import list_rounds
from facilitation.live.contributions import contribute_idea, current_round
from facilitation.live.private_rounds import hidden_count, is_private, visible_ideas
from facilitation.live.reactions import idea_reactions
from facilitation.live.votes import VOTES_PER_ROUND, votes_left
from facilitation.store.events import ChangeBatch
from facilitation.workshop.sessions import Session

from ..widgets.comment_lines import CommentLines
from ..widgets.entry_and_list import EntryAndList
from ..widgets.idea_entry import PLACEHOLDER, IdeaEntry
from ..widgets.idea_list import IdeaList
from ..widgets.round_bar import RoundBar
from ..widgets.round_timer import utc_now
from ..widgets.text import show_if_changed
from .pane_base import LOCKED, StepPane, react


class ParticipantIdeaList(IdeaList):
    """The round's ideas for a participant: v votes, c comments (the facilitator edits and
    merges). Other letters typed on the list still go to the idea entry."""

    BINDINGS = [Binding("v", "react('vote')", "Vote"),
                Binding("c", "react('comment')", "Comment")]
    KEPT_KEYS = frozenset({"v", "c"})

    class Reacted(Message):
        def __init__(self, how: str) -> None:
            super().__init__()
            self.how = how

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "command"

    def action_react(self, how: str) -> None:
        self.post_message(self.Reacted(how))


class BrainstormPane(EntryAndList, StepPane):
    """The round the facilitator runs: its question, the timer, an idea field, the ideas."""

    DEFAULT_CSS = """
    BrainstormPane #privacy { height: auto; color: $text-muted; }
    BrainstormPane ParticipantIdeaList { height: 1fr; }
    """

    CONTENT = ("idea.", "comment.", "brainstorm.")

    clock = staticmethod(utc_now)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.round_id: int | None = None
        self.private = False

    @property
    def own(self):
        """What this participant's view wrote: the ideas and votes that are theirs even
        where no name is stored (anonymous rounds). Kept by the screen, across steps."""
        return self.screen.own  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        yield RoundBar(clock=lambda: self.clock())
        yield Static("", id="privacy")
        yield IdeaEntry(id="new-idea")
        yield ParticipantIdeaList(id="ideas")
        yield CommentLines(id="idea-comments")

    def setup(self) -> None:
        self.query_one(ParticipantIdeaList).fit(self.app.size.width)
        self.query_one(IdeaEntry).focus()

    def now(self) -> datetime:
        return self.clock()

    def show(self, session: Session, locked: bool) -> None:
        super().show(session, locked)
        round_ = current_round(self.store, self.session_id)
        field = self.query_one(IdeaEntry)
        if round_ is None:
            self.round_id = None
            field.disabled = True
            field.placeholder = "Waiting for the facilitator's round…"
            return
        self.round_id = round_.id
        rounds = list_rounds(self.store, session_id=self.session_id)
        bar = self.query_one(RoundBar)
        bar.show(round_, [r.id for r in rounds].index(round_.id) + 1, len(rounds))
        private = self.private = is_private(self.store, round_.id)
        bar.show_typist(round_, self.participant, False, private)
        state = round_.state(self.now())
        opens = field.disabled and not (locked or state not in ("running", "paused"))
        field.disabled = locked or state not in ("running", "paused")
        if opens and self.screen.focused is self.query_one(ParticipantIdeaList):
            # The focus fell on the list while the field took nothing (a round not started
            # yet): there v and c vote and comment, so 'every' lost its v. Typing is ideas.
            field.focus()
        field.placeholder = LOCKED if locked else {
            "ready": "The round has not started yet…",
            "time_up": "Time is up for this round.",
            "ended": "This round has ended.",
        }.get(state, PLACEHOLDER)
        self.keep_typing(field)
        self.show_privacy()
        ideas = self.query_one(ParticipantIdeaList)
        ideas.typing_is_ideas = not field.disabled
        shown = visible_ideas(self.store, round_.id, self.participant, self.own.ideas)
        ideas.show(shown, reactions=idea_reactions(self.store, [i.id for i in shown],
                                                   self.participant, self.own.votes))
        self.query_one(CommentLines).show(ideas.highlighted_comments)

    def show_privacy(self) -> None:
        """The line above the list: how many ideas are hidden, or the votes left."""
        if self.private:
            hidden = hidden_count(self.store, self.round_id, self.participant, self.own.ideas)
            line = (f"Only your own ideas show until all are revealed ({hidden} from others "
                    f"so far).")
        else:
            left = votes_left(self.store, self.round_id, self.participant, self.own.votes)
            line = f"↓ to the list: v votes ({left} of {VOTES_PER_ROUND} left), c comments"
        show_if_changed(self.query_one("#privacy", Static), line)

    def changed(self, batch: ChangeBatch) -> None:
        """Ideas the group added (what it does most, several times a second) become rows
        at the end of the list; any other change to the round shows it whole again."""
        if batch.kinds == {"idea.added"} and self.round_id is not None:
            self.show_new_ideas()
        else:
            super().changed(batch)

    def show_new_ideas(self) -> None:
        """The ideas typed since the newest one shown (the round's other ideas, the timer
        and the votes have not changed: their own changes would say so)."""
        if self.round_id is None:
            return
        ideas = self.query_one(ParticipantIdeaList)
        ideas.add_new(visible_ideas(self.store, self.round_id, self.participant,
                                    self.own.ideas, after=ideas.newest_id))
        if self.private:
            self.show_privacy()

    def on_data_table_row_highlighted(self) -> None:
        self.query_one(CommentLines).show(self.query_one(ParticipantIdeaList)
                                          .highlighted_comments)

    def entry(self) -> IdeaEntry:
        return self.query_one(IdeaEntry)

    def entry_list(self) -> ParticipantIdeaList:
        return self.query_one(ParticipantIdeaList)

    def on_participant_idea_list_reacted(self, message: ParticipantIdeaList.Reacted) -> None:
        react(self, self.query_one(ParticipantIdeaList).highlighted_id, message.how)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.round_id is None or not event.value.strip():
            return
        self.add_ideas([event.value])

    def on_idea_entry_pasted(self, message: IdeaEntry.Pasted) -> None:
        self.add_ideas(message.lines)

    def add_ideas(self, texts: list[str]) -> None:
        """Queue the ideas; the entry emptied itself on Enter, so what is typed next stays
        (an idea refused, say time is up, comes back if the entry is empty: nothing is lost)."""
        field = self.query_one(IdeaEntry)
        for text in texts:
            self.write(contribute_idea, self.round_id, text, now=self.now(),
                       saved=self.own.ideas.append, show_saved=self.show_new_ideas,
                       refused=lambda _reason, text=text: field.give_back(text))
