"""What a participant sees and types in each kind of step.

Each pane re-reads its content in `show()` (the screen calls it on every change in the
database) and writes only through facilitation.live (contributions, votes, comments),
which refuses what the participant may not do with a one-line reason shown as a
notification. Writes go through the screen's queue (writes.py): off the UI thread, in
the order typed, so a busy database never holds up the keys.
"""

from __future__ import annotations

from datetime import datetime

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from facilitation.contingency.risks import list_risks
from facilitation.ideas.brainstorm import list_plan_ideas, list_rounds
from facilitation.live.comments import comment_on_idea, comment_on_risk, comments_on_risks
from facilitation.live.contributions import (
    contribute_idea,
    contribute_risk,
    contribute_score,
    current_round,
    my_scores,
)
from facilitation.live.private_rounds import hidden_count, is_private, visible_ideas
from facilitation.live.reactions import idea_reactions
from facilitation.live.votes import VOTES_PER_ROUND, toggle_vote, votes_left
from facilitation.workshop.sessions import Session

from ..widgets.comment_lines import CommentLines
from ..widgets.idea_entry import PLACEHOLDER, IdeaEntry
from ..widgets.idea_list import IdeaList
from ..widgets.record_table import RecordTable
from ..widgets.round_bar import RoundBar
from ..widgets.round_timer import utc_now
from ..widgets.text import clip, show_if_changed
from .writes import Write

LOCKED = "The facilitator locked this step: read-only for now"


class StepPane(Widget):
    """The body of one step in a participant's view."""

    DEFAULT_CSS = "StepPane { height: 1fr; }"

    def __init__(self, session_id: int, participant: str, step_index: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.participant = participant
        self.step_index = step_index
        self.locked = False
        self.ready = False

    def on_mount(self) -> None:
        self.setup()
        self.ready = True
        self.screen.refresh_view()  # type: ignore[attr-defined]

    def setup(self) -> None:
        """Columns and focus, once the pane's widgets exist."""

    @property
    def store(self):
        return self.app.store

    def show(self, session: Session, locked: bool) -> None:
        """Re-read and show the step's content."""
        self.locked = locked

    def keep_typing(self, field: Input) -> None:
        """Typing goes to the field whenever it takes input (it may have been disabled when
        the pane appeared, which leaves nothing focused)."""
        if not field.disabled and self.screen.focused is None:
            field.focus()

    def write(self, action, *args, saved=None, refused=None, **kwargs) -> None:
        """Queue one contribution (saved off the UI thread, in order); `saved(result)` or
        `refused(reason)` run when it is done (a refusal is also shown as a warning)."""
        self.screen.submit(Write(action, self.step_index, args, kwargs,  # type: ignore[attr-defined]
                                 saved=lambda result: self.saved(saved, result),
                                 refused=refused))

    def saved(self, then, result) -> None:
        """Show a contribution at once (our own commits do not trigger the watch)."""
        if then is not None:
            then(result)
        if self.is_attached:
            self.screen.refresh_view()  # type: ignore[attr-defined]

    def ask(self, question: str, answered) -> None:
        """One line of text (a comment); the focus comes back where it was."""
        from ..dialogs.text_prompt import TextPrompt

        self.app.push_screen(TextPrompt(question), lambda text: text and answered(text))

    def text_width(self, other_columns: int) -> int:
        return max(16, self.app.size.width - other_columns - 6)


class ReadOnlyPane(StepPane):
    """A step where the facilitator works and the group watches and talks."""

    def compose(self) -> ComposeResult:
        yield Static("The facilitator works on this step on the shared screen; say what you "
                     "think. You can add risks, ideas and scores when the group gets to "
                     "those steps.", classes="empty")


class RiskTable(RecordTable):
    """The group's risks; c comments on the highlighted one."""

    BINDINGS = [Binding("c", "comment", "Comment")]

    def action_comment(self) -> None:
        self.post_message(CommentAsked())


class CommentAsked(Message):
    """c on a list: comment on its highlighted row."""


class RiskPane(StepPane):
    """Risk listing: type a risk + Enter; the group's list grows as people add; ↓ to the
    list, c comments on a risk."""

    DEFAULT_CSS = "RiskPane RiskTable { height: 1fr; }"

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Type a risk (what could hurt sales?) and press Enter",
                    compact=True, id="new-risk")
        yield RiskTable(id="risks")
        yield CommentLines(id="risk-comments")

    def setup(self) -> None:
        table = self.query_one(RiskTable)
        table.add_column("#", width=3)
        table.add_column("Risk", key="title", width=self.text_width(20))
        table.add_column("Kind", width=11)
        table.add_column("Re", width=2)
        self.comments: dict[int, list] = {}
        self.query_one(Input).focus()

    def show(self, session: Session, locked: bool) -> None:
        super().show(session, locked)
        field = self.query_one(Input)
        field.disabled = locked
        field.placeholder = (LOCKED if locked else
                             "Type a risk (what could hurt sales?) and press Enter")
        self.keep_typing(field)
        table = self.query_one(RiskTable)
        width = self.text_width(20)
        risks = list_risks(self.store, session.plan_id)
        self.comments = comments_on_risks(self.store, [r.id for r in risks])
        table.sync_rows([
            (str(risk.id), (str(number), clip(risk.title, width), risk.category,
                            str(len(self.comments.get(risk.id, ()))) if risk.id in
                            self.comments else ""))
            for number, risk in enumerate(risks, 1)])
        if table.row_count and not table.has_focus:
            table.move_cursor(row=table.row_count - 1)
        self.show_comments()

    def show_comments(self) -> None:
        table = self.query_one(RiskTable)
        self.query_one(CommentLines).show(self.comments.get(table.highlighted_id, []))

    def on_data_table_row_highlighted(self) -> None:
        self.show_comments()

    def on_key(self, event: events.Key) -> None:
        table = self.query_one(RiskTable)
        # set_focus, not focus(): at once, so keys typed right after follow the focus.
        if event.key == "down" and self.screen.focused is self.query_one(Input):
            self.screen.set_focus(table)
            event.stop()
        elif event.key == "up" and self.screen.focused is table and table.cursor_row <= 0:
            self.screen.set_focus(self.query_one(Input))
            event.stop()

    def on_comment_asked(self, message: CommentAsked) -> None:
        risk_id = self.query_one(RiskTable).highlighted_id
        if risk_id is None:
            return
        self.ask("Your comment on this risk (the group sees it with your name)",
                 lambda text: self.write(comment_on_risk, risk_id, text,
                                         saved=lambda _id: self.notify("Comment added.")))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        text = event.value
        if not text.strip():
            return
        event.input.value = ""  # typing goes on at once; a refusal puts the text back

        def refused(_reason: str) -> None:
            if not event.input.value:
                event.input.value = text

        self.write(contribute_risk, text, saved=lambda _id: self.notify("Risk added."),
                   refused=refused)


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


