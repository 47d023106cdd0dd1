"""The workshop from the keyboard only: start a session, list risks, assess them, read the DB."""

from __future__ import annotations

from textual.widgets import DataTable

from facilitation.contingency.ranking import top_risks
from facilitation.contingency.risks import add_risk, list_risks
from facilitation.store.database import Store
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import (
    get_session,
    go_to_step,
    list_sessions,
    pause_session,
    start_session,
)
from spip_tui.app import SpipApp
from tests.tui.conftest import assessment_session, open_assessment
from tests.tui.screen import screen_text, wait_until


async def session_shown(app, pilot) -> None:
    """Wait until the pushed session screen has run on_mount (it saves the clock's
    restart first, which a loaded machine makes slow) and painted its agenda and step."""
    for _ in range(1500):
        if getattr(app.screen, "plan", None) is not None and sum(
                1 for line in screen_text(app).splitlines() if line.strip()) > 5:
            break
        await pilot.pause(0.02)
    await pilot.pause()


async def type_text(pilot, text: str) -> None:
    await pilot.press(*[{" ": "space", ",": "comma", "%": "percent_sign"}.get(c, c)
                        for c in text])


async def test_full_plan_from_the_keyboard_lists_and_assesses_risks(app, store, plan_id):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_plan(plan_id)
        await pilot.pause()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("tab", "tab")           # script (full-plan), facilitator, participants
        await type_text(pilot, "Ana,Bo")
        await pilot.press("enter")
        await pilot.pause()
        [session] = list_sessions(store, plan_id)
        assert session.script_name == "full-plan" and session.participants == ("Ana", "Bo")
        assert "Past performance" in screen_text(app)

        await pilot.press("f8", "f8")
        await pilot.pause()
        assert get_session(store, session.id).current_step.kind == "risk_listing"
        for title in ("Key client leaves", "Warehouse strike", "Price war"):
            await type_text(pilot, title)
            await pilot.press("enter")
        await pilot.press("down", "c")           # the list, then the catalogue
        await pilot.pause()
        await pilot.press("enter", "down", "down", "down", "down", "down", "down", "enter",
                          "escape")
        await pilot.pause()
        titles = [r.title for r in list_risks(store, plan_id)]
        assert titles == ["Key client leaves", "Warehouse strike", "Price war",
                          "A salesperson falls ill or leaves", "The economy enters a recession"]

        await pilot.press("f8")
        await pilot.pause()
        assert get_session(store, session.id).current_step.kind == "impact_assessment"
        for likelihood, impact, effect in (("4", "5", "150000"), ("2", "3", "5%")):
            await pilot.press("enter")
            await pilot.pause()
            await pilot.press(likelihood, "enter", impact, "enter")
            await type_text(pilot, effect)
            await pilot.press("enter", "r", "enter")
            await type_text(pilot, "2025")
            await pilot.press("enter")
            await pilot.pause()                  # the cursor moves on to the next risk to assess
        await pilot.pause()
        shown = screen_text(app)
        assert "Key client" in shown and "Likelihood" in shown

    risks = {r.title: r for r in list_risks(store, plan_id)}
    first = risks["Key client leaves"]
    assert (first.likelihood, first.impact, first.revenue_effect, first.response,
            first.evidence) == (4, 5, 150000, "reduce", "2025")
    assessed = [r for r in risks.values() if r.is_assessed and r.title != first.title]
    assert len(assessed) == 1 and assessed[0].revenue_effect_pct == 5
    assert top_risks(store, plan_id)[0].title == first.title


async def test_a_bad_assessment_shows_the_reason_and_saves_nothing(app, store, plan_id):
    session_id = assessment_session(store, plan_id, "Recession")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_assessment(app, pilot, session_id)
        await pilot.press("7", "enter")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "likelihood is 1–5" in screen_text(app)
        await pilot.press("escape")
    assert not list_risks(store, plan_id)[0].is_assessed


