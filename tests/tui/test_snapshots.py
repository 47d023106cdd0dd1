"""Every screen, step and main dialog of the demo (and of `spip join`), as SVG snapshots at
80×24 and 120×40.

The demo is built once per test process with the clock frozen at FROZEN, and each test
runs on a copy with the clock still frozen there, so a snapshot shows the same on any
day. Blinking cursors are turned off before the picture is taken. A snapshot that changes
for a good reason is regenerated with `pytest --snapshot-update -n 0 <this file>` (look at
the new SVGs under tests/tui/__snapshots__ before committing them).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Awaitable, Callable
from unittest.mock import patch

import pytest
import time_machine
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from facilitation.store.database import Store
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui.app import SpipApp
from tests.tui.screen import wait_until

FROZEN = "2027-03-10 10:00:00+00:00"
SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
COASTAL = "Coastal"       # the plan built in a full workshop (its session has ended)
NORTH = "North"           # the plan whose workshop is under way, at impact assessment
LAKESIDE = "Lakeside"     # a year behind it; its annual contingency review is paused
DANA = "Dana Whitfield"   # her self-review, with a colleague's review


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory):
    """The demo database as built on FROZEN (once per test process)."""
    from facilitation.demo.build import build_demo

    path = tmp_path_factory.mktemp("snapshot-demo") / "demo.sqlite"
    # The clock frozen, and the live session's join code fixed (it is random).
    with time_machine.travel(FROZEN, tick=False), \
            patch("facilitation.live.join_codes.new_code", return_value="KTX-482"):
        build_demo(path).close()
    return path


@pytest.fixture
def demo_app(demo_db, tmp_path, monkeypatch):
    """The app on a copy of the demo, the clock frozen at FROZEN (until the test ends)."""
    copy = tmp_path / "demo.sqlite"
    shutil.copy(demo_db, copy)
    # Run from the home folder: the export dialog then offers "~/coastal-plan.md", the
    # same in every checkout and temporary folder.
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    # The live dialog's join command names the database: named from the working folder
    # (this test's temporary one), it reads the same in every run.
    from spip_tui.dialogs import live_session

    command = live_session.join_command
    monkeypatch.setattr(live_session, "join_command",
                        lambda db_path, code: command(os.path.relpath(db_path), code))
    with time_machine.travel(FROZEN, tick=False):
        store = Store.open(copy, actor="Priya Raman")
        yield SpipApp(store)
        store.close()


def plan_id(app: SpipApp, subject: str) -> int:
    return app.store.query("SELECT id FROM plans WHERE subject_name = ?", [subject])[0][0]


def session_id(app: SpipApp, subject: str) -> int:
    return app.store.query("SELECT s.id FROM sessions s JOIN plans p ON p.id = s.plan_id "
                           "WHERE p.subject_name = ? ORDER BY s.id", [subject])[0][0]


def script_session(app: SpipApp, subject: str, script: str) -> int:
    """The subject's session of that script (the newest, if several)."""
    from facilitation.workshop.sessions import list_sessions

    return next(s.id for s in list_sessions(app.store, plan_id(app, subject))
                if s.script_name == script)


async def settle(pilot: Pilot) -> None:
    """Wait for background work and what it posts, then stop the cursors blinking."""
    app = pilot.app
    # Until the screen stops changing: a worker's result can start another worker, and a
    # loaded machine delivers results late.
    previous, same = None, 0
    for _ in range(60):
        await app.workers.wait_for_complete()
        await pilot.pause(0.1)
        shown = app.export_screenshot()
        same = same + 1 if shown == previous else 0
        if same >= 3 and not any(w.is_running for w in app.workers):
            break
        previous = shown
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for widget in app.screen.query(TextArea):
        widget.cursor_blink = False
    await pilot.pause()


def keys(*pressed: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run(pilot: Pilot) -> None:
        await settle(pilot)
        await pilot.press(*pressed)
        await settle(pilot)
    return run


def on_plan(subject: str, *pressed: str) -> Callable[[Pilot], Awaitable[None]]:
    async def run(pilot: Pilot) -> None:
        pilot.app.open_plan(plan_id(pilot.app, subject))
        await settle(pilot)
        await pilot.press(*pressed)
        await settle(pilot)
    return run


def workshop_step(index: int) -> Callable[[Pilot], Awaitable[None]]:
    """Coastal's finished workshop, read at one of its steps."""
    async def run(pilot: Pilot) -> None:
        from spip_tui.screens.session import SessionScreen

        screen = SessionScreen(session_id(pilot.app, COASTAL))
        await pilot.app.push_screen(screen)
        await settle(pilot)
        screen.move_to(index)
        await settle(pilot)
    return run


def session_step(subject: str, script: str, index: int) -> Callable[[Pilot], Awaitable[None]]:
    """A session of the demo, read at one of its steps."""
    async def run(pilot: Pilot) -> None:
        from spip_tui.screens.session import SessionScreen

        screen = SessionScreen(script_session(pilot.app, subject, script))
        await pilot.app.push_screen(screen)
        await settle(pilot)
        screen.move_to(index)
        await settle(pilot)
    return run


def opened(make_screen: Callable[[SpipApp], object]) -> Callable[[Pilot], Awaitable[None]]:
    """A screen the palette opens, pushed directly."""
    async def run(pilot: Pilot) -> None:
        await pilot.app.push_screen(make_screen(pilot.app))
        await settle(pilot)
    return run


def then(scene: Callable[[Pilot], Awaitable[None]], *pressed: str
         ) -> Callable[[Pilot], Awaitable[None]]:
    """A scene, then keys (a step's dialog)."""
    async def run(pilot: Pilot) -> None:
        await scene(pilot)
        await pilot.press(*pressed)
        await settle(pilot)
    return run


def live_dialog() -> Callable[[Pilot], Awaitable[None]]:
    """North's live workshop with the facilitator's live dialog (join code, who is in)."""
    async def run(pilot: Pilot) -> None:
        from spip_tui.dialogs.live_session import LiveSessionDialog
        from spip_tui.screens.session import SessionScreen

        await pilot.app.push_screen(SessionScreen(session_id(pilot.app, NORTH)))
        await settle(pilot)
        await pilot.press("f10")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, LiveSessionDialog))
        await settle(pilot)
    return run


