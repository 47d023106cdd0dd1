"""A replay cursor rebuilds the database at any event from the log alone, both ways, and
never writes to the file."""

from __future__ import annotations

import hashlib
import random
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitation.contingency.assessment import Assessment, assess_risk
from facilitation.contingency.risks import add_risk, delete_risk, move_risk
from facilitation.ideas.brainstorm import add_idea, add_round, delete_idea, edit_idea
from facilitation.ideas.scoring import set_score
from facilitation.ideas.strategies import add_strategy, delete_strategy, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic, set_tactic_status
from facilitation.plan.kpis import KpiInput, add_kpi, delete_kpi, record_actual, update_kpi
from facilitation.plan.plans import PlanInput, create_plan, rename_plan
from facilitation.plan.skills import SkillInput, add_skill, delete_skill
from facilitation.store.database import Store
from facilitation.store.replay import replay
from facilitation.store.replay_cursor import ReplayCursor
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from tests.facilitation.test_replay import data_tables, table_rows


def dump(conn) -> dict[str, list[tuple]]:
    return {table: table_rows(conn, table) for table in data_tables(conn)}


def ids(store: Store, table: str) -> list[int]:
    return [r[0] for r in store.query(f"SELECT id FROM [{table}] ORDER BY id")]


def pick(store: Store, table: str, n: int) -> int | None:
    found = ids(store, table)
    return found[n % len(found)] if found else None


TODAY = date(2027, 1, 10)
OPERATIONS = ["risk", "assess", "drop_risk", "move_risk", "round", "idea", "edit_idea",
              "drop_idea", "score", "strategy", "clarity", "drop_strategy", "tactic",
              "tactic_status", "kpi", "kpi_target", "drop_kpi", "actual", "skill",
              "drop_skill", "step", "rename"]


def do(store: Store, plan_id: int, session_id: int, name: str, n: int, m: int) -> None:
    """One domain operation, its arguments drawn from n and m; refused moves are skipped."""
    s = session_id
    if name == "risk":
        add_risk(store, plan_id, f"Risk {n}", session_id=s, actor=f"p{m % 3}")
    elif name == "assess" and (risk := pick(store, "risks", n)):
        assess_risk(store, risk, Assessment(n % 5 + 1, m % 5 + 1, 1000.0 * m, None,
                                            "reduce", f"seen {n}"), session_id=s)
    elif name == "drop_risk" and (risk := pick(store, "risks", n)):
        delete_risk(store, risk, session_id=s)
    elif name == "move_risk" and (risk := pick(store, "risks", n)):
        move_risk(store, risk, 1 if m % 2 else -1, session_id=s)
    elif name == "round":
        add_round(store, plan_id, f"How do we close gap {n}?", session_id=s,
                  anonymous=bool(m % 2))
    elif name == "idea" and (round_id := pick(store, "brainstorm_rounds", n)):
        add_idea(store, round_id, f"Idea {n} {m}", author=f"p{m % 3}")
    elif name == "edit_idea" and (idea := pick(store, "ideas", n)):
        edit_idea(store, idea, f"Idea {n} reworded {m}")
    elif name == "drop_idea" and (idea := pick(store, "ideas", n)):
        delete_idea(store, idea)
    elif name == "score" and (idea := pick(store, "ideas", n)):
        set_score(store, idea, f"p{m % 3}", feasibility=n % 5 + 1, impact=m % 5 + 1)
    elif name == "strategy":
        add_strategy(store, plan_id, f"Strategy {n}", session_id=s)
    elif name == "clarity" and (strategy := pick(store, "strategies", n)):
        take_clarity_test(store, strategy, bool(m % 2))
    elif name == "drop_strategy" and (strategy := pick(store, "strategies", n)):
        delete_strategy(store, strategy)
    elif name == "tactic" and (strategy := pick(store, "strategies", n)):
        add_tactic(store, strategy, TacticInput(f"Call {m} accounts", owner="Ana",
                                                due_date="2027-03-01"), today=TODAY)
    elif name == "tactic_status" and (tactic := pick(store, "tactics", n)):
        set_tactic_status(store, tactic, ("planned", "doing", "done", "dropped")[m % 4])
    elif name == "kpi":
        add_kpi(store, plan_id, KpiInput(f"Meetings {n}", unit="meetings", target=m + 1),
                session_id=s)
    elif name == "kpi_target" and (kpi := pick(store, "kpis", n)):
        update_kpi(store, kpi, KpiInput(f"Meetings {n}", unit="meetings", target=m + 2),
                   session_id=s)
    elif name == "drop_kpi" and (kpi := pick(store, "kpis", n)):
        delete_kpi(store, kpi, session_id=s)
    elif name == "actual" and (kpi := pick(store, "kpis", n)):
        record_actual(store, kpi, f"2027-0{m % 3 + 1}-01", m, session_id=s)
    elif name == "skill":
        add_skill(store, plan_id, SkillInput(f"Negotiation {n}", who="Joe"), session_id=s)
    elif name == "drop_skill" and (skill := pick(store, "skills", n)):
        delete_skill(store, skill, session_id=s)
    elif name == "step":
        go_to_step(store, s, n % 11)
    elif name == "rename":
        rename_plan(store, plan_id, f"North {n}")


