"""At 80×24 every footer shows whole labels, an ended session offers only the keys that
work there, an ended brainstorming round reopens with ctrl+r, and ideas are read whole."""

from __future__ import annotations

import pytest

from facilitation.contingency.risks import add_risk
from facilitation.ideas.brainstorm import (
    add_idea,
    add_round,
    end_round,
    get_round,
    list_ideas,
    list_rounds,
    start_round,
)
from facilitation.store.events import read_events
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import end_session, go_to_step, start_session
from spip_tui.screens.session import SessionScreen
from tests.tui.conftest import T0, open_brainstorming
from tests.tui.screen_waits import shows
from tests.tui.test_session_screen import screen_text, type_text

LONG_IDEA = "Bundle installation with every order over twenty thousand and call it out"


def footer_line(app) -> str:
    return screen_text(app).splitlines()[-1]


def assert_whole_labels(footer: str) -> None:
    """A label cut by the terminal's edge runs into the palette key's border ('peopl▏')."""
    assert "▏^p palette" in footer, footer
    assert footer[footer.index("▏^p palette") - 1] == " ", f"a label is cut: {footer!r}"


async def footer_shows(pilot, text: str) -> str:
    """The footer once it shows `text` (it fills in after the screen's content)."""
    await shows(pilot, text)
    return footer_line(pilot.app)


async def test_a_running_session_footer_shows_its_essential_keys_help_and_leave(app, store,
                                                                               plan_id):
    """F6 (the agenda shows the steps) and F10 (the top line the join code) give their
    room to F1 and Escape at 80 columns; F1's help lists them, and they show when wider."""
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 2)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        footer = await footer_shows(pilot, "f8 Next")
        for key in ("f8 Next", "f7 Back", "f5 Pause", "f9 End", "f1 Help", "esc Leave"):
            assert key in footer, footer
        assert_whole_labels(footer)
        await pilot.resize_terminal(120, 40)
        footer = await footer_shows(pilot, "f10 Join")
        assert "f6 Steps" in footer, footer


