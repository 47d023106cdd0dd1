"""`spip check` and `spip export --format md` on the demo with a warm forecast cache, against
`python -c "import pandas"`, in the same run.

Run:  nice -n 10 python benchmarks/cli_warm.py [--runs 7]
Builds the demo database in a temporary folder (building it fills the forecast cache), then
starts each command as a fresh process, the spip command and the yardstick alternately
(A B A B ...), and prints the median wall time of each and the median of the pair-by-pair
ratios. Goal: ratio at most 1 (a warm check or export costs no more than importing pandas).
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from demo_runs import demo_database, runs_asked


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    # `spip check` exits 1 when the plan lacks something: the time is what counts here
    subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> None:
    runs = runs_asked(__doc__, default=7)
    with demo_database() as db:
        spip = [sys.executable, "-m", "spip_tui", "--db", str(db)]
        yardstick = [sys.executable, "-c", "import pandas"]
        for name, command in (("check North", [*spip, "check", "North"]),
                              ("export North --format md",
                               [*spip, "export", "North", "--format", "md", "--output",
                                str(db.parent / "north.md")])):
            timed(command), timed(yardstick)  # warm-up: file cache, .pyc
            ours, theirs = [], []
            for _ in range(runs):
                ours.append(timed(command))
                theirs.append(timed(yardstick))
            ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
            print(f"spip {name:<26} median {statistics.median(ours):.3f}s   "
                  f"import pandas {statistics.median(theirs):.3f}s   "
                  f"ratio {statistics.median(ratios):.2f} (goal <= 1)")


if __name__ == "__main__":
    main()
