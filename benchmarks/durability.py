"""What synchronous=FULL costs per edit, against NORMAL, in the same run.

Run:  python benchmarks/durability.py [--edits 300]
The store opens WAL with synchronous=FULL: every COMMIT waits for fsync of the WAL, so an
edit that returned is on disk even if the power goes a moment later (NORMAL only
survives a killed process). Prints the median and 90th percentile of add_risk for both
settings and the added cost per edit.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from stress_edits import new_plan

from facilitation.contingency.risks import add_risk
from facilitation.store.database import Store


def edit_times(folder: Path, synchronous: str, edits: int) -> list[float]:
    db = folder / f"{synchronous.lower()}.sqlite"
    plan_id = new_plan(db)
    store = Store.open(db)
    store.conn.execute(f"PRAGMA synchronous = {synchronous}")
    times = []
    for n in range(edits):
        started = time.perf_counter()
        add_risk(store, plan_id, f"Risk {n}")
        times.append((time.perf_counter() - started) * 1000)
    store.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--edits", type=int, default=300)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="spip-durability-"))
    results = {}
    for setting in ("NORMAL", "FULL", "NORMAL", "FULL"):  # interleaved against drift
        results.setdefault(setting, []).extend(edit_times(folder, setting, args.edits // 2))
    for setting, times in results.items():
        q = statistics.quantiles(times, n=10)
        print(f"synchronous={setting:<6} add_risk median {statistics.median(times):.2f} ms, "
              f"p90 {q[-1]:.2f} ms over {len(times)} edits")
    extra = statistics.median(results["FULL"]) - statistics.median(results["NORMAL"])
    print(f"FULL costs {extra:+.2f} ms per edit (median), "
          f"ratio {statistics.median(results['FULL']) / statistics.median(results['NORMAL']):.2f}")


if __name__ == "__main__":
    main()
