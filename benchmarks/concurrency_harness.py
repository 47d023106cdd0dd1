"""Writers at once, and a write lock held past the busy timeout.

Run:  python benchmarks/concurrency_harness.py [--writers 10] [--edits 100]
Part 1: WRITERS processes each make EDITS scripted edits on one plan at the same time;
every edit must be in the database, no two risks may share a position, and the log must
replay to the same tables. Part 2: one process holds the write lock for longer than the
busy timeout while another edits: the edit must fail with the one-line "busy" message
within about the timeout, change nothing, and succeed once the lock is gone.
Prints writers × edits, lost, duplicate positions, and the lock outcome.
"""

from __future__ import annotations

import argparse
import multiprocessing
import queue
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stress_edits import (
    acknowledged_present,
    check_database,
    duplicate_positions,
    new_plan,
    scripted_edit,
)

from facilitation.contingency.risks import add_risk
from facilitation.store import database
from facilitation.store.database import Store
from facilitation.store.errors import StoreBusy


def writer(db: str, plan_id: int, number: int, edits: int, start, acks) -> None:
    store = Store.open(db, actor=f"writer {number}")
    start.wait()
    for n in range(edits):
        tag = f"{number}-{n}"
        scripted_edit(store, plan_id, tag, n)
        acks.put(tag)
    store.close()


def writers_at_once(db: Path, plan_id: int, writers: int, edits: int) -> None:
    context = multiprocessing.get_context("spawn")
    start, acks = context.Event(), context.Queue()
    workers = [context.Process(target=writer, args=(str(db), plan_id, i, edits, start, acks))
               for i in range(writers)]
    for worker in workers:
        worker.start()
    started = time.perf_counter()
    start.set()
    tags = []
    while len(tags) < writers * edits and any(w.is_alive() for w in workers):
        try:
            tags.append(acks.get(timeout=1))
        except queue.Empty:
            pass
    while not acks.empty():
        tags.append(acks.get())
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    integrity, replays, _ = check_database(db)
    print(f"writers × edits: {writers} × {edits} in {elapsed:.1f} s; acknowledged "
          f"{len(tags)}, lost {acknowledged_present(db, tags)}, duplicate positions "
          f"{duplicate_positions(db, plan_id)}, integrity {integrity}, replay same {replays}, "
          f"failed writers {sum(w.exitcode != 0 for w in workers)}")


def held_lock(db: Path, plan_id: int, timeout_ms: int) -> None:
    database.BUSY_TIMEOUT_MS = timeout_ms
    database.WRITE_PATIENCE_SECONDS = timeout_ms / 1000
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    store = Store.open(db, actor="blocked")
    before = store.query("SELECT count(*) FROM events")[0][0]
    started = time.perf_counter()
    try:
        add_risk(store, plan_id, "Blocked edit")
        outcome = "the edit went through (wrong)"
    except StoreBusy as exc:
        outcome = f"refused after {time.perf_counter() - started:.1f} s: {exc}"
    changed = store.query("SELECT count(*) FROM events")[0][0] - before
    holder.execute("ROLLBACK")
    holder.close()
    add_risk(store, plan_id, "Edit after the lock")
    store.close()
    print(f"write lock held past a {timeout_ms / 1000:g} s timeout: {outcome}; events "
          f"written while locked: {changed}; the next edit saved: yes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--edits", type=int, default=100)
    parser.add_argument("--lock-timeout-ms", type=int, default=2000)
    args = parser.parse_args()
    db = Path(tempfile.mkdtemp(prefix="spip-concurrency-")) / "concurrency.sqlite"
    plan_id = new_plan(db)
    writers_at_once(db, plan_id, args.writers, args.edits)
    held_lock(db, plan_id, args.lock_timeout_ms)


if __name__ == "__main__":
    main()
