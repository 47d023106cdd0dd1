"""The annual contingency review opens with the year in review: did the forecast come
true, which risks materialised (and what happened without being listed: the lesson for
next year), which KPIs held. Read-only; computed in a worker (the evidence finder reads
the history with pandas)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from ..background import background
from .base import StepView


def review_text(review: Any) -> Text:
    """The retrospective as the step shows it: a bold heading over each section."""
    from facilitation.retrospective.year_in_review import (
        forecast_lines,
        kpi_lines,
        risk_lines,
    )

    text = Text()
    sections = (("Did the forecast come true?", forecast_lines(review)),
                ("Risks that materialised", risk_lines(review)),
                ("KPIs: did they hold?", kpi_lines(review)))
    for number, (heading, lines) in enumerate(sections):
        text.append(("\n" if number else "") + heading + "\n", style="bold")
        for line in lines:
            style = "bold" if line.startswith("The lesson") else ""
            style = "yellow" if line.lstrip().startswith("!") else style
            text.append(line + "\n", style=style)
    return text


class YearInReviewStep(StepView):
    """The plan's year: the forecast ledger, risks that happened, KPIs that held."""

    DEFAULT_CSS = """
    YearInReviewStep #year-text { padding: 0 1; }
    """

    class Ready(Message):
        def __init__(self, review: Any) -> None:
            super().__init__()
            self.review = review

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="year-scroll"):
            yield Static("Looking back over the year…", id="year-text")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#year-scroll").focus()
        self.look_back()
        self.follow_changes(self.look_back)

    @background("year-in-review", "looking back over the year")
    def look_back(self) -> None:
        from facilitation.retrospective.year_in_review import year_in_review

        store = self.store.reopen()  # this thread's own connection
        try:
            self.post_message(self.Ready(year_in_review(store, self.context.plan_id)))
        finally:
            store.close()

    def on_year_in_review_step_ready(self, message: Ready) -> None:
        message.stop()
        self.review = message.review
        self.query_one("#year-text", Static).update(review_text(message.review))
