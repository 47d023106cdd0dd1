"""Helpers more than one step uses (steps never import each other)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any


def when_risk_exists(handler: Callable[..., None]) -> Callable[..., None]:
    """Run a handler that acts on one risk; if another process deleted that risk a moment
    ago, say so and show the list as it is now instead of failing."""
    @wraps(handler)
    def guarded(self, *args: Any) -> None:
        try:
            handler(self, *args)
        except KeyError:
            self.notify("That risk was just deleted (by someone else).", severity="warning")
            self.reload()

    return guarded
