"""The replay screen, as a coach uses it at 80×24: scrub, jump, play; nothing is written."""

from __future__ import annotations

from textual.widgets import DataTable, Static

from facilitation.store.events import read_events
from spip_tui.screens.replay import ReplayScreen, parse_clock
from tests.facilitation.test_session_replay import timed_workshop


def shown(app, widget_id: str) -> str:
    return str(app.screen.query_one(f"#{widget_id}", Static).render())


async def settle(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_replay(app, pilot, plan_id: int) -> None:
    app.open_plan(plan_id)
    await pilot.pause()
    assert app.screen.query_one("#sessions", DataTable).row_count == 1
    await pilot.press("r")
    assert isinstance(app.screen, ReplayScreen)
    await settle(pilot)


async def test_scrubbing_shows_the_step_as_it_was_and_who_did_it(app, store, plan_id):
    session_id = timed_workshop(store, plan_id)
    events_before = len(read_events(store))
    async with app.run_test(size=(80, 24)) as pilot:
        await open_replay(app, pilot, plan_id)
        assert "Step 1 · Past performance" in shown(app, "replay-step")
        assert "1 09:00" in shown(app, "replay-timeline")
        assert "started the session" in shown(app, "replay-who")
        # 3: the start of step 3's visit (Risk listing); → the first risk arrives.
        await pilot.press("3")
        await settle(pilot)
        assert "Step 3 · Risk listing" in shown(app, "replay-step")
        assert "No risks listed yet." in shown(app, "replay-lines")
        await pilot.press("right")
        await settle(pilot)
        assert shown(app, "replay-who") == '09:10 Ana listed the risk "Key account leaves"'
        assert "not assessed   Key account leaves" in shown(app, "replay-lines")
        assert "10:00" in shown(app, "replay-scrubber")
        # Jump to a time: 20:01 into the session the risk has been assessed.
        await pilot.press("t", *"20:01", "enter")
        await settle(pilot)
        assert "Step 4 · Impact assessment" in shown(app, "replay-step")
        assert "L4×I5 = 20" in shown(app, "replay-lines")
        assert "Priya assessed" in shown(app, "replay-who")
        # One event back: the assessment is undone on screen.
        await pilot.press("left")
        await settle(pilot)
        assert "L4×I5" not in shown(app, "replay-lines")
        await pilot.press("end")
        await settle(pilot)
        assert "ended the session" in shown(app, "replay-who")
        assert "(ended)" in shown(app, "replay-step")
    assert len(read_events(store)) == events_before
    assert session_id


async def test_playing_moves_through_the_events_and_stops_at_the_end(app, store, plan_id):
    timed_workshop(store, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_replay(app, pilot, plan_id)
        total = app.screen.moment.total
        for _ in range(5):
            await pilot.press("plus")
        assert "50×" in shown(app, "replay-scrubber")
        await pilot.press("space")
        assert "▶ 50×" in shown(app, "replay-scrubber")
        while app.screen.playing:
            await pilot.pause(0.05)
        await settle(pilot)
        assert app.screen.moment.position == total - 1
        assert "❚❚" in shown(app, "replay-scrubber")


async def test_anonymous_ideas_show_no_author_in_replay(app, store, plan_id):
    timed_workshop(store, plan_id)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_replay(app, pilot, plan_id)
        await pilot.press("5")
        await settle(pilot)
        while "idea" not in shown(app, "replay-who"):
            await pilot.press("right")
            await settle(pilot)
        assert shown(app, "replay-who").startswith("09:31 someone added the idea")
        assert "Ana" not in shown(app, "replay-lines")


def test_a_time_is_minutes_seconds_or_hours():
    assert parse_clock("12:30") == 750
    assert parse_clock("1:02:03") == 3723
    assert parse_clock("45") == 2700
    assert parse_clock("soon") is None
