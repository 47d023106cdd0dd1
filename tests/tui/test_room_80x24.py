"""At 80×24 what the room reads is whole: the tactics step's strategies, the plans' owners
on the home screen, the impact step's list of risks."""

from __future__ import annotations

from facilitation.ideas.strategies import list_strategies
from tests.tui.test_session_screen import screen_text
from tests.tui.test_snapshots import (  # noqa: F401  (fixtures)
    COASTAL,
    FULL_PLAN,
    demo_app,
    demo_db,
    plan_id,
    workshop_step,
)


def joined(text: str) -> str:
    return " ".join(text.split())


def between(shown: str, heading: str, next_heading: str) -> str:
    """What the column under `heading` shows (up to where `next_heading` starts), its
    wrapped lines joined by spaces."""
    lines = shown.splitlines()
    [row] = [n for n, line in enumerate(lines) if heading in line]
    start, end = lines[row].index(heading), lines[row].index(next_heading)
    return joined(" ".join(line[start:end] for line in lines[row + 1:]))


async def test_the_tactics_step_reads_every_strategy_whole_in_its_table(demo_app):
    strategies = list_strategies(demo_app.store, plan_id(demo_app, COASTAL))
    assert any(len(s.text) > 60 for s in strategies)  # longer than the column at 80
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await workshop_step(FULL_PLAN.index("tactics"))(pilot)
        table = demo_app.screen.query_one("#strategies")
        lines = screen_text(demo_app).splitlines()
        in_table = "\n".join(lines[table.region.y:table.region.bottom])
        strategy_column = between(in_table, "Strategy", "Clear")
        assert "…" not in in_table, in_table
        # The first strategies, whole, in the table itself (not only in the detail below).
        assert joined(strategies[0].text) in strategy_column, in_table
        assert joined(strategies[1].text) in strategy_column, in_table
