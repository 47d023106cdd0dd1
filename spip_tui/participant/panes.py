"""What a participant sees and types in each kind of step.

Each pane re-reads its content in `show()` (the screen calls it on every change in the
database) and writes only through facilitation.live.contributions, which refuses what
the participant may not do with a one-line reason shown as a notification.
"""

from __future__ import annotations

from datetime import datetime

from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from facilitation.contingency.risks import list_risks
from facilitation.ideas.brainstorm import BrainstormError, list_plan_ideas, list_rounds
from facilitation.ideas.scoring import ScoreError
from facilitation.live.contributions import (
    ParticipationError,
    contribute_idea,
    contribute_risk,
    contribute_score,
    current_round,
    my_scores,
)
from facilitation.live.join_codes import JoinError
from facilitation.live.private_rounds import hidden_count, is_private, visible_ideas
from facilitation.workshop.sessions import Session

from ..widgets.idea_entry import PLACEHOLDER, IdeaEntry
from ..widgets.idea_list import IdeaList
from ..widgets.round_bar import RoundBar
from ..widgets.round_timer import utc_now
from ..widgets.text import clip

LOCKED = "The facilitator locked this step: read-only for now"
REFUSALS = (ParticipationError, BrainstormError, ScoreError, JoinError, ValueError)


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
        if not field.disabled and not isinstance(self.screen.focused, Input):
            field.focus()

    def write(self, action, *args, **kwargs) -> bool:
        """Make one contribution; a refusal becomes a warning. True when it was saved."""
        try:
            action(self.store, self.session_id, self.participant, self.step_index,
                   *args, **kwargs)
        except REFUSALS as exc:
            self.notify(str(exc), severity="warning")
            return False
        self.saved()
        return True

    def saved(self) -> None:
        """Show a contribution at once (our own commits do not trigger the watch)."""
        self.screen.refresh_view()  # type: ignore[attr-defined]

    def text_width(self, other_columns: int) -> int:
        return max(16, self.app.size.width - other_columns - 6)


class ReadOnlyPane(StepPane):
    """A step where the facilitator works and the group watches and talks."""

    def compose(self) -> ComposeResult:
        yield Static("The facilitator works on this step on the shared screen; say what you "
                     "think. You can add risks, ideas and scores when the group gets to "
                     "those steps.", classes="empty")


class RiskPane(StepPane):
    """Risk listing: type a risk + Enter; the group's list grows as people add."""

    def compose(self) -> ComposeResult:
        yield Input(placeholder="Type a risk (what could hurt sales?) and press Enter",
                    compact=True, id="new-risk")
        yield DataTable(id="risks", cursor_type="row", zebra_stripes=True)

    def setup(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("#", width=3)
        table.add_column("Risk", key="title", width=self.text_width(16))
        table.add_column("Kind", width=11)
        self.query_one(Input).focus()

    def show(self, session: Session, locked: bool) -> None:
        super().show(session, locked)
        field = self.query_one(Input)
        field.disabled = locked
        field.placeholder = (LOCKED if locked else
                             "Type a risk (what could hurt sales?) and press Enter")
        self.keep_typing(field)
        table = self.query_one(DataTable)
        table.clear()
        width = self.text_width(16)
        for number, risk in enumerate(list_risks(self.store, session.plan_id), 1):
            table.add_row(str(number), clip(risk.title, width), risk.category)
        if table.row_count:
            table.move_cursor(row=table.row_count - 1)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip() and self.write(contribute_risk, event.value):
            event.input.value = ""
            self.notify("Risk added.")


class ParticipantIdeaList(IdeaList):
    """The round's ideas for a participant: read only (the facilitator edits and merges)."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "command"


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
        self.own_ids: list[int] = []  # what this view added (anonymous rounds store no author)

    def compose(self) -> ComposeResult:
        yield RoundBar(clock=lambda: self.clock())
        yield Static("", id="privacy")
        yield IdeaEntry(id="new-idea")
        yield ParticipantIdeaList(id="ideas")

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
        hidden = hidden_count(self.store, round_.id, self.participant, self.own_ids)
        self.query_one("#privacy", Static).update(
            f"Only your own ideas show until all are revealed ({hidden} from others so far)."
            if private else "")
        ideas = self.query_one(ParticipantIdeaList)
        ideas.typing_is_ideas = not field.disabled
        ideas.show(visible_ideas(self.store, round_.id, self.participant, self.own_ids))

    def on_idea_list_typed_ahead(self, message: IdeaList.TypedAhead) -> None:
        field = self.query_one(IdeaEntry)
        field.insert_text_at_cursor(message.character)
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.round_id is None or not event.value.strip():
            return
        self.add_ideas([event.value])

    def on_idea_entry_pasted(self, message: IdeaEntry.Pasted) -> None:
        self.add_ideas(message.lines)

    def add_ideas(self, texts: list[str]) -> None:
        for text in texts:
            try:
                idea_id = contribute_idea(self.store, self.session_id, self.participant,
                                          self.step_index, self.round_id, text, now=self.now())
            except REFUSALS as exc:
                self.notify(str(exc), severity="warning")
                break
            self.own_ids.append(idea_id)
        else:
            self.query_one(IdeaEntry).value = ""
        self.saved()


SCORE_KEYS = {str(n): n for n in range(1, 6)}


class ScoringPane(StepPane):
    """Your own scores: on an idea, a digit 1-5 scores feasibility, the next one impact
    (then the cursor moves to the next idea)."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.pending_feasibility: int | None = None

    def compose(self) -> ComposeResult:
        yield Static("Score each idea: type feasibility 1-5, then impact 1-5 "
                     "(5 = easy / big).", classes="hint", id="score-hint")
        yield DataTable(id="scoring", cursor_type="row", zebra_stripes=True)

    def setup(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("#", width=3)
        table.add_column("Idea", width=self.text_width(22))
        table.add_column("Feas.", key="f", width=5)
        table.add_column("Impact", key="i", width=6)
        table.focus()

    def show(self, session: Session, locked: bool) -> None:
        super().show(session, locked)
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        mine = my_scores(self.store, self.session_id, self.participant)
        width = self.text_width(22)
        for number, idea in enumerate(list_plan_ideas(self.store, session_id=self.session_id),
                                      1):
            feasibility, impact = mine.get(idea.id, (None, None))
            table.add_row(str(number), clip(idea.full_text, width),
                          str(feasibility or "·"), str(impact or "·"), key=str(idea.id))
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def on_key(self, event: events.Key) -> None:
        if event.key not in SCORE_KEYS:
            return
        event.stop()
        table = self.query_one(DataTable)
        if not table.row_count:
            return
        idea_id = int(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)
        score = SCORE_KEYS[event.key]
        if self.pending_feasibility is None:
            if self.write(contribute_score, idea_id, feasibility=score):
                self.pending_feasibility = score
                self.query_one("#score-hint", Static).update(
                    f"Feasibility {score}; now impact 1-5.")
        else:
            self.pending_feasibility = None
            if self.write(contribute_score, idea_id, impact=score):
                self.query_one("#score-hint", Static).update(
                    "Saved. Next idea: feasibility 1-5, then impact 1-5.")
                table.move_cursor(row=table.cursor_row + 1)


PANES: dict[str, type[StepPane]] = {
    "risk_listing": RiskPane,
    "brainstorming": BrainstormPane,
    "scoring": ScoringPane,
}