async def test_delete_and_undo_in_the_risk_list(app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")

    go_to_step(store, session_id, 2)
    add_risk(store, plan_id, "A")
    add_risk(store, plan_id, "B")
    async with app.run_test(size=(80, 24)) as pilot:
        from spip_tui.screens.session import SessionScreen

        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await pilot.press("down", "d")
        await pilot.pause()
        assert [r.title for r in list_risks(store, plan_id)] == ["B"]
        await pilot.press("u")
        await pilot.pause()
        assert [r.title for r in list_risks(store, plan_id)] == ["A", "B"]
        await pilot.press("down", "shift+up")
        await pilot.pause()
        assert [r.title for r in list_risks(store, plan_id)] == ["B", "A"]
        await pilot.press("g")
        await pilot.pause()
        assert list_risks(store, plan_id)[0].category == "people"
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("ctrl+u")             # the month it happened, not today
        await type_text(pilot, "2025-09")
        await pilot.press("enter")
        await pilot.pause()
        assert list_risks(store, plan_id)[0].occurred_at == "2025-09"


async def test_navigation_keys_move_and_pause_and_a_reopened_app_resumes_there(db_path, plan_id,
                                                                             store):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    from spip_tui.screens.session import SessionScreen

    app = SpipApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await pilot.press("f8", "f8", "f8", "f7")
        await pilot.pause()
        await pilot.press("f6", "end", "enter")   # jump to the last step from the agenda
        await pilot.pause()
        assert get_session(store, session_id).current_step.kind == "summary"
        await pilot.press("f5")
        await pilot.pause()
        assert "PAUSED" in screen_text(app)
    session = get_session(store, session_id)
    assert session.is_paused and session.current_step_index == 10

    again = SpipApp(Store.open(db_path))
    async with again.run_test(size=(80, 24)) as pilot:
        again.open_plan(plan_id)
        await pilot.pause()
        await pilot.press("enter")            # Enter on the session row resumes it
        await pilot.pause()
        assert "11. Summary" in screen_text(again)
        await pilot.press("f5")
        await pilot.pause()
        assert get_session(again.store, session_id).is_paused is False
        await pilot.press("f9", "y")
        await pilot.pause()
    assert get_session(again.store, session_id).is_ended


async def test_plan_screen_lists_the_session(app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("self-review"), "Ana")
    pause_session(store, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_plan(plan_id)
        await pilot.pause()
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == 1


def add_history(store, dip_month: int = 9) -> None:
    """Two years of monthly sales for North and South, North dipping 45% in one month."""
    from facilitation.history.monthly import MonthlyTotal, save_history

    totals = []
    for name, level in (("North", 100_000.0), ("South", 80_000.0)):
        for index in range(24):
            month = f"{2025 + index // 12}-{index % 12 + 1:02d}"
            dipped = name == "North" and index == 12 + dip_month - 1
            totals.append(MonthlyTotal("territory", name, month,
                                       level * (0.55 if dipped else 1 + 0.01 * (index % 3))))
    save_history(store, "history.csv", totals, rows_read=len(totals))


async def test_evidence_from_history_is_attached_from_the_keyboard(app, store, plan_id):
    from facilitation.contingency.evidence import risk_evidence
    from spip_tui.screens.session import SessionScreen

    add_history(store)
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 3)
    risk_id = add_risk(store, plan_id, "We lose a key account")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "risk-adjusted" in screen_text(app)
        await pilot.press("h")
        await pilot.pause()
        assert "2026-09 North" in screen_text(app)
        await pilot.press("enter", "escape")
        await pilot.pause()
        [evidence] = risk_evidence(store, risk_id)
        assert (evidence["subject_name"], evidence["month"]) == ("North", "2026-09")
        assert 44 < evidence["shortfall_pct"] < 47
        await pilot.press("enter")               # the assessment shows what is attached
        await pilot.pause()
        assert "2026-09 North" in screen_text(app)
        await pilot.press("escape", "h", "enter", "escape")  # Enter again detaches it
        await pilot.pause()
    assert risk_evidence(store, risk_id) == []


async def test_top_risk_settings_are_typed_as_count_and_least_score(app, store, plan_id):
    from facilitation.contingency.ranking import top_risk_settings
    from spip_tui.screens.session import SessionScreen

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 3)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await pilot.press("t", "ctrl+u", "5", "space", "1", "0", "enter")
        await pilot.pause()
        assert (top_risk_settings(store, plan_id).count,
                top_risk_settings(store, plan_id).min_score) == (5, 10)
        await pilot.press("t", "ctrl+u", "m", "a", "n", "y", "enter")
        await pilot.pause()
        assert top_risk_settings(store, plan_id).count == 5


