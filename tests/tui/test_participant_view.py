"""`spip join`'s participant view and the facilitator's live-session controls, driven from
the keyboard, with another connection playing the facilitator (or a participant) as another
process would."""

from __future__ import annotations

import time

import pytest
from textual.widgets import Input

from facilitation.contingency.risks import list_risks
from facilitation.ideas.brainstorm import add_idea, add_round, list_ideas, start_round
from facilitation.ideas.scoring import scores_of
from facilitation.live.contributions import contribute_idea, contribute_risk
from facilitation.live.join_codes import join_code
from facilitation.live.leading import lock_step
from facilitation.live.private_rounds import reveal_round, set_private
from facilitation.live.roster import join_session, list_participants, remove_participant
from facilitation.store.database import Store
from facilitation.store.events import read_events
from facilitation.workshop.sessions import get_session, go_to_step, start_session
from spip_tui.participant.app import ParticipantApp
from spip_tui.screens.session import SessionScreen

from ..facilitation.live_session import (  # noqa: F401  (the fixture `code`)
    BRAINSTORM,
    RISKS,
    SCORING,
    SCRIPT,
    code,
)
from .test_keys_shown_80x24 import footer_shows
from .test_session_screen import screen_text, type_text


@pytest.fixture
def session_id(store, plan_id):
    """Fran's session, started now (the view's clock and presence run on the real one)."""
    return start_session(store, plan_id, SCRIPT, "Fran")


@pytest.fixture
def facilitator(db_path):
    """The facilitator's own connection (another process, as far as SQLite can tell)."""
    other = Store.open(db_path, actor="fran")
    yield other
    other.close()