operations = st.lists(st.tuples(st.sampled_from(OPERATIONS), st.integers(0, 20),
                                st.integers(0, 20)), min_size=1, max_size=40)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations, st.randoms(use_true_random=False))
def test_the_state_rebuilt_from_the_log_equals_the_tables_at_every_sampled_point(ops, rng):
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "spip.sqlite", actor="tester")
        plan_id = create_plan(store, PlanInput("territory", "North", "Priya", "2027-01",
                                               "2027-03", "1200000"))
        session_id = start_session(store, plan_id, get_script("full-plan"), "Priya", ["Ana"])
        seen: dict[int, dict] = {}
        for name, n, m in ops:
            try:
                do(store, plan_id, session_id, name, n, m)
            except (ValueError, KeyError):
                pass  # the domain refused the move: nothing was written
            seq = store.query("SELECT max(seq) FROM events")[0][0]
            seen[seq] = dump(store.conn)
        assert dump(replay(store)) == dump(store.conn)
        cursor = ReplayCursor.open(store.path, snapshot_every=3)
        # The cursor's points are every event (session or not); jump about in any order.
        by_seq = {event.seq: i for i, event in enumerate(cursor.points)}
        order = list(seen)
        rng.shuffle(order)
        for seq in order + order[:3]:
            cursor.jump(by_seq[seq])
            assert dump(cursor.conn) == seen[seq], seq
            cursor.step(-1)
            cursor.step(1)
            assert dump(cursor.conn) == seen[seq], seq
        cursor.close()
        store.close()


def file_digest(path: Path) -> str:
    return "".join(hashlib.sha256(p.read_bytes()).hexdigest()
                   for p in sorted(path.parent.glob(path.name + "*")))


def test_replaying_never_writes_to_the_database(store, plan_id):
    for n in range(5):
        add_risk(store, plan_id, f"Risk {n}")
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    before = file_digest(store.path)
    cursor = ReplayCursor.open(store.path)
    for position in (3, 0, -1, 5, 2):
        cursor.jump(position)
    # Writing to the replayed state changes memory only.
    cursor.conn.execute("DELETE FROM risks")
    cursor.close()
    assert file_digest(store.path) == before
    assert store.query("SELECT count(*) FROM risks")[0][0] == 5


def test_a_session_cursor_scrubs_its_own_events_and_sees_the_rest_of_the_log(store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Priya", ["Ana"])
    add_risk(store, plan_id, "Outside the session")         # no session: not a point
    first = add_risk(store, plan_id, "Key account leaves", session_id=session_id)
    add_risk(store, plan_id, "Recession", session_id=session_id)
    cursor = ReplayCursor.open(store.path, session_id=session_id)
    assert [e.kind for e in cursor.points] == ["session.started", "risk.added", "risk.added"]
    cursor.jump(1)
    titles = [r[0] for r in cursor.conn.execute("SELECT title FROM risks ORDER BY id")]
    assert titles == ["Outside the session", "Key account leaves"]
    assert cursor.event.payload["risk_id"] == first
    cursor.jump(-1)
    assert cursor.conn.execute("SELECT count(*) FROM sessions").fetchone()[0] == 0


def test_jumps_far_apart_agree_with_a_full_replay(store, plan_id):
    for n in range(60):
        risk = add_risk(store, plan_id, f"Risk {n}")
        if n % 3:
            assess_risk(store, risk, Assessment(n % 5 + 1, 2, None, None, None, ""))
    cursor = ReplayCursor.open(store.path, snapshot_every=10)
    rng = random.Random(4)
    for _ in range(25):
        position = rng.randrange(len(cursor.points))
        cursor.jump(position)
        expected = replay(store, upto=cursor.points[position].seq)
        assert dump(cursor.conn) == dump(expected)