def past_sessions(app: SpipApp):
    from spip_tui.screens.past_sessions import PastSessionsScreen

    return PastSessionsScreen("")


def review_step(index: int) -> Callable[[Pilot], Awaitable[None]]:
    """A progress review of the Coastal plan, at one of its steps."""
    async def run(pilot: Pilot) -> None:
        from spip_tui.screens.session import SessionScreen

        app = pilot.app
        review = start_session(app.store, plan_id(app, COASTAL), get_script("progress-review"),
                               "Priya Raman", ["Ana", "Bo"])
        go_to_step(app.store, review, index)
        await app.push_screen(SessionScreen(review))
        await settle(pilot)
    return run


def assessing_a_risk() -> Callable[[Pilot], Awaitable[None]]:
    """North's workshop, under way at impact assessment, with the first risk's dialog."""
    async def run(pilot: Pilot) -> None:
        from spip_tui.dialogs.assess_risk import AssessRiskDialog
        from spip_tui.screens.session import SessionScreen

        await pilot.app.push_screen(SessionScreen(session_id(pilot.app, NORTH)))
        await settle(pilot)
        await pilot.press("enter")
        # The dialog takes keys once its first field has the focus: wait for that moment.
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, AssessRiskDialog)
                         and pilot.app.screen.held_keys is None
                         and pilot.app.screen.focused is not None)
        await settle(pilot)
    return run


FULL_PLAN = [step.kind for step in get_script("full-plan").steps]
PROGRESS_REVIEW = [step.kind for step in get_script("progress-review").steps]
# The steps of the other scripts whose kinds the two above do not have.
OTHER_STEPS = [(subject, script, i, step.kind)
               for subject, script in ((LAKESIDE, "annual-contingency-review"),
                                       (DANA, "self-review"))
               for i, step in enumerate(get_script(script).steps)
               if step.kind not in FULL_PLAN + PROGRESS_REVIEW]
SCENES: dict[str, Callable[[Pilot], Awaitable[None]]] = {
    "home": keys(),
    "help": keys("f1"),
    "new-plan": keys("n"),
    "import": keys("i"),
    "portfolio": keys("p"),
    "due": keys("u"),
    "plan": on_plan(COASTAL),
    "start-session": on_plan(COASTAL, "s"),
    "export": on_plan(COASTAL, "x"),
    "plan-check": on_plan(COASTAL, "k"),
    "replay": on_plan(COASTAL, "r"),
    "plan-history": on_plan(COASTAL, "h"),
    "plan-forecast": on_plan(COASTAL, "f"),
    "ledger": on_plan(COASTAL, "l"),
    "compare": on_plan(LAKESIDE, "c"),
    "plan-as-of": on_plan(LAKESIDE, "a"),
    "year-in-review": on_plan(LAKESIDE, "y"),
    "past-sessions": opened(past_sessions),
    "live-session": live_dialog(),
    "evidence": then(session_step(NORTH, "full-plan", FULL_PLAN.index("impact_assessment")),
                     "h"),
    "risk-catalogue": then(session_step(NORTH, "full-plan", FULL_PLAN.index("risk_listing")),
                           "ctrl+o"),   # (c would be typed into the new risk's field)
    "kpi-chart": then(review_step(PROGRESS_REVIEW.index("kpi_actuals")), "c"),
    "assess-risk": assessing_a_risk(),
    **{f"workshop-{i + 1}-{kind}": workshop_step(i) for i, kind in enumerate(FULL_PLAN)},
    **{f"review-{i + 1}-{kind}": review_step(i) for i, kind in enumerate(PROGRESS_REVIEW)},
    **{f"{script}-{i + 1}-{kind}": session_step(subject, script, i)
       for subject, script, i, kind in OTHER_STEPS},
}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scene", SCENES)
def test_screen(scene, size, demo_app, snap_compare):
    assert snap_compare(demo_app, terminal_size=SIZES[size], run_before=SCENES[scene])


# `spip join`: the join form, and a participant who joined North's live workshop.
PARTICIPANT_SCENES = {"participant-join": (None, None), "participant-view": ("KTX-482", "Ana")}


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scene", PARTICIPANT_SCENES)
def test_participant_screen(scene, size, demo_app, snap_compare):
    from spip_tui.participant.app import ParticipantApp

    code, name = PARTICIPANT_SCENES[scene]
    app = ParticipantApp(demo_app.store, code, name)   # on the demo copy (not run itself)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=keys())
