"""Step 10, review rhythm: progress reviews every 2 weeks or monthly, the contingency
review at least yearly; the dates are generated from the rhythm and stored."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from facilitation.plan.plans import get_plan
from facilitation.plan.reviews import (
    CADENCE_LABELS,
    PROGRESS_CADENCES,
    ReviewInputError,
    ReviewRhythm,
    default_rhythm,
    get_rhythm,
    list_reviews,
    parse_date,
    set_review_rhythm,
)

from ..dialogs.fields_form import FieldsForm, FormField
from ..widgets.record_table import RecordTable
from .base import StepView

COLUMNS = ("Date", "Review", "Held", "Held by")
# The first review's date first: it is what a person types first (b / m on the step set
# the cadence without the form), and Enter goes down from it through every field.
RHYTHM_FIELDS = [
    FormField("first_progress", "First progress", "YYYY-MM-DD"),
    FormField("progress_cadence", "Progress reviews",
              choices=tuple((CADENCE_LABELS[c], c) for c in PROGRESS_CADENCES)),
    FormField("contingency_every_months", "Contingency every (months)", "1 to 12"),
    FormField("first_contingency", "First contingency", "YYYY-MM-DD"),
]


def validate_rhythm(values: dict[str, Any]) -> ReviewRhythm:
    """The form's values as a ReviewRhythm (ReviewInputError names the wrong fields)."""
    errors: dict[str, str] = {}
    parsed: dict[str, Any] = {}
    for name in ("first_progress", "first_contingency"):
        try:
            parsed[name] = parse_date(values.get(name) or "", name)
            if parsed[name] is None:
                errors[name] = "required"
        except ReviewInputError as exc:
            errors.update(exc.errors)
    every = str(values.get("contingency_every_months") or "").strip()
    if not every.isdigit() or not 1 <= int(every) <= 12:
        errors["contingency_every_months"] = "a whole number of months, 1 to 12 (at least yearly)"
    cadence = values.get("progress_cadence")
    if cadence not in PROGRESS_CADENCES:
        errors["progress_cadence"] = "choose every 2 weeks or monthly"
    if errors:
        raise ReviewInputError(errors)
    return ReviewRhythm(cadence, parsed["first_progress"], int(every), parsed["first_contingency"])


class ReviewRhythmStep(StepView):
    """The rhythm in one line and the review dates it gives."""

    BINDINGS = [
        Binding("r", "edit", "Set rhythm"),
        Binding("b", "cadence('biweekly')", "Every 2 weeks"),
        Binding("m", "cadence('monthly')", "Monthly"),
    ]
    DEFAULT_CSS = """
    ReviewRhythmStep #rhythm { height: auto; padding: 0 1; }
    ReviewRhythmStep #rhythm-hint { height: 1; color: $text-muted; padding: 0 1; }
    ReviewRhythmStep RecordTable { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="rhythm")
        yield Static(self.hint("r set the rhythm · b every 2 weeks · m monthly"),
                     id="rhythm-hint")
        yield RecordTable(id="reviews")

    def on_mount(self) -> None:
        table = self.query_one(RecordTable)
        self.reload()
        self.follow_changes(self.reload)
        table.focus()

    def current_rhythm(self) -> tuple[ReviewRhythm, bool]:
        """The stored rhythm (True), or the suggested one (False)."""
        stored = get_rhythm(self.store, self.context.plan_id)
        if stored is not None:
            return stored, True
        plan = get_plan(self.store, self.context.plan_id)
        return default_rhythm(plan.period_start, plan.period_end), False

    def reload(self) -> None:
        rhythm, stored = self.current_rhythm()
        if stored:
            text = (f"Progress reviews {rhythm.cadence_label} from {rhythm.first_progress}; "
                    f"contingency-plan review every {rhythm.contingency_every_months} months "
                    f"from {rhythm.first_contingency}.")
        else:
            text = ("No review rhythm yet. Suggested: progress reviews monthly from "
                    f"{rhythm.first_progress}, the contingency review on "
                    f"{rhythm.first_contingency}. Press r to set it (or b / m).")
        self.query_one("#rhythm", Static).update(text)
        today = date.today().isoformat()
        self.query_one(RecordTable).show_sized(COLUMNS, [(str(review.id), (
            review.date, review.label,
            (review.held_at or "")[:10] or ("—" if review.date >= today else "not held"),
            review.held_by or "")) for review in list_reviews(self.store, self.context.plan_id)])

    def on_data_table_row_selected(self, event) -> None:
        event.stop()
        self.action_edit()

    def save(self, rhythm: ReviewRhythm) -> None:
        try:
            count = set_review_rhythm(self.store, self.context.plan_id, rhythm,
                                      session_id=self.context.session_id,
                                      actor=self.context.actor)
        except ReviewInputError as exc:
            self.notify(str(exc), severity="warning")
            return
        self.notify(f"{count} review dates scheduled.")
        self.reload()

    def action_cadence(self, cadence: str) -> None:
        rhythm, _ = self.current_rhythm()
        self.save(replace(rhythm, progress_cadence=cadence))

    def action_edit(self) -> None:
        rhythm, _ = self.current_rhythm()
        values = {"progress_cadence": rhythm.progress_cadence,
                  "first_progress": rhythm.first_progress.isoformat(),
                  "contingency_every_months": str(rhythm.contingency_every_months),
                  "first_contingency": rhythm.first_contingency.isoformat()}

        def saved(result: dict[str, Any] | None) -> None:
            if result is not None:
                self.save(validate_rhythm(result))

        self.app.push_screen(FieldsForm("Review rhythm", RHYTHM_FIELDS, values, validate_rhythm),
                             saved)
