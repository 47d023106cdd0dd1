"""The one registry of step views: the body widget for each kind of workshop step.

The domain lists the kinds a script may name (facilitation.workshop.scripts.STEP_KINDS);
this maps each to its view, and the session and analysis screens both look views up
here. tests/tui/test_step_registry.py checks that every kind has one.
"""

from __future__ import annotations

from .base import NotBuiltStep, StepView

# step kind -> "module:Class" under spip_tui.steps, imported when the step is shown
# so that no step's heavy imports land on the start-up path. A new step kind is one
# line here (and its kind in STEP_KINDS, its module in this folder).
STEP_VIEWS: dict[str, str] = {
    "past_performance": "past_performance:PastPerformanceStep",
    "forecast_gap": "forecast_gap:ForecastGapStep",
    "risk_listing": "risk_listing:RiskListingStep",
    "impact_assessment": "impact_assessment:ImpactAssessmentStep",
    "kpis": "kpis:KpisStep",
    "skills": "skills:SkillsStep",
    "review_rhythm": "review_rhythm:ReviewRhythmStep",
    "summary": "summary:SummaryStep",
    "kpi_actuals": "kpi_actuals:KpiActualsStep",
    "brainstorming": "brainstorming:BrainstormingStep",
    "scoring": "scoring:ScoringStep",
    "tactics": "tactics:TacticsStep",
    "decisions": "decisions:DecisionsStep",
    "colleague_review": "colleague_review:ColleagueReviewStep",
    "year_in_review": "year_in_review:YearInReviewStep",
}


def step_view_class(kind: str) -> type[StepView]:
    """The widget class for a step kind (NotBuiltStep for kinds without a screen yet)."""
    target = STEP_VIEWS.get(kind)
    if target is None:
        return NotBuiltStep
    from importlib import import_module

    module, _, name = target.partition(":")
    return getattr(import_module(f"spip_tui.steps.{module}"), name)
