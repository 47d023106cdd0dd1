"""RecordTable draws a plain one-line cell straight to its segments: exactly the segments
DataTable's general rendering gives (once merged as DataTable merges a line's segments of
the same style), for every kind of cell, style and cursor state."""

from __future__ import annotations

import pytest
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import DataTable

from spip_tui.widgets.record_table import RecordTable

CELLS = [
    Text("North", end=""),
    Text("1,250,000", justify="right"),                  # the home screen's target column
    Text.assemble(("9 ", "underline"), justify="right"),
    Text.assemble(("left  ", "underline"), justify="left"),  # trailing spaces: stripped
    Text.assemble(("bold", "bold"), " and ", ("red", "red on blue"), end=""),  # spans
    Text("Zoë 東京 🚀", end=""),                          # wide characters
    Text("no plan", style="dim", end=""),                # a style of its own
    Text.assemble(("x", "bold"), " y", style="italic", justify="right"),
    Text("", end=""),                                    # DataTable draws nothing there
    Text("a cell far too long for its column", end=""),  # cropped: the general way
    Text("two\nlines", end=""),
    Text("ellipsis here", overflow="ellipsis", end=""),
    "[b]markup[/b] str",
    1234.5,
    None,
]
WIDTHS = [8, 11, 5, 8, 14, 12, 9, 6, 4, 10, 8, 9, 16, 8, 4]


class Table(App):
    def __init__(self, **table_options) -> None:
        super().__init__()
        self.table_options = table_options

    def compose(self) -> ComposeResult:
        yield RecordTable(id="table", **self.table_options)

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        for n, width in enumerate(WIDTHS):
            table.add_column(Text(f"c{n}"), key=f"c{n}", width=width)
        for row in range(4):
            table.add_row(*CELLS, key=str(row))


def merged(lines: list) -> list:
    """Each line's segments with neighbours of the same style merged (Strip.simplify, as
    DataTable draws a line)."""
    return [list(Segment.simplify(line)) for line in lines]


def general(table: RecordTable, *args) -> list:
    table._cell_render_cache.clear()
    return merged(DataTable._render_cell(table, *args))


def direct(table: RecordTable, *args) -> list:
    table._cell_render_cache.clear()
    return merged(table._render_cell(*args))


