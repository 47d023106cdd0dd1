"""The garbage collector runs rarely while the app starts and as usual once it shows."""

from __future__ import annotations

import gc

from spip_tui import startup_gc


async def test_collections_are_rare_until_the_first_screen_then_as_usual(app):
    startup_gc.starting()   # what importing spip_tui.launch does
    try:
        assert gc.get_threshold()[0] == startup_gc.STARTING_THRESHOLD
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert app.startup_seconds is not None          # the first screen is ready
            assert gc.get_threshold() == startup_gc.NORMAL_THRESHOLD
    finally:
        startup_gc.started()


def test_a_command_collects_as_usual(monkeypatch):
    import sys

    from spip_tui import cli, launch

    startup_gc.starting()
    seen = []
    monkeypatch.setattr(sys, "argv", ["spip", "--version"])
    monkeypatch.setattr(cli, "main", lambda: seen.append(gc.get_threshold()))
    launch.main()
    assert seen == [startup_gc.NORMAL_THRESHOLD]
