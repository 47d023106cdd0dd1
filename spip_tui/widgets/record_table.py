"""A table of database rows keyed by their id, that keeps the highlighted row across reloads."""

from __future__ import annotations

from textual.widgets import DataTable


class RecordTable(DataTable):
    """Rows are keyed by the record's id (as text)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)

    @property
    def highlighted_key(self) -> str | None:
        """The key of the row under the cursor (None when the table is empty)."""
        if not self.row_count:
            return None
        return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value

    @property
    def highlighted_id(self) -> int | None:
        """The id of the record under the cursor (None: no rows, or a row of no record)."""
        key = self.highlighted_key
        return int(key) if key and key.isdigit() else None

    def select_id(self, record_id: int | None) -> None:
        if record_id is not None and str(record_id) in self.rows:
            self.move_cursor(row=self.get_row_index(str(record_id)))
