"""Self-review: the colleague's review of the plan — who, when, comments, agreed changes."""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Static

from facilitation.plan.colleague_reviews import (
    clean_review,
    current_review,
    record_colleague_review,
)

from ..dialogs.fields_form import FieldsForm, FormField
from .base import StepView

REVIEW_FIELDS = [
    FormField("colleague", "Colleague", "who reviewed the plan"),
    FormField("reviewed_on", "On", "YYYY-MM-DD (blank: today)"),
    FormField("comments", "Their comments", "what they think of the plan"),
    FormField("agreed_changes", "Agreed changes", "what you both agreed to change"),
]


class ColleagueReviewStep(StepView):
    """The colleague's review recorded in this session; Enter or r records or changes it."""

    # Priority: run as the key is read, so the form opens before the keys typed after
    # it are handed out (they went to the step's text, and the review typed was lost).
    BINDINGS = [Binding("r,enter", "record", "Record the review", priority=True)]
    DEFAULT_CSS = """
    ColleagueReviewStep #review-text { padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="review-scroll"):
            yield Static("", id="review-text")

    def on_mount(self) -> None:
        self.reload()
        self.follow_changes(self.reload)
        self.query_one("#review-scroll").focus()

    def review(self) -> Any:
        if self.context.session_id is None:
            return None
        return current_review(self.store, self.context.plan_id, self.context.session_id)

    def reload(self) -> None:
        review = self.review()
        text = self.query_one("#review-text", Static)
        if review is None:
            text.update(Text.assemble(
                ("No review recorded yet. ", "bold"),
                self.hint("Press r to record who reviewed the plan, their comments and the "
                          "changes you agreed.")))
            return
        text.update(Text.assemble(
            ("Reviewed by ", "bold"), review.colleague, (" on ", "bold"), review.reviewed_on,
            "\n\n", ("Comments\n", "bold"), review.comments or "—",
            "\n\n", ("Agreed changes\n", "bold"), review.agreed_changes or "—",
            ("" if self.read_only else "\n\nr changes the review.", "dim")))

    def action_record(self) -> None:
        review = self.review()
        values = {"colleague": "", "reviewed_on": "", "comments": "", "agreed_changes": ""}
        if review is not None:
            values = {name: getattr(review, name) for name in values}

        def check(typed: dict[str, Any]) -> None:
            clean_review(typed["colleague"], typed["reviewed_on"], typed["comments"],
                         typed["agreed_changes"], date.today())

        def saved(result: dict[str, Any] | None) -> None:
            if result is None:
                return
            record_colleague_review(self.store, self.context.plan_id, result["colleague"],
                                    reviewed_on=result["reviewed_on"],
                                    comments=result["comments"],
                                    agreed_changes=result["agreed_changes"], **self.who)
            self.notify("The colleague's review is recorded.")
            self.reload()

        self.app.push_screen(FieldsForm("The colleague's review", REVIEW_FIELDS, values, check),
                             saved)
