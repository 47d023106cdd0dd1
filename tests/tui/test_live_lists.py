"""A group typing at once: each idea reaches the participant's and the facilitator's lists as
one row more (the rows shown stay), without reading the round again; changes a view does not
show read nothing at all."""

from __future__ import annotations

from facilitation.contingency.risks import add_risk
from facilitation.ideas.brainstorm import add_idea, add_round, start_round
from facilitation.live.contributions import contribute_idea
from facilitation.live.roster import join_session
from facilitation.store.database import Store
from facilitation.store.events import last_seq
from facilitation.workshop.sessions import get_session, go_to_step
from spip_tui.participant import brainstorm_pane
from spip_tui.participant.app import ParticipantApp
from spip_tui.screens.session import SessionScreen
from spip_tui.steps.brainstorming import step as brainstorming_step

from .test_participant_view import (  # noqa: F401  (fixtures shared with the view's tests)
    BRAINSTORM,
    code,
    facilitator,
    running_round,
    session_id,
    wait_for,
)
from .test_session_screen import screen_text, type_text


def spy(monkeypatch, module, name: str) -> list:
    """Record the `after` each call of module.name asks for (0: the whole round)."""
    calls: list = []
    original = getattr(module, name)

    def recorded(*args, **kwargs):
        calls.append(kwargs.get("after", 0))
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, recorded)
    return calls


def rows(table) -> list[tuple[str, ...]]:
    return [tuple(str(cell) for cell in table.get_row_at(n)[:3]) for n in range(table.row_count)]


async def seen_everything(pilot, app, store) -> None:
    """Wait until the app's change feed has read every change committed so far."""
    await wait_for(pilot, lambda: app.change_feed.seen == last_seq(store))
    await pilot.pause()


async def test_the_group_s_ideas_are_rows_added_to_a_participant_s_list(
        store, session_id, code, facilitator, running_round, monkeypatch):
    join_session(facilitator, code, "Bo")
    first = contribute_idea(facilitator, session_id, "Bo", BRAINSTORM, running_round,
                            "Bundle service plans")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Bundle service plans" in screen_text(app))
        await seen_everything(pilot, app, store)  # Ana's own join, read before the spies
        table = app.screen.query_one("#ideas")
        shown = dict(table.rows)
        reads = spy(monkeypatch, brainstorm_pane, "visible_ideas")
        reactions = spy(monkeypatch, brainstorm_pane, "idea_reactions")
        second = contribute_idea(facilitator, session_id, "Bo", BRAINSTORM, running_round,
                                 "Call lapsed clients")
        await wait_for(pilot, lambda: table.row_count == 2)
        # Only what came after the idea shown was read; the row shown is the same row.
        assert reads == [first] and reactions == []
        assert all(table.rows[key] is row for key, row in shown.items())
        await type_text(pilot, "Visit the top ten")
        await pilot.press("enter")
        await wait_for(pilot, lambda: table.row_count == 3)
        await seen_everything(pilot, app, store)
        assert reads[:2] == [first, second] and set(reads[2:]) <= {second + 1}
        assert reactions == []
        assert rows(table) == [("1", "Bundle service plans", "Bo"),
                               ("2", "Call lapsed clients", "Bo"),
                               ("3", "Visit the top ten", "Ana")]
        assert "v votes (3 of 3 left)" in screen_text(app)


async def test_changes_a_participant_s_step_does_not_show_read_nothing_of_it(
        store, session_id, code, facilitator, running_round, monkeypatch):
    contribute_idea(facilitator, session_id, "Fran", BRAINSTORM, running_round,
                    "Bundle service plans")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "Bundle service plans" in screen_text(app))
        reads = spy(monkeypatch, brainstorm_pane, "visible_ideas")
        rounds = spy(monkeypatch, brainstorm_pane, "current_round")
        plan_id = get_session(store, session_id).plan_id
        add_risk(facilitator, plan_id, "Price war", session_id=session_id, actor="Fran")
        await seen_everything(pilot, app, store)
        assert reads == [] and rounds == []
        # Someone arriving changes the bar, not the round.
        join_session(facilitator, code, "Bo")
        await wait_for(pilot, lambda: "2 online" in screen_text(app))
        assert reads == [] and rounds == []
        # The round changing is read whole.
        from facilitation.ideas.brainstorm import pause_round

        pause_round(facilitator, running_round)
        await wait_for(pilot, lambda: reads == [0] and rounds != [])


