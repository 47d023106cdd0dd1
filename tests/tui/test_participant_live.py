"""The participant's view, continued: browsing with the facilitator's lead off (and only its
own session), following with it on, locked steps, writes that never hold up the keys, and
votes and comments arriving on every screen; presence on the facilitator's dialog."""

from __future__ import annotations

import sqlite3

from textual.widgets import Input

from facilitation.contingency.risks import add_risk
from facilitation.ideas.brainstorm import add_idea, add_round, list_ideas, start_round
from facilitation.live.comments import comment_on_idea, comments_on_ideas, comments_on_risks
from facilitation.live.leading import lock_step, set_leading
from facilitation.live.private_rounds import reveal_round, set_private
from facilitation.live.roster import join_session, leave_session
from facilitation.live.votes import round_vote_totals, toggle_vote
from facilitation.store.database import Store
from facilitation.workshop.sessions import get_session, go_to_step, start_session
from spip_tui.participant.app import ParticipantApp
from spip_tui.screens.session import SessionScreen

from .test_participant_view import (  # noqa: F401  (fixtures shared with the view's tests)
    BRAINSTORM,
    RISKS,
    SCORING,
    SCRIPT,
    code,
    facilitator,
    running_round,
    session_id,
    wait_for,
)
from .test_session_screen import screen_text, type_text


def step_title(app) -> str:
    return str(app.screen.query_one("#step-title").content)


# --- browsing and following -------------------------------------------------------------

async def test_with_the_lead_off_a_participant_moves_between_the_steps_of_their_session(
        store, session_id, code, facilitator, plan_id):
    other_session = start_session(facilitator, plan_id, SCRIPT, "Gus")
    set_leading(facilitator, session_id, False, by="Fran")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "lets you look around" in screen_text(app))
        await pilot.press("f8", "f8")
        await wait_for(pilot, lambda: step_title(app).startswith("3. Risk listing"))
        await pilot.press("f7")
        await wait_for(pilot, lambda: step_title(app).startswith("2."))
        for _ in range(len(SCRIPT.steps) + 3):  # past the last step: it stays there
            await pilot.press("f8")
        await wait_for(pilot, lambda: step_title(app).startswith(f"{len(SCRIPT.steps)}."))
        assert "the group is on step 1" in screen_text(app)
    # Looking around moves nobody: neither the group nor the other session.
    assert get_session(store, session_id).current_step_index == 0
    assert get_session(store, other_session).current_step_index == 0


async def test_with_the_lead_on_the_participant_follows_and_cannot_move(
        store, session_id, code, facilitator):
    set_leading(facilitator, session_id, False, by="Fran")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f8")
        await wait_for(pilot, lambda: step_title(app).startswith("2."))
        set_leading(facilitator, session_id, True, by="Fran")
        # The lead back on brings the view to the facilitator's step, without a key.
        await wait_for(pilot, lambda: step_title(app).startswith("1."))
        assert "Following Fran" in screen_text(app)
        await pilot.press("f8")
        await pilot.pause()
        assert step_title(app).startswith("1.")
        go_to_step(facilitator, session_id, RISKS)
        await wait_for(pilot, lambda: step_title(app).startswith("3. Risk listing"))


async def test_a_locked_step_is_read_only_while_looking_around(
        store, session_id, code, facilitator):
    set_leading(facilitator, session_id, False, by="Fran")
    lock_step(facilitator, session_id, RISKS, by="Fran")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f8", "f8")
        await wait_for(pilot, lambda: "read-only" in screen_text(app)
                       and step_title(app).startswith("3."))
        assert app.screen.query_one("#new-risk", Input).disabled
        lock_step(facilitator, session_id, RISKS, False, by="Fran")
        await wait_for(pilot, lambda: not app.screen.query_one("#new-risk", Input).disabled)
        await pilot.click("#new-risk")
        await type_text(pilot, "Price war")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Price war" in screen_text(app))


# --- writes off the UI thread -----------------------------------------------------------

async def test_a_locked_database_never_holds_up_the_keys_and_loses_nothing(
        store, session_id, code, running_round, db_path):
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "⏱" in screen_text(app))
        blocker = sqlite3.connect(db_path, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            await type_text(pilot, "Call lapsed clients")
            await pilot.press("enter")
            await type_text(pilot, "Bundle plans")
            await pilot.press("enter")
            await type_text(pilot, "Half typed")
            await pilot.pause()
            # The keys went on: the third idea is in the entry while nothing is saved yet.
            assert app.screen.query_one("#new-idea", Input).value == "Half typed"
            assert list_ideas(store, running_round) == []
            assert app.screen.unsaved == 2
        finally:
            blocker.execute("COMMIT")
            blocker.close()
        await wait_for(pilot, lambda: len(list_ideas(store, running_round)) == 2)
        await wait_for(pilot, lambda: "Bundle plans" in screen_text(app))
    assert [i.text for i in list_ideas(store, running_round)] == [
        "Call lapsed clients", "Bundle plans"]


# --- votes and comments -------------------------------------------------------------------

async def test_a_participant_votes_and_comments_and_sees_the_groups(
        store, session_id, code, facilitator, running_round):
    first = add_idea(facilitator, running_round, "Call lapsed clients", "Fran")
    second = add_idea(facilitator, running_round, "Bundle service plans", "Fran")
    join_session(facilitator, code, "Bo")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Bundle service plans" in screen_text(app))
        await pilot.press("down")  # from the entry to the list (cursor on the newest)
        await pilot.press("v")
        await wait_for(pilot, lambda: round_vote_totals(store, running_round) == {second: 1})
        await wait_for(pilot, lambda: "1 ✓" in screen_text(app) and "2 of 3 left"
                       in screen_text(app))
        await pilot.press("c")
        await pilot.pause()
        await type_text(pilot, "Needs a price list")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Ana: Needs a price list" in screen_text(app))
        # Bo's vote and comment (another process) arrive without a key.
        toggle_vote(facilitator, session_id, "Bo", BRAINSTORM, first)
        comment_on_idea(facilitator, session_id, "Bo", BRAINSTORM, first, "Easy win")
        await pilot.press("up")
        await wait_for(pilot, lambda: "Bo: Easy win" in screen_text(app))
        # v again takes Ana's vote back; letters other than v/c still go to the entry.
        await pilot.press("down", "v")
        await wait_for(pilot, lambda: round_vote_totals(store, running_round) == {first: 1})
    assert [c.line for c in comments_on_ideas(store, [second])[second]] == [
        "Ana: Needs a price list"]


async def test_votes_wait_for_the_reveal_of_a_private_round(
        store, session_id, code, facilitator, running_round):
    set_private(facilitator, running_round, True)
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "⏱" in screen_text(app))
        await type_text(pilot, "Call lapsed clients")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Call lapsed clients" in screen_text(app))
        await pilot.press("down", "v")
        await wait_for(pilot, lambda: any("reveals" in n.message for n in app._notifications))
        assert round_vote_totals(store, running_round) == {}
        reveal_round(facilitator, running_round, actor="Fran")
        await wait_for(pilot, lambda: "of 3 left" in screen_text(app))
        await pilot.press("v")
        await wait_for(pilot, lambda: len(round_vote_totals(store, running_round)) == 1)


