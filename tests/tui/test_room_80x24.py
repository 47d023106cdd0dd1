"""At 80×24 what the room reads is whole: the tactics step's strategies, the plans' owners
on the home screen, the impact step's list of risks."""

from __future__ import annotations

from facilitation.ideas.strategies import list_strategies
from facilitation.plan.plans import PlanInput, create_plan, list_plans
from tests.tui.screen_waits import shows
from tests.tui.test_session_screen import screen_text
from tests.tui.test_snapshots import (  # noqa: F401  (fixtures)
    COASTAL,
    FULL_PLAN,
    NORTH,
    demo_app,
    demo_db,
    plan_id,
    session_step,
    settle,
    workshop_step,
)


def joined(text: str) -> str:
    return " ".join(text.split())


def between(shown: str, heading: str, next_heading: str) -> str:
    """What the column under `heading` shows (up to where `next_heading` starts), its
    wrapped lines joined by spaces."""
    lines = shown.splitlines()
    [row] = [n for n, line in enumerate(lines) if heading in line]
    start, end = lines[row].index(heading), lines[row].index(next_heading)
    return joined(" ".join(line[start:end] for line in lines[row + 1:]))


async def test_the_tactics_step_reads_every_strategy_whole_in_its_table(demo_app):
    strategies = list_strategies(demo_app.store, plan_id(demo_app, COASTAL))
    assert any(len(s.text) > 60 for s in strategies)  # longer than the column at 80
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await workshop_step(FULL_PLAN.index("tactics"))(pilot)
        table = demo_app.screen.query_one("#strategies")
        lines = screen_text(demo_app).splitlines()
        in_table = "\n".join(lines[table.region.y:table.region.bottom])
        strategy_column = between(in_table, "Strategy", "Clear")
        assert "…" not in in_table, in_table
        # The first strategies, whole, in the table itself (not only in the detail below).
        assert joined(strategies[0].text) in strategy_column, in_table
        assert joined(strategies[1].text) in strategy_column, in_table


async def test_the_tactics_rows_have_their_height_as_soon_as_they_are_shown(demo_app):
    """Under load the tactics table drew its rows blank: they were added to be measured at
    the table's next idle moment (height 0 until then), and a frame could come first."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await workshop_step(FULL_PLAN.index("tactics"))(pilot)
        step = demo_app.screen.query_one("TacticsStep")
        tactics, strategies = step.query_one("#tactics"), step.query_one("#strategies")
        step.show_strategy()  # as a change from the group would, with no pause after it
        for table in (tactics, strategies):
            assert table.row_count
            for key, row in table.rows.items():
                assert row.height == table.lines_needed(table.get_row(key)) >= 1, key
        await settle(pilot)
        shown = screen_text(demo_app)
        first = step.current_strategy().tactics[0]
        assert joined(first.action)[:30] in joined(shown), shown


def owners_column(app) -> list[str]:
    """The home screen's Owner column as shown, a cell a line (the rows are one line)."""
    table = app.screen.query_one("#plans")
    lines = screen_text(app).splitlines()[table.region.y:table.region.bottom]
    start, end = lines[0].index("Owner"), lines[0].index("Target")
    return [line[start:end].strip() for line in lines[1:] if line[start:end].strip()]


async def test_the_home_screen_reads_every_owner_whole(demo_app):
    owners = {summary.plan.owner for summary in list_plans(demo_app.store)}
    assert "Dana Whitfield" in owners
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = screen_text(demo_app)
        column = owners_column(demo_app)
        assert set(column) >= owners, shown
        assert not demo_app.screen.query_one("#plans").max_scroll_x, shown  # nothing cut off


