"""Labels that read whole, or in a short form the screen explains, on the demo at 80×24 and
120×40: the ideas' comment counts, the agenda's step titles, the portfolio's kinds and
owners."""

from __future__ import annotations

import re

import pytest

from facilitation.ideas.ideas import add_idea
from facilitation.live.comments import comment_on_idea
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step
from spip_tui.screens.portfolio import PortfolioScreen
from tests.tui.screen import screen_text, wait_until
from tests.tui.test_snapshots import (  # noqa: F401 (fixtures)
    COASTAL,
    FULL_PLAN,
    LAKESIDE,
    NORTH,
    demo_app,
    demo_db,
    opened,
    script_session,
    session_id,
    session_step,
    settle,
)

BRAINSTORMING = FULL_PLAN.index("brainstorming")


def heading_of(shown: str, first: str) -> str:
    """The table heading line that starts with the column `first` (its words, spaced)."""
    line = next(line for line in shown.splitlines() if re.search(rf"\s{first}\s", line))
    return " ".join(line.split())


async def test_an_ideas_comments_are_counted_in_words_at_80x24(demo_app):
    from spip_tui.steps.brainstorming import BrainstormingStep

    store = demo_app.store
    north = session_id(demo_app, NORTH)
    go_to_step(store, north, BRAINSTORMING)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await session_step(NORTH, "full-plan", BRAINSTORMING)(pilot)
        round_id = demo_app.screen.query_one(BrainstormingStep).round_id
        idea = add_idea(store, round_id, "Bundle service with price", "Ana")
        comment_on_idea(store, north, "Ana", BRAINSTORMING, idea, "Start with Q1")
        comment_on_idea(store, north, "Bo", BRAINSTORMING, idea, "And the key accounts")
        await wait_until(pilot, lambda: "Bundle service with price · 2 comments"
                         in screen_text(demo_app))
        # No column is headed by a cut word ("Re" was the comments' count).
        shown = screen_text(demo_app)
        assert heading_of(shown, "Idea").endswith("Idea By Votes"), shown


def agenda_text(app, width: int) -> str:
    """The agenda's titles as one line of words (the agenda is the screen's first `width`
    columns): without the step numbers and times."""
    words = []
    for line in screen_text(app).splitlines()[2:]:
        line = re.sub(r"^[\s▶]*\d+\s", "", line[:width])
        words += [word for word in line.split() if not re.fullmatch(r"[\d:]*(/\d+)?", word)]
    return " ".join(words)


@pytest.mark.parametrize(("subject", "script"), [(COASTAL, "full-plan"),
                                                 (LAKESIDE, "annual-contingency-review")])
