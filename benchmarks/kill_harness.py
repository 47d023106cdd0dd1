"""Kill -9 during edits: every acknowledged edit survives, the file stays sound, and the
event log still replays to the same tables.

Run:  python benchmarks/kill_harness.py [--kills 60] [--db /tmp/kill.sqlite]
A child process makes scripted edits and prints a tag after each one returns (after
COMMIT); the harness SIGKILLs it at a random moment, checks every acknowledged tag is in
the database, runs integrity_check and compares a replay of the log with the tables, then
starts the next child on the same file. Prints kills, acknowledged edits and lost edits.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stress_edits import acknowledged_present, check_database, new_plan

CHILD = """
import sys
sys.path.insert(0, {bench!r})
from stress_edits import scripted_edit
from facilitation.store.database import Store
store = Store.open({db!r}, actor="stress")
n = 0
while True:
    tag = "{round}-" + str(n)
    scripted_edit(store, {plan}, tag, n)
    print(tag, flush=True)
    n += 1
"""


def one_round(db: Path, plan_id: int, number: int, rng: random.Random) -> list[str]:
    """Start an editing child, kill it after a random wait; the tags it acknowledged."""
    code = CHILD.format(bench=str(Path(__file__).resolve().parent), db=str(db), plan=plan_id,
                        round=number)
    child = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None
    first = child.stdout.readline()  # wait until it is editing, however slow the machine
    time.sleep(rng.uniform(0.0, 1.5))
    os.kill(child.pid, signal.SIGKILL)
    rest = child.stdout.read()
    child.wait()
    return [tag for tag in (first + rest).split() if tag]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=60)
    parser.add_argument("--db", type=Path)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="spip-kill-")
    db = args.db or Path(folder) / "kill.sqlite"
    plan_id = new_plan(db)
    rng = random.Random(args.seed)
    acknowledged: list[str] = []
    lost = unsound = unreplayable = 0
    started = time.perf_counter()
    for number in range(args.kills):
        acknowledged += one_round(db, plan_id, number, rng)
        lost = acknowledged_present(db, acknowledged)
        integrity, replays, events = check_database(db)
        unsound += integrity != "ok"
        unreplayable += not replays
        if lost or integrity != "ok" or not replays:
            print(f"round {number}: lost {lost}, integrity {integrity}, replay same {replays}")
    print(f"kills: {args.kills}, acknowledged edits: {len(acknowledged)}, lost: {lost}, "
          f"integrity failures: {unsound}, replay mismatches: {unreplayable}, events in log: "
          f"{events}, {time.perf_counter() - started:.0f} s")
    sys.exit(1 if lost or unsound or unreplayable else 0)


if __name__ == "__main__":
    main()
