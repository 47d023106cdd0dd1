"""Step 6, feasibility scoring: two digits per idea (feasibility, then impact), the ranking,
the impact × feasibility matrix, and promoting ideas to strategies.

The group's votes and comments (participants' views, or typed here: v votes, m comments,
as whoever scores now, or as the facilitator while the group scores) show with each idea
and arrive with the change feed, like their scores."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitation.ideas.brainstorm import list_plan_ideas
from facilitation.ideas.scoring import (
    GROUP,
    RatedIdea,
    ScoreError,
    clear_score,
    rank,
    rate,
    scores_of,
    set_score,
)
from facilitation.ideas.strategies import StrategyError, promote_idea, promoted_idea_ids
from facilitation.live.comments import comment_on_idea
from facilitation.live.contributions import ParticipationError
from facilitation.live.reactions import Reactions, idea_reactions
from facilitation.live.votes import toggle_vote
from facilitation.workshop.sessions import get_session, session_people

from ..widgets.comment_lines import CommentLines
from ..widgets.matrix_chart import QUADRANT_STYLES, MatrixChart
from ..widgets.record_table import RecordTable
from .base import StepView


class ScoreTable(RecordTable):
    """The ideas with their aggregated scores (keys belong to the step)."""


def mean_text(item: RatedIdea) -> tuple[str, str]:
    """'4.3' strings for feasibility and impact ('–' when not scored)."""
    def show(agg) -> str:
        return "–" if agg.mean is None else f"{agg.mean:.1f}"

    return show(item.feasibility), show(item.impact)


def votes_text(votes: int, mine: bool) -> str:
    """'3' votes, '3 ✓' when one of them is the voter's own; nothing without votes."""
    return f"{votes}{' ✓' if mine else ''}" if votes else ""


def reactions_text(votes: int, comments: int) -> str:
    """'2 votes · 1 comment · ' (nothing for an idea nobody reacted to)."""
    parts = [f"{count} {word}{'s' if count != 1 else ''}"
             for count, word in ((votes, "vote"), (comments, "comment")) if count]
    return "".join(f"{part} · " for part in parts)


def detail_text(item: RatedIdea, strategy: bool, number: int, reactions: str = "") -> Text:
    """The highlighted idea's votes and comments, means, spreads and quadrant (its text is
    whole in the table, wrapped)."""
    text = Text(f"#{number}: ", style="bold")
    text.append(reactions)
    if not item.is_scored:
        text.append("not scored yet", style="dim")
        return text
    f, i = item.feasibility, item.impact
    scores = max(f.count, i.count)
    text.append(f"feasibility {f.mean:.1f} ±{f.spread:.1f} · impact {i.mean:.1f} "
                f"±{i.spread:.1f} · {scores} score{'s' if scores != 1 else ''} · ")
    text.append(item.quadrant or "", style=QUADRANT_STYLES.get(item.quadrant or "", ""))
    if item.disagreement:
        text.append("  ⚠ people disagree: discuss", style="bold reverse yellow")
    if strategy:
        text.append("  ★ strategy", style="bold")
    return text


