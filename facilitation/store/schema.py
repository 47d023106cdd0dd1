"""The schema: the shipped migrations, applying them, and checking a file has every table.

A spip database is versioned with PRAGMA user_version (one migration a version) and
marked as ours with PRAGMA application_id; opening a file upgrades it here first.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from facilitation.store.errors import StoreError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# PRAGMA application_id marks a file as ours ("SPIP" in ASCII).
APPLICATION_ID = 0x53504950


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
        migrate(conn)
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


def verify_schema(conn: sqlite3.Connection, path: Path) -> None:
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


def migrate(conn: sqlite3.Connection) -> None:
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
            for statement in statements(sql):
                conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise


def statements(sql: str) -> Iterator[str]:
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
