"""Latency of the change feed: from a commit in another process to `app.changes` firing.

Another process (this script with --write) renames a plan at irregular intervals and
prints, for each commit, its event sequence number and the wall-clock time just after
COMMIT returned; the app (headless, on its home screen, which refreshes on every change
as in real use) records when each sequence number reached a subscriber of `app.changes`.
The baseline in the same run is the app's CPU use while idle with the feed's poll
stopped, against the same with it running.

Run:  python benchmarks/change_feed.py [--commits 300] [--interval 0.1]

Measured (2026-11-27, 2 cores shared by eight engineers' test runs, load average ~26,
so these figures are mostly CPU starvation; the poll alone adds 0-50 ms):
  100 commits, normal priority: p50 57.6 ms, p95 217.5 ms, max 256 ms; none missed.
  200 commits, nice -n 10:      p50 172.9 ms, p95 585.9 ms, max 903 ms; none missed.
  Idle CPU of the app: 1.5-1.8 % with the feed polling, 0.06-0.08 % with it stopped.
The goal (p95 <= 150 ms) is not shown met on this loaded machine; measure again idle.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitation.plan.plans import PlanInput, create_plan, rename_plan  # noqa: E402
from facilitation.store.database import Store  # noqa: E402
from facilitation.store.events import ChangeBatch, last_seq  # noqa: E402

GOAL_P95_MS = 150
IDLE_SECONDS = 5.0


def write(db: str, commits: int, interval: float) -> None:
    """The other process: one commit, then a pause of 0.5-1.5 × interval, repeated."""
    store = Store.open(db, actor="writer")
    plan_id = store.query("SELECT min(id) FROM plans")[0][0]
    rng = random.Random(7)
    for n in range(commits):
        rename_plan(store, plan_id, f"North {n}")
        committed = time.time()
        print(last_seq(store), committed, flush=True)
        time.sleep(interval * rng.uniform(0.5, 1.5))
    store.close()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


async def idle_cpu(pilot, seconds: float) -> float:
    """CPU seconds this process used per wall second while the app sat idle."""
    start_cpu, start = time.process_time(), time.monotonic()
    await pilot.pause(seconds)
    return (time.process_time() - start_cpu) / (time.monotonic() - start)


async def measure(db: Path, commits: int, interval: float) -> None:
    from spip_tui.app import SpipApp

    app = SpipApp(Store.open(db))
    arrived: dict[int, float] = {}

    def record(batch: ChangeBatch) -> None:
        now = time.time()
        for change in batch.changes:
            arrived.setdefault(change.seq, now)

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.5)
        app.changes.subscribe(app.screen, record, immediate=True)
        with_feed = await idle_cpu(pilot, IDLE_SECONDS)
        app.change_feed.timer.pause()
        without_feed = await idle_cpu(pilot, IDLE_SECONDS)
        app.change_feed.timer.resume()
        writer = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "--write", str(db), str(commits), str(interval),
            stdout=asyncio.subprocess.PIPE)
        output, _ = await writer.communicate()
        await pilot.pause(1.0)          # the last commit's signal
    sent = [line.split() for line in output.decode().splitlines()]
    latencies = [1000 * (arrived[int(seq)] - float(at)) for seq, at in sent if int(seq) in arrived]
    missed = len(sent) - len(latencies)
    p50, p95 = percentile(latencies, 0.50), percentile(latencies, 0.95)
    print(f"commits {len(sent)} at ~{interval * 1000:.0f} ms intervals; signals missed {missed}")
    print(f"commit -> app.changes latency: p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
          f"max {max(latencies):.1f} ms, mean {statistics.mean(latencies):.1f} ms "
          f"(goal p95 <= {GOAL_P95_MS} ms: {'met' if p95 <= GOAL_P95_MS else 'NOT met'})")
    print(f"idle CPU of the app: {100 * with_feed:.2f}% with the feed polling, "
          f"{100 * without_feed:.2f}% with it stopped "
          f"(ratio {with_feed / max(without_feed, 1e-9):.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--interval", type=float, default=0.1)
    parser.add_argument("--write", nargs=3, metavar=("DB", "COMMITS", "INTERVAL"))
    args = parser.parse_args()
    if args.write:
        db, commits, interval = args.write
        write(db, int(commits), float(interval))
        return
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "feed.sqlite"
        store = Store.open(db, actor="bench")
        create_plan(store, PlanInput("territory", "North", "Priya", "2030-01", "2030-03", "5"))
        store.close()
        asyncio.run(measure(db, args.commits, args.interval))


if __name__ == "__main__":
    main()
