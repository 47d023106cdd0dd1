"""A plan's past performance or forecast and gap outside a workshop: the same step bodies the
workshop shows, on a screen of their own."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from facilitation.plan.plans import get_plan

from ..steps import step_view_class
from ..steps.base import StepContext
from ..widgets.key_footer import KeyFooter

# The analysis steps that open from the plan screen too; their views come from the
# step registry (spip_tui.steps).
TITLES = {"past_performance": "Past performance", "forecast_gap": "Forecast and gap",
          "year_in_review": "The year in review"}


class AnalysisScreen(Screen[None]):
    """One analysis step for one plan; h and f switch between the two."""

    help_topic = "Past performance, forecast and gap"  # F1 opens the help here

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("h", "switch('past_performance')", "Past performance"),
        Binding("f", "switch('forecast_gap')", "Forecast & gap"),
    ]

    def __init__(self, plan_id: int, kind: str) -> None:
        super().__init__()
        self.plan_id = plan_id
        self.kind = kind
        if kind == "year_in_review":
            self.help_topic = "The year in review (annual contingency review)"

    def compose(self) -> ComposeResult:
        title = TITLES[self.kind]
        plan = get_plan(self.app.store, self.plan_id)
        yield Header()
        yield Static(f"{title}: {plan.title}", classes="title", id="analysis-title")
        context = StepContext(self.app.store, self.plan_id, None, None, self.app.store.actor)
        yield step_view_class(self.kind)(context)
        yield KeyFooter()

    def action_switch(self, kind: str) -> None:
        if kind != self.kind:
            self.app.switch_screen(AnalysisScreen(self.plan_id, kind))
