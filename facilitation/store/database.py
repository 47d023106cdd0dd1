"""The SQLite store: one file, WAL mode, versioned schema, every change an event.

The store opens with the standard library's sqlite3 so that the first screen can
read plans without importing sqlite-utils (which imports pandas). Writes are
plain SQL (sqlite-utils, loaded when first needed, only for bulk inserts), inside
one explicit transaction that also appends exactly one event to the log.
"""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections import Counter
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
SQLITE_HEADER = b"SQLite format 3\x00"
# PRAGMA application_id marks a file as ours ("SPIP" in ASCII).
APPLICATION_ID = 0x53504950
BUSY_TIMEOUT_MS = 10_000
# SQLite's busy handler is not fair: a writer sleeping between its tries can lose the lock
# again and again to processes writing back to back. A change waits for the write lock
# in its own short random steps (Store.begin_write), up to this long in all.
WRITE_PATIENCE_SECONDS = 60


class StoreError(Exception):
    """A database that spip cannot use; the message says why, in one line."""


class StoreBusy(StoreError):
    """Another connection held the write lock longer than the busy timeout; nothing changed."""


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


class SessionEndedError(ValueError):
    """A change refused because the session it would be made in has ended.

    The past is read-only: an ended session changes only after an explicit reopen
    (facilitation.workshop.sessions.reopen_session), which is itself logged."""

    def __init__(self, session_id: int, ended_at: str) -> None:
        super().__init__(f"the session ended on {ended_at[:10]} and is read-only; "
                         f"reopen it to change it")
        self.session_id = session_id
        self.ended_at = ended_at


# The moment changes are stamped with, when one is set (Store.clock_at): the demo builds a
# year of sessions, reviews and actuals as they happened; None is the real clock.
_CLOCK: ContextVar[datetime | None] = ContextVar("spip_clock", default=None)


def now() -> datetime:
    """The current UTC time: the real clock, or the moment `Store.clock_at` set."""
    return _CLOCK.get() or datetime.now(UTC)


def now_iso() -> str:
    """The current UTC time as an ISO 8601 string with seconds (see `now`)."""
    return now().isoformat(timespec="seconds")


@cache
def migrations() -> list[tuple[int, str, str]]:
    """The shipped schema migrations as (version, name, sql), in order."""
    return sorted(
        (int(path.name[:4]), path.name, path.read_text(encoding="utf-8"))
        for path in MIGRATIONS_DIR.glob("[0-9][0-9][0-9][0-9]_*.sql")
    )


def latest_version() -> int:
    """The schema version this spip writes."""
    return migrations()[-1][0]


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


@dataclass
class Change:
    """The operations of one transaction; they become the payload of its one event."""

    store: "Store"
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    ops: list[dict[str, Any]] = field(default_factory=list)
    # Set inside the block when the change creates the session its event belongs to.
    session_id: int | None = None

    @property
    def db(self) -> "Database":
        return self.store.db

    def insert(self, table: str, row: dict[str, Any]) -> int:
        """Insert a row and return its id."""
        # Plain SQL for single rows: sqlite-utils imports pandas, ~50 MB in every
        # participant's process for nothing (replay writes rows the same plain way).
        columns = ", ".join(f"[{c}]" for c in row)
        row_id = self.store.conn.execute(
            f"INSERT INTO [{table}] ({columns}) VALUES ({', '.join('?' * len(row))})",
            list(row.values())).lastrowid
        self.ops.append({"op": "insert", "table": table, "row": {"id": row_id, **row}})
        return int(row_id)

    def insert_many(self, table: str, rows: list[dict[str, Any]]) -> None:
        """Insert many rows (ids assigned by SQLite, recorded for replay)."""
        if not rows:
            return
        first = self.store.conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM [{table}]").fetchone()[0]
        numbered = [{"id": first + i + 1, **row} for i, row in enumerate(rows)]
        self.db[table].insert_all(numbered, batch_size=5000)
        self.ops.append({"op": "insert_many", "table": table, "rows": numbered})

    def update(self, table: str, row_id: int, values: dict[str, Any]) -> dict[str, Any]:
        """Change some columns of a row; the old values go into the event too."""
        before = self.row(table, row_id)
        assignments = ", ".join(f"[{column}] = ?" for column in values)
        self.store.conn.execute(f"UPDATE [{table}] SET {assignments} WHERE id = ?",
                                [*values.values(), row_id])
        self.ops.append({
            "op": "update", "table": table, "id": row_id, "values": values,
            "before": {k: before.get(k) for k in values},
        })
        return before

    def delete(self, table: str, row_id: int) -> dict[str, Any]:
        """Delete a row; the whole row goes into the event so it can be restored."""
        before = self.row(table, row_id)
        self.store.conn.execute(f"DELETE FROM [{table}] WHERE id = ?", [row_id])
        self.ops.append({"op": "delete", "table": table, "id": row_id, "row": before})
        return before

    def delete_where(self, table: str, where: str, params: list[Any]) -> int:
        """Delete the rows matching a condition; each deleted row is recorded."""
        rows = [dict(r) for r in self.store.query(f"SELECT * FROM [{table}] WHERE {where}", params)]
        if rows:
            self.store.conn.execute(f"DELETE FROM [{table}] WHERE {where}", params)
            self.ops.append({"op": "delete_many", "table": table, "rows": rows})
        return len(rows)

    def next_position(self, table: str, column: str, value: int) -> int:
        """The position after the last row of a list (risks of a plan, tactics of a
        strategy), read inside this write transaction so that two processes adding at
        once cannot both take the same one."""
        return self.store.conn.execute(
            f"SELECT COALESCE(MAX(position), 0) + 1 FROM [{table}] WHERE [{column}] = ?",
            [value]).fetchone()[0]

    def row(self, table: str, row_id: int) -> dict[str, Any]:
        found = self.store.conn.execute(f"SELECT * FROM [{table}] WHERE id = ?", [row_id]).fetchone()
        if found is None:
            raise KeyError(f"{table} {row_id} does not exist")
        return dict(found)


