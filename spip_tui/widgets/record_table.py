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
    def highlighted_id(self) -> int | None:
        if not self.row_count:
            return None
        key = self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        return int(key) if key else None

    def select_id(self, record_id: int | None) -> None:
        if record_id is not None and str(record_id) in self.rows:
            self.move_cursor(row=self.get_row_index(str(record_id)))
