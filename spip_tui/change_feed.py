"""The app's one look at the database: what changed, whichever process changed it.

One timer polls `PRAGMA data_version` (it moves when another connection commits) and the
app connection's own change count (data_version ignores our own commits). When either
moves, the new rows of the event log are read and published on `app.changes` as a
`ChangeBatch`: every screen and step that shows saved data subscribes and refreshes what
concerns it. Nothing else in the UI polls the database.
"""

from __future__ import annotations

from textual.app import App
from textual.signal import Signal
from textual.timer import Timer

from facilitation.store.database import Store
from facilitation.store.events import ChangeBatch, last_seq, read_changes

# Two polls a tenth of a second apart keep commit-to-screen latency near 50 ms on
# average; each poll is one PRAGMA on an open connection (microseconds).
POLL_SECONDS = 0.05


class FollowsChanges:
    """Mixed into an App that owns a `change_feed`: `app.changes`, the signal screens
    subscribe to (`app.changes.subscribe(widget, callback)`; the callback gets a
    ChangeBatch)."""

    change_feed: ChangeFeed

    @property
    def changes(self) -> Signal[ChangeBatch]:
        return self.change_feed.signal


class ChangeFeed:
    """Publishes a `ChangeBatch` on `signal` after each commit to the store's database."""

    def __init__(self, app: App, store: Store) -> None:
        self.store = store
        self.signal: Signal[ChangeBatch] = Signal(app, "changes")
        self.app = app
        self.timer: Timer | None = None
        self.seen = 0
        self.version = (0, 0)

    def start(self) -> None:
        """Begin polling (the app calls this once it is running). Screens read what was
        saved before this when they mount; the feed tells them what comes after."""
        self.seen = last_seq(self.store)
        self.version = self.current_version()
        self.timer = self.app.set_interval(POLL_SECONDS, self.check, name="change-feed")

    def current_version(self) -> tuple[int, int]:
        return self.store.data_version(), self.store.conn.total_changes

    def check(self) -> ChangeBatch | None:
        """Look once; publish and return what changed since the last look, if anything."""
        version = self.current_version()
        if version == self.version:
            return None
        self.version = version
        changes = read_changes(self.store, self.seen)
        if not changes:
            return None
        batch = ChangeBatch(tuple(changes))
        self.seen = batch.last_seq
        self.signal.publish(batch)
        return batch
