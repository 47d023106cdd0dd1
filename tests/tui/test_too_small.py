"""A window too small for the layout shows one line asking for more room, and no key or
resize can crash the app there."""

from __future__ import annotations

from spip_tui.too_small import TooSmallScreen
from tests.tui.test_session_screen import screen_text


async def test_page_down_in_the_palette_after_shrinking_to_15x3_does_not_crash(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.resize_terminal(15, 3)
        await pilot.press("pagedown", "ctrl+p", "pagedown", "down", "f1", "pagedown")
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        assert "make the" in screen_text(app)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert "make the window larger" not in screen_text(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press("pagedown")
        await pilot.pause()
    assert app.return_code in (None, 0)


async def test_starting_in_a_tiny_window_asks_for_a_larger_one(app):
    async with app.run_test(size=(30, 8)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.press("ctrl+p", "pagedown")
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not isinstance(app.screen, TooSmallScreen)
