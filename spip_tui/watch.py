"""Learn that the database changed, whichever process changed it."""

from __future__ import annotations

from typing import Callable

from textual.dom import DOMNode

from facilitation.store.database import Store

POLL_SECONDS = 0.5


class DatabaseWatch:
    """Polls `PRAGMA data_version` (free) and calls back when another connection committed."""

    def __init__(self, owner: DOMNode, store: Store, on_change: Callable[[], None]) -> None:
        self.store = store
        self.on_change = on_change
        self.version = store.data_version()
        self.timer = owner.set_interval(POLL_SECONDS, self.check)

    def check(self) -> None:
        version = self.store.data_version()
        if version != self.version:
            self.version = version
            self.on_change()
