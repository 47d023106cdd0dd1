"""F1: what spip is, and the keys of every screen, opened at the part for the screen (or
the workshop step) the user is on."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from facilitation.store.locations import DATA_DIR

HELP_FILE = DATA_DIR / "help.md"

# The heading of data/help.md that explains each kind of workshop step.
STEP_TOPICS = {
    "past_performance": "Past performance, forecast and gap",
    "forecast_gap": "Past performance, forecast and gap",
    "risk_listing": "Risk listing",
    "impact_assessment": "Impact assessment",
    "brainstorming": "Brainstorming",
    "scoring": "Feasibility scoring",
    "tactics": "Tactics",
    "kpis": "KPIs and targets",
    "skills": "Skills and knowledge",
    "review_rhythm": "Review rhythm",
    "summary": "Summary",
    "kpi_actuals": "KPI actuals (progress review)",
    "decisions": "Decisions and corrective actions",
    "colleague_review": "Colleague's review",
    "year_in_review": "The year in review (annual contingency review)",
}


def heading_slug(title: str) -> str:
    """The anchor Textual's Markdown gives a heading (GitHub style)."""
    from textual._slug import TrackedSlugs

    return TrackedSlugs().slug(title)


def help_section(text: str, title: str) -> str:
    """The part of the help under the heading `title`, up to the next heading of its
    level or above."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip("#").strip() == title)
    level = len(lines[start]) - len(lines[start].lstrip("#"))
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("#")
                and len(lines[i]) - len(lines[i].lstrip("#")) <= level), len(lines))
    return "\n".join(lines[start:end])


class HelpScreen(ModalScreen[None]):
    """Shows data/help.md at `topic` (a heading), if given; Escape or F1 closes it.
    `only_topic`: that part alone (a participant's view has no use for the rest)."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close")]

    def __init__(self, topic: str | None = None, *, only_topic: bool = False) -> None:
        super().__init__()
        self.topic = topic
        self.only_topic = only_topic and topic is not None

    def compose(self) -> ComposeResult:
        text = HELP_FILE.read_text(encoding="utf-8")
        if self.only_topic:
            text = help_section(text, self.topic)  # type: ignore[arg-type]
        with VerticalScroll(classes="dialog"):
            yield Markdown(text)

    def on_markdown_table_of_contents_updated(
            self, event: Markdown.TableOfContentsUpdated) -> None:
        # The headings exist only once the document is parsed: go to the topic then.
        if self.topic and not self.only_topic:
            self.call_after_refresh(self.query_one(Markdown).goto_anchor,
                                    heading_slug(self.topic))

    def action_close(self) -> None:
        self.dismiss(None)
