"""The SQLite store: one file, WAL mode, versioned schema, every change an event.

The store opens with the standard library's sqlite3 so that the first screen can
read plans without importing sqlite-utils (which imports pandas). Writes are
plain SQL (sqlite-utils, loaded when first needed, only for bulk inserts), inside
one explicit transaction that also appends exactly one event to the log.
The schema and its migrations live in schema.py, a change's row operations in
change.py, the errors in errors.py.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from facilitation.store.change import Change
from facilitation.store.errors import SessionEndedError, StoreBusy, StoreError
from facilitation.store.schema import APPLICATION_ID, latest_version, migrate, verify_schema

if TYPE_CHECKING:
    from sqlite_utils import Database

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
# SQLite's busy handler is not fair: a writer sleeping between its tries can lose the lock
# again and again to processes writing back to back. A change waits for the write lock
# in its own short random steps (Store.begin_write), up to this long in all.
WRITE_PATIENCE_SECONDS = 60


def busy_message(path: Path) -> str:
    """One line for a database another program keeps locked."""
    return (f"{path} is busy: another spip or another program (a long import, a backup, a "
            f"database browser) has held it for over {WRITE_PATIENCE_SECONDS:g} s; nothing was "
            "changed; try again when it is done")


def _is_busy(exc: sqlite3.Error) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


def explain(path: Path, exc: sqlite3.Error) -> StoreError:
    """What an SQLite error on `path` means to the user, as a one-line StoreError."""
    text = str(exc)
    if _is_busy(exc):
        return StoreBusy(busy_message(path))
    if "readonly" in text or "read-only" in text:
        return StoreError(f"cannot write {path}: the file or its folder {path.parent} is "
                          "read-only (SQLite keeps its journal beside the file); nothing was "
                          "changed")
    if "disk is full" in text or "disk I/O" in text:
        return StoreError(f"cannot write {path}: {text}; nothing was changed")
    return StoreError(f"cannot open {path}: the database is damaged ({text})")


# The moment changes are stamped with, when one is set (Store.clock_at): the demo builds a
# year of sessions, reviews and actuals as they happened; None is the real clock.
_CLOCK: ContextVar[datetime | None] = ContextVar("spip_clock", default=None)


def now() -> datetime:
    """The current UTC time: the real clock, or the moment `Store.clock_at` set."""
    return _CLOCK.get() or datetime.now(UTC)


def now_iso() -> str:
    """The current UTC time as an ISO 8601 string with seconds (see `now`)."""
    return now().isoformat(timespec="seconds")


# Database files this process has opened; see _check_file.
_OPEN_PATHS: Counter[Path] = Counter()


def _check_file(path: Path) -> bool:
    """Refuse paths spip cannot use before SQLite touches them; True if the file exists."""
    if not path.parent.is_dir():
        raise StoreError(f"cannot open {path}: the folder {path.parent} does not exist")
    if not path.exists():
        if not os.access(path.parent, os.W_OK):
            raise StoreError(f"cannot create {path}: the folder {path.parent} is not writable")
        return False
    if path.is_dir():
        raise StoreError(f"cannot open {path}: it is a folder, not a database file")
    if not stat.S_ISREG(path.stat().st_mode):
        # A pipe would hang the read below; a device would get a journal beside it.
        raise StoreError(f"cannot open {path}: it is not a regular file (a pipe or a device?)")
    if not os.access(path, os.R_OK):
        raise StoreError(f"cannot open {path}: permission denied")
    if path in _OPEN_PATHS:
        # Closing any descriptor of a file drops this process's SQLite locks on it
        # (POSIX), which would let another process delete the live WAL: never read
        # the header of a file we already hold open.
        header = SQLITE_HEADER
    else:
        with path.open("rb") as f:
            header = f.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise StoreError(f"cannot open {path}: it is not an SQLite database")
    if not os.access(path, os.W_OK):
        raise StoreError(f"cannot open {path}: the file is read-only and spip saves every change")
    if not os.access(path.parent, os.W_OK):
        raise StoreError(f"cannot open {path}: its folder {path.parent} is read-only and SQLite "
                         "keeps its journal beside the file")
    return True




class Store:
    """An open spip database. Use `Store.open(path)`; one instance per thread."""

    def __init__(self, path: Path, conn: sqlite3.Connection, actor: str) -> None:
        self.path = path
        self.conn = conn
        self.actor = actor
        self._db: Database | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str], actor: str | None = None) -> Store:
        """Open (creating or upgrading if needed) the database at `path`.

        Raises StoreError with a one-line reason when the file cannot be used;
        the file is then left as it was.
        """
        path = Path(path).expanduser().absolute()
        existed = _check_file(path)
        if not existed:
            # Created by us so that only the owner can read the plans in it.
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
        try:
            conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {path}: {exc}") from None
        conn.row_factory = sqlite3.Row
        try:
            _inspect(conn, path, existed)
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA foreign_keys = ON")
            # FULL: a commit is on disk before the edit is acknowledged, also across a
            # power cut (NORMAL only survives a killed process); benchmarks/durability.py
            # measures what it costs per edit.
            conn.execute("PRAGMA synchronous = FULL")
            migrate(conn)
            verify_schema(conn, path)
        except sqlite3.Error as exc:
            conn.close()
            raise explain(path, exc) from None
        except StoreError:
            conn.close()
            raise
        _OPEN_PATHS[path] += 1
        return cls(path, conn, actor or default_actor())

    def reopen(self) -> Store:
        """A new connection to the same file, for use in another thread."""
        return Store.open(self.path, self.actor)

    def close(self) -> None:
        self.conn.close()
        _OPEN_PATHS[self.path] -= 1
        if _OPEN_PATHS[self.path] <= 0:
            del _OPEN_PATHS[self.path]

    @property
    def db(self) -> Database:
        """The sqlite-utils view of the connection (imported on first use)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        """Run a read query and return all rows."""
        return self.conn.execute(sql, params).fetchall()

    def row_by_id(self, table: str, row_id: int, what: str) -> sqlite3.Row:
        """The row of `table` with id `row_id`; KeyError "there is no <what> <id>" when
        there is none (a deleted record, or an id from another database)."""
        found = self.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", [row_id]).fetchone()
        if found is None:
            raise KeyError(f"there is no {what} {row_id}")
        return found

    def data_version(self) -> int:
        """Changes whenever another connection (any process) commits; free to poll."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    @property
    def schema_version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]

    @contextmanager
    def change(
        self, kind: str, payload: dict[str, Any] | None = None, *,
        actor: str | None = None, session_id: int | None = None, reopening: bool = False,
    ) -> Iterator[Change]:
        """One transaction: the operations done on the yielded Change plus one event.

        The event's payload is `payload` plus the list of row operations, enough
        for replay to redo the change. On any error nothing is written. A change made
        in a session that has ended is refused (SessionEndedError) unless it is the
        reopening itself: every domain write names its session here, so none slips by.
        """
        change = Change(self, kind, dict(payload or {}), session_id=session_id)
        self.begin_write()
        try:
            if session_id is not None and not reopening:
                self._refuse_if_ended(session_id)
            yield change
            self.conn.execute(
                "INSERT INTO events (at, actor, session_id, kind, payload) VALUES (?, ?, ?, ?, ?)",
                [now_iso(), actor or self.actor, change.session_id, kind,
                 json.dumps({**change.payload, "ops": change.ops}, default=str)],
            )
            self.conn.execute("COMMIT")
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.OperationalError):
                raise explain(self.path, exc) from None
            raise

    @contextmanager
    def clock_at(self, moment: datetime) -> Iterator[None]:
        """Stamp the changes made inside the block (their events, and the created_at /
        updated_at the domain writes) with `moment` instead of the real clock, in this
        thread. The demo uses it to build a plan's past year as it happened."""
        if moment.tzinfo is None:
            raise ValueError("a clock moment needs its time zone (UTC)")
        token = _CLOCK.set(moment.astimezone(UTC))
        try:
            yield
        finally:
            _CLOCK.reset(token)

    def begin_write(self) -> None:
        """BEGIN IMMEDIATE, waiting for other writers however many processes there are
        (up to WRITE_PATIENCE_SECONDS; then StoreBusy, with nothing changed).

        SQLite's busy handler retries only every 100 ms once it has waited a while, so
        a process can starve behind writers committing back to back (10 writers x 100
        edits left two waiting over 60 s); trying again every few milliseconds, at
        random, gives every waiting process its turn."""
        import random
        import time

        deadline = time.monotonic() + WRITE_PATIENCE_SECONDS
        self.conn.execute("PRAGMA busy_timeout = 0")
        try:
            while True:
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc) or time.monotonic() > deadline:
                        raise explain(self.path, exc) from None
                time.sleep(random.uniform(0.0005, 0.004))
        finally:
            self.conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")

    def _refuse_if_ended(self, session_id: int) -> None:
        row = self.conn.execute("SELECT ended_at FROM sessions WHERE id = ?",
                                [session_id]).fetchone()
        if row is not None and row[0] is not None:
            raise SessionEndedError(session_id, row[0])


def default_actor() -> str:
    """Who is at the keyboard when nobody said: the login name."""
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "unknown"


def _inspect(conn: sqlite3.Connection, path: Path, existed: bool) -> None:
    """Refuse databases that are not spip's, newer than us, or damaged."""
    try:
        app_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        ok = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
    except sqlite3.Error as exc:
        raise explain(path, exc) from None
    if ok != "ok":
        first_problem = " ".join(str(ok).split())[:120]
        raise StoreError(f"cannot open {path}: the database is damaged ({first_problem})")
    # Every spip database carries our application_id from its first migration on; a
    # file with another one (or tables or a version but none) belongs to someone else.
    foreign = app_id not in (0, APPLICATION_ID) or (app_id == 0 and (tables or version))
    if existed and foreign:
        raise StoreError(f"cannot open {path}: it is an SQLite database but not a spip one")
    if version > latest_version():
        raise StoreError(
            f"cannot open {path}: it was written by a newer spip (schema {version}, this spip "
            f"knows up to {latest_version()}); upgrade spip to open it"
        )


