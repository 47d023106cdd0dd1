"""The risk heat map: likelihood (rows, 5 at the top) × impact (columns), coloured by band."""

from __future__ import annotations

from rich.console import RenderableType
from rich.style import Style
from rich.text import Text
from textual.widget import Widget

from facilitation.risks import IMPACT_LABELS, LIKELIHOOD_LABELS, Risk, heat_map, score_band

# Background per band; the text colour is chosen to stay readable on it (also in high contrast).
BAND_STYLES = {
    "low": Style(color="black", bgcolor="#5faf5f"),
    "medium": Style(color="black", bgcolor="#d7d75f"),
    "high": Style(color="black", bgcolor="#ff8700"),
    "extreme": Style(color="white", bgcolor="#d70000", bold=True),
}
ROW_LABEL_WIDTH = 7  # "5 Almos"


class HeatMap(Widget):
    """Shows where each risk sits; each cell lists its risks' short names."""

    DEFAULT_CSS = """
    HeatMap { height: 8; width: 1fr; min-width: 40; }
    """

    def __init__(self, risks: list[Risk] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.risks = risks or []

    def show(self, risks: list[Risk]) -> None:
        self.risks = risks
        self.refresh()

    def cell_width(self) -> int:
        return max(5, (self.size.width - ROW_LABEL_WIDTH) // 5)

    def render(self) -> RenderableType:
        return render_heat_map(self.risks, self.cell_width())


def cell_text(risks: list[Risk], width: int) -> str:
    """The names that fit in a cell: the first risk's short name and '+n' for the rest."""
    if not risks:
        return ""
    if len(risks) == 1:
        return risks[0].short_name(width - 1)
    more = f"+{len(risks) - 1}"
    return risks[0].short_name(max(1, width - 1 - len(more))) + more


def render_heat_map(risks: list[Risk], width: int) -> Text:
    """The 5×5 map as text: one line per likelihood, then the impact labels."""
    cells = heat_map(risks)
    text = Text()
    text.append("Likelihood ↓   Impact →\n", style="bold")
    for likelihood in range(5, 0, -1):
        label = f"{likelihood} {LIKELIHOOD_LABELS[likelihood]}"[: ROW_LABEL_WIDTH - 1]
        text.append(f"{label:<{ROW_LABEL_WIDTH}}")
        for impact in range(1, 6):
            content = cell_text(cells[(likelihood, impact)], width)
            style = BAND_STYLES[score_band(likelihood * impact)]
            text.append(f"{content:^{width - 1}.{width - 1}}", style=style)
            text.append(" ")
        text.append("\n")
    text.append(" " * ROW_LABEL_WIDTH)
    for impact in range(1, 6):
        label = f"{impact} {IMPACT_LABELS[impact]}"[: width - 1]
        text.append(f"{label:<{width}}", style="dim")
    return text
