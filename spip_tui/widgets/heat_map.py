"""The risk heat map: likelihood (rows, 5 at the top) × impact (columns), coloured by band."""

from __future__ import annotations

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from facilitation.contingency.ranking import heat_map
from facilitation.contingency.risks import IMPACT_LABELS, LIKELIHOOD_LABELS, Risk, score_band

# Background per band; the text colour is chosen to stay readable on it (also in high contrast).
BAND_STYLES = {
    "low": Style(color="black", bgcolor="#5faf5f"),
    "medium": Style(color="black", bgcolor="#d7d75f"),
    "high": Style(color="black", bgcolor="#ff8700"),
    "extreme": Style(color="white", bgcolor="#d70000", bold=True),
}
ROW_LABEL_WIDTH = 3  # "5 " and a gap: the words are in the legend below


class HeatMap(Widget):
    """Shows where each risk sits: each cell lists the numbers the risks have in the ranked
    list beside it (the words of the scales are in a legend, so nothing is cut).

    On a tall terminal (a shared screen) each cell gets two lines, so more numbers fit.
    On a short one (24 lines) the grid would leave the list beside it a few lines: only
    the legend shows (it also reads the list's L and I), the grid one key away.
    """

    DEFAULT_CSS = """
    HeatMap { height: 2; width: 1fr; min-width: 40; }
    """
    TALL_TERMINAL = 34

    def __init__(self, risks: list[Risk] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.risks = risks or []
        self.chosen: bool | None = None  # the user's word on the grid (None: by height)

    @property
    def grid_shown(self) -> bool:
        """Whether the grid shows: as the user chose, else on a tall terminal."""
        if self.chosen is not None:
            return self.chosen
        return self.app.size.height >= self.TALL_TERMINAL

    def toggle_grid(self) -> None:
        self.chosen = not self.grid_shown
        self.fit_height()
        self.refresh()

    def show(self, ranked: list[Risk]) -> None:
        """`ranked`: the risks in the order (and so with the numbers) the list shows them."""
        self.risks = ranked
        self.refresh()

    @property
    def lines_per_cell(self) -> int:
        return 2 if self.app.size.height >= self.TALL_TERMINAL else 1

    def on_mount(self) -> None:
        self.fit_height()

    def on_resize(self) -> None:
        self.fit_height()

    def fit_height(self) -> None:
        """The legend's two lines, and the grid's (impact numbers, five rows) if shown."""
        self.styles.height = 2 + (1 + 5 * self.lines_per_cell if self.grid_shown else 0)

    def cell_width(self) -> int:
        return max(5, (self.size.width - ROW_LABEL_WIDTH) // 5)

    def render(self) -> RenderableType:
        return render_heat_map(self.risks, self.cell_width(), self.lines_per_cell,
                               grid=self.grid_shown)


def cell_lines(numbers: list[int], width: int, lines: int = 1) -> list[str]:
    """What a cell shows on each of its lines: risk numbers ('1 4 7'), the last line ending
    '+n' for those that do not fit."""
    shown: list[str] = []
    rest = [str(n) for n in numbers]
    room = width - 1
    for line in range(lines):
        words: list[str] = []
        while rest and len(" ".join([*words, rest[0]])) <= room:
            words.append(rest.pop(0))
        if line == lines - 1 and rest:
            more = f"+{len(rest)}"
            while words and len(" ".join([*words, more])) > room:
                rest.insert(0, words.pop())
                more = f"+{len(rest)}"
            words.append(more)
            rest = []
        shown.append(" ".join(words))
    return shown


def cell_text(numbers: list[int], width: int) -> str:
    """A one-line cell."""
    return cell_lines(numbers, width, 1)[0]


def legend(labels: dict[int, str], name: str) -> str:
    """'Likelihood: 1 Rare, 2 Unlikely, 3 Possible, 4 Likely, 5 Almost certain'."""
    return f"{name}: " + ", ".join(f"{n} {labels[n]}" for n in range(1, 6))


def render_heat_map(ranked: list[Risk], width: int, lines_per_cell: int = 1, *,
                    grid: bool = True) -> Text:
    """The 5×5 map as text: likelihood 5 at the top, impact 1–5 across; each risk by its
    number in `ranked`; the scales' words in a legend (without `grid`, only the legend)."""
    text = Text()
    if grid:
        render_grid(text, ranked, width, lines_per_cell)
    text.append(legend(LIKELIHOOD_LABELS, "Likelihood ↓") + "\n", style="dim")
    text.append(legend(IMPACT_LABELS, "Impact →"), style="dim")
    return text


def render_grid(text: Text, ranked: list[Risk], width: int, lines_per_cell: int) -> None:
    """The grid's lines appended to `text`: impact numbers across, a row per likelihood."""
    numbers = {risk.id: number for number, risk in enumerate(ranked, 1)}
    cells = heat_map(ranked)
    text.append(" " * ROW_LABEL_WIDTH)  # impact numbers across, likelihood down: the legend
    for impact in range(1, 6):
        text.append(f"{impact:^{width - 1}} ", style="bold")
    text.append("\n")
    for likelihood in range(5, 0, -1):
        contents = [cell_lines([numbers[r.id] for r in cells[(likelihood, impact)]], width,
                               lines_per_cell) for impact in range(1, 6)]
        for line in range(lines_per_cell):
            label = str(likelihood) if line == 0 else ""
            text.append(f"{label:<{ROW_LABEL_WIDTH}}", style="bold")
            for impact in range(1, 6):
                style = BAND_STYLES[score_band(likelihood * impact)]
                content = contents[impact - 1][line]
                text.append(f"{content:^{width - 1}.{width - 1}}", style=style)
                text.append(" ")
            text.append("\n")