async def test_the_agenda_names_every_step_whole_at_120x40(subject, script, demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await session_step(subject, script, 0)(pilot)
        agenda = agenda_text(demo_app, 34)
        for step in get_script(script).steps:
            assert step.title in agenda, (step.title, agenda)


def portfolio(app):
    return PortfolioScreen()


def owner_cells(app) -> list[str]:
    table = app.screen.query_one("#portfolio")
    return [str(table.get_row_at(n)[2]) for n in range(table.row_count)]


async def test_the_portfolio_writes_kinds_and_owners_out_at_120x40(demo_app):
    async with demo_app.run_test(size=(120, 40)) as pilot:
        await opened(portfolio)(pilot)
        shown = screen_text(demo_app)
        for owner in ("Priya Raman", "Dana Whitfield", "Lena Fischer", "Marcus Bell"):
            assert owner in owner_cells(demo_app)
        assert re.search(r"Metro\s+territory\s+Priya Raman", shown), shown
        assert re.search(r"Meridian Foods\s+key account\s+Tom Okafor", shown), shown
        assert re.search(r"Aisha Khan\s+salesperson\s+—", shown), shown
        assert "Kind: rep" not in shown  # nothing abbreviated, nothing to explain


async def test_the_portfolio_explains_its_short_forms_at_80x24(demo_app):
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await opened(portfolio)(pilot)
        shown = screen_text(demo_app)
        assert "Kind: rep salesperson · terr territory · acct key account" in shown, shown
        # An owner too long for the column goes by first name and initial (the line for
        # the highlighted subject writes it out), never cut mid-name.
        owners = set(owner_cells(demo_app))
        assert {"Priya R.", "Dana W.", "Tom O."} <= owners, owners
        assert not any("…" in owner for owner in owners), owners
        assert re.search(r"Metro\s+terr\s+Priya R\.", shown), shown
        # Wider, the same screen writes them out.
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "Priya Raman" in owner_cells(demo_app)
        assert "Kind: rep" not in screen_text(demo_app)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_kpi_grid_shows_every_figure_and_name_whole(size, demo_app):
    from rich.cells import cell_len

    from spip_tui.widgets.text import wrap_words
    from tests.tui.test_snapshots import PROGRESS_REVIEW, review_step

    async with demo_app.run_test(size=size) as pilot:
        await review_step(PROGRESS_REVIEW.index("kpi_actuals"))(pilot)
        shown = screen_text(demo_app)
        assert re.search(r"Revenue\s+not entered\s+440,000\s", shown), shown  # was "440,00"
        table = demo_app.screen.query_one("#actuals")
        names = [str(table.get_row_at(n)[0]) for n in range(table.row_count)]
        assert names == ["Pipeline coverage", "Meetings booked", "Win rate", "Revenue"]
        for row in table.ordered_rows:
            for column in table.ordered_columns:
                cell = table.get_cell(row.key, column.key)
                room = column.get_render_width(table) - 2 * table.cell_padding
                if column.key.value == "name":   # a long name wraps whole (the row grows)
                    assert len(wrap_words(str(cell), room)) <= row.height, (cell, room)
                else:                            # a figure fits its column
                    assert cell_len(str(cell)) <= room, (column.key, cell, room)
        if size == (120, 40):   # wide enough for every name on one line
            assert "Pipeline coverage" in shown and "Meetings booked" in shown


async def test_what_prompted_a_decision_reads_whole_at_80x24(demo_app):
    from tests.tui.test_snapshots import PROGRESS_REVIEW

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await session_step(COASTAL, "progress-review", PROGRESS_REVIEW.index("decisions"))(pilot)
        table = demo_app.screen.query_one("#decisions")
        lines = screen_text(demo_app).splitlines()
        heading = next(n for n, line in enumerate(lines) if "Prompted by" in line)
        column = lines[heading].index("Prompted by")   # the column's text, row after row
        rows = lines[heading + 1:heading + 1 + sum(row.height for row in table.ordered_rows)]
        text = " ".join(" ".join(line[column:] for line in rows).split())
        assert "KPI: Pipeline coverage" in text, text   # was "KPI: Pipeline cove"
        assert "Tactic: Book 30 service review visits" in text, text


def carried_decisions(app) -> tuple[str, list]:
    """The previous review's decisions as the KPI-actuals step shows them (their lines
    joined) and as recorded."""
    from facilitation.plan.decisions import previous_review_decisions

    step = app.screen.query_one("KpiActualsStep")
    decisions = previous_review_decisions(app.store, step.context.plan_id,
                                          step.context.session_id).decisions
    lines = screen_text(app).splitlines()
    first = next(n for n, line in enumerate(lines) if "Decided at the review" in line)
    last = next(n for n, line in enumerate(lines) if "Enter: type the actual" in line)
    column = lines[first].index("Decided")
    return " ".join(" ".join(line[column:] for line in lines[first + 1:last]).split()), decisions


def kpi_grid_whole(app) -> bool:
    table = app.screen.query_one("#actuals")
    return table.scrollable_content_region.height >= sum(row.height for row in
                                                         table.ordered_rows)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_previous_reviews_decisions_read_whole_beside_the_kpi_grid(size, demo_app):
    from tests.tui.test_snapshots import PROGRESS_REVIEW, review_step

    async with demo_app.run_test(size=size) as pilot:
        await review_step(PROGRESS_REVIEW.index("kpi_actuals"))(pilot)
        carried, decisions = carried_decisions(demo_app)
        # Each decision reads whole (it was cut: "Add two prospecting afternoons a we…"),
        # and the KPI grid beneath keeps every KPI in sight.
        assert len(decisions) == 2
        for decision in decisions:
            assert decision.text in carried, carried
        assert "…" not in carried, carried
        assert kpi_grid_whole(demo_app), carried
        if size == (80, 24):
            # Shorter, the step shows fewer decisions, still whole, and counts the rest
            # (the decisions step lists them all).
            await pilot.resize_terminal(80, 18)
            await wait_until(pilot, lambda: "… and 1 more" in carried_decisions(demo_app)[0])
            carried, _ = carried_decisions(demo_app)
            assert decisions[0].text in carried, carried
            assert carried.endswith("… and 1 more"), carried
