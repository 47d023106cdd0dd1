"""Live sessions: join codes, participants, presence, the facilitator's role, lead, locks,
private rounds, participants' writes, and many processes writing at once."""

from __future__ import annotations

import multiprocessing
from datetime import timedelta

import pytest

from facilitation.contingency.risks import list_risks
from facilitation.ideas.brainstorm import add_idea, add_round, list_ideas, start_round
from facilitation.ideas.scoring import scores_of
from facilitation.live.contributions import (
    ParticipationError,
    contribute_idea,
    contribute_risk,
    contribute_score,
    current_round,
    my_scores,
    participant_step,
)
from facilitation.live.join_codes import (
    JoinError,
    current_code,
    join_code,
    normalise_code,
    regenerate_code,
    session_by_code,
)
from facilitation.live.leading import is_locked, lock_step, set_leading
from facilitation.live.private_rounds import (
    hidden_count,
    reveal_round,
    set_private,
    visible_ideas,
)
from facilitation.live.roster import (
    PRESENCE_SECONDS,
    get_participant,
    hand_over,
    join_session,
    leave_session,
    list_participants,
    remove_participant,
    touch_presence,
)
from facilitation.store.database import Store
from facilitation.store.events import read_events
from facilitation.store.replay import LIVE_STATE_TABLES, replay
from facilitation.workshop.sessions import end_session, get_session, go_to_step

from .live_session import (  # noqa: F401  (the fixtures `session_id` and `code`)
    BRAINSTORM,
    RISKS,
    SCORING,
    T0,
    code,
    session_id,
    start_brainstorm_round,
)


def test_a_join_code_is_short_and_forgiving_to_type(store, session_id, code):
    assert len(code) == 7 and code[3] == "-"
    assert normalise_code(code.lower().replace("-", " ")) == code
    assert session_by_code(store, code).id == session_id
    assert join_code(store, session_id) == code  # asked again: the same code


def test_a_regenerated_code_replaces_the_old_one(store, session_id, code):
    new = regenerate_code(store, session_id)
    assert new != code and session_by_code(store, new).id == session_id
    with pytest.raises(JoinError, match="no session has the join code"):
        session_by_code(store, code)


def test_the_code_expires_when_the_session_ends(store, session_id, code):
    end_session(store, session_id, now=T0 + timedelta(hours=1))
    assert current_code(store, session_id) is None
    with pytest.raises(JoinError, match="has ended"):
        join_session(store, code, "Ana")


def test_a_code_that_is_not_one_gets_a_clear_message(store):
    with pytest.raises(JoinError, match="looks like KTX-482"):
        normalise_code("hello")


def test_joining_records_the_participant_once_with_an_event(store, session_id, code):
    join_session(store, code, "Ana", now=T0)
    join_session(store, code, " ana ", now=T0 + timedelta(minutes=1))  # a reconnect
    people = list_participants(store, session_id)
    assert [p.name for p in people] == ["Ana"]
    assert [e.kind for e in read_events(store, session_id=session_id)].count(
        "participant.joined") == 1
    assert "Ana" in get_session(store, session_id).participants


def test_a_blank_name_is_refused(store, code):
    with pytest.raises(JoinError, match="type your name"):
        join_session(store, code, "   ")


def test_presence_rides_the_change_feed_with_a_throttled_last_seen(store, session_id, code):
    join_session(store, code, "Ana", now=T0)
    kinds = lambda: [e.kind for e in read_events(store, session_id=session_id)]  # noqa: E731
    before = len(kinds())
    # Stamped less than a minute ago: nothing is written.
    assert not touch_presence(store, session_id, "Ana", now=T0 + timedelta(seconds=30))
    assert len(kinds()) == before
    assert touch_presence(store, session_id, "Ana",
                          now=T0 + timedelta(seconds=PRESENCE_SECONDS))
    assert kinds()[-1] == "participant.seen"
    ana = get_participant(store, session_id, "Ana")
    assert ana.last_seen_at.startswith("2027-01-10T09:01:00")
    assert ana.is_online(T0 + timedelta(seconds=90))
    assert not ana.is_online(T0 + timedelta(minutes=5))  # a view that died without leaving


def test_leaving_shows_at_once_and_coming_back_shows_again(store, session_id, code):
    join_session(store, code, "Ana", now=T0)
    leave_session(store, session_id, "Ana", now=T0 + timedelta(seconds=10))
    ana = get_participant(store, session_id, "Ana")
    assert ana.left_at is not None and not ana.is_online(T0 + timedelta(seconds=11))
    assert not touch_presence(store, session_id, "Ana", now=T0 + timedelta(minutes=2))
    join_session(store, code, "Ana", now=T0 + timedelta(minutes=3))
    assert get_participant(store, session_id, "Ana").is_online(T0 + timedelta(minutes=3))
    assert [e.kind for e in read_events(store, session_id=session_id)][-3:] == [
        "participant.joined", "participant.left", "participant.arrived"]


