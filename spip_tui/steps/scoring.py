"""Step 6, feasibility scoring: two digits per idea (feasibility, then impact), the ranking,
the impact × feasibility matrix, and promoting ideas to strategies."""

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
from facilitation.workshop.sessions import session_people

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


def detail_text(item: RatedIdea, strategy: bool, number: int) -> Text:
    """The highlighted idea's means, spreads and quadrant (its text is whole in the
    table, wrapped)."""
    text = Text(f"#{number}: ", style="bold")
    if not item.is_scored:
        text.append("not scored yet", style="dim")
        return text
    f, i = item.feasibility, item.impact
    text.append(f"feasibility {f.mean:.1f} ±{f.spread:.1f} · impact {i.mean:.1f} "
                f"±{i.spread:.1f} · {max(f.count, i.count)} scores · ")
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
        Binding("x", "clear", "Clear mine", show=False),
        Binding("escape", "cancel", "Cancel", show=False),
    ]
    DEFAULT_CSS = """
    ScoringStep #scorer { height: 1; }
    ScoringStep ScoreTable { height: 1fr; }
    ScoringStep MatrixChart { display: none; }
    ScoringStep.-chart MatrixChart { display: block; }
    ScoringStep.-chart ScoreTable { display: none; }
    ScoringStep #idea-detail { height: auto; max-height: 3; color: $text; }
    ScoringStep #score-hint { height: auto; max-height: 2; color: $text-muted; }
    """

    def __init__(self, context) -> None:
        super().__init__(context)
        self.scorer_index = 0
        self.pending: int | None = None  # the feasibility digit waiting for its impact
        self.ranked = False
        self.rated: list[RatedIdea] = []
        self.numbers: dict[int, int] = {}  # idea id → its number in the brainstorm order

    def compose(self) -> ComposeResult:
        yield Static("", id="scorer")
        yield ScoreTable(id="scores", cursor_type="row", zebra_stripes=True)
        yield MatrixChart(id="matrix")
        yield Static("", id="idea-detail")
        yield Static(self.hint(
            "Type 2 digits per idea: feasibility then impact (1-5) · F3 who scores · "
            "p promote to strategy · r ranked · c matrix · x clear mine"), id="score-hint")

    def on_mount(self) -> None:
        table = self.query_one(ScoreTable)
        for label, key, width in (("#", "n", 3), ("Idea", "idea", self.idea_width()),
                                  ("Feas", "f", 4), ("Imp", "i", 4), ("Me", "mine", 3),
                                  ("Where", "where", 9), ("", "flag", 2)):
            table.add_column(label, key=key, width=width)
        self.scorers = [GROUP, *session_people(self.store, self.context.session_id)]
        self.reload()
        self.follow_changes(self.reload)
        table.focus()

    def idea_width(self) -> int:
        # What the other columns and their padding leave (the body can be ~52 wide).
        return max(10, self.size.width - 41)

    def on_resize(self) -> None:
        table = self.query_one(ScoreTable)
        if table.columns and table.columns[list(table.columns)[1]].width != self.idea_width():
            table.columns[list(table.columns)[1]].width = self.idea_width()
            self.reload()

    @property
    def scorer(self) -> str:
        return self.scorers[self.scorer_index % len(self.scorers)]

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
        table = self.query_one(ScoreTable)
        keep = select if select is not None else self.highlighted_id()
        table.clear()
        for item in self.rated:
            mine = next((r for r in scores[item.idea.id] if r["participant"] == self.scorer), None)
            mine_text = "" if mine is None else f"{mine['feasibility'] or '-'}{mine['impact'] or '-'}"
            feas, imp = mean_text(item)
            text = Text(item.idea.full_text)  # wraps (the row grows): the idea is the content
            flag = ("★" if item.idea.id in self.promoted else "") + ("⚠" if item.disagreement else "")
            quadrant = item.quadrant or ""
            table.add_row(
                str(self.numbers[item.idea.id]), text, feas, imp, mine_text,
                Text(quadrant, style=QUADRANT_STYLES.get(quadrant, "")), flag,
                key=str(item.idea.id), height=None)
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
        self.query_one("#idea-detail", Static).update(
            "" if item is None else detail_text(item, idea_id in self.promoted,
                                                self.numbers[item.idea.id]))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.pending = None
        self.show_scorer()
        self.show_detail()

    def highlighted_id(self) -> int | None:
        return self.query_one(ScoreTable).highlighted_id

    # --- scoring ---------------------------------------------------------------------------

    def on_key(self, event) -> None:
        if event.character not in tuple("12345"):
            return
        event.stop()
        event.prevent_default()
        idea_id = self.highlighted_id()
        if idea_id is None:
            return
        digit = int(event.character)
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
