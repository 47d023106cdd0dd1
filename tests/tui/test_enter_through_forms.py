"""Enter takes a form's user through every field it shows, in order, choices included: on
a choice Enter opens its list, Enter in the list chooses, the next Enter moves on; Enter
on the last field saves. Typed one key at a time or in one burst (80×24)."""

from __future__ import annotations

import pytest
from textual.widgets import Select

from facilitation.ideas.strategies import add_strategy
from facilitation.plan.kpis import list_kpis
from spip_tui.dialogs.fields_form import FieldsForm
from spip_tui.dialogs.plan_form import PlanForm
from spip_tui.steps.colleague_review import REVIEW_FIELDS
from spip_tui.steps.decisions import decision_fields
from spip_tui.steps.kpis import kpi_fields
from spip_tui.steps.skills import SKILL_FIELDS
from tests.tui.screen import wait_until
from tests.tui.screen_waits import shows
from tests.tui.test_key_order import send_bytes
from tests.tui.test_plan_steps import open_session, session_at
from tests.tui.test_session_screen import type_text

DOWN = "\x1b[B"
UP = "\x1b[A"


async def open_kpi_form(app, pilot, store, plan_id) -> None:
    add_strategy(store, plan_id, "Win back lapsed accounts")
    await open_session(app, pilot, session_at(store, plan_id, "kpis"))
    await pilot.press("a")
    await shows(pilot, "New KPI")


def saved_kpi(store, plan_id) -> tuple:
    [kpi] = list_kpis(store, plan_id)
    return (kpi.name, kpi.indicator, kpi.unit, kpi.baseline, kpi.target, kpi.cadence,
            kpi.owner, kpi.strategy_id is not None)


EXPECTED = ("Meetings booked", "lagging", "meetings", 9, 15, "biweekly", "Priya Raman", True)


async def test_enter_goes_through_every_field_of_the_kpi_form(app, store, plan_id):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_kpi_form(app, pilot, store, plan_id)
        await type_text(pilot, "Meetings booked")
        await pilot.press("enter")
        assert app.focused.id == "indicator"        # not skipped on the way to the unit
        await pilot.press("enter")                  # opens its list
        await shows(pilot, "lagging")
        await pilot.press("down", "enter")          # chooses lagging; the field keeps focus
        await pilot.pause()
        assert app.focused.id == "indicator"
        assert app.focused.value == "lagging"
        await pilot.press("enter")                  # moves on
        assert app.focused.id == "unit"
        await type_text(pilot, "meetings")
        await pilot.press("enter")
        await type_text(pilot, "9")
        await pilot.press("enter")
        await type_text(pilot, "15")
        await pilot.press("enter")
        assert app.focused.id == "cadence"
        await pilot.press("enter", "up", "enter", "enter")  # every 2 weeks, then on
        assert app.focused.id == "owner"
        await pilot.press("enter")
        assert app.focused.id == "strategy_id"      # the last field: a choice
        await pilot.press("enter", "down", "enter")
        assert isinstance(app.screen, FieldsForm)
        await pilot.press("enter")                  # Enter on the last field saves
        await wait_until(pilot, lambda: not isinstance(app.screen, FieldsForm))
    assert saved_kpi(store, plan_id) == EXPECTED


async def test_a_kpi_form_typed_in_one_burst_lands_in_its_fields(app, store, plan_id):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_kpi_form(app, pilot, store, plan_id)
        await send_bytes(app, pilot, f"Meetings booked\r\r{DOWN}\r\rmeetings\r9\r15\r"
                                     f"\r{UP}\r\r\r\r{DOWN}\r\r")
        await wait_until(pilot, lambda: not isinstance(app.screen, FieldsForm))
    assert saved_kpi(store, plan_id) == EXPECTED


async def test_escape_in_a_choice_list_closes_it_and_keeps_the_form(app, store, plan_id):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_kpi_form(app, pilot, store, plan_id)
        await send_bytes(app, pilot, f"Calls\r\r{DOWN}")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, FieldsForm)
        assert (app.focused.id, app.focused.value) == ("indicator", "leading")
        await send_bytes(app, pilot, "\rcalls")     # Enter after the list closed moves on
        assert app.screen.query_one("#unit").value == "calls"


async def fields_enter_visits(pilot) -> list[str]:
    """The fields Enter goes to, from the one the form starts on to the last (on a choice:
    Enter opens its list, Enter keeps the highlighted choice, Enter moves on)."""
    form = pilot.app.screen
    last = form.field_widgets()[-1]
    visited = [pilot.app.focused.id]
    while pilot.app.focused is not last:
        field = pilot.app.focused
        await pilot.press(*(["enter"] * (3 if isinstance(field, Select) else 1)))
        await pilot.pause()
        if pilot.app.focused is field or not isinstance(pilot.app.screen, type(form)):
            break
        visited.append(pilot.app.focused.id)
    return visited


def everything_is_fine(values):
    return None


FORMS = {
    "kpi": lambda: FieldsForm("KPI", kpi_fields([("Win back", 1)]), {}, everything_is_fine),
    "skill": lambda: FieldsForm("Skill", SKILL_FIELDS, {}, everything_is_fine),
    "decision": lambda: FieldsForm("Decision", decision_fields([("KPI: Calls", "kpi:1")]), {},
                                   everything_is_fine),
    "colleague": lambda: FieldsForm("Review", REVIEW_FIELDS, {}, everything_is_fine),
    "plan": PlanForm,
}


@pytest.mark.parametrize("name", FORMS)
async def test_enter_reaches_every_field_of_each_form(app, name):
    async with app.run_test(size=(80, 24)) as pilot:
        form = FORMS[name]()
        await app.push_screen(form)
        await pilot.pause()
        assert await fields_enter_visits(pilot) == [f.id for f in form.field_widgets()]


async def test_enter_reaches_every_field_of_the_review_rhythm(app, store, plan_id):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_session(app, pilot, session_at(store, plan_id, "review_rhythm"))
        await pilot.press("r")
        await shows(pilot, "Contingency every")
        assert await fields_enter_visits(pilot) == [
            "first_progress", "progress_cadence", "contingency_every_months",
            "first_contingency"]