async def test_an_ended_session_offers_only_the_keys_that_work(app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 2)  # risk listing
    add_risk(store, plan_id, "Key client leaves", session_id=session_id)
    end_session(store, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        shown = await shows(pilot, "R Reopen")
        footer = footer_line(app)
        assert_whole_labels(footer)
        for key in ("f8 Next", "f7 Back", "R Reopen"):
            assert key in footer, footer
        for gone in ("f10", "Join", "f5 Pause", "f9 End", "Edit", "Delete", "Undo", "Catalogue"):
            assert gone not in footer, footer
        # Neither the top line nor the step's hint names a key that would change it.
        assert "join" not in shown.splitlines()[1]
        assert "e edit" not in shown and "d delete" not in shown, shown
        assert "Read-only: R reopens the session to change it." in shown


async def test_an_ended_sessions_idea_list_offers_no_edit_keys(app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 4)  # brainstorming
    round_id = add_round(store, plan_id, "How do we close the gap?", session_id=session_id,
                         now=T0)
    start_round(store, round_id, now=T0)
    add_idea(store, round_id, "Call lapsed accounts", "Ana", now=T0)
    end_round(store, round_id, now=T0)
    end_session(store, session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "Call lapsed accounts")
        await pilot.press("down")  # onto the list, where e/m/d/u edit a running session
        footer = await footer_shows(pilot, "R Reopen")
        for gone in ("Edit", "Merge", "Delete", "Undo", "^r"):
            assert gone not in footer, footer
        shown = screen_text(app)
        assert "This round ended." in shown
        assert "ctrl+" not in shown, shown  # no timer key is offered by the step's texts


@pytest.fixture
def session_id(brainstorming_session):
    return brainstorming_session


async def test_ctrl_r_reopens_an_ended_round_after_asking(app, store, session_id, clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        gap_round = list_rounds(store, session_id=session_id)[0]
        await pilot.press("ctrl+t")
        await type_text(pilot, "Call lapsed accounts")
        await pilot.press("enter", "ctrl+b")
        await shows(pilot, "ctrl+r reopens it")
        footer = footer_line(app)
        assert "^r Reopen" in footer, footer
        assert_whole_labels(footer)
        await pilot.press("ctrl+r")
        await shows(pilot, "for more ideas?")
        await pilot.press("y")
        await shows(pilot, "PAUSED")  # reopened: it waits for ctrl+t
        assert get_round(store, gap_round.id).state(clock()) == "paused"
        assert "^r Reopen" not in footer_line(app)
        await pilot.press("ctrl+t")  # the focus is back in the entry: typing is ideas
        await type_text(pilot, "Phone old customers")
        await pilot.press("enter")
        await pilot.pause()
    assert [i.text for i in list_ideas(store, gap_round.id)] == [
        "Call lapsed accounts", "Phone old customers"]
    assert "brainstorm.round_reopened" in [e.kind for e in read_events(store)]


async def test_a_long_idea_is_read_whole_in_scoring(app, store, session_id,
                                                                     clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        await pilot.press("ctrl+t")
        await type_text(pilot, LONG_IDEA)
        await pilot.press("enter")
        await shows(pilot, "Bundle installation")
        await pilot.press("f8")  # feasibility scoring
        shown = await shows(pilot, "Scoring as")
        assert "call it out" in shown, shown  # wrapped in the table, not cut
        assert "…" not in shown


LONG_RISK = "A new competitor opens a warehouse in our biggest city and undercuts delivery"


async def test_the_impact_list_fits_beside_the_agenda_at_80_columns(app, store, plan_id):
    from textual.widgets import DataTable

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 3)  # impact assessment
    for number in range(12):  # more than the list's ten lines: it scrolls down, not across
        add_risk(store, plan_id, f"{LONG_RISK} ({number})", session_id=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "Response")
        table = app.screen.query_one("#ranked", DataTable)
        assert table.max_scroll_x == 0, "the evidence column is cut at the right"
        assert "Response  E" in screen_text(app)


async def test_the_brainstorming_hint_names_every_key_at_80_columns(app, store, session_id,
                                                                   clock):
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        shown = await shows(pilot, "ctrl+r reopen")
        assert "n/k/o/t round (F1 help)" in shown, shown  # its last line is not cut off


async def test_a_tactic_is_read_whole_with_its_owner(app, store, plan_id):
    from datetime import date

    from facilitation.ideas.strategies import add_strategy, take_clarity_test
    from facilitation.ideas.tactics import TacticInput, add_tactic

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 6)  # tactics
    strategy = add_strategy(store, plan_id, "Joint promotion with our main distributor",
                            session_id=session_id)
    take_clarity_test(store, strategy, True)
    add_tactic(store, strategy, TacticInput(
        "Agree the joint promotion budget with the distributor's marketing lead",
        "Priya Raman", "2099-12-15"), today=date(2099, 1, 1))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        shown = await shows(pilot, "Agree the joint promotion")
        assert "with the distributor's marketing" in shown, shown  # wrapped, not cut
        assert "Priya Raman" in shown


async def test_a_kpi_from_the_library_takes_typing_at_its_baseline(app, store, plan_id):
    from facilitation.plan.kpis import list_kpis

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 7)  # KPIs and targets
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "l library")
        await pilot.press("l")
        await shows(pilot, "Pipeline coverage")
        await pilot.press("enter")
        await shows(pilot, "Add from the library")
        await type_text(pilot, "2.1")
        await pilot.press("enter")
        await type_text(pilot, "3")
        await pilot.press("ctrl+s")
        await shows(pilot, "monthly")  # the KPI is in the list
    [kpi] = list_kpis(store, plan_id)
    assert (kpi.name, kpi.unit, kpi.baseline, kpi.target) == ("Pipeline coverage", "x", 2.1, 3)


async def test_a_skill_is_read_whole(app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 8)  # skills and knowledge
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "a new")
        await pilot.press("a")
        await shows(pilot, "New skill")
        await type_text(pilot, "Negotiating joint promotions with distributors")
        await pilot.press("enter")
        await type_text(pilot, "Priya Raman")
        await pilot.press("ctrl+s")
        await shows(pilot, "Negotiating joint")
        app.clear_notifications()  # the saved message names it whole: read the table
        await pilot.pause()
        assert "with distributors" in screen_text(app), screen_text(app)