async def test_the_facilitator_s_list_adds_the_group_s_ideas_as_rows(
        app, store, session_id, plan_id, code, db_path, monkeypatch):
    go_to_step(store, session_id, BRAINSTORM)
    round_id = add_round(store, plan_id, "How do we find the missing 12,400?",
                         session_id=session_id)
    start_round(store, round_id)
    first = add_idea(store, round_id, "Call lapsed clients", "Fran")
    participant = Store.open(db_path, actor="ana")
    join_session(participant, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await wait_for(pilot, lambda: "Call lapsed clients" in screen_text(app))
        # Changes from before the group types (Ana's join, what the step may write as it
        # opens) are read whole, once; the spies watch only the ideas that follow.
        await seen_everything(pilot, app, store)
        table = app.screen.query_one("#ideas")
        shown = dict(table.rows)
        reads = spy(monkeypatch, brainstorming_step, "list_ideas")
        reactions = spy(monkeypatch, brainstorming_step, "idea_reactions")
        for text in ("Bundle service plans", "Visit the top ten"):
            contribute_idea(participant, session_id, "Ana", BRAINSTORM, round_id, text)
        await wait_for(pilot, lambda: table.row_count == 3)
        assert reads and set(reads) <= {first, first + 1} and reactions == []
        assert all(table.rows[key] is row for key, row in shown.items())
        assert rows(table) == [("1", "Call lapsed clients", "Fran"),
                               ("2", "Bundle service plans", "Ana"),
                               ("3", "Visit the top ten", "Ana")]
    participant.close()


async def test_in_an_anonymous_private_round_a_participant_s_own_ideas_are_added_as_rows(
        store, session_id, code, facilitator, running_round):
    from facilitation.ideas.brainstorm import set_anonymous
    from facilitation.live.private_rounds import set_private

    set_anonymous(facilitator, running_round, True)
    set_private(facilitator, running_round, True)
    join_session(facilitator, code, "Bo")
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "0 from others so far" in screen_text(app))
        table = app.screen.query_one("#ideas")
        await type_text(pilot, "Mine")
        await pilot.press("enter")
        contribute_idea(facilitator, session_id, "Bo", BRAINSTORM, running_round, "His")
        await type_text(pilot, "Mine too")
        await pilot.press("enter")
        await wait_for(pilot, lambda: "1 from others so far" in screen_text(app)
                       and table.row_count == 2)
        await seen_everything(pilot, app, store)
        assert rows(table) == [("1", "Mine", "—"), ("2", "Mine too", "—")]


async def test_a_participant_who_waited_for_the_round_types_ideas_when_it_starts(
        store, session_id, code, facilitator, plan_id):
    """The view opened before the round started (the field took nothing, the focus fell on
    the list, where v votes and c comments): once it starts, every letter is the idea's."""
    from facilitation.ideas.brainstorm import list_ideas

    go_to_step(facilitator, session_id, BRAINSTORM)
    round_id = add_round(facilitator, plan_id, "How do we close the gap?",
                         session_id=session_id)
    app = ParticipantApp(store, code, "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: "has not started yet" in screen_text(app))
        start_round(facilitator, round_id)
        await wait_for(pilot, lambda: "Type an idea" in screen_text(app))
        await type_text(pilot, "vivid clever")
        await pilot.press("enter")
        await wait_for(pilot, lambda: list_ideas(store, round_id) != [])
    assert [i.text for i in list_ideas(store, round_id)] == ["vivid clever"]
