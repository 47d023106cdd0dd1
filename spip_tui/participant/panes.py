"""What a participant sees and types in each kind of step: the pane for each step kind
(the base in pane_base.py, one module per kind of step)."""

from __future__ import annotations

from .brainstorm_pane import BrainstormPane
from .pane_base import ReadOnlyPane, StepPane
from .risk_pane import RiskPane
from .scoring_pane import ScoringPane

__all__ = ["PANES", "ReadOnlyPane", "StepPane"]

PANES: dict[str, type[StepPane]] = {
    "risk_listing": RiskPane,
    "brainstorming": BrainstormPane,
    "scoring": ScoringPane,
}
