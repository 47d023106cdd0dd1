"""What is typed is never lost nor misrouted: ideas during a round, forms typed ahead of
a busy app, and Escape on a form that holds typing (80×24, keyboard only)."""

from __future__ import annotations

import unicodedata
from datetime import timedelta

import pytest
from textual import events
from textual.keys import _character_to_key, _get_unicode_name_from_key

from facilitation.contingency.risks import list_risks
from facilitation.ideas.brainstorm import list_ideas, list_rounds
from facilitation.workshop.sessions import get_session
from spip_tui.dialogs.confirm import ConfirmDialog
from spip_tui.screens.session import SessionScreen
from tests.tui.conftest import T0, assessment_session, open_assessment, open_brainstorming
from tests.tui.test_session_screen import screen_text, type_text


@pytest.fixture
def session_id(brainstorming_session):
    return brainstorming_session


def key_event(name: str) -> events.Key:
    """The event a terminal sends for `name` ('a', '%', 'enter', 'space')."""
    if len(name) == 1:
        return events.Key(name if name.isalnum() else _character_to_key(name), name)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(name))
    except KeyError:
        char = None
    return events.Key(name, char)


async def type_while_busy(app, pilot, *parts: str) -> None:
    """Keys that pile up while the app is busy arrive at once, before any of them is
    handled: each part is typed as text, except the names of keys ('enter', 'tab')."""
    for part in parts:
        names = [part] if part in ("enter", "tab", "escape", "ctrl+g", "f8", "down") else list(part)
        for name in names:
            app.post_message(key_event(name))
    await pilot.pause()
    await pilot.pause()


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


# --- brainstorming: typing always reaches the idea entry while a round runs ---------------