class ScoringStep(StepView):
    """Everybody's feasibility and impact scores, aggregated, ranked and on the matrix."""

    VIEW_ACTIONS = frozenset({"next_scorer", "chart", "ranked"})
    READ_ONLY_HINT = "F3 whose scores · r ranked · c matrix"
    BINDINGS = [
        Binding("f3", "next_scorer", "Who scores"),
        Binding("p", "promote", "Promote"),
        Binding("c", "chart", "Matrix"),
        Binding("r", "ranked", "Ranked"),
        Binding("v", "vote", "Vote"),
        Binding("m", "comment", "Comment"),
        Binding("x", "clear", "Clear mine", show=False),
        Binding("escape", "cancel", "Cancel", show=False),
        # Digits are bindings, so they run as each key is read, like the list's moves: in
        # "25↓34" the ↓ ran before the 2 and 5 were read, and they scored the next idea.
        *[Binding(str(digit), f"score({digit})", show=False) for digit in range(1, 6)],
    ]
    DEFAULT_CSS = """
    ScoringStep #scorer { height: 1; }
    ScoringStep ScoreTable { height: 1fr; }
    ScoringStep MatrixChart { display: none; }
    ScoringStep.-chart MatrixChart { display: block; }
    ScoringStep.-chart ScoreTable { display: none; }
    ScoringStep #idea-detail { height: auto; max-height: 3; color: $text; }
    ScoringStep.-chart CommentLines { display: none; }
    ScoringStep #score-hint { height: auto; max-height: 2; color: $text-muted; }
    """

    def __init__(self, context) -> None:
        super().__init__(context)
        self.scorer_index = 0
        self.pending: int | None = None  # the feasibility digit waiting for its impact
        self.ranked = False
        self.rated: list[RatedIdea] = []
        self.numbers: dict[int, int] = {}  # idea id → its number in the brainstorm order
        self.reactions = Reactions()
        self.own_votes: list[int] = []  # cast here in an anonymous round (no voter stored)

    def compose(self) -> ComposeResult:
        yield Static("", id="scorer")
        yield ScoreTable(id="scores", cursor_type="row", zebra_stripes=True)
        yield MatrixChart(id="matrix")
        yield Static("", id="idea-detail")
        yield CommentLines(id="idea-comments")
        yield Static(self.hint(
            "Digits: feasibility then impact (1-5) · F3 who scores · p promote to "
            "strategy · r ranked · c matrix · v vote · m comment · x clear mine"),
            id="score-hint")

    def on_mount(self) -> None:
        table = self.query_one(ScoreTable)
        for label, key, width in (("#", "n", 3), ("Idea", "idea", self.idea_width()),
                                  ("Feas", "f", 4), ("Imp", "i", 4), ("Me", "mine", 3),
                                  ("Votes", "votes", 5),
                                  ("Where", "where", 9), ("", "flag", 2)):
            table.add_column(label, key=key, width=width)
        self.scorers = [GROUP, *session_people(self.store, self.context.session_id)]
        self.reload()
        self.follow_changes(self.reload)
        table.focus()

    def idea_width(self) -> int:
        # What the other columns and their padding leave (the body can be ~52 wide).
        return max(10, self.size.width - 48)

    def on_resize(self) -> None:
        table = self.query_one(ScoreTable)
        if table.columns and table.columns[list(table.columns)[1]].width != self.idea_width():
            table.columns[list(table.columns)[1]].width = self.idea_width()
            self.reload()

    @property
    def scorer(self) -> str:
        return self.scorers[self.scorer_index % len(self.scorers)]

    @property
    def voter(self) -> str:
        """Who votes and comments from this keyboard: the person scoring now, or the
        facilitator while the whole group scores (a group has no vote of its own)."""
        if self.scorer != GROUP:
            return self.scorer
        return self.scorers[1] if len(self.scorers) > 1 else self.context.actor

    def ideas(self):
        if self.context.session_id is None:
            return list_plan_ideas(self.store, plan_id=self.context.plan_id)
        return list_plan_ideas(self.store, session_id=self.context.session_id)

    def reload(self, select: int | None = None) -> None:
        ideas = self.ideas()
        self.numbers = {idea.id: n for n, idea in enumerate(ideas, 1)}
        scores = scores_of(self.store, list(self.numbers))
        rated = rate(ideas, scores)
        self.rated = rank(rated) if self.ranked else rated
        self.promoted = promoted_idea_ids(self.store, self.context.plan_id)
        self.reactions = idea_reactions(self.store, list(self.numbers), self.voter,
                                        self.own_votes)
        table = self.query_one(ScoreTable)
        keep = select if select is not None else self.highlighted_id()
        rows = []
        for item in self.rated:
            mine = next((r for r in scores[item.idea.id] if r["participant"] == self.scorer), None)
            mine_text = "" if mine is None else f"{mine['feasibility'] or '-'}{mine['impact'] or '-'}"
            feas, imp = mean_text(item)
            text = Text(item.idea.full_text)  # wraps (the row grows): the idea is the content
            flag = ("★" if item.idea.id in self.promoted else "") + ("⚠" if item.disagreement else "")
            quadrant = item.quadrant or ""
            votes = votes_text(self.reactions.votes.get(item.idea.id, 0),
                               item.idea.id in self.reactions.mine)
            rows.append((str(item.idea.id), (
                str(self.numbers[item.idea.id]), text, feas, imp, mine_text, votes,
                Text(quadrant, style=QUADRANT_STYLES.get(quadrant, "")), flag)))
        table.show_wrapped(rows)
        if keep is not None and str(keep) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep)))
        self.query_one(MatrixChart).show([(self.numbers[r.idea.id], r) for r in self.rated])
        self.show_scorer()
        self.show_detail()

    def show_scorer(self) -> None:
        after = self.scorers[(self.scorer_index + 1) % len(self.scorers)]
        line = Text.assemble("Scoring as: ", (self.scorer, "bold"),
                             f"  (F3 → {after})" if len(self.scorers) > 1 else "")
        if self.pending is not None:
            line.append(f"   feasibility {self.pending} → now impact", style="bold reverse")
        if not self.rated:
            line = Text("No ideas yet: brainstorm first (F7 goes back).", style="bold")
        self.query_one("#scorer", Static).update(line)

    def show_detail(self) -> None:
        idea_id = self.highlighted_id()
        item = next((r for r in self.rated if r.idea.id == idea_id), None)
        comments = self.reactions.comments.get(idea_id, []) if item is not None else []
        reactions = reactions_text(self.reactions.votes.get(idea_id, 0), len(comments))
        self.query_one("#idea-detail", Static).update(
            "" if item is None else detail_text(item, idea_id in self.promoted,
                                                self.numbers[item.idea.id], reactions))
        self.query_one(CommentLines).show(comments)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.pending = None
        self.show_scorer()
        self.show_detail()

    def highlighted_id(self) -> int | None:
        return self.query_one(ScoreTable).highlighted_id

    # --- scoring ---------------------------------------------------------------------------

    def action_score(self, digit: int) -> None:
        idea_id = self.highlighted_id()
        if idea_id is None:
            return
        if self.pending is None:
            self.pending = digit
            self.show_scorer()
            return
        feasibility, self.pending = self.pending, None
        try:
            set_score(self.store, idea_id, self.scorer, feasibility=feasibility, impact=digit,
                      actor=self.context.actor)
        except ScoreError as exc:
            self.notify(str(exc), severity="warning")
        table = self.query_one(ScoreTable)
        self.reload(select=idea_id)
        if not self.ranked and table.cursor_row + 1 < table.row_count:
            table.move_cursor(row=table.cursor_row + 1)
        elif not self.ranked and len(self.scorers) > 1:
            after = self.scorers[(self.scorer_index + 1) % len(self.scorers)]
            self.notify(f"That was the last idea for {self.scorer}. F3: {after} scores next.")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if not super().check_action(action, parameters):
            return False
        if action == "cancel":
            return self.pending is not None
        if action in ("vote", "comment"):  # votes and comments belong to a session
            return self.context.session_id is not None
        return True

    def action_cancel(self) -> None:
        self.pending = None
        self.show_scorer()

    def action_next_scorer(self) -> None:
        self.scorer_index = (self.scorer_index + 1) % len(self.scorers)
        self.pending = None
        self.reload()
        table = self.query_one(ScoreTable)
        if table.row_count:
            table.move_cursor(row=0)

    def action_clear(self) -> None:
        idea_id = self.highlighted_id()
        if idea_id is not None and clear_score(self.store, idea_id, self.scorer,
                                               actor=self.context.actor):
            self.notify(f"{self.scorer}'s score cleared.")
        self.reload()

    def action_promote(self) -> None:
        idea_id = self.highlighted_id()
        if idea_id is None:
            return
        try:
            promote_idea(self.store, idea_id, session_id=self.context.session_id,
                         actor=self.context.actor)
        except StrategyError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.notify("Now a strategy (★). The Tactics step puts it to the clarity test.")
        self.reload()

    # --- votes and comments (the participants' domain functions, in the facilitator's name) ---

    def react(self, write, *args, **kwargs):
        """Make one vote or comment as `voter` in this step; a refusal (no votes left, a
        private round, a locked step) is said in one line. Returns what the domain did."""
        session_id = self.context.session_id
        try:
            step_index = get_session(self.store, session_id).current_step_index
            return True, write(self.store, session_id, self.voter, step_index, *args, **kwargs)
        except ParticipationError as exc:
            self.notify(str(exc), severity="warning")
            return False, None
        finally:
            self.reload()

    def action_vote(self) -> None:
        idea_id = self.highlighted_id()
        if idea_id is None:
            return
        done, vote_id = self.react(toggle_vote, idea_id, own_vote_ids=list(self.own_votes))
        if done and vote_id is not None:
            self.own_votes.append(vote_id)
        if done:
            self.notify(f"{self.voter} voted." if vote_id is not None
                        else f"{self.voter}'s vote taken back.")

    def action_comment(self) -> None:
        from ..dialogs.text_prompt import TextPrompt

        idea_id = self.highlighted_id()
        if idea_id is None:
            return

        def answered(text: str | None) -> None:
            if text and self.react(comment_on_idea, idea_id, text)[0]:
                self.notify(f"{self.voter}'s comment added.")

        self.app.push_screen(TextPrompt(f"{self.voter}'s comment on idea "
                                        f"#{self.numbers.get(idea_id, '')}"), answered)

    def action_chart(self) -> None:
        self.toggle_class("-chart")
        # The hidden table cannot keep the focus: the matrix takes it so the keys still work.
        if self.has_class("-chart"):
            self.query_one(MatrixChart).focus()
        else:
            self.query_one(ScoreTable).focus()

    def action_ranked(self) -> None:
        self.ranked = not self.ranked
        self.notify("Ranked by impact × feasibility." if self.ranked else "In the order typed.")
        self.reload()
