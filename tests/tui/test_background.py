"""Background work fails in one place: the app says what failed and goes on."""

from __future__ import annotations


async def test_a_failing_plan_check_is_reported_and_the_app_goes_on(app, store, plan_id,
                                                                      monkeypatch):
    import facilitation.summary.check

    def broken(store, plan_id):
        raise RuntimeError("the forecast module is missing")

    monkeypatch.setattr(facilitation.summary.check, "check_plan", broken)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_plan(plan_id)
        await pilot.pause()
        await pilot.press("k")
        await app.workers.wait_for_complete()
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert "Checking the plan failed: the forecast module is missing" in messages
        assert app.is_running
        await pilot.press("escape")
        await pilot.pause()
        assert "Plan: " in app.screen.query_one("#plan-title").render().plain