class BrainstormPane(StepPane):
    """The round the facilitator runs: its question, the timer, an idea field, the ideas."""

    DEFAULT_CSS = """
    BrainstormPane #privacy { height: auto; color: $text-muted; }
    BrainstormPane ParticipantIdeaList { height: 1fr; }
    """

    clock = staticmethod(utc_now)

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.round_id: int | None = None

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
        private = is_private(self.store, round_.id)
        bar.show_typist(round_, self.participant, False, private)
        state = round_.state(self.now())
        field.disabled = locked or state not in ("running", "paused")
        field.placeholder = LOCKED if locked else {
            "ready": "The round has not started yet…",
            "time_up": "Time is up for this round.",
            "ended": "This round has ended.",
        }.get(state, PLACEHOLDER)
        self.keep_typing(field)
        own_ideas = self.own.ideas
        hidden = hidden_count(self.store, round_.id, self.participant, own_ideas)
        left = votes_left(self.store, round_.id, self.participant, self.own.votes)
        show_if_changed(self.query_one("#privacy", Static), (
            f"Only your own ideas show until all are revealed ({hidden} from others so far)."
            if private else f"↓ to the list: v votes ({left} of {VOTES_PER_ROUND} left), "
                            f"c comments"))
        ideas = self.query_one(ParticipantIdeaList)
        ideas.typing_is_ideas = not field.disabled
        shown = visible_ideas(self.store, round_.id, self.participant, own_ideas)
        ideas.show(shown, reactions=idea_reactions(self.store, [i.id for i in shown],
                                                   self.participant, self.own.votes))
        self.query_one(CommentLines).show(ideas.highlighted_comments)

    def on_data_table_row_highlighted(self) -> None:
        self.query_one(CommentLines).show(self.query_one(ParticipantIdeaList)
                                          .highlighted_comments)

    def on_key(self, event: events.Key) -> None:
        ideas = self.query_one(ParticipantIdeaList)
        if event.key == "down" and self.screen.focused is self.query_one(IdeaEntry):
            self.screen.set_focus(ideas)  # at once: keys typed right after follow it
            event.stop()
        elif event.key == "up" and self.screen.focused is ideas and ideas.cursor_row <= 0:
            self.screen.set_focus(self.query_one(IdeaEntry))
            event.stop()

    def on_idea_list_typed_ahead(self, message: IdeaList.TypedAhead) -> None:
        field = self.query_one(IdeaEntry)
        field.insert_text_at_cursor(message.character)
        field.focus()

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
        """Queue the ideas; the entry is free at once for the next one (an idea refused,
        say time is up, comes back into the entry if it is empty: nothing is lost)."""
        field = self.query_one(IdeaEntry)
        field.value = ""
        for text in texts:
            self.write(contribute_idea, self.round_id, text, now=self.now(),
                       saved=self.own.ideas.append,
                       refused=lambda _reason, text=text: field.value or setattr(
                           field, "value", text))


