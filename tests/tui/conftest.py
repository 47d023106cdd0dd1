"""Fixtures of the UI tests: the brainstorming step in a running session, on a clock the
test moves by hand."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from facilitation.contingency.assessment import Assessment, assess_risk
from facilitation.contingency.risks import add_risk
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session

T0 = datetime(2027, 1, 10, 9, 0, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch):
    """The brainstorming step's clock, at T0 until the test moves it."""
    from spip_tui.steps.brainstorming import BrainstormingStep

    clock = Clock()
    monkeypatch.setattr(BrainstormingStep, "clock", staticmethod(clock))
    return clock


@pytest.fixture
def brainstorming_session(store, plan_id) -> int:
    """A full-plan session at its brainstorming step, with one top risk (two rounds)."""
    session_id = start_session(store, plan_id, get_script("full-plan"), "Priya", ["Ana", "Ben"])
    risk = add_risk(store, plan_id, "A competitor prices aggressively", session_id=session_id)
    assess_risk(store, risk, Assessment(likelihood=4, impact=4))
    go_to_step(store, session_id, 4)
    return session_id


async def open_brainstorming(app, pilot, session_id: int) -> None:
    """Open the session's screen and wait until the rounds are made."""
    from spip_tui.screens.session import SessionScreen

    app.push_screen(SessionScreen(session_id))
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def assessment_session(store, plan_id: int, *risks: str) -> int:
    """A full-plan session at its impact-assessment step, with these risks listed."""
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    for title in risks:
        add_risk(store, plan_id, title)
    go_to_step(store, session_id, 3)
    return session_id


async def open_assessment(app, pilot, session_id: int) -> None:
    """Open the session's screen and, with Enter, the assessment of its first risk."""
    from spip_tui.screens.session import SessionScreen

    app.push_screen(SessionScreen(session_id))
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
