"""The impact × feasibility matrix: four named quadrants, ideas placed by their mean scores."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

from facilitation.ideas.scoring import MIDPOINT, RatedIdea

QUADRANT_STYLES = {
    "quick win": "bold green",
    "big bet": "bold yellow",
    "fill-in": "bold cyan",
    "money pit": "bold red",
}
# (row half, column half) → quadrant: top = high impact, right = high feasibility.
LAYOUT = {("top", "left"): "big bet", ("top", "right"): "quick win",
          ("bottom", "left"): "money pit", ("bottom", "right"): "fill-in"}
AXIS_WIDTH = 4


def place(rated: list[tuple[int, RatedIdea]], rows: int, cols: int) -> dict[tuple[int, int], list[int]]:
    """Which idea numbers fall in which character cell of a rows × cols plot area."""
    mid_x, mid_y = _midlines(rows, cols)
    cells: dict[tuple[int, int], list[int]] = {}
    for number, item in rated:
        if not item.is_scored:
            continue
        # Scores 1..5 map onto the plot; impact grows upwards.
        x = round((item.feasibility.mean - 1) / 4 * (cols - 1))
        y = round((5 - item.impact.mean) / 4 * (rows - 1))
        # An idea on an axis is drawn on the side its quadrant is (the middle counts as high).
        if x == mid_x:
            x += 1 if item.feasibility.mean >= MIDPOINT else -1
        if y == mid_y:
            y += -1 if item.impact.mean >= MIDPOINT else 1
        cells.setdefault((y, x), []).append(number)
    return cells


def _midlines(rows: int, cols: int) -> tuple[int, int]:
    return (round((MIDPOINT - 1) / 4 * (cols - 1)), round((5 - MIDPOINT) / 4 * (rows - 1)))


def render_matrix(rated: list[tuple[int, RatedIdea]], width: int, height: int) -> Text:
    """The matrix as text: quadrant names in their corners, idea numbers at their places."""
    cols = max(20, width - AXIS_WIDTH)
    rows = max(5, height - 3)
    mid_x, mid_y = _midlines(rows, cols)
    grid = [[(" ", "") for _ in range(cols)] for _ in range(rows)]
    for y in range(rows):
        grid[y][mid_x] = ("│", "dim")
    for x in range(cols):
        grid[mid_y][x] = ("┼" if x == mid_x else "─", "dim")
    for (y, x), numbers in place(rated, rows, cols).items():
        label = ",".join(str(n) for n in numbers[:3]) + ("+" if len(numbers) > 3 else "")
        start = max(0, min(x, cols - len(label)))
        for i, char in enumerate(label):
            grid[y][start + i] = (char, "bold reverse")
    # The quadrants are named above and below the plot, where no idea can hide a name.
    text = Text("Imp↑", style="dim")
    _names(text, "big bet", "quick win", mid_x, cols)
    for y, row in enumerate(grid):
        axis = " 5 │" if y == 0 else (" 1 │" if y == rows - 1 else "   │")
        text.append(axis, style="dim")
        for char, style in row:
            text.append(char, style=style)
        text.append("\n")
    caption = " feasibility → "
    text.append("   └" + caption.center(cols, "─") + "\n", style="dim")
    text.append("    ", style="dim")
    _names(text, "money pit", "fill-in", mid_x, cols, ends=("1", "5"))
    return text.rstrip() or text


def _names(text: Text, left: str, right: str, mid_x: int, cols: int,
           ends: tuple[str, str] = ("", "")) -> None:
    """One line with two quadrant names centred over their halves of the plot."""
    left_width, right_width = mid_x, cols - mid_x - 1
    text.append(ends[0], style="dim")
    text.append(left.upper().center(left_width - len(ends[0])), style=QUADRANT_STYLES[left])
    text.append("│", style="dim")
    text.append(right.upper().center(right_width - len(ends[1])), style=QUADRANT_STYLES[right])
    text.append(ends[1] + "\n", style="dim")


class MatrixChart(Widget):
    """Ideas numbered as in the ranked list, placed by mean impact (up) and feasibility (right)."""

    DEFAULT_CSS = "MatrixChart { height: 1fr; min-height: 10; width: 1fr; }"
    can_focus = True  # so that the keys of the step showing it keep working

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rated: list[tuple[int, RatedIdea]] = []

    def show(self, rated: list[tuple[int, RatedIdea]]) -> None:
        self.rated = rated
        self.refresh()

    def render(self) -> RenderableType:
        return render_matrix(self.rated, self.size.width, self.size.height)