def test_a_removed_participant_can_neither_write_nor_join_again(store, session_id, code):
    join_session(store, code, "Ana")
    with pytest.raises(JoinError, match="only the facilitator"):
        remove_participant(store, session_id, "Ana", by="Ana")
    remove_participant(store, session_id, "Ana", by="Fran")
    with pytest.raises(JoinError, match="removed Ana"):
        join_session(store, code, "Ana")
    go_to_step(store, session_id, RISKS)
    with pytest.raises(ParticipationError, match="removed you"):
        contribute_risk(store, session_id, "Ana", RISKS, "Price war")


def test_the_role_is_handed_over_explicitly_to_a_named_participant(store, session_id, code):
    join_session(store, code, "Ana")
    with pytest.raises(JoinError, match="only the facilitator"):
        hand_over(store, session_id, "Ana", by="Ana")  # never taken
    with pytest.raises(JoinError, match="not a participant"):
        hand_over(store, session_id, "Bob", by="Fran")
    hand_over(store, session_id, "Ana", by="Fran")
    session = get_session(store, session_id)
    assert session.facilitator == "Ana" and "Fran" in session.participants
    event = read_events(store, session_id=session_id)[-1]
    assert (event.kind, event.payload["from"], event.payload["to"]) == (
        "session.facilitator_handed_over", "Fran", "Ana")
    assert {p.name: p.is_facilitator for p in list_participants(store, session_id)} == {
        "Ana": True, "Fran": False}


def test_participants_follow_the_facilitator_while_they_lead(store, session_id, code):
    session = join_session(store, code, "Ana")
    assert participant_step(store, session, wanted=5) == 0
    set_leading(store, session_id, False, by="Fran")
    assert participant_step(store, get_session(store, session_id), wanted=5) == 5


def test_a_participant_adds_risks_only_in_risk_listing(store, session_id, code, plan_id):
    join_session(store, code, "Ana")
    with pytest.raises(ParticipationError, match="moved on|does not take"):
        contribute_risk(store, session_id, "Ana", RISKS, "Price war")
    go_to_step(store, session_id, RISKS)
    contribute_risk(store, session_id, "Ana", RISKS, "Price war")
    assert [r.title for r in list_risks(store, plan_id)] == ["Price war"]
    assert read_events(store)[-1].actor == "Ana"


def test_a_locked_step_is_read_only_for_participants(store, session_id, code, plan_id):
    join_session(store, code, "Ana")
    go_to_step(store, session_id, RISKS)
    lock_step(store, session_id, RISKS, by="Fran")
    assert is_locked(store, session_id, RISKS)
    with pytest.raises(ParticipationError, match="locked"):
        contribute_risk(store, session_id, "Ana", RISKS, "Price war")
    lock_step(store, session_id, RISKS, False, by="Fran")
    contribute_risk(store, session_id, "Ana", RISKS, "Price war")


@pytest.fixture
def running_round(store, session_id, plan_id, code):
    round_id = start_brainstorm_round(store, plan_id, session_id)
    for name in ("Ana", "Bob"):
        join_session(store, code, name)
    return round_id


def test_participants_add_ideas_in_the_running_round(store, session_id, running_round):
    assert current_round(store, session_id).id == running_round
    contribute_idea(store, session_id, "Ana", BRAINSTORM, running_round, "Call lapsed clients",
                    now=T0 + timedelta(seconds=5))
    assert [(i.text, i.author) for i in list_ideas(store, running_round)] == [
        ("Call lapsed clients", "Ana")]


def test_a_round_not_started_takes_no_participant_ideas(store, session_id, plan_id, code):
    go_to_step(store, session_id, BRAINSTORM)
    round_id = add_round(store, plan_id, "Gap?", session_id=session_id, now=T0)
    join_session(store, code, "Ana")
    with pytest.raises(ParticipationError, match="not started"):
        contribute_idea(store, session_id, "Ana", BRAINSTORM, round_id, "x", now=T0)


def test_a_private_round_shows_each_participant_only_their_ideas_until_revealed(
        store, session_id, running_round):
    set_private(store, running_round, True)
    later = T0 + timedelta(seconds=5)
    contribute_idea(store, session_id, "Ana", BRAINSTORM, running_round, "Ana's", now=later)
    contribute_idea(store, session_id, "Bob", BRAINSTORM, running_round, "Bob's", now=later)
    assert [i.text for i in visible_ideas(store, running_round, "Ana")] == ["Ana's"]
    assert hidden_count(store, running_round, "Ana") == 1
    assert len(visible_ideas(store, running_round, None)) == 2  # the facilitator
    assert reveal_round(store, running_round)
    assert [i.text for i in visible_ideas(store, running_round, "Ana")] == ["Ana's", "Bob's"]
    assert read_events(store)[-1].kind == "brainstorm.round_revealed"