def react(pane: StepPane, idea_id: int | None, how: str) -> None:
    """v: vote for the idea (or take the vote back); c: comment on it."""
    if idea_id is None:
        return
    own = pane.screen.own  # type: ignore[attr-defined]
    if how == "vote":
        def voted(vote_id: int | None) -> None:
            if vote_id is not None:
                own.votes.append(vote_id)
            pane.notify("Voted." if vote_id is not None else "Vote taken back.")

        pane.write(toggle_vote, idea_id, own_vote_ids=list(own.votes), saved=voted)
    else:
        pane.ask("Your comment on this idea",
                 lambda text: pane.write(comment_on_idea, idea_id, text,
                                         saved=lambda _id: pane.notify("Comment added.")))


SCORE_KEYS = {str(n): n for n in range(1, 6)}


class ScoringPane(StepPane):
    """Your own scores: on an idea, a digit 1-5 scores feasibility, the next one impact
    (then the cursor moves to the next idea)."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.pending_feasibility: int | None = None

    BINDINGS = [Binding("v", "react('vote')", "Vote"),
                Binding("c", "react('comment')", "Comment")]

    def compose(self) -> ComposeResult:
        yield Static("Score each idea: type feasibility 1-5, then impact 1-5 "
                     "(5 = easy / big); v votes, c comments.", classes="hint", id="score-hint")
        yield RecordTable(id="scoring")
        yield CommentLines(id="idea-comments")

    def setup(self) -> None:
        table = self.query_one(RecordTable)
        table.add_column("#", width=3)
        table.add_column("Idea", width=self.text_width(30))
        table.add_column("Feas.", key="f", width=5)
        table.add_column("Impact", key="i", width=6)
        table.add_column("Votes", key="v", width=5)
        self.reactions = idea_reactions(self.store, [])
        table.focus()

    def show(self, session: Session, locked: bool) -> None:
        super().show(session, locked)
        table = self.query_one(RecordTable)
        mine = my_scores(self.store, self.session_id, self.participant)
        ideas = list_plan_ideas(self.store, session_id=self.session_id)
        self.reactions = reactions = idea_reactions(
            self.store, [i.id for i in ideas], self.participant,
            self.screen.own.votes)  # type: ignore[attr-defined]
        width = self.text_width(30)
        rows = []
        for number, idea in enumerate(ideas, 1):
            feasibility, impact = mine.get(idea.id, (None, None))
            votes = reactions.votes.get(idea.id, 0)
            rows.append((str(idea.id), (
                str(number), clip(idea.full_text, width), str(feasibility or "·"),
                str(impact or "·"),
                (f"{votes}" + (" ✓" if idea.id in reactions.mine else "")) if votes else "")))
        table.sync_rows(rows)
        self.show_comments()

    def show_comments(self) -> None:
        idea_id = self.query_one(RecordTable).highlighted_id
        self.query_one(CommentLines).show(self.reactions.comments.get(idea_id, []))

    def on_data_table_row_highlighted(self) -> None:
        self.show_comments()

    def action_react(self, how: str) -> None:
        react(self, self.query_one(RecordTable).highlighted_id, how)

    def on_key(self, event: events.Key) -> None:
        if event.key not in SCORE_KEYS:
            return
        event.stop()
        table = self.query_one(RecordTable)
        idea_id = table.highlighted_id
        if idea_id is None:
            return
        score = SCORE_KEYS[event.key]
        hint = self.query_one("#score-hint", Static)
        if self.pending_feasibility is None:
            self.pending_feasibility = score
            hint.update(f"Feasibility {score}; now impact 1-5.")
            self.write(contribute_score, idea_id, feasibility=score,
                       refused=lambda _reason: setattr(self, "pending_feasibility", None))
        else:
            self.pending_feasibility = None
            hint.update("Saved. Next idea: feasibility 1-5, then impact 1-5.")
            self.write(contribute_score, idea_id, impact=score)
            table.move_cursor(row=table.cursor_row + 1)


PANES: dict[str, type[StepPane]] = {
    "risk_listing": RiskPane,
    "brainstorming": BrainstormPane,
    "scoring": ScoringPane,
}
