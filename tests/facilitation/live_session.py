"""What the live-session tests share: the full-plan script and where its steps are, a
session of it that Fran started at T0, its join code, and a brainstorming round running.

Test modules import the fixtures they use from here (pytest finds them by name)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from facilitation.ideas.brainstorm import add_round, start_round
from facilitation.live.join_codes import join_code
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session

T0 = datetime(2027, 1, 10, 9, 0, 0, tzinfo=UTC)
SCRIPT = get_script("full-plan")
RISKS = next(i for i, s in enumerate(SCRIPT.steps) if s.kind == "risk_listing")
BRAINSTORM = next(i for i, s in enumerate(SCRIPT.steps) if s.kind == "brainstorming")
SCORING = next(i for i, s in enumerate(SCRIPT.steps) if s.kind == "scoring")


@pytest.fixture
def session_id(store, plan_id):
    return start_session(store, plan_id, SCRIPT, "Fran", now=T0)


@pytest.fixture
def code(store, session_id):
    return join_code(store, session_id)


def start_brainstorm_round(store, plan_id: int, session_id: int) -> int:
    """The session moved to its brainstorming step, with a round started at T0."""
    go_to_step(store, session_id, BRAINSTORM)
    round_id = add_round(store, plan_id, "How do we close the gap?", session_id=session_id,
                         now=T0)
    start_round(store, round_id, now=T0)
    return round_id
