"""The tactics step's tables: the plan's strategies, each with its clarity mark and the
count of its live tactics, and the highlighted strategy's tactics."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from facilitation.ideas.strategies import Strategy, Tactic

from .record_table import RecordTable

CLARITY_MARKS = {"untested": ("?", "bold yellow"), "passed": ("✓", "bold green"),
                 "failed": ("✗", "bold red")}
STATUS_STYLES = {"planned": "", "doing": "bold cyan", "late": "bold red", "done": "green",
                 "dropped": "dim strike"}


def strategy_detail(strategy: Strategy) -> Text:
    """What the strategy answers, its notes and what it still lacks (its wording is whole
    in the table above)."""
    text = Text(f"The highlighted strategy answers {strategy.answers_label}", style="dim")
    for label, value in (("resources", strategy.resources), ("insights", strategy.insights),
                         ("best practices", strategy.best_practices)):
        if value:
            text.append(f"\n{label}: ", style="dim")
            text.append(value)
    for problem in strategy.problems:
        text.append(f"\n⚠ {problem}", style="bold yellow")
    return text


class StrategyTable(RecordTable):
    """The plan's strategies: number, wording, clarity mark, live tactics (⚠ incomplete).

    The wording is what the group tests and acts on: it wraps in its column (the row
    grows), never cut."""

    def add_strategy_columns(self) -> None:
        self.add_column("#", key="n", width=2)
        self.add_column("Strategy", key="text", width=12)
        self.add_column("Clear", key="clear", width=5)
        self.add_column("Tactics", key="tactics", width=7)

    def fit(self, width: int) -> None:
        # The wording takes what the fixed columns and the cell padding leave.
        self.columns[list(self.columns)[1]].width = max(12, width - 26)

    def show(self, strategies: Sequence[Strategy], keep: int | None) -> None:
        """Show `strategies`, the cursor on strategy `keep` when it is still there."""
        self.clear()
        rows = []
        for number, strategy in enumerate(strategies, 1):
            mark, style = CLARITY_MARKS[strategy.clarity]
            live = [t for t in strategy.tactics if t.status != "dropped"]
            count = Text(str(len(live)), style="" if strategy.is_complete else "bold yellow")
            if not strategy.is_complete:
                count.append(" ⚠")
            rows.append((str(strategy.id),
                         (str(number), Text(strategy.text), Text(mark, style=style), count)))
        self.add_rows(rows, wrap=True)
        self.select_id(keep)


class TacticTable(RecordTable):
    """The highlighted strategy's tactics: action, owner, due date, status."""

    def add_tactic_columns(self) -> None:
        self.add_column("Action", key="action", width=12)
        self.add_column("Owner", key="owner", width=12)
        self.add_column("Due", key="due", width=10)
        self.add_column("Status", key="status", width=7)

    def fit(self, width: int) -> None:
        # The action takes what the fixed columns and the cell padding leave.
        self.columns[next(iter(self.columns))].width = max(12, width - 40)

    def show(self, tactics: Sequence[Tactic]) -> None:
        """Show `tactics`, keeping the cursor on the tactic it was on."""
        keep = self.highlighted_id
        self.clear()
        # What is done, and by whom, is what people act on: wrapped (the row grows).
        self.add_rows([(str(tactic.id), (
            Text(tactic.action),
            Text(tactic.owner or "no owner", style="" if tactic.owner else "bold yellow"),
            Text(tactic.due_date or "no date", style="" if tactic.due_date else "bold yellow"),
            Text(tactic.status, style=STATUS_STYLES[tactic.status]))) for tactic in tactics],
            wrap=True)
        self.select_id(keep)