async def test_leaving_the_session_stops_its_clock_and_coming_back_starts_it(app, store,
                                                                            plan_id):
    from spip_tui.screens.session import SessionScreen

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert get_session(store, session_id).is_paused
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        assert get_session(store, session_id).is_running
        assert "PAUSED" not in screen_text(app)
    # Quitting the app also stops the clock.
    assert get_session(store, session_id).is_paused


async def test_a_participants_view_follows_and_cannot_move_the_session(app, store, plan_id):
    from spip_tui.screens.session import SessionScreen

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id, facilitator=False))
        await pilot.pause()
        await pilot.press("f8", "f5")
        await pilot.pause()
        session = get_session(store, session_id)
        assert session.current_step_index == 0 and session.is_running
        other = Store.open(store.path)          # the facilitator, in another process
        go_to_step(other, session_id, 2)
        other.close()
        app.change_feed.check()                 # what the app's poll does
        await pilot.pause()
        assert "3. Risk listing" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
    assert get_session(store, session_id).is_running  # leaving does not pause for everyone


async def test_a_killed_app_reopens_the_session_where_it_was(db_path, store, plan_id):
    import subprocess
    import sys
    import textwrap

    from spip_tui.screens.session import SessionScreen

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    code = textwrap.dedent(f"""
        import asyncio, os
        from facilitation.store.database import Store
        from spip_tui.app import SpipApp
        from spip_tui.screens.session import SessionScreen

        async def main():
            app = SpipApp(Store.open({str(db_path)!r}))
            async with app.run_test(size=(80, 24)) as pilot:
                app.push_screen(SessionScreen({session_id}))
                await pilot.pause()
                await pilot.press("f8", "f8")
                await pilot.pause()
                await pilot.press(*"Strike", "enter")
                await pilot.pause()
                os._exit(9)  # killed: no unmount, no close

        asyncio.run(main())
    """)
    killed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=False)
    assert killed.returncode == 9, killed.stderr
    app = SpipApp(Store.open(db_path))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(SessionScreen(session_id))
        await wait_until(pilot, lambda: "Strike" in screen_text(app))
        assert "3. Risk listing" in screen_text(app)


async def test_acting_on_a_risk_someone_else_just_deleted_says_so(app, store, plan_id):
    from facilitation.contingency.risks import delete_risk
    from spip_tui.screens.session import SessionScreen
    from spip_tui.steps.risk_listing import RiskListingStep

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 2)
    risk_id = add_risk(store, plan_id, "Strike")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await pilot.pause()
        step = app.screen.query_one(RiskListingStep)
        assert step.query_one(DataTable).row_count == 1
        app.change_feed.timer.pause()         # the list has not noticed the deletion yet
        other = Store.open(store.path)
        delete_risk(other, risk_id)
        other.close()
        await pilot.press("down", "e")
        await pilot.pause()
        assert any("just deleted" in n.message for n in app._notifications)
        assert app.is_running


async def test_the_impact_step_opens_on_the_first_risk_still_to_assess(app, store, plan_id):
    from facilitation.contingency.assessment import Assessment, assess_risk
    from spip_tui.screens.session import SessionScreen
    from spip_tui.steps.impact_assessment import ImpactAssessmentStep

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 3)
    assessed = add_risk(store, plan_id, "Done already")
    assess_risk(store, assessed, Assessment(5, 5))
    waiting = add_risk(store, plan_id, "Still to do")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await wait_until(pilot, lambda: bool(app.screen.query(ImpactAssessmentStep)) and
                         app.screen.query_one(ImpactAssessmentStep).highlighted_id() == waiting)
