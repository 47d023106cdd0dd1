"""A table of database rows keyed by their id, that keeps the highlighted row across reloads."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.coordinate import Coordinate
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

_LINES = Text("\n")


class RecordTable(DataTable):
    """Rows are keyed by the record's id (as text)."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        kwargs.setdefault("zebra_stripes", True)
        super().__init__(**kwargs)
        self._unchanging_updates = 0  # of DataTable's count of updates (see _cells_version)
        self._frame_styles: dict[object, Style] | None = None

    def add_row(self, *cells, height: int | None = 1, key: str | None = None,
                label=None) -> RowKey:
        row_key = super().add_row(*cells, height=height, key=key, label=label)
        self._unchanging_updates += 1
        return row_key

    def _on_resize(self, _: events.Resize) -> None:
        # DataTable's handler (called next) counts every resize as an update, and a table
        # is "resized" whenever a row is added (its virtual size grows). No cell drawn
        # depends on the table's size: a cell's key holds its width, a row's the table's.
        self._unchanging_updates += 1

    @property
    def _cells_version(self) -> int:
        """Changes whenever a cell already shown may draw differently: DataTable's count
        of updates, less the ones that change no cell drawn (a row added at the end, a
        resize)."""
        return self._update_count - self._unchanging_updates

    def render_lines(self, crop) -> list:
        # DataTable asks the DOM for the table's style and for its row's style on every
        # line (a third of a line's cost); nothing can change them while one frame's lines
        # are drawn, so they are worked out once a frame.
        self._frame_styles = {}
        try:
            return super().render_lines(crop)
        finally:
            self._frame_styles = None

    @property
    def rich_style(self) -> Style:
        frame = getattr(self, "_frame_styles", None)
        if frame is None:
            return super().rich_style
        if "table" not in frame:
            frame["table"] = super().rich_style
        return frame["table"]

    def _get_row_style(self, row_index: int, base_style: Style) -> Style:
        frame = self._frame_styles
        if frame is None:
            return super()._get_row_style(row_index, base_style)
        # A row's style depends only on whether it is the header, a fixed row, or an
        # odd or even one.
        kind = row_index if row_index < max(self.fixed_rows, 0) else row_index % 2 + 1000
        key = ("row", kind, base_style)
        if key not in frame:
            frame[key] = super()._get_row_style(row_index, base_style)
        return frame[key]

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

    def _update_dimensions(self, new_rows) -> None:
        # DataTable measures every new cell, which only sizes a column of automatic width
        # (and the row labels, and rows of automatic height): with every width given and
        # rows of one line there is nothing to size, only the table's extent to update.
        rows = [self.rows.get(key) for key in new_rows]
        if any(column.auto_width for column in self.columns.values()) or any(
                row is not None and (row.auto_height or row.label is not None) for row in rows):
            super()._update_dimensions(new_rows)
        else:
            super()._update_dimensions(())

    def _render_cell(self, row_index: int, column_index: int, base_style: Style, width: int,
                     cursor: bool = False, hover: bool = False) -> list[list[Segment]]:
        # The common cell (a one-line Text that fits, in a row of height 1) drawn straight
        # to its segments: DataTable lays each cell out through Rich's general machinery
        # (padding, wrapping, cropping, a console render), which was most of the cost of
        # the first screen's table. The segments are the same (tests/tui/test_record_table.py
        # compares them cell by cell); any other cell goes the general way.
        # A drawn cell is kept until a cell may have changed (_cells_version): DataTable
        # forgets every cell when a row is added, so a live list drew all its rows again
        # for each idea the group typed (most of a participant's view's work).
        if row_index < max(0, self.fixed_rows) or column_index < max(0, self.fixed_columns):
            return super()._render_cell(row_index, column_index, base_style, width, cursor,
                                        hover)
        row_key = self._row_locations.get_key(row_index)
        key = ("kept", row_key, row_index, self._column_locations.get_key(column_index),
               self.rows[row_key].height, width, base_style, cursor, hover,
               self._show_hover_cursor, self._cells_version, self._pseudo_class_state)
        lines = self._cell_render_cache.get(key)
        if lines is None:
            lines = self._render_plain_cell(row_index, column_index, row_key, base_style,
                                            width, cursor, hover)
            if lines is None:
                lines = super()._render_cell(row_index, column_index, base_style, width,
                                             cursor, hover)
            self._cell_render_cache[key] = lines
        return lines

    def _render_line_in_row(self, row_key: RowKey, line_no: int, base_style: Style,
                            cursor_location: Coordinate, hover_location: Coordinate):
        # DataTable keeps a row's drawn line only while the cursor stays where it was and
        # nothing is added: a live list moves its cursor to each new idea, so every row was
        # drawn again for each. With a row cursor, a row draws differently only when the
        # cursor (or the mouse) comes onto it or leaves it: that is what this key holds.
        if self.cursor_type != "row":
            return super()._render_line_in_row(row_key, line_no, base_style, cursor_location,
                                               hover_location)
        row_index = self._row_locations.get(row_key) if row_key in self._row_locations else -1
        key = ("kept", row_key, row_index, line_no, base_style,
               cursor_location.row == row_index, hover_location.row == row_index,
               self.show_cursor, self._show_hover_cursor, self._cells_version,
               self._pseudo_class_state, self.size.width, self._row_label_column_width,
               self._labelled_row_exists and self.show_row_labels, self.fixed_columns,
               tuple(column.get_render_width(self) for column in self.ordered_columns))
        lines = self._row_render_cache.get(key)
        if lines is None:
            lines = super()._render_line_in_row(row_key, line_no, base_style, cursor_location,
                                                hover_location)
            self._row_render_cache[key] = lines
        return lines

    def _render_plain_cell(self, row_index: int, column_index: int, row_key, base_style: Style,
                           width: int, cursor: bool, hover: bool) -> list[list[Segment]] | None:
        """The cell's one line of segments, or None when it is not a plain one-line cell."""
        row = self.rows[row_key]
        cell = self._get_row_renderables(row_index).cells[column_index]
        padding = self.cell_padding
        room = width - 2 * padding
        if (row.height != 1 or not isinstance(cell, Text) or cell.overflow or cell.no_wrap
                or cell.justify not in (None, "default", "left", "right") or room < 0
                or "\n" in cell.plain or "\t" in cell.plain or cell.cell_len > room):
            return None
        component_style, post_style = self._get_styles_to_render_cell(
            False, False, False, hover, cursor, self.show_cursor, self._show_hover_cursor,
            self.cursor_foreground_priority == "css", self.cursor_background_priority == "css")
        pre_style = base_style + Style.from_meta({"row": row_index, "column": column_index}) \
            + component_style
        if not cell.spans and not cell.style:
            # Text without a style of its own (the home screen's every cell): padding, text
            # and fill all take the cell's style, so the cell is one segment; DataTable's
            # line (Strip.simplify) merges its several segments into this same one.
            plain = cell.plain.rstrip() if cell.justify == "right" else cell.plain
            fill = " " * (room - cell_len(plain))
            edge = " " * padding
            text = (f"{edge}{fill}{plain}{edge}" if cell.justify == "right"
                    else f"{edge}{plain}{fill}{edge}")
            return [[Segment(text, pre_style + post_style)]]
        # What Rich's justification does to a line that fits: "right" strips its trailing
        # spaces and fills on the left, "left" fills on the right, within the text.
        line = cell.copy()
        if cell.justify == "right":
            line.rstrip()
            line.pad_left(room - line.cell_len)
        elif cell.justify == "left":
            line.pad_right(room - line.cell_len)
        fill = room - line.cell_len
        edge = [Segment(" " * padding, Style())] if padding else []
        # Joined as Rich joins a cell's lines: the line's own style becomes a span (render
        # alone would drop it).
        segments = [*edge, *_LINES.join([line]).render(self.app.console)]
        if fill:
            segments.append(Segment(" " * fill, Style()))
        segments += edge
        return [list(Segment.apply_style(segments, style=pre_style, post_style=post_style))]

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
        self.add_rows(rows[len(shown):], wrap=wrap)

    def add_rows(self, rows: Sequence[tuple[str, Sequence[object]]], *,
                 wrap: bool = False) -> None:
        """Rows (key, cells) at the end; with `wrap`, each grows to hold its text.

        The height of a wrapped row is measured here, from its text, when every column has
        its width: DataTable measures a row of automatic height by drawing each of its
        cells the general way, which was a third of what adding an idea to a live list
        cost (tests/tui/test_record_table.py checks that both give the same screen)."""
        measured = wrap and not any(column.auto_width for column in self.columns.values())
        for key, cells in rows:
            height = 1 if not wrap else self.lines_needed(cells) if measured else None
            self.add_row(*cells, key=key, height=height)

    def show_sized(self, labels: Sequence[str],
                   rows: Sequence[tuple[str, Sequence[object]]]) -> None:
        """Show `rows` (key, cells) under columns as wide as their widest cell, set before
        the rows come: a width left to DataTable is measured at its next idle moment, and a
        frame drawn first kept every column cut to its heading."""
        self.clear(columns=True)
        for index, label in enumerate(labels):
            width = max([cell_width(label), *(cell_width(cells[index]) for _, cells in rows)])
            self.add_column(label, key=label, width=width)
        self.add_rows(rows)

    def show_wrapped(self, rows: Sequence[tuple[str, Sequence[object]]]) -> None:
        """Show exactly `rows` (key, cells) under the columns shown, each row as tall as its
        wrapped text: a row of automatic height has no height at all until the table's next
        idle moment, and a frame drawn first showed the rows blank."""
        self.clear()
        self.add_rows(rows, wrap=True)

    def lines_needed(self, cells: Sequence[object]) -> int:
        """How many lines a row of these cells takes when its text wraps in its columns."""
        console = self.app.console
        lines = 1
        for column, cell in zip(self.ordered_columns, cells, strict=False):
            text = _as_text(cell)
            width = max(1, column.get_render_width(self) - 2 * self.cell_padding)
            if text.cell_len <= width and "\n" not in text.plain and "\t" not in text.plain:
                continue  # one line (most cells: wrapping it would say so, slowly)
            lines = max(lines, len(text.wrap(console, width)))
        return lines


def cell_width(cell: object) -> int:
    """The terminal cells a cell's text takes on one line (a str read as markup)."""
    return _as_text(cell).cell_len


def _as_text(cell: object) -> Text:
    """A cell as the table draws it: a str is markup (DataTable's reading of it)."""
    return cell if isinstance(cell, Text) else Text.from_markup(str(cell))
