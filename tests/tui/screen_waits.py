"""Waiting for what the screen shows (a condition, never a fixed sleep)."""

from __future__ import annotations

from tests.tui.test_session_screen import screen_text


async def shows(pilot, text: str, tries: int = 200) -> str:
    """The screen once it shows `text` (after up to `tries` pauses); AssertionError if never."""
    for _ in range(tries):
        await pilot.pause()
        shown = screen_text(pilot.app)
        if text in shown:
            return shown
    raise AssertionError(f"the screen never showed {text!r}:\n{screen_text(pilot.app)}")
