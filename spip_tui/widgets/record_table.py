"""A table of database rows keyed by their id, that keeps the highlighted row across reloads."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey


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
        self.select_key(None if record_id is None else str(record_id))

    def select_key(self, key: str | None) -> None:
        """Put the cursor on the row with this key, if it is shown."""
        if key is not None and key in self.rows:
            self.move_cursor(row=self.get_row_index(key))

    def sync_rows(self, rows: Sequence[tuple[str, Sequence[object]]], *,
                  wrap: bool = False) -> None:
        """Show exactly `rows` (key, cells), touching only what differs from what is shown.

        A live session adds a row at a time to lists of hundreds: clearing and re-adding
        every row on each change cost the facilitator's screen most of its time (p95
        1.04 s from a participant's commit to the screen with ten people typing). When the
        rows shown are still in the same order (new ones at the end, none gone), changed
        cells are updated and new rows appended; any other change (a deletion, a move)
        rebuilds the table, which is rare and what a person causes, not the group.

        With `wrap`, a cell's text wraps in its column and its row grows to hold it. A
        table measures a row's height only when the row is added, so a changed cell that
        needs another number of lines (an idea reworded or merged) rebuilds the table
        too; a vote or a comment count, the group's frequent change, keeps its height."""
        shown = [row.key.value for row in self.ordered_rows]
        wanted = [key for key, _ in rows]
        columns = [column.key for column in self.ordered_columns]
        updates: list[tuple[str, object, object]] = []
        rebuild = wanted[:len(shown)] != shown
        for key, cells in rows[:len(shown)] if not rebuild else ():
            changed = [(column, new) for column, old, new
                       in zip(columns, self.get_row(key), cells, strict=False) if old != new]
            if changed and wrap and self.lines_needed(cells) != self.rows[RowKey(key)].height:
                rebuild = True
                break
            updates += [(key, column, new) for column, new in changed]
        if rebuild:
            self.clear()
            shown, updates = [], []
        for key, column, new in updates:
            self.update_cell(key, column, new)
        for key, cells in rows[len(shown):]:
            self.add_row(*cells, key=key, height=None if wrap else 1)

    def lines_needed(self, cells: Sequence[object]) -> int:
        """How many lines a row of these cells takes when its text wraps in its columns."""
        console = self.app.console
        lines = 1
        for column, cell in zip(self.ordered_columns, cells, strict=False):
            text = cell if isinstance(cell, Text) else Text.from_markup(str(cell))
            width = column.get_render_width(self) - 2 * self.cell_padding
            lines = max(lines, len(text.wrap(console, max(1, width))))
        return lines