@pytest.mark.parametrize("options", [
    {}, {"zebra_stripes": False, "cursor_type": "cell"}, {"cell_padding": 0},
    {"cell_padding": 2}, {"cursor_foreground_priority": "renderable"},
])
async def test_every_cell_has_the_segments_datatables_rendering_gives(options):
    app = Table(**options)
    async with app.run_test(size=(200, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(RecordTable)
        compared = 0
        for row in range(4):
            for column in range(len(CELLS)):
                for style in (Style(), Style(bgcolor="grey11"), Style(color="white", bold=True)):
                    for cursor in (False, True):
                        for hover in (False, True):
                            args = (row, column, style, WIDTHS[column] + 2 * table.cell_padding,
                                    cursor, hover)
                            assert direct(table, *args) == general(table, *args), (row, column)
                            compared += 1
        assert compared == 4 * len(CELLS) * 12
        drawn = [column for column in range(len(CELLS)) if table._render_plain_cell(
            0, column, table._row_locations.get_key(0), Style(),
            WIDTHS[column] + 2 * table.cell_padding, False, False) is not None]
        assert drawn == [0, 1, 2, 3, 4, 5, 6, 7]  # the plain one-line ones; the rest the general way


class AutoWidthTable(App):
    """Some columns sized by their cells, a row label and a row of automatic height."""

    def compose(self) -> ComposeResult:
        yield RecordTable()

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.add_column("given", width=6)
        table.add_column("auto")
        table.add_row(Text("a"), Text("a longer cell"), key="0")
        table.add_row(Text("b"), Text("short"), key="1", label="label")
        table.add_row(Text("c"), Text("two\nlines"), key="2", height=None)


@pytest.mark.parametrize("app_class", [Table, AutoWidthTable])
async def test_the_drawn_screen_is_the_same_as_datatables(monkeypatch, app_class):
    """The shortcuts (cells drawn directly, cells of given widths not measured) leave the
    screen as DataTable draws it, and its extent."""
    screens = []
    for way in ("record table", "datatable"):
        if way == "datatable":
            as_datatable(monkeypatch)
        app = app_class()
        async with app.run_test(size=(200, 20)) as pilot:
            await pilot.pause()
            table = app.query_one(RecordTable)
            screens.append(([str(line) for line in app.screen._compositor.render_strips()],
                            table.virtual_size))
    assert screens[0] == screens[1]


def as_datatable(monkeypatch) -> None:
    """RecordTable without its shortcuts: drawing, caching and measuring as DataTable does
    (wrapped rows of automatic height, measured by drawing them)."""
    for name in ("_render_cell", "_render_line_in_row", "_update_dimensions"):
        monkeypatch.setattr(RecordTable, name, getattr(DataTable, name))

    def add_rows(self, rows, *, wrap=False):
        for key, cells in rows:
            self.add_row(*cells, key=key, height=None if wrap else 1)

    monkeypatch.setattr(RecordTable, "add_rows", add_rows)


IDEAS = [
    Text("Call lapsed clients"),
    Text("Bundle a service plan with every second machine sold in the north"),  # 3 lines
    Text("exactly twenty cells"),                     # fills its column: one line
    Text("Zoë's 東京 partners: ask them for two introductions each"),  # wide characters
    Text("one\nline each"),
]


class LiveList(App):
    """A list that grows as a live session's does: wrapped rows added at the end, then a
    cell changed (a vote), then another row."""

    def compose(self) -> ComposeResult:
        yield RecordTable()

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        table.add_column("#", key="n", width=3)
        table.add_column("Idea", key="text", width=20)
        table.add_column("By", key="by", width=6)
        table.add_rows([(str(n), (str(n), idea, Text("Ana Lima")))
                        for n, idea in enumerate(IDEAS[:3])], wrap=True)

    def grow(self) -> None:
        table = self.query_one(RecordTable)
        table.add_rows([(str(n), (str(n), idea, Text("Bo")))
                        for n, idea in enumerate(IDEAS[3:], 3)], wrap=True)


async def test_wrapped_rows_measured_from_their_text_are_drawn_as_datatable_measures_them(
        monkeypatch):
    screens = []
    for way in ("record table", "datatable"):
        if way == "datatable":
            as_datatable(monkeypatch)
        app = LiveList()
        async with app.run_test(size=(60, 20)) as pilot:
            await pilot.pause()
            app.grow()
            await pilot.pause()
            table = app.query_one(RecordTable)
            table.update_cell("1", "by", Text("Cy"))
            await pilot.pause()
            screens.append(([str(line) for line in app.screen._compositor.render_strips()],
                            [row.height for row in table.ordered_rows], table.virtual_size))
    assert screens[0] == screens[1]
    assert screens[0][1] == [2, 4, 2, 3, 2]  # "Ana Lima" takes two lines of six


async def test_a_row_added_at_the_end_draws_no_other_row_again(monkeypatch):
    """A live list adds a row several times a second: the rows already drawn are kept (and
    the cursor's move to the new row draws only the two rows it leaves and enters); a
    changed cell draws its row again."""
    drawn: list[int] = []  # the rows of the cells drawn, the direct way or the general one
    direct = RecordTable._render_plain_cell
    monkeypatch.setattr(RecordTable, "_render_plain_cell", lambda self, row_index, *args:
                        drawn.append(row_index) or direct(self, row_index, *args))
    general = DataTable._render_cell
    monkeypatch.setattr(DataTable, "_render_cell", lambda self, row_index, *args, **kwargs:
                        drawn.append(row_index) or general(self, row_index, *args, **kwargs))
    app = LiveList()
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        table = app.query_one(RecordTable)
        drawn.clear()
        app.grow()
        await pilot.pause()
        assert set(drawn) - {-1} == {3, 4}  # the new rows (-1: the header)
        drawn.clear()
        table.move_cursor(row=4)
        await pilot.pause()
        assert set(drawn) - {-1} == {0, 4}
        drawn.clear()
        table.update_cell("2", "by", Text("Cy"))
        await pilot.pause()
        assert 2 in drawn
        assert "Cy" in "".join(str(line) for line in app.screen._compositor.render_strips())