async def wait_for(pilot, condition, seconds: float = 10.0) -> None:
    """Let the app run until `condition()` holds (the view refreshes on its own)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the view did not show the change in time"
        await pilot.pause(0.05)


async def test_the_join_form_refuses_a_wrong_code_then_joins(store, session_id, code):
    app = ParticipantApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_text(pilot, "ABC-123")
        await pilot.press("enter")
        await type_text(pilot, "Ana")
        await pilot.press("enter")
        await pilot.pause()
        assert "no session has the join code ABC-123" in screen_text(app)
        app.screen.query_one("#code", Input).value = code.lower()
        app.screen.query_one("#name", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(app)
        assert "you: Ana" in text and "1. Past performance" in text
        assert [p.name for p in list_participants(store, session_id)] == ["Ana"]


async def test_the_participant_follows_the_facilitator_without_a_key(
        store, session_id, code, facilitator):
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        go_to_step(facilitator, session_id, RISKS)
        await wait_for(pilot, lambda: "3. Risk listing" in screen_text(app)
                       and isinstance(app.focused, Input))
        await type_text(pilot, "Warehouse strike")
        await pilot.press("enter")
        await pilot.pause()
        assert [r.title for r in list_risks(store, get_session(store, session_id).plan_id)] == [
            "Warehouse strike"]
        assert read_events(store)[-1].actor == "Ana"
        assert "Warehouse strike" in screen_text(app)


async def test_a_locked_step_takes_nothing_from_the_participant(
        store, session_id, code, facilitator):
    go_to_step(facilitator, session_id, RISKS)
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        lock_step(facilitator, session_id, RISKS, by="Fran")
        await wait_for(pilot, lambda: "read-only" in screen_text(app))
        await type_text(pilot, "Price war")
        await pilot.press("enter")
        await pilot.pause()
        assert list_risks(store, get_session(store, session_id).plan_id) == []


@pytest.fixture
def running_round(facilitator, session_id, plan_id):
    go_to_step(facilitator, session_id, BRAINSTORM)
    round_id = add_round(facilitator, plan_id, "How do we find the missing 12,400?",
                         session_id=session_id)
    start_round(facilitator, round_id)
    return round_id


async def test_ideas_of_the_group_arrive_and_a_private_round_hides_them_until_revealed(
        store, session_id, code, facilitator, running_round):
    set_private(facilitator, running_round, True)
    join_session(facilitator, code, "Bo")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "⏱" in screen_text(app))
        assert "How do we find the missing 12,400?" in screen_text(app)
        await type_text(pilot, "Call lapsed clients")
        await pilot.press("enter")
        await pilot.pause()
        contribute_idea(facilitator, session_id, "Bo", BRAINSTORM, running_round,
                        "Bundle service plans")
        await wait_for(pilot, lambda: "1 from others so far" in screen_text(app))
        assert "Bundle service plans" not in screen_text(app)
        assert "Call lapsed clients" in screen_text(app)
        reveal_round(facilitator, running_round, actor="Fran")
        await wait_for(pilot, lambda: "Bundle service plans" in screen_text(app))
    assert [(i.text, i.author) for i in list_ideas(store, running_round)] == [
        ("Call lapsed clients", "Ana"), ("Bundle service plans", "Bo")]


async def test_the_participant_scores_ideas_with_two_digits(
        store, session_id, code, facilitator, running_round):
    first = add_idea(facilitator, running_round, "Call lapsed clients", "Fran")
    second = add_idea(facilitator, running_round, "Bundle service plans", "Fran")
    go_to_step(facilitator, session_id, SCORING)
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Bundle service plans" in screen_text(app))
        await pilot.press("4", "5", "2", "3")
        await pilot.pause()
    scores = scores_of(store, [first, second])
    assert [(r["participant"], r["feasibility"], r["impact"]) for r in scores[first]] == [
        ("Ana", 4, 5)]
    assert [(r["participant"], r["feasibility"], r["impact"]) for r in scores[second]] == [
        ("Ana", 2, 3)]


async def test_a_removed_participant_sees_it_and_can_write_no_more(
        store, session_id, code, facilitator):
    go_to_step(facilitator, session_id, RISKS)
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        remove_participant(facilitator, session_id, "Ana", by="Fran")
        await wait_for(pilot, lambda: "removed you" in screen_text(app))
        await pilot.pause()
        assert not app.screen.query(Input)


async def test_the_participant_view_reaches_nothing_beyond_its_session(store, session_id, code):
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        await pilot.press("ctrl+p", "escape", "f8")
        await pilot.pause()
        assert app.screen is screen  # no palette, no other screen
        await pilot.press("f1")                     # help on taking part, and only that
        await wait_for(pilot, lambda: "Taking part" in screen_text(app))
        assert "Plans (home)" not in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert get_session(store, session_id).current_step_index == 0  # cannot move the group


# --- the facilitator's controls -----------------------------------------------------------

async def test_the_facilitator_sees_the_code_and_who_is_connected_and_locks_the_step(
        app, store, session_id, code, db_path):
    participant = Store.open(db_path, actor="ana")
    join_session(participant, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        assert f"join {code}" in screen_text(app)
        await pilot.press("f10")
        await pilot.pause()
        text = screen_text(app)
        # Ana was seen when she joined (online, or seconds ago on a slow machine).
        assert f"Join code {code}" in text and "Ana" in text
        assert "online" in text or " s ago" in text
        # At 80 columns the footer shows whole labels; every key is listed in the dialog.
        footer = await footer_shows(pilot, "esc Close")
        labels = {"esc Close", "l Lock", "f Lead", "p Private", "v Reveal", "x Remove",
                  "h Hand over", "r New code"}
        assert set(footer.strip().split("  ")) <= labels, footer
        assert "h hand over · r new code" in screen_text(app)
        await pilot.press("l")
        await pilot.pause()
        assert "locked (read-only for participants)" in screen_text(app)
        await pilot.press("x", "y")
        await pilot.pause()
        assert list_participants(store, session_id)[0].is_removed
        await pilot.press("r")
        await pilot.pause()
        assert join_code(store, session_id) != code
    participant.close()
    kinds = [e.kind for e in read_events(store, session_id=session_id)]
    assert {"session.step_locked", "participant.removed"} <= set(kinds)


async def test_handing_the_role_over_makes_the_facilitator_screen_follow(
        app, store, session_id, code, db_path):
    participant = Store.open(db_path, actor="ana")
    join_session(participant, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = SessionScreen(session_id)
        app.push_screen(screen)
        await pilot.pause()
        await pilot.press("f10", "h")
        await pilot.pause()
        assert "Hand the facilitator's role to Ana?" in screen_text(app)
        await pilot.press("y", "escape")
        await pilot.pause()
        assert get_session(store, session_id).facilitator == "Ana"
        await wait_for(pilot, lambda: not screen.facilitator)
        await pilot.press("f8")
        await pilot.pause()
        assert get_session(store, session_id).current_step_index == 0
    participant.close()


async def test_the_new_facilitator_leads_from_the_participant_view(
        store, session_id, code, facilitator):
    from facilitation.live.roster import hand_over

    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        hand_over(facilitator, session_id, "Ana", by="Fran")
        await wait_for(pilot, lambda: "You lead the session now" in screen_text(app))
        await pilot.press("f8")
        await pilot.pause()
        assert get_session(store, session_id).current_step_index == 1


async def test_the_facilitator_makes_the_round_private_and_reveals_it(
        app, store, session_id, plan_id, code):
    from facilitation.live.private_rounds import is_private

    go_to_step(store, session_id, BRAINSTORM)
    round_id = add_round(store, plan_id, "How do we find the missing 12,400?",
                         session_id=session_id)
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await wait_for(pilot, lambda: "How do we find the missing" in screen_text(app))
        await pilot.press("f10", "p", "escape")
        await pilot.pause()
        assert is_private(store, round_id)
        await wait_for(pilot, lambda: "PRIVATE until revealed" in screen_text(app))
        await pilot.press("f10", "v", "escape")
        await pilot.pause()
        assert not is_private(store, round_id)


async def test_the_participant_reads_each_idea_whole_when_scoring(
        store, session_id, code, facilitator, running_round):
    long_idea = ("Win back the accounts that ordered last year but not this year, starting "
                 "with the ten biggest")
    add_idea(facilitator, running_round, long_idea, "Fran")
    go_to_step(facilitator, session_id, SCORING)
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Win back the accounts" in screen_text(app))
        # Wrapped in its row at 80 columns, not cut: its last words are on screen.
        assert "but not this year, starting with the ten" in screen_text(app)
        assert "…" not in screen_text(app)


async def test_the_idea_list_names_authors_whole(
        store, session_id, code, facilitator, running_round):
    add_idea(facilitator, running_round, "Call lapsed clients", "Priya Raman")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Call lapsed clients" in screen_text(app))
        text = screen_text(app)
        assert "Priya Raman" in text


async def test_the_facilitator_s_bar_follows_people_joining_and_the_step_moving(
        app, store, session_id, code, facilitator):
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await wait_for(pilot, lambda: f"join {code} · 0 online" in screen_text(app))
        join_session(facilitator, code, "Ana")             # from Ana's terminal
        await wait_for(pilot, lambda: f"join {code} · 1 online" in screen_text(app))
        go_to_step(facilitator, session_id, RISKS)           # another terminal moves on
        await wait_for(pilot, lambda: f"{RISKS + 1}. Risk listing" in screen_text(app))


async def test_two_risks_a_participant_types_in_one_burst_are_saved_as_typed(
        store, session_id, code, facilitator):
    from tests.tui.test_input_is_never_lost import type_while_busy

    go_to_step(facilitator, session_id, RISKS)
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "3. Risk listing" in screen_text(app)
                       and isinstance(app.focused, Input))
        await type_while_busy(app, pilot, "Warehouse flood", "enter", "Drivers strike",
                              "enter", "Port")
        plan_id = get_session(store, session_id).plan_id
        await wait_for(pilot, lambda: len(list_risks(store, plan_id)) == 2)
        assert [r.title for r in list_risks(store, plan_id)] == [
            "Warehouse flood", "Drivers strike"]
        assert app.focused.value == "Port"  # still being typed


async def test_two_ideas_a_participant_types_in_one_burst_are_saved_as_typed(
        store, session_id, code, running_round):
    from tests.tui.test_input_is_never_lost import type_while_busy

    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "⏱" in screen_text(app)
                       and isinstance(app.focused, Input))
        await type_while_busy(app, pilot, "Call lapsed clients", "enter", "Bundle plans",
                              "enter", "Price")
        await wait_for(pilot, lambda: len(list_ideas(store, running_round)) == 2)
        assert [i.text for i in list_ideas(store, running_round)] == [
            "Call lapsed clients", "Bundle plans"]
        await pilot.pause()
        assert app.focused.value == "Price"  # still being typed


async def test_a_participant_reads_each_risk_whole_at_80_columns(
        store, session_id, code, facilitator):
    go_to_step(facilitator, session_id, RISKS)
    long_risk = ("Our biggest distributor renegotiates its margin before the spring "
                 "price list goes out")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "3. Risk listing" in screen_text(app))
        contribute_risk(facilitator, session_id, "Bo", RISKS, long_risk)
        await wait_for(pilot, lambda: "renegotiates" in screen_text(app))
        shown = " ".join(screen_text(app).split())
        assert "…" not in shown
        assert all(word in shown for word in long_risk.split())


async def test_a_comment_key_typed_with_the_arrow_to_the_risks_comments(
        store, session_id, code, facilitator):
    """↓ then c in one burst: the c comments on the risk (it went into the entry)."""
    from spip_tui.dialogs.text_prompt import TextPrompt
    from tests.tui.test_key_order import send_bytes
    from tests.tui.test_keys_while_moving import DOWN

    go_to_step(facilitator, session_id, RISKS)
    contribute_risk(facilitator, session_id, "Bo", RISKS, "Warehouse flood")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Warehouse flood" in screen_text(app)
                       and isinstance(app.focused, Input))
        await send_bytes(app, pilot, f"{DOWN}c")
        await wait_for(pilot, lambda: isinstance(app.screen, TextPrompt))
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#new-risk", Input).value == ""


async def test_a_vote_key_typed_with_the_arrow_to_the_ideas_votes(
        store, session_id, code, facilitator, running_round):
    """↓ then v in one burst: the v votes for the idea (it went into the idea entry)."""
    from tests.tui.test_key_order import send_bytes
    from tests.tui.test_keys_while_moving import DOWN

    contribute_idea(facilitator, session_id, "Bo", BRAINSTORM, running_round,
                    "Bundle service plans")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Bundle service plans" in screen_text(app)
                       and isinstance(app.focused, Input))
        await send_bytes(app, pilot, f"{DOWN}v")
        await wait_for(pilot, lambda: any(e.kind == "idea.voted" for e in read_events(store)))
        assert app.screen.query_one("#new-idea", Input).value == ""


async def test_the_participant_s_footer_shows_help_and_leave_at_80_columns(
        store, session_id, code, facilitator, running_round):
    from spip_tui.participant.app import PARTICIPANT_HELP_TOPIC

    contribute_idea(facilitator, session_id, "Bo", BRAINSTORM, running_round,
                    "Bundle service plans")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Bundle service plans" in screen_text(app))
        await pilot.press("down")                   # the list: its vote and comment keys
        footer = await footer_shows(pilot, "v Vote")
        for key in ("c Comment", "f1 Help", "^q Leave"):
            assert key in footer, footer
        await pilot.press("f1")
        await wait_for(pilot, lambda: PARTICIPANT_HELP_TOPIC in screen_text(app))
        await pilot.press("escape")
        await wait_for(pilot, lambda: "Bundle service plans" in screen_text(app))
