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
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
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
# again and again to processes writing back to back. A change that still finds the file
# locked after BUSY_TIMEOUT_MS tries again after a random pause, up to this long in all.
WRITE_PATIENCE_SECONDS = 60


class StoreError(Exception):
    """A database that spip cannot use; the message says why, in one line."""


def now_iso() -> str:
    """The current UTC time as an ISO 8601 string with seconds."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


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
            conn.execute("PRAGMA synchronous = NORMAL")
            _migrate(conn)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"cannot open {path}: the database is damaged ({exc})") from None
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
        actor: str | None = None, session_id: int | None = None,
    ) -> Iterator[Change]:
        """One transaction: the operations done on the yielded Change plus one event.

        The event's payload is `payload` plus the list of row operations, enough
        for replay to redo the change. On any error nothing is written.
        """
        change = Change(self, kind, dict(payload or {}), session_id=session_id)
        self.begin_write()
        try:
            yield change
            self.conn.execute(
                "INSERT INTO events (at, actor, session_id, kind, payload) VALUES (?, ?, ?, ?, ?)",
                [now_iso(), actor or self.actor, change.session_id, kind,
                 json.dumps({**change.payload, "ops": change.ops}, default=str)],
            )
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def begin_write(self) -> None:
        """BEGIN IMMEDIATE, waiting for other writers however many processes there are."""
        import random
        import time

        deadline = time.monotonic() + WRITE_PATIENCE_SECONDS
        while True:
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() > deadline:
                    raise
            time.sleep(random.uniform(0.001, 0.05))


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
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open {path}: the database is damaged ({exc})") from None
    if ok != "ok":
        first_problem = " ".join(str(ok).split())[:120]
        raise StoreError(f"cannot open {path}: the database is damaged ({first_problem})")
    if existed and tables and app_id != APPLICATION_ID:
        raise StoreError(f"cannot open {path}: it is an SQLite database but not a spip one")
    if version > latest_version():
        raise StoreError(
            f"cannot open {path}: it was written by a newer spip (schema {version}, this spip "
            f"knows up to {latest_version()}); upgrade spip to open it"
        )


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
