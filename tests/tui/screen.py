"""Helpers for driving the app: wait for what the user would see."""

from __future__ import annotations

import time
from collections.abc import Callable

TIMEOUT_SECONDS = 20


async def wait_until(pilot, condition: Callable[[], object]) -> None:
    """Let the app run until `condition()` holds (a loaded machine may take a while)."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, "the screen never showed it"
        await pilot.pause(0.05)
