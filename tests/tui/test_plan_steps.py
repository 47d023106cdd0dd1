"""KPIs, skills, review rhythm and summary steps from the keyboard, at 80x24."""

from __future__ import annotations

from datetime import date

from facilitation.plan.kpis import add_from_library, list_kpis
from facilitation.plan.reviews import list_reviews, month_end
from facilitation.plan.skills import list_skills
from facilitation.store.model import relative_month
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import get_session, go_to_step, start_session
from spip_tui.app import SpipApp
from tests.tui.screen import wait_until
from tests.tui.test_session_screen import screen_text, type_text


def session_at(store, plan_id, kind: str) -> int:
    script = get_script("full-plan")
    session_id = start_session(store, plan_id, script, "Priya", ["Ana", "Bo"])
    go_to_step(store, session_id, [s.kind for s in script.steps].index(kind))
    return session_id


async def open_session(app, pilot, session_id):
    """Open the session and wait until its step's body is on the screen."""
    from spip_tui.screens.session import SessionScreen
    from spip_tui.steps.base import StepView

    await app.push_screen(SessionScreen(session_id))
    # A loaded machine takes more than one pause to mount and lay out the step's body.
    await wait_until(pilot, lambda: any(view.is_mounted and view.size.height > 0
                                        for view in app.screen.query(StepView)))
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_kpi_from_the_library_with_a_target(app, store, plan_id):
    session_id = session_at(store, plan_id, "kpis")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        assert "No KPIs yet" in screen_text(app)
        await pilot.press("l")                      # the library
        await pilot.pause()
        assert "Pipeline coverage" in screen_text(app)
        await pilot.press("down", "down", "enter")  # meetings booked (the third)
        await pilot.pause()
        assert "Add from the library: Meetings booked" in screen_text(app)
        # Name and unit come from the library: typing starts at the baseline.
        await type_text(pilot, "9")
        await pilot.press("tab")
        await type_text(pilot, "15")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [kpi] = list_kpis(store, plan_id)
        assert (kpi.name, kpi.baseline, kpi.target, kpi.unit, kpi.library_key) == (
            "Meetings booked", 9, 15, "meetings", "meetings_booked")
        assert kpi.owner == "Priya Raman" and kpi.definition
        assert "15 meetings weekly" in screen_text(app)
        rows = store.query("SELECT session_id FROM events WHERE kind = 'kpi.added'")
        assert rows[0][0] == session_id


async def test_bad_kpi_target_keeps_the_form_open_and_saves_nothing(app, store, plan_id):
    session_id = session_at(store, plan_id, "kpis")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Calls")
        await pilot.press("tab", "tab")
        await type_text(pilot, "calls")
        await pilot.press("tab", "tab")
        await type_text(pilot, "lots")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert '"lots" is not a number' in screen_text(app)
        assert list_kpis(store, plan_id) == []
        await pilot.press("escape")
        await pilot.pause()
        assert list_kpis(store, plan_id) == []


async def test_only_lagging_kpis_show_a_warning(app, store, plan_id):
    add_from_library(store, plan_id, "revenue", target="400000", owner="Priya")
    session_id = session_at(store, plan_id, "kpis")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        assert "Only lagging KPIs" in screen_text(app)
        await pilot.press("d")
        await pilot.pause()
        assert list_kpis(store, plan_id) == []
        await pilot.press("u")
        await pilot.pause()
        assert [k.name for k in list_kpis(store, plan_id)] == ["Revenue"]


async def test_skill_added_from_the_keyboard(app, store, plan_id):
    session_id = session_at(store, plan_id, "skills")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        assert "No skills yet" in screen_text(app)
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "Negotiating on value")
        await pilot.press("tab")
        await type_text(pilot, "Sam")
        await pilot.press("tab", "tab")
        await type_text(pilot, "2027-02-15")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [skill] = list_skills(store, plan_id)
        assert (skill.skill, skill.who, skill.method, skill.by_date) == (
            "Negotiating on value", "Sam", "training", "2027-02-15")
        assert "Negotiating on value" in screen_text(app)


async def test_bad_skill_date_is_explained(app, store, plan_id):
    session_id = session_at(store, plan_id, "skills")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        await pilot.press("a")
        await pilot.pause()
        await type_text(pilot, "CRM")
        await pilot.press("tab", "tab", "tab")
        await type_text(pilot, "soon")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "write it as YYYY-MM-DD" in screen_text(app)
        assert list_skills(store, plan_id) == []


