"""One step registry: every step kind a script may name has its screen."""

from __future__ import annotations

import pytest

from facilitation.workshop.scripts import STEP_KINDS
from spip_tui.steps import STEP_VIEWS, step_view_class
from spip_tui.steps.base import NotBuiltStep, StepView


@pytest.mark.parametrize("kind", STEP_KINDS)
def test_every_step_kind_a_script_may_name_has_a_screen(kind):
    view = step_view_class(kind)
    assert issubclass(view, StepView) and view is not NotBuiltStep


def test_the_registry_names_only_kinds_a_script_may_name():
    assert set(STEP_VIEWS) <= set(STEP_KINDS)
