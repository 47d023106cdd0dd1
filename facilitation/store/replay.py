"""Rebuild any past state of a database from its event log."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from facilitation.store.database import Store
from facilitation.store.schema import migrations, statements

# Tables of live state that is not history, written without an event, so replay leaves
# them empty. None today: presence (who is connected) is written by events since 0011.
LIVE_STATE_TABLES: tuple[str, ...] = ()


# Tables of derived data (caches of analyses): written without events, so replay leaves
# them empty; they are recomputed from the rebuilt tables when needed.
DERIVED_TABLES = frozenset({"analysis_cache"})


def empty_database() -> sqlite3.Connection:
    """An in-memory database with the current schema and no rows."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    conn.row_factory = sqlite3.Row
    for _number, _name, sql in migrations():
        for statement in statements(sql):
            conn.execute(statement)
    return conn


def apply_ops(conn: sqlite3.Connection, ops: list[dict[str, Any]]) -> None:
    """Redo the row operations of one event."""
    for op in ops:
        table = op["table"]
        kind = op["op"]
        if kind == "insert":
            _insert(conn, table, [op["row"]])
        elif kind == "insert_many":
            _insert(conn, table, op["rows"])
        elif kind == "update":
            assignments = ", ".join(f"[{column}] = ?" for column in op["values"])
            conn.execute(f"UPDATE [{table}] SET {assignments} WHERE id = ?",
                         [*op["values"].values(), op["id"]])
        elif kind == "delete":
            conn.execute(f"DELETE FROM [{table}] WHERE id = ?", [op["id"]])
        elif kind == "delete_many":
            conn.executemany(f"DELETE FROM [{table}] WHERE id = ?", [[r["id"]] for r in op["rows"]])
        else:
            raise ValueError(f"unknown operation {kind!r} in the event log")


def _insert(conn: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        columns = ", ".join(f"[{c}]" for c in row)
        conn.execute(f"INSERT INTO [{table}] ({columns}) VALUES ({', '.join('?' * len(row))})",
                     list(row.values()))


def replay(store: Store, upto: int | None = None) -> sqlite3.Connection:
    """The database as it was after event `upto` (all events if None), in memory."""
    conn = empty_database()
    sql = "SELECT payload FROM events" + (" WHERE seq <= ?" if upto is not None else "")
    sql += " ORDER BY seq"
    conn.execute("BEGIN")
    for (payload,) in store.conn.execute(sql, [upto] if upto is not None else []):
        apply_ops(conn, json.loads(payload).get("ops", []))
    conn.execute("COMMIT")
    return conn