def test_a_participant_reads_only_the_ideas_typed_since_the_last_one_shown(
        store, session_id, running_round):
    set_private(store, running_round, True)
    later = T0 + timedelta(seconds=5)
    first = contribute_idea(store, session_id, "Ana", BRAINSTORM, running_round, "Ana's",
                            now=later)
    contribute_idea(store, session_id, "Bob", BRAINSTORM, running_round, "Bob's", now=later)
    contribute_idea(store, session_id, "Ana", BRAINSTORM, running_round, "Ana's 2nd",
                    now=later)
    assert [i.text for i in list_ideas(store, running_round, after=first)] == [
        "Bob's", "Ana's 2nd"]
    assert [i.text for i in visible_ideas(store, running_round, "Ana", after=first)] == [
        "Ana's 2nd"]
    assert [i.text for i in visible_ideas(store, running_round, "Bob", after=first)] == [
        "Bob's"]
    assert hidden_count(store, running_round, "ana") == 1  # names in any case
    assert hidden_count(store, running_round, None) == 0   # the facilitator sees all


def test_an_anonymous_private_round_stores_no_author_yet_shows_mine(store, session_id,
                                                                    running_round):
    from facilitation.ideas.brainstorm import set_anonymous

    set_anonymous(store, running_round, True)
    set_private(store, running_round, True)
    later = T0 + timedelta(seconds=5)
    mine = contribute_idea(store, session_id, "Ana", BRAINSTORM, running_round, "Mine",
                           now=later)
    contribute_idea(store, session_id, "Bob", BRAINSTORM, running_round, "His", now=later)
    assert [i.author for i in list_ideas(store, running_round)] == [None, None]
    assert "Ana" not in str([e.payload for e in read_events(store)][-2:])
    assert [i.text for i in visible_ideas(store, running_round, "Ana", own_ids=[mine])] == [
        "Mine"]


def test_participants_give_their_own_scores(store, session_id, running_round):
    idea = add_idea(store, running_round, "Call lapsed clients", "Fran", now=T0)
    go_to_step(store, session_id, SCORING)
    contribute_score(store, session_id, "Ana", SCORING, idea, feasibility=4)
    contribute_score(store, session_id, "Ana", SCORING, idea, impact="5")
    contribute_score(store, session_id, "Bob", SCORING, idea, feasibility=2, impact=3)
    assert my_scores(store, session_id, "Ana") == {idea: (4, 5)}
    assert {r["participant"] for r in scores_of(store, [idea])[idea]} == {"Ana", "Bob"}


def test_replay_rebuilds_the_live_tables_and_presence(store, session_id, running_round):
    set_private(store, running_round, True)
    contribute_idea(store, session_id, "Ana", BRAINSTORM, running_round, "x",
                    now=T0 + timedelta(seconds=5))
    reveal_round(store, running_round)
    lock_step(store, session_id, 0, by="Fran")
    remove_participant(store, session_id, "Bob", by="Fran")
    hand_over(store, session_id, "Ana", by="Fran")
    leave_session(store, session_id, "Bob")
    rebuilt = replay(store)
    for table in ("sessions", "session_participants", "step_locks", "brainstorm_rounds",
                  "ideas", "presence"):
        assert [tuple(r) for r in rebuilt.execute(f"SELECT * FROM {table} ORDER BY id")] == [
            tuple(r) for r in store.conn.execute(f"SELECT * FROM {table} ORDER BY id")], table
    assert "presence" not in LIVE_STATE_TABLES


def _participant_process(db: str, session_id: int, name: str, round_id: int, count: int,
                         errors) -> None:
    store = Store.open(db, actor=name)
    try:
        for n in range(count):
            try:
                contribute_idea(store, session_id, name, BRAINSTORM, round_id, f"{name} {n}")
                if n % 10 == 0:
                    touch_presence(store, session_id, name)
            except Exception as exc:  # noqa: BLE001  (the test counts every failure)
                errors.put(f"{name}: {exc}")
    finally:
        store.close()


def test_many_processes_writing_at_once_lose_nothing(store, db_path, session_id, plan_id):
    go_to_step(store, session_id, BRAINSTORM)
    round_id = add_round(store, plan_id, "Gap?", session_id=session_id)
    start_round(store, round_id)
    context = multiprocessing.get_context("spawn")
    errors = context.Queue()
    names = [f"P{i}" for i in range(6)]
    processes = [context.Process(target=_participant_process,
                                 args=(str(db_path), session_id, name, round_id, 40, errors))
                 for name in names]
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=120)
    failures = []
    while not errors.empty():
        failures.append(errors.get())
    assert failures == []
    assert len(list_ideas(store, round_id)) == 6 * 40
    assert all(p.exitcode == 0 for p in processes)