async def test_a_participant_comments_on_a_risk(store, session_id, code, facilitator, plan_id):
    go_to_step(facilitator, session_id, RISKS)
    risk = add_risk(facilitator, plan_id, "Price war", session_id=session_id, actor="Fran")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Price war" in screen_text(app))
        await pilot.press("down", "c")
        await pilot.pause()
        await type_text(pilot, "Already in the South")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "Ana: Already in the South" in screen_text(app))
    assert [c.line for c in comments_on_risks(store, [risk])[risk]] == [
        "Ana: Already in the South"]


async def test_the_participant_votes_in_scoring(store, session_id, code, facilitator,
                                                running_round):
    idea = add_idea(facilitator, running_round, "Call lapsed clients", "Fran")
    go_to_step(facilitator, session_id, SCORING)
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Call lapsed clients" in screen_text(app))
        await pilot.press("v")
        await wait_for(pilot, lambda: round_vote_totals(store, running_round) == {idea: 1})
        await wait_for(pilot, lambda: "1 ✓" in screen_text(app))


# --- the facilitator's screen -------------------------------------------------------------

async def test_the_facilitator_sees_votes_and_comments_as_they_arrive(
        app, store, session_id, plan_id, code, db_path):
    go_to_step(store, session_id, BRAINSTORM)
    round_id = add_round(store, plan_id, "How do we find the missing 12,400?",
                         session_id=session_id)
    start_round(store, round_id)
    idea = add_idea(store, round_id, "Call lapsed clients", "Fran")
    participant = Store.open(db_path, actor="ana")
    join_session(participant, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await wait_for(pilot, lambda: "Call lapsed clients" in screen_text(app))
        toggle_vote(participant, session_id, "Ana", BRAINSTORM, idea)
        comment_on_idea(participant, session_id, "Ana", BRAINSTORM, idea, "Start with Q1")
        await wait_for(pilot, lambda: "Ana: Start with Q1" in screen_text(app))
        table = app.screen.query_one("#ideas")
        row = table.get_row(str(idea))
        assert (str(row[1]), row[3]) == ("Call lapsed clients · 1 comment", "1")
    participant.close()


async def test_the_presence_dialog_follows_arrivals_and_leavings_without_polling(
        app, store, session_id, code, db_path, monkeypatch):
    from spip_tui.dialogs import live_session

    reads = []
    original = live_session.list_participants
    monkeypatch.setattr(live_session, "list_participants",
                        lambda *args: reads.append(1) or original(*args))
    participant = Store.open(db_path, actor="ana")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await pilot.press("f10")
        await pilot.pause()
        assert "Ana" not in screen_text(app)
        join_session(participant, code, "Ana")
        await wait_for(pilot, lambda: "Ana" in screen_text(app) and "online" in
                       screen_text(app))
        leave_session(participant, session_id, "Ana")
        await wait_for(pilot, lambda: "left " in screen_text(app))
        # Nothing re-reads the roster on a clock any more (it did every second).
        reads.clear()
        await pilot.pause(2.5)
        assert reads == []
    participant.close()


async def test_the_presence_dialog_acts_on_the_person_highlighted_while_others_arrive(
        app, store, session_id, code, db_path):
    from facilitation.live.roster import list_participants

    participant = Store.open(db_path, actor="ana")
    join_session(participant, code, "Ana")
    join_session(participant, code, "Bo")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await pilot.press("f10")
        await wait_for(pilot, lambda: "Bo" in screen_text(app))
        await pilot.press("down")
        join_session(participant, code, "Cy")   # the roster is read again, Bo kept in hand
        await wait_for(pilot, lambda: "Cy" in screen_text(app))
        await pilot.press("x")
        await wait_for(pilot, lambda: "Remove Bo from the session?" in screen_text(app))
        await pilot.press("y")
        await wait_for(pilot, lambda: "removed" in screen_text(app))
        removed = {p.name for p in list_participants(store, session_id) if p.is_removed}
        assert removed == {"Bo"}
    participant.close()