async def test_review_rhythm_generates_and_stores_the_dates(app, store, plan_id):
    session_id = session_at(store, plan_id, "review_rhythm")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        assert "No review rhythm yet" in screen_text(app)
        await pilot.press("b")
        await pilot.pause()
        reviews = list_reviews(store, plan_id)
        progress = [r.date for r in reviews if r.kind == "progress"]
        # The plan runs over the three months after this one; reviews start with it.
        months = [relative_month(+1), relative_month(+2), relative_month(+3)]
        assert progress[0] == f"{months[0]}-01" and progress[1] == f"{months[0]}-15"
        assert [r.date for r in reviews if r.kind == "contingency"] == [
            month_end(months[2]).isoformat()]
        assert "every 2 weeks" in screen_text(app)
        await pilot.press("m")
        await pilot.pause()
        assert [r.date for r in list_reviews(store, plan_id) if r.kind == "progress"] == [
            f"{month}-01" for month in months]


async def test_summary_of_a_finished_plan_passes_and_exports(finished, tmp_path):
    store, plan_id, _ = finished
    session_id = session_at(store, plan_id, "summary")
    app = SpipApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "Plan check 100/100: nothing is missing" in text
        assert "Top risks" in text
        await pilot.press("x")
        await pilot.pause()
        path_input = app.screen.query_one("#path")
        path_input.value = str(tmp_path / "west.md")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        exported = (tmp_path / "west.md").read_text()
        assert exported.startswith("# Sales performance improvement plan: West")
        assert get_session(store, session_id).ended_at is None   # the session goes on


async def test_summary_lists_lacks_and_enter_goes_to_the_step(app, store, plan_id):
    session_id = session_at(store, plan_id, "summary")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        # a session is running on the plan now, so only "reviewed in 12 months" passes
        assert "Plan check 5/100: 6 missing" in text
        assert "no sales history for North" in text
        lacks = app.screen.query_one("#lacks")
        assert app.screen.focused is lacks
        messages = [str(lacks.get_option_at_index(i).prompt) for i in range(lacks.option_count)]
        index = next(i for i, m in enumerate(messages) if "no KPI" in m)
        await pilot.press(*["down"] * (index - (lacks.highlighted or 0)))
        await pilot.press("enter")
        await pilot.pause()
        assert get_session(store, session_id).current_step.kind == "kpis"


async def test_palette_exports_and_checks_a_plan(app, store, plan_id, tmp_path):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "Check plan")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Plan check: North" in screen_text(app)
        assert "Score 0/100" in screen_text(app)
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#path").value = str(tmp_path / "north.ics")
        from textual.widgets import Select

        app.screen.query_one("#format", Select).value = "ics"
        await pilot.pause()
        assert app.screen.query_one("#path").value.endswith("north.ics")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert (tmp_path / "north.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


async def test_plan_screen_opens_the_check_and_the_export(app, store, plan_id):
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_plan(plan_id)
        await pilot.pause()
        await pilot.press("k")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Plan check: North" in screen_text(app) and "Score 0/100" in screen_text(app)
        await pilot.press("escape", "x")
        await pilot.pause()
        assert "Export the North plan" in screen_text(app)


async def test_progress_review_enters_actuals_and_flags_a_kpi_off_pace(app, store, plan_id):
    from facilitation.plan.kpis import KpiInput, add_kpi
    from facilitation.plan.reviews import ReviewRhythm, set_review_rhythm

    add_kpi(store, plan_id, KpiInput("Win rate", "%", target="30", owner="Ana"))
    set_review_rhythm(store, plan_id, ReviewRhythm("monthly", date.today(), 12, date.today()))
    session_id = start_session(store, plan_id, get_script("progress-review"), "Priya")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        assert "not entered" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert "Win rate" in screen_text(app) and "target 30%" in screen_text(app)
        await type_text(pilot, "21")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "behind 70%" in text and "Off pace: Win rate" in text
        [actual] = store.query("SELECT actual, session_id FROM kpi_actuals")
        assert tuple(actual) == (21, session_id)
        await pilot.press("h")
        await pilot.pause()
        await type_text(pilot, "Win rate short: Ana reviews the lost deals")
        await pilot.press("enter")
        await pilot.pause()
        held = [r for r in list_reviews(store, plan_id) if r.held_at]
        assert len(held) == 1 and held[0].session_id == session_id
        assert held[0].note == "Win rate short: Ana reviews the lost deals"


async def test_leaving_the_summary_while_it_reads_the_plan_is_safe(app, store, plan_id):
    session_id = session_at(store, plan_id, "summary")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_id)
        await pilot.press("f7")                    # before the plan check has come back
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert get_session(store, session_id).current_step.kind == "review_rhythm"
        assert "Review rhythm" in screen_text(app)


def test_the_forecast_headline_says_how_the_period_is_going_once_months_are_in(store):
    from facilitation.history.cache import subject_forecast
    from spip_tui.steps.forecast_gap import headline_lines
    from tests.facilitation.history_helpers import save_subject, seasonal_amounts

    save_subject(store, "North", seasonal_amounts(51), start="2022-07")
    found = subject_forecast(store, "territory", "North", "2026-07", "2026-12", 3_000_000)
    [so_far] = [line for line in headline_lines(found) if line.startswith("So far")]
    assert so_far.startswith("So far (Jul 2026–Sep 2026): ") and "% chance." in so_far
