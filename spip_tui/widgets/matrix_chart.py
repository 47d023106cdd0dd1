"""The impact × feasibility matrix: four named quadrants, ideas placed by their mean scores."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget

from facilitation.scoring import MIDPOINT, RatedIdea

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
    cells: dict[tuple[int, int], list[int]] = {}
    for number, item in rated:
        if not item.is_scored:
            continue
        # Scores 1..5 map onto the plot; impact grows upwards.
        x = round((item.feasibility.mean - 1) / 4 * (cols - 1))
        y = round((5 - item.impact.mean) / 4 * (rows - 1))
        cells.setdefault((y, x), []).append(number)
    return cells


def render_matrix(rated: list[tuple[int, RatedIdea]], width: int, height: int) -> Text:
    """The matrix as text: quadrant names in their corners, idea numbers at their places."""
    cols = max(20, width - AXIS_WIDTH)
    rows = max(5, height - 3)
    mid_x = round((MIDPOINT - 1) / 4 * (cols - 1))
    mid_y = round((5 - MIDPOINT) / 4 * (rows - 1))
    grid = [[(" ", "") for _ in range(cols)] for _ in range(rows)]
    for y in range(rows):
        grid[y][mid_x] = ("│", "dim")
    for x in range(cols):
        grid[mid_y][x] = ("┼" if x == mid_x else "─", "dim")
    # Names sit beside the axes' crossing, where ideas are rarest (scores are 1..5 integers).
    for where, y in (("top", mid_y - 1), ("bottom", mid_y + 1)):
        left, right = LAYOUT[(where, "left")], LAYOUT[(where, "right")]
        for name, x0 in ((left, mid_x - 1 - len(left)), (right, mid_x + 2)):
            for i, char in enumerate(name.upper()):
                if 0 <= x0 + i < cols and 0 <= y < rows:
                    grid[y][x0 + i] = (char, QUADRANT_STYLES[name])
    for (y, x), numbers in place(rated, rows, cols).items():
        label = ",".join(str(n) for n in numbers[:3]) + ("+" if len(numbers) > 3 else "")
        start = max(0, min(x, cols - len(label)))
        for i, char in enumerate(label):
            grid[y][start + i] = (char, "bold reverse")
    text = Text("Impact ↑\n", style="dim")
    for y, row in enumerate(grid):
        axis = " 5 │" if y == 0 else (" 1 │" if y == rows - 1 else "   │")
        text.append(axis, style="dim")
        for char, style in row:
            text.append(char, style=style)
        text.append("\n")
    text.append("   └" + "─" * cols + "\n", style="dim")
    text.append(" " * AXIS_WIDTH + "1" + " Feasibility →".center(cols - 2) + "5", style="dim")
    return text


class MatrixChart(Widget):
    """Ideas numbered as in the ranked list, placed by mean impact (up) and feasibility (right)."""

    DEFAULT_CSS = "MatrixChart { height: 1fr; min-height: 10; width: 1fr; }"

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rated: list[tuple[int, RatedIdea]] = []

    def show(self, rated: list[tuple[int, RatedIdea]]) -> None:
        self.rated = rated
        self.refresh()

    def render(self) -> RenderableType:
        return render_matrix(self.rated, self.size.width, self.size.height)
