"""At 80×24 the lists the group writes into read whole: ideas, their authors and votes in
the brainstorming step, titles in the risk list, even as each arrives row by row while
the step is shown (a participant's contribution, a facilitator's typing)."""

from __future__ import annotations

from textual.widgets import DataTable

from facilitation.contingency.risks import add_risk
from facilitation.ideas.brainstorm import add_idea, list_ideas, list_rounds
from facilitation.live.votes import toggle_vote
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui.screens.session import SessionScreen
from tests.tui.conftest import open_brainstorming
from tests.tui.screen_waits import shows
from tests.tui.test_session_screen import type_text

LONG_IDEA = "Bundle installation with every order over twenty thousand and call it out"
LONG_NAME = "Priya Raman-Okafor"
LONG_RISK = "A new competitor opens a warehouse in our biggest city and undercuts delivery"


def cut_on_the_right(table: DataTable) -> bool:
    """Whether the table's last columns run past its right edge (a sideways scroll)."""
    return table.max_scroll_x > 0


async def test_ideas_authors_and_votes_read_whole_as_they_arrive(app, store,
                                                                 brainstorming_session, clock):
    session_id = brainstorming_session
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        await pilot.press("ctrl+t")
        await type_text(pilot, "Call lapsed accounts")
        await pilot.press("enter")
        await shows(pilot, "Call lapsed accounts")
        # A participant's idea arrives while the step is shown; then the facilitator types one.
        round_id = list_rounds(store, session_id=session_id)[0].id
        idea_id = add_idea(store, round_id, LONG_IDEA, LONG_NAME, now=clock())
        await shows(pilot, "Bundle installation")
        toggle_vote(store, session_id, "Ana", 4, idea_id)
        await type_text(pilot, f"{LONG_IDEA} (again)")
        await pilot.press("enter")
        shown = await shows(pilot, "(again)")
        assert "…" not in shown, shown
        assert shown.count("and call it out") == 2, shown     # both wrapped, not cut
        assert "Raman-" in shown and "Okafor" in shown, shown  # the name wraps, whole
        table = app.screen.query_one("#ideas", DataTable)
        heading = next(line for line in shown.splitlines() if " Idea " in line)
        assert heading.split()[-3:] == ["Idea", "By", "Votes"], shown  # the last column whole
        assert not cut_on_the_right(table), shown
        row = table.get_row(str(idea_id))
        assert row[3] == "1", row  # the vote shows in its column
        # Many more ideas: the list scrolls down, and its scrollbar cuts no column.
        for number in range(8):
            add_idea(store, round_id, f"{LONG_IDEA} ({number})", LONG_NAME, now=clock())
        await shows(pilot, "(7)")
        assert not cut_on_the_right(table)


async def test_a_reworded_idea_rewraps_in_its_row(app, store, brainstorming_session, clock):
    from facilitation.ideas.brainstorm import edit_idea

    session_id = brainstorming_session
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        await pilot.press("ctrl+t")
        await type_text(pilot, "Call lapsed accounts")
        await pilot.press("enter")
        await shows(pilot, "Call lapsed accounts")
        [idea] = [row for row in store.query("SELECT id FROM ideas")]
        edit_idea(store, idea[0], LONG_IDEA)
        shown = await shows(pilot, "Bundle installation")
        assert "and call it out" in shown, shown


async def test_risk_titles_wrap_as_they_arrive(app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana", ["Bo"])
    go_to_step(store, session_id, 2)  # risk listing
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "Type a risk")
        await type_text(pilot, LONG_RISK)
        await pilot.press("enter")
        await shows(pilot, "A new competitor")
        add_risk(store, plan_id, f"{LONG_RISK} (again)", session_id=session_id, actor="Bo")
        shown = await shows(pilot, "(again)")
        assert "…" not in shown, shown
        assert shown.count("undercuts delivery") == 2, shown  # wrapped, not cut at 40
        table = app.screen.query_one("#risks", DataTable)
        assert not cut_on_the_right(table)
        # Many more: the list scrolls down, and its scrollbar cuts no column.
        for number in range(8):
            add_risk(store, plan_id, f"{LONG_RISK} ({number})", session_id=session_id)
        await shows(pilot, "(0)")
        await pilot.press("down")  # onto the list, to its last risk
        await pilot.press("ctrl+end")
        await shows(pilot, "(7)")
        assert not cut_on_the_right(table)


async def test_an_idea_is_shown_as_typed_not_as_markup(app, store, brainstorming_session,
                                                       clock):
    session_id = brainstorming_session
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        round_id = list_rounds(store, session_id=session_id)[0].id
        await pilot.press("ctrl+t")
        add_idea(store, round_id, "Cut [bold]prices[/] for [b] customers", "Ana", now=clock())
        await shows(pilot, "Cut [bold]prices[/] for [b] customers")


async def test_two_ideas_typed_in_one_burst_are_saved_as_typed(app, store,
                                                               brainstorming_session, clock):
    """A fast typist (or keys piled up behind a busy moment): Enter sends the idea typed
    before it, and what follows is the next idea, whole (the Enter used to reach the entry
    after the next idea's letters: both ideas were saved as the two run together)."""
    from tests.tui.test_input_is_never_lost import type_while_busy

    session_id = brainstorming_session
    async with app.run_test(size=(80, 24)) as pilot:
        await open_brainstorming(app, pilot, session_id)
        await pilot.press("ctrl+t")
        round_id = list_rounds(store, session_id=session_id)[0].id
        await type_while_busy(app, pilot, "Match prices for top accounts", "enter",
                              "Bundle service with price", "enter", "Call lapsed")
        await shows(pilot, "Bundle service with price")
        assert [idea.text for idea in list_ideas(store, round_id)] == [
            "Match prices for top accounts", "Bundle service with price"]
        assert app.screen.query_one("#new-idea").value == "Call lapsed"  # still being typed


async def test_two_risks_typed_in_one_burst_are_saved_as_typed(app, store, plan_id):
    from facilitation.contingency.risks import list_risks
    from tests.tui.test_input_is_never_lost import type_while_busy

    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 2)  # risk listing
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "Type a risk")
        await type_while_busy(app, pilot, "Warehouse flood", "enter", "Truck drivers strike",
                              "enter", "Port")
        await shows(pilot, "Truck drivers strike")
        assert [risk.title for risk in list_risks(store, plan_id)] == [
            "Warehouse flood", "Truck drivers strike"]
        assert app.screen.query_one("#new-risk").value == "Port"  # still being typed
