"""The risk heat map: likelihood (rows, 5 at the top) × impact (columns), coloured by band."""

from __future__ import annotations

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from facilitation.contingency.risks import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    Risk,
    heat_map,
    score_band,
)

# Background per band; the text colour is chosen to stay readable on it (also in high contrast).
BAND_STYLES = {
    "low": Style(color="black", bgcolor="#5faf5f"),
    "medium": Style(color="black", bgcolor="#d7d75f"),
    "high": Style(color="black", bgcolor="#ff8700"),
    "extreme": Style(color="white", bgcolor="#d70000", bold=True),
}
ROW_LABEL_WIDTH = 7  # "5 Almos"


class HeatMap(Widget):
    """Shows where each risk sits; each cell lists its risks' short names.

    On a tall terminal (a shared screen) each cell gets two lines, so two names fit.
    """

    DEFAULT_CSS = """
    HeatMap { height: 7; width: 1fr; min-width: 40; }
    """
    TALL_TERMINAL = 34

    def __init__(self, risks: list[Risk] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.risks = risks or []

    def show(self, risks: list[Risk]) -> None:
        self.risks = risks
        self.refresh()

    @property
    def lines_per_cell(self) -> int:
        return 2 if self.app.size.height >= self.TALL_TERMINAL else 1

    def on_resize(self) -> None:
        self.styles.height = 2 + 5 * self.lines_per_cell

    def cell_width(self) -> int:
        return max(5, (self.size.width - ROW_LABEL_WIDTH) // 5)

    def render(self) -> RenderableType:
        return render_heat_map(self.risks, self.cell_width(), self.lines_per_cell)


def cell_lines(risks: list[Risk], width: int, lines: int = 1) -> list[str]:
    """What a cell shows on each of its lines: names, the last line ending '+n' for the rest."""
    shown: list[str] = []
    for line in range(lines):
        if line >= len(risks):
            shown.append("")
            continue
        rest = len(risks) - line - 1
        if line == lines - 1 and rest:
            more = f"+{rest}"
            shown.append(risks[line].short_name(max(1, width - 1 - len(more))) + more)
        else:
            shown.append(risks[line].short_name(width - 1))
    return shown


def cell_text(risks: list[Risk], width: int) -> str:
    """A one-line cell: the first risk's short name and '+n' for the rest."""
    return cell_lines(risks, width, 1)[0]


def render_heat_map(risks: list[Risk], width: int, lines_per_cell: int = 1) -> Text:
    """The 5×5 map as text: likelihood 5 at the top, then the impact labels."""
    cells = heat_map(risks)
    text = Text()
    text.append("Likelihood ↓   Impact →\n", style="bold")
    for likelihood in range(5, 0, -1):
        contents = [cell_lines(cells[(likelihood, impact)], width, lines_per_cell)
                    for impact in range(1, 6)]
        for line in range(lines_per_cell):
            label = f"{likelihood} {LIKELIHOOD_LABELS[likelihood]}"[: ROW_LABEL_WIDTH - 1]
            text.append(f"{label if line == 0 else '':<{ROW_LABEL_WIDTH}}")
            for impact in range(1, 6):
                style = BAND_STYLES[score_band(likelihood * impact)]
                content = contents[impact - 1][line]
                text.append(f"{content:^{width - 1}.{width - 1}}", style=style)
                text.append(" ")
            text.append("\n")
    text.append(" " * ROW_LABEL_WIDTH)
    for impact in range(1, 6):
        label = f"{impact} {IMPACT_LABELS[impact]}"[: width - 1]
        text.append(f"{label:<{width}}", style="dim")
    return text