async def test_an_idea_typed_after_the_round_length_dialog_is_saved(app, store, session_id,
                                                                    clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        rounds_before = len(list_rounds(store, session_id=session_id))
        await pilot.press("down", "t")              # the list, then the round's length
        await pilot.pause()
        await pilot.press("2", "enter")
        await pilot.pause()
        await pilot.press("ctrl+t")                 # the round runs
        await type_text(pilot, "Bundle service with price")
        await pilot.press("enter")
        await pilot.pause()
        gap_round = list_rounds(store, session_id=session_id)[0]
        assert [i.text for i in list_ideas(store, gap_round.id)] == ["Bundle service with price"]
        assert len(list_rounds(store, session_id=session_id)) == rounds_before
        assert "Nothing to undo in this round." not in notifications(app)


async def test_an_idea_typed_after_adding_a_minute_to_a_timed_out_round_is_saved(
        app, store, session_id, clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        await pilot.press("ctrl+t")
        clock.now = T0 + timedelta(minutes=5, seconds=1)
        await pilot.pause(0.4)
        assert "TIME IS UP" in screen_text(app)
        await pilot.press("ctrl+g")                 # one more minute
        await type_text(pilot, "Bundle service with price")
        await pilot.press("enter")
        await pilot.pause()
        gap_round = list_rounds(store, session_id=session_id)[0]
        assert [i.text for i in list_ideas(store, gap_round.id)] == ["Bundle service with price"]


async def test_a_minute_added_in_a_burst_takes_the_idea_typed_after_it(app, store, session_id,
                                                                      clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        await pilot.press("ctrl+t")
        clock.now = T0 + timedelta(minutes=5, seconds=1)
        await pilot.pause(0.4)
        assert "TIME IS UP" in screen_text(app)
        await type_while_busy(app, pilot, "ctrl+g", "Offer a price-match guarantee", "enter")
        await pilot.pause()
        gap_round = list_rounds(store, session_id=session_id)[0]
        assert [i.text for i in list_ideas(store, gap_round.id)] == [
            "Offer a price-match guarantee"]
        assert not any("time is up" in n for n in notifications(app))


async def test_an_idea_half_typed_when_time_runs_out_stays_in_the_entry(app, store, session_id,
                                                                       clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        await pilot.press("ctrl+t")
        await type_text(pilot, "Bundle serv")
        clock.now = T0 + timedelta(minutes=5, seconds=1)
        await pilot.pause(0.4)
        await type_text(pilot, "ice with price")     # the typist had not looked up yet
        await pilot.press("enter")                   # refused: time is up, the text stays
        await pilot.pause()
        field = app.screen.query_one("#new-idea")
        assert field.value == "Bundle service with price"
        await pilot.press("ctrl+g", "enter")         # a minute more, and it is saved
        await pilot.pause()
        gap_round = list_rounds(store, session_id=session_id)[0]
        assert [i.text for i in list_ideas(store, gap_round.id)] == ["Bundle service with price"]


async def test_typing_on_the_list_while_the_round_runs_goes_to_the_entry(app, store,
                                                                         session_id, clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        await pilot.press("ctrl+t")
        await type_text(pilot, "Call lapsed accounts")
        await pilot.press("enter")
        await pilot.press("tab")                     # away from the entry, onto the list
        await type_text(pilot, "Bundle service with price")
        await pilot.press("enter")
        await pilot.pause()
        gap_round = list_rounds(store, session_id=session_id)[0]
        assert [i.text for i in list_ideas(store, gap_round.id)] == [
            "Call lapsed accounts", "Bundle service with price"]


async def test_a_burst_typed_on_the_list_while_the_round_runs_is_one_idea_in_order(
        app, store, session_id, clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        await pilot.press("ctrl+t")
        await pilot.press("tab")                     # away from the entry, onto the list
        await pilot.pause()
        # A quick typist: the letters arrive together, and the "a" of "Train" is also the
        # list's key for "back to typing".
        await type_while_busy(app, pilot, "Train reps on value selling", "enter")
        await pilot.pause()
        gap_round = list_rounds(store, session_id=session_id)[0]
        assert [i.text for i in list_ideas(store, gap_round.id)] == [
            "Train reps on value selling"]
        assert app.screen.query_one("#new-idea").value == ""


async def test_an_idea_sent_just_before_the_next_step_key_is_saved(app, store, session_id,
                                                                  clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        step = get_session(store, session_id).current_step_index
        await pilot.press("ctrl+t")
        await type_while_busy(app, pilot, "Last idea", "enter", "f8")
        await pilot.pause()
        gap_round = list_rounds(store, session_id=session_id)[0]
        assert [i.text for i in list_ideas(store, gap_round.id)] == ["Last idea"]
        assert get_session(store, session_id).current_step_index == step + 1


async def test_focus_returns_to_the_entry_after_editing_an_idea(app, store, session_id, clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        await type_text(pilot, "Call lapsed accounts")
        await pilot.press("enter", "down", "e")      # reword it (the round is not running)
        await pilot.pause()
        await pilot.press("end", "s", "enter")
        await pilot.pause()
        await type_text(pilot, "dm")                 # a stray d and m: not delete nor merge
        await pilot.pause()
        gap_round = list_rounds(store, session_id=session_id)[0]
        assert [i.text for i in list_ideas(store, gap_round.id)] == ["Call lapsed accountss"]
        assert app.screen.query_one("#new-idea").value == "dm"


# --- forms typed ahead while the app is busy --------------------------------------------

async def test_an_assessment_typed_ahead_lands_in_its_fields(app, store, plan_id):
    session_id = assessment_session(store, plan_id, "Oil price falls")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await type_while_busy(app, pilot, "enter", "3", "enter", "4", "enter", "5%", "enter",
                              "r", "enter", "2015 oil crash", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
    [risk] = list_risks(store, plan_id)
    assert (risk.likelihood, risk.impact, risk.revenue_effect_pct, risk.response,
            risk.evidence) == (3, 4, 5, "reduce", "2015 oil crash")


async def test_a_fields_form_typed_ahead_lands_in_its_fields(app):
    from spip_tui.dialogs.fields_form import FieldsForm, FormField

    results = []
    fields = [FormField("action", "Action"), FormField("owner", "Owner"),
              FormField("due_date", "Due date")]
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(FieldsForm("New tactic", fields, {}, lambda typed: None),
                        results.append)
        await type_while_busy(app, pilot, "Train on account management", "enter", "Rita Osei",
                              "enter", "2027-01-31", "enter")
        await pilot.pause()
    assert results == [{"action": "Train on account management", "owner": "Rita Osei",
                        "due_date": "2027-01-31"}]


# --- Escape on a form ---------------------------------------------------------------------

async def test_escape_on_a_typed_assessment_asks_before_throwing_it_away(app, store, plan_id):
    session_id = assessment_session(store, plan_id, "Oil price falls")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_assessment(app, pilot, session_id)
        await pilot.press("3", "enter", "4", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")                       # no: back to the form, nothing lost
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        [risk] = list_risks(store, plan_id)
        assert (risk.likelihood, risk.impact) == (3, 4)

        await pilot.press("enter")                   # again, and this time throw it away
        await pilot.pause()
        await pilot.press("backspace", "2", "escape", "y")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
    [risk] = list_risks(store, plan_id)
    assert (risk.likelihood, risk.impact) == (3, 4)


async def test_escape_on_an_untouched_form_closes_it_without_asking(app, store, plan_id):
    session_id = assessment_session(store, plan_id, "Oil price falls")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_assessment(app, pilot, session_id)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)


async def test_escape_on_a_typed_fields_form_and_plan_form_asks(app):
    from spip_tui.dialogs.fields_form import FieldsForm, FormField
    from spip_tui.dialogs.plan_form import PlanForm

    results = []
    async with app.run_test(size=(80, 24)) as pilot:
        for form in (FieldsForm("Skill", [FormField("skill", "Skill")], {}, lambda v: None),
                     PlanForm()):
            app.push_screen(form, results.append)
            await pilot.pause()
            await type_text(pilot, "Negotiation")
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")
            await pilot.pause()
    assert results == [None, None]
