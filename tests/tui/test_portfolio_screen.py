"""The portfolio and the due list, driven from the keyboard as a sales manager would."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from textual.widgets import DataTable, ProgressBar, Static

from facilitation.plan.plans import PlanInput, create_plan, list_plans
from facilitation.plan.reviews import ReviewRhythm, set_review_rhythm
from spip_tui.dialogs.plan_form import PlanForm
from spip_tui.screens.due import DueScreen
from spip_tui.screens.plan import PlanScreen
from spip_tui.screens.portfolio import PortfolioScreen
from tests.facilitation.history_helpers import save_subject, seasonal_amounts

TODAY = "2026-10-20 09:00 +0000"


@pytest.fixture
def portfolio_db(store):
    """Three territories with three years of history; North has a plan whose review of
    15 September was missed."""
    for name in ("North", "South", "West"):
        save_subject(store, name, seasonal_amounts(36), start="2023-09")
    with time_machine.travel("2026-09-01 09:00 +0000", tick=False):
        plan_id = create_plan(store, PlanInput("territory", "North", "Priya Raman", "2026-11",
                                               "2027-01", "1300000"))
        set_review_rhythm(store, plan_id, ReviewRhythm("monthly", date(2026, 9, 15), 12,
                                                       date(2027, 1, 31)))
    return plan_id


async def forecasts_filled(app, pilot) -> None:
    """Until the worker has filled in every plan's forecast (it starts after the first paint)."""
    import time

    screen = app.screen
    # A forecast fit can take seconds on a loaded machine: wait on the condition, long.
    give_up = time.monotonic() + 180
    while time.monotonic() < give_up:
        plans = [line.plan.id for line in screen.lines if line.plan is not None]
        if all(p in screen.outlooks for p in plans) and not screen.query_one(ProgressBar).display:
            break
        await app.workers.wait_for_complete()
        await pilot.pause(0.05)
    await pilot.pause()


def rows(app) -> list[list[str]]:
    table = app.screen.query_one("#portfolio", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_the_portfolio_lists_every_subject_and_fills_in_the_forecast(app, portfolio_db):
    with time_machine.travel(TODAY, tick=True):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("p")
            assert isinstance(app.screen, PortfolioScreen)
            # The cheap columns are there at once, the overdue plan first.
            first = rows(app)
            assert [row[0] for row in first] == ["North", "South", "West"]
            assert first[0][4] == "overdue" and first[1][7] == "no plan"
            await forecasts_filled(app, pilot)
            north = rows(app)[0]
            assert north[3].isdigit() and north[6].endswith("%")
            assert not app.screen.query_one(ProgressBar).display
            total = str(app.screen.query_one("#portfolio-total", Static).render())
            assert total.startswith("All 1 plans: target 1.3M")
            selected = str(app.screen.query_one("#portfolio-selected", Static).render())
            assert "review overdue since 2026-09-15" in selected
            await pilot.press("enter")
            assert isinstance(app.screen, PlanScreen) and app.screen.plan_id == portfolio_db


async def test_filters_and_the_roll_up(app, portfolio_db):
    with time_machine.travel(TODAY, tick=True):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("p", "d")
            assert [row[0] for row in rows(app)] == ["North"]
            await pilot.press("d", "p")
            assert [row[0] for row in rows(app)] == ["South", "West"]
            await pilot.press("p")
            await forecasts_filled(app, pilot)
            await pilot.press("g")
            rollup = app.screen.query_one("#rollup", DataTable)
            assert rollup.display
            assert [str(rollup.get_row_at(i)[0]) for i in range(rollup.row_count)] == \
                ["territory", "all"]


async def test_n_starts_a_plan_for_a_subject_without_one_from_its_history(app, store,
                                                                          portfolio_db):
    with time_machine.travel(TODAY, tick=True):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("p", "down")
            await pilot.press("n")
            form = app.screen
            assert isinstance(form, PlanForm)
            assert form.query_one("#subject_name").value == "South"
            assert form.query_one("#period_start").value == "2026-11"
            assert form.query_one("#target_amount").value   # from last year's sales
            await pilot.press(*"Marcus Bell")              # the owner: the first empty field
            await pilot.press("ctrl+s")
            await pilot.pause()
            assert isinstance(app.screen, PlanScreen)
    south = [s.plan for s in list_plans(store) if s.plan.subject_name == "South"]
    assert south and south[0].owner == "Marcus Bell"


async def test_the_home_screen_says_what_is_due_and_u_lists_it(app, portfolio_db):
    with time_machine.travel(TODAY, tick=True):
        async with app.run_test(size=(80, 24)) as pilot:
            due = str(app.screen.query_one("#due-summary", Static).render())
            assert "1 review overdue" in due
            await pilot.press("u")
            assert isinstance(app.screen, DueScreen)
            table = app.screen.query_one("#due", DataTable)
            assert str(table.get_row_at(0)[0]) == "review overdue"
            await pilot.press("enter")
            assert isinstance(app.screen, PlanScreen)
