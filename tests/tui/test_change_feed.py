"""One change feed: what any process commits reaches the screens that show it."""

from __future__ import annotations

from textual.widgets import DataTable

from facilitation.store.database import Store
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import start_session
from tests.tui.screen import wait_until
from tests.tui.test_session_screen import screen_text


def cell(app, table_id: str, row: int, column: int) -> str:
    return str(app.screen.query_one(f"#{table_id}", DataTable).get_row_at(row)[column])


async def test_home_shows_the_last_session_as_soon_as_one_starts(app, store, plan_id):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert cell(app, "plans", 0, 4) == "—"
        session_id = start_session(store, plan_id, get_script("self-review"), "Ana")
        started = store.query("SELECT started_at FROM sessions WHERE id = ?", [session_id])[0][0]
        await wait_until(pilot, lambda: cell(app, "plans", 0, 4) == started[:10])


async def test_the_plan_screen_shows_a_session_ended_over_it_as_ended(app, store, plan_id):
    from spip_tui.screens.session import SessionScreen

    async with app.run_test(size=(80, 24)) as pilot:
        app.open_plan(plan_id)
        await pilot.pause()
        session_id = start_session(store, plan_id, get_script("self-review"), "Ana")
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await pilot.press("f9", "y")                # end it, and back to the plan
        await wait_until(pilot, lambda: "in progress" not in screen_text(app)
                         and "Sessions" in screen_text(app))
        ended = store.query("SELECT ended_at FROM sessions WHERE id = ?", [session_id])[0][0]
        assert ended is not None and ended[:10] in screen_text(app)


async def test_a_commit_from_another_process_is_published_with_its_kind(app, store, plan_id):
    from facilitation.plan.plans import rename_plan

    batches = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.changes.subscribe(app.screen, batches.append)
        other = Store.open(store.path, actor="ana")
        rename_plan(other, plan_id, "North-East")
        other.close()
        await wait_until(pilot, lambda: batches)
        [change] = [change for batch in batches for change in batch.changes]
        assert (change.kind, change.plan_id) == ("plan.renamed", plan_id)
        await wait_until(pilot, lambda: "North-East" in screen_text(app))


async def test_nothing_is_published_when_nothing_changed(app, store, plan_id):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.change_feed.check() is None
        start_session(store, plan_id, get_script("self-review"), "Ana")
        batch = app.change_feed.check()
        assert batch is not None and batch.kinds == {"session.started"}
        assert app.change_feed.check() is None
