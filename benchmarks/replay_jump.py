"""Replay: jumping to any point of a 10,000-event session, and one scrub step.

Run: python benchmarks/replay_jump.py [--events 10000] [--jumps 200]
Builds the demo database in a temporary folder, adds a session of `--events` events on
the North plan (risks listed and assessed, rounds, ideas, scores, strategies, clarity
tests, tactics, KPIs, step moves), then times:
- opening the replay (reading and parsing the log, one pass that takes snapshots);
- jumps to random points (median, p95, max), against the baseline of rebuilding the
  state from the first event (`replay(store, upto=...)`) for a few of the same points;
- a scrub step: one event forward or back plus building what the screen shows
  (the work the replay screen's worker does per key press or playback tick).
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from facilitation.contingency.assessment import Assessment, assess_risk
from facilitation.contingency.risks import add_risk
from facilitation.demo.build import build_demo
from facilitation.ideas.brainstorm import add_idea, add_round
from facilitation.ideas.scoring import set_score
from facilitation.ideas.strategies import add_strategy, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic
from facilitation.plan.kpis import KpiInput, add_kpi
from facilitation.plan.plans import find_plan
from facilitation.retrospective.session_replay import SessionReplay
from facilitation.store.replay import replay
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session


def big_session(store, events: int) -> int:
    """A session of about `events` events of every kind a workshop makes."""
    plan = find_plan(store, "North")
    session_id = start_session(store, plan.id, get_script("full-plan"), "Priya", ["Ana"])
    rng = random.Random(1)
    risks, ideas, strategies = [], [], []
    round_id = add_round(store, plan.id, "How do we close the gap?", session_id=session_id)
    made = 2
    while made < events:
        choice = rng.random()
        if choice < 0.15 or not risks:
            risks.append(add_risk(store, plan.id, f"Risk {made}", session_id=session_id))
        elif choice < 0.3:
            assess_risk(store, rng.choice(risks), Assessment(rng.randint(1, 5),
                        rng.randint(1, 5), 1000.0, None, "reduce", ""), session_id=session_id)
        elif choice < 0.5 or not ideas:
            ideas.append(add_idea(store, round_id, f"Idea {made}", author="Ana"))
        elif choice < 0.7:
            set_score(store, rng.choice(ideas), f"p{rng.randint(1, 6)}",
                      feasibility=rng.randint(1, 5), impact=rng.randint(1, 5))
        elif choice < 0.78 or not strategies:
            strategies.append(add_strategy(store, plan.id, f"Strategy {made}",
                                           session_id=session_id))
        elif choice < 0.85:
            take_clarity_test(store, rng.choice(strategies), rng.random() < 0.7)
        elif choice < 0.93:
            strategy = rng.choice(strategies)
            take_clarity_test(store, strategy, True)
            add_tactic(store, strategy, TacticInput(
                f"Tactic {made}", owner="Ana", due_date="2030-01-01"), today=date(2027, 1, 1))
        elif choice < 0.97:
            add_kpi(store, plan.id, KpiInput(f"KPI {made}", unit="calls", target=10),
                    session_id=session_id)
        else:
            go_to_step(store, session_id, rng.randrange(11))
        made += 1
    return session_id


def ms(seconds: list[float]) -> str:
    ordered = sorted(seconds)
    p95 = ordered[max(0, int(len(ordered) * 0.95) - 1)]
    return (f"median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms   "
            f"max {ordered[-1] * 1000:7.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--jumps", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = build_demo(Path(folder) / "demo.sqlite")
        started = time.perf_counter()
        session_id = big_session(store, args.events)
        print(f"built a session of {args.events} events in {time.perf_counter() - started:.0f} s")

        started = time.perf_counter()
        session = SessionReplay(store.path, session_id)
        print(f"open the replay (read, parse, snapshots): "
              f"{(time.perf_counter() - started) * 1000:.0f} ms, {len(session)} events")

        rng = random.Random(2)
        targets = [rng.randrange(len(session)) for _ in range(args.jumps)]
        jumps = []
        for target in targets:
            started = time.perf_counter()
            session.cursor.jump(target)
            jumps.append(time.perf_counter() - started)
        print(f"jump to a random event:        {ms(jumps)}")

        baseline = []
        for target in targets[:5]:
            started = time.perf_counter()
            replay(store, upto=session.points[target].seq).close()
            baseline.append(time.perf_counter() - started)
        print(f"baseline, replay from scratch: {ms(baseline)}")
        print(f"jump is {statistics.median(baseline) / statistics.median(jumps):.0f}x faster "
              f"(median); max jump {max(jumps) * 1000:.1f} ms against the 100 ms bar")

        steps = []
        session.jump(len(session) // 2)
        for n in range(args.jumps):
            started = time.perf_counter()
            session.step(1 if n % 3 else -1)
            steps.append(time.perf_counter() - started)
        print(f"scrub step (event + view):     {ms(steps)}")
        session.close()
        store.close()


if __name__ == "__main__":
    main()