async def test_with_a_long_list_of_plans_owners_still_read_whole(app, store):
    """The list's scrollbar takes two columns more: the kind and the subject yield them
    (each whole in the line under the table), the owner does not."""
    for number in range(30):
        create_plan(store, PlanInput(
            subject_kind="salesperson" if number % 2 else "key account",
            subject_name=f"Harbor Logistics {number}", owner="Priya Raman-Okafor",
            period_start="2027-01", period_end="2027-06", target_amount="1200000"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        shown = screen_text(app)
        table = app.screen.query_one("#plans")
        assert table.max_scroll_y  # a scrollbar takes its columns
        assert set(owners_column(app)) == {"Priya Raman-Okafor"}, shown
        assert not table.max_scroll_x, shown
        assert "Harbor Logistics 0 (key account): target" in shown, shown


async def test_the_impact_step_at_80x24_shows_the_whole_list_of_risks_and_the_legend(
        demo_app):
    """The list is what the group works through: every one of North's risks reads whole
    in it, beside the scales' legend; the heat map's grid is one key away (m)."""
    from facilitation.contingency.risks import list_risks
    from spip_tui.widgets.heat_map import HeatMap

    risks = list_risks(demo_app.store, plan_id(demo_app, NORTH))
    assert len(risks) >= 6
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await session_step(NORTH, "full-plan", FULL_PLAN.index("impact_assessment"))(pilot)
        table = demo_app.screen.query_one("#ranked")
        lines = screen_text(demo_app).splitlines()
        listed = between("\n".join(lines[table.region.y:table.region.bottom]), "Risk", " L ")
        for risk in risks:
            assert joined(risk.title) in listed, (risk.title, "\n".join(lines))
        shown = "\n".join(lines)
        assert "Likelihood ↓: 1 Rare" in shown and "Impact →: 1 Insignificant" in shown, shown
        assert "m heat map" in shown, shown
        grid = demo_app.screen.query_one(HeatMap)
        assert not grid.grid_shown
        await pilot.press("m")
        shown = await shows(pilot, "  1   ")
        assert grid.grid_shown and grid.region.height >= 8, shown
        assert "Likelihood ↓: 1 Rare" in shown, shown
        await pilot.press("m")
        await pilot.pause()
        assert not grid.grid_shown


async def test_the_kpis_step_reads_a_long_kpi_whole(app, store, plan_id):
    """A KPI the group names at length (and its target) reads whole at 80 columns: it
    wraps in its column (it was cut at 20 characters with the width there was)."""
    from facilitation.plan.kpis import KpiInput, add_kpi
    from facilitation.workshop.scripts import get_script
    from facilitation.workshop.sessions import go_to_step, start_session
    from spip_tui.screens.session import SessionScreen

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, FULL_PLAN.index("kpis"))
    name = "Qualified meetings booked with new decision makers in the lake towns"
    add_kpi(store, plan_id, KpiInput(name, unit="meetings", target="15", cadence="weekly",
                                     owner="Priya Raman-Okafor"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "Qualified")
        table = app.screen.query_one("#kpis")
        lines = screen_text(app).splitlines()[table.region.y:table.region.bottom]
        in_table = "\n".join(lines)
        assert "…" not in in_table, in_table
        assert name in between(in_table, "KPI", "Target"), in_table
        assert "15 meetings weekly" in in_table, in_table
        assert "Priya" in in_table and "Raman-Okafor" in in_table, in_table  # wrapped
        assert not table.max_scroll_x, in_table


async def test_a_tactic_form_names_its_strategy_whole(demo_app):
    """The new tactic's form says which strategy it is for, whole (it was cut at 50
    characters, mid-word, without a mark)."""
    from facilitation.ideas.strategies import list_strategies
    from spip_tui.dialogs.fields_form import FieldsForm

    [first, *_] = list_strategies(demo_app.store, plan_id(demo_app, NORTH))
    assert len(first.text) > 70
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await session_step(NORTH, "full-plan", FULL_PLAN.index("tactics"))(pilot)
        await pilot.press("a")
        await shows(pilot, "New tactic for")
        assert isinstance(demo_app.screen, FieldsForm)
        title = demo_app.screen.query_one(".title").region
        lines = screen_text(demo_app).splitlines()
        shown = " ".join(line[title.x:title.right] for line in lines[title.y:title.bottom])
        assert first.text in joined(shown), "\n".join(lines)


async def test_the_kpi_library_says_how_to_pick_and_how_to_leave(app, store, plan_id):
    """l opens the library in place of the list: it names its keys (nothing on the
    screen said Enter adds one and Escape goes back to the list)."""
    from facilitation.workshop.scripts import get_script
    from facilitation.workshop.sessions import go_to_step, start_session
    from spip_tui.screens.session import SessionScreen

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, FULL_PLAN.index("kpis"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "No KPIs yet")
        await pilot.press("l")
        shown = await shows(pilot, "Pipeline coverage")
        assert "Enter adds" in shown and "Escape" in shown, shown
        await pilot.press("escape")
        await shows(pilot, "No KPIs yet")


async def test_the_live_dialog_names_the_round_whole(demo_app):
    """F10 in a brainstorm says which round is private or open, its question whole (it
    was cut at 50 characters: "what do we do" without its question mark)."""
    from facilitation.live.contributions import current_round
    from spip_tui.dialogs.live_session import LiveSessionDialog
    from tests.tui.screen import wait_until
    from tests.tui.test_snapshots import session_id

    async with demo_app.run_test(size=(80, 24)) as pilot:
        await session_step(NORTH, "full-plan", FULL_PLAN.index("brainstorming"))(pilot)
        round_ = current_round(demo_app.store, session_id(demo_app, NORTH))
        assert len(round_.prompt) > 50
        await pilot.press("f10")
        await wait_until(pilot, lambda: isinstance(demo_app.screen, LiveSessionDialog))
        state = demo_app.screen.query_one("#live-state").region
        lines = (await shows(pilot, "Round:")).splitlines()
        shown = " ".join(line[state.x:state.right] for line in lines[state.y:state.bottom])
        assert round_.prompt in joined(shown), "\n".join(lines)


async def test_the_skills_step_reads_every_column_whole(app, store, plan_id):
    """Who learns it and how read whole at 80 columns (a long name pushed the How column
    off the right edge: 'trainin')."""
    from facilitation.plan.skills import SkillInput, add_skill
    from facilitation.workshop.scripts import get_script
    from facilitation.workshop.sessions import go_to_step, start_session
    from spip_tui.screens.session import SessionScreen

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, FULL_PLAN.index("skills"))
    add_skill(store, plan_id, SkillInput(
        "Negotiating value-based renewals with procurement teams", who="Priya Raman-Okafor",
        method="self-study", by_date="2027-01-15"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "Negotiating")
        table = app.screen.query_one("#skills")
        lines = screen_text(app).splitlines()[table.region.y:table.region.bottom]
        in_table = "\n".join(lines)
        assert "self-study" in in_table and "2027-01-15" in in_table, in_table
        assert "Priya" in in_table and "Okafor" in in_table, in_table
        assert "procurement teams" in between(in_table, "Skill", "By when"), in_table
        assert not table.max_scroll_x, in_table


async def test_the_review_rhythm_form_says_the_contingency_interval_is_in_months(demo_app):
    """The form opens filled in: its field 'Contingency every' read '12' with no unit
    (the 'months' placeholder only shows while it is empty)."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await session_step(NORTH, "full-plan", FULL_PLAN.index("review_rhythm"))(pilot)
        await pilot.press("r")
        await wait_until_form(pilot)
        shown = screen_text(demo_app)
        [line] = [line for line in shown.splitlines() if "Contingency every" in line]
        assert "months" in line, shown


async def wait_until_form(pilot) -> None:
    from spip_tui.dialogs.fields_form import FieldsForm
    from tests.tui.screen import wait_until

    await wait_until(pilot, lambda: isinstance(pilot.app.screen, FieldsForm))
    await settle(pilot)


async def test_an_ended_sessions_bar_says_which_step_at_80_columns(demo_app):
    """The bar above an ended session's step reads whole at 80 columns: after the notice
    that it is read-only, the plan, script, step and time (it was cut after the script's
    title: which step of how many, and the time, were gone)."""
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await workshop_step(FULL_PLAN.index("kpis"))(pilot)
        bar = demo_app.screen.query_one("#session-bar").region
        lines = screen_text(demo_app).splitlines()[bar.y:bar.bottom]
        shown = joined(" ".join(lines))
        assert "read-only; R to reopen" in shown, shown
        assert f"step {FULL_PLAN.index('kpis') + 1}/{len(FULL_PLAN)} · total" in shown, shown
