"""One change to the database: the row operations of one transaction.

Every write the domain makes goes through a Change (`Store.change`), which records
each operation so that the change's one event is enough for replay to redo it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

    from facilitation.store.database import Store


@dataclass
class Change:
    """The operations of one transaction; they become the payload of its one event."""

    store: Store
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)
    ops: list[dict[str, Any]] = field(default_factory=list)
    # Set inside the block when the change creates the session its event belongs to.
    session_id: int | None = None

    @property
    def db(self) -> Database:
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
