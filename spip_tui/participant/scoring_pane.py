"""Scoring in a participant's view: one's own feasibility and impact per idea, the group's
votes and comments."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from facilitation.ideas.brainstorm import list_plan_ideas
from facilitation.live.contributions import contribute_score, my_scores
from facilitation.live.reactions import idea_reactions
from facilitation.workshop.sessions import Session

from ..widgets.comment_lines import CommentLines
from ..widgets.record_table import RecordTable
from .pane_base import StepPane, react

SCORE_KEYS = {str(n): n for n in range(1, 6)}


class ScoringPane(StepPane):
    """Your own scores: on an idea, a digit 1-5 scores feasibility, the next one impact
    (then the cursor moves to the next idea)."""

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.pending_feasibility: int | None = None
        self.rows_shown: list = []

    # Digits are bindings, so they run as each key is read, in order with the list's moves.
    BINDINGS = [Binding("v", "react('vote')", "Vote"),
                Binding("c", "react('comment')", "Comment"),
                *[Binding(key, f"score({score})", show=False)
                  for key, score in SCORE_KEYS.items()]]
    CONTENT = ("idea.", "comment.", "brainstorm.")

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
        rows = []
        for number, idea in enumerate(ideas, 1):
            feasibility, impact = mine.get(idea.id, (None, None))
            votes = reactions.votes.get(idea.id, 0)
            rows.append((str(idea.id), (
                str(number), idea.full_text, str(feasibility or "·"), str(impact or "·"),
                (f"{votes}" + (" ✓" if idea.id in reactions.mine else "")) if votes else "")))
        if rows != self.rows_shown:
            self.show_rows(table, rows)
        self.show_comments()

    def show_rows(self, table: RecordTable, rows: list) -> None:
        """Each idea whole, wrapped in its row (a scored idea is read, not glanced at): the
        rows are laid out again, the cursor kept on its idea. The list is the session's
        ideas (tens), redrawn only when something in it changed."""
        keep = table.highlighted_key
        table.show_wrapped([(key, (number, Text(text), *rest))
                            for key, (number, text, *rest) in rows])
        if keep is not None and keep in table.rows:
            table.move_cursor(row=table.get_row_index(keep))
        self.rows_shown = rows

    def show_comments(self) -> None:
        idea_id = self.query_one(RecordTable).highlighted_id
        self.query_one(CommentLines).show(self.reactions.comments.get(idea_id, []))

    def on_data_table_row_highlighted(self) -> None:
        self.show_comments()

    def action_react(self, how: str) -> None:
        react(self, self.query_one(RecordTable).highlighted_id, how)

    def action_score(self, score: int) -> None:
        table = self.query_one(RecordTable)
        idea_id = table.highlighted_id
        if idea_id is None:
            return
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