class Store:
    """An open spip database. Use `Store.open(path)`; one instance per thread."""

    def __init__(self, path: Path, conn: sqlite3.Connection, actor: str) -> None:
        self.path = path
        self.conn = conn
        self.actor = actor
        self._db: Database | None = None

    @classmethod
    def open(cls, path: str | os.PathLike[str], actor: str | None = None) -> "Store":
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
            _migrate(conn)
            _verify_schema(conn, path)
        except sqlite3.Error as exc:
            conn.close()
            raise explain(path, exc) from None
        except StoreError:
            conn.close()
            raise
        _OPEN_PATHS[path] += 1
        return cls(path, conn, actor or default_actor())

    def reopen(self) -> "Store":
        """A new connection to the same file, for use in another thread."""
        return Store.open(self.path, self.actor)

    def close(self) -> None:
        self.conn.close()
        _OPEN_PATHS[self.path] -= 1
        if _OPEN_PATHS[self.path] <= 0:
            del _OPEN_PATHS[self.path]

    @property
    def db(self) -> "Database":
        """The sqlite-utils view of the connection (imported on first use)."""
        if self._db is None:
            from sqlite_utils import Database

            self._db = Database(self.conn)
        return self._db

    def query(self, sql: str, params: Any = ()) -> list[sqlite3.Row]:
        """Run a read query and return all rows."""
        return self.conn.execute(sql, params).fetchall()

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


@cache
def expected_schema() -> dict[str, frozenset[str]]:
    """The tables and columns the shipped migrations create.

    Building them in memory costs 10-20 ms, a twentieth of the app's start-up, so the
    result is kept in the user's cache folder under a digest of the migrations' text
    (a new or changed migration gets a new file)."""
    import zlib  # hashlib would cost 7 ms more to import

    text = "".join(sql for _n, _name, sql in migrations()).encode()
    kept = _schema_cache_folder() / f"schema-{len(text)}-{zlib.crc32(text):08x}.json"
    try:
        return {table: frozenset(columns)
                for table, columns in json.loads(kept.read_text(encoding="utf-8")).items()}
    except (OSError, ValueError, AttributeError, TypeError):
        pass  # not there yet, unreadable or damaged: build it
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        _migrate(conn)
        schema = _schema(conn)
    finally:
        conn.close()
    _keep_schema(kept, schema)
    return schema


def _schema_cache_folder() -> Path:
    from platformdirs import user_cache_path

    return user_cache_path("spip", appauthor=False)


def _keep_schema(path: Path, schema: dict[str, frozenset[str]]) -> None:
    """Write the schema for the next start; a folder we cannot write only costs time."""
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False,
                                         suffix=".tmp", encoding="utf-8") as out:
            json.dump({table: sorted(columns) for table, columns in schema.items()}, out)
        os.replace(out.name, path)  # whole or not at all, also with two processes at once
    except OSError:
        pass


def _schema(conn: sqlite3.Connection) -> dict[str, frozenset[str]]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
    return {name: frozenset(r[1] for r in conn.execute(f"PRAGMA table_info([{name}])"))
            for name in names}


def _verify_schema(conn: sqlite3.Connection, path: Path) -> None:
    """Refuse a spip database with a table or column missing (dropped by hand, or a
    file cut short), before any screen or command meets 'no such table'."""
    found = _schema(conn)
    for table, columns in sorted(expected_schema().items()):
        if table not in found:
            raise StoreError(f"cannot open {path}: the database is damaged (its {table} table "
                             "is missing); restore it from a backup")
        if missing := sorted(columns - found[table]):
            raise StoreError(f"cannot open {path}: the database is damaged (the {table} table "
                             f"lacks {', '.join(missing)}); restore it from a backup")


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply every migration newer than the file, each in its own transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    for number, _name, sql in migrations():
        if number <= version:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Another process may have migrated while we waited for the lock.
            if conn.execute("PRAGMA user_version").fetchone()[0] >= number:
                conn.execute("ROLLBACK")
                continue
            for statement in _statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def _statements(sql: str) -> Iterator[str]:
    """Split a migration into statements (executescript would commit on its own)."""
    buffer = ""
    for line in sql.splitlines(keepends=True):
        if line.lstrip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            yield buffer.strip()
            buffer = ""
    if buffer.strip():
        yield buffer.strip()
