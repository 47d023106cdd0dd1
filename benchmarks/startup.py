"""Start-up: process start to first screen ready, spip (200 plans) against a bare Textual app.

Run: python benchmarks/startup.py [--runs 9]
Both are started as fresh processes, alternately, in the same run; each prints the
wall-clock time at on_ready and exits, and the figure is that time minus the moment the
parent started the process (so shutdown, and spip's background warm-up of pandas after
the first screen, are not counted). Prints both medians and the ratio spip / bare (target: at most 1.2).

Both start from compiled bytecode, as an installed spip does (pip compiles a wheel's modules
when it installs them; Textual's are compiled in site-packages): spip's packages are
compiled first, since an editable install under PYTHONDONTWRITEBYTECODE=1 would otherwise
compile every spip module from source on every start (~40 ms more).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SPIP = """
import sys, time
from spip_tui.launch import open_database
from spip_tui.app import SpipApp

class Timed(SpipApp):
    def on_ready(self):
        print(time.time(), flush=True)
        self.exit()

Timed(open_database(sys.argv[1])).run(headless=True, size=(100, 30))
"""

BARE = """
import time
from textual.app import App
from textual.widgets import Footer, Header, Static

class Bare(App):
    def compose(self):
        yield Header()
        yield Static("Hello")
        yield Footer()

    def on_ready(self):
        print(time.time(), flush=True)
        self.exit()

Bare().run(headless=True, size=(100, 30))
"""


def make_database(path: Path, plans: int) -> None:
    from facilitation.plan.plans import PlanInput, create_plan
    from facilitation.store.database import Store

    store = Store.open(path)
    kinds = ("salesperson", "territory", "key account", "team")
    for n in range(plans):
        create_plan(store, PlanInput(kinds[n % 4], f"Subject {n:03d}", f"Owner {n % 17}",
                                     "2027-01", "2027-06", str(100_000 + n * 1000)))
    store.close()


def compile_spip() -> None:
    """spip's modules to bytecode beside them (what installing spip does)."""
    import compileall

    import spip_data

    import facilitation
    import spip_tui

    for package in (facilitation, spip_tui, spip_data):
        compileall.compile_dir(Path(package.__file__).parent, quiet=1)


def seconds(code: str, *args: str) -> float:
    """From starting the process to its first screen being ready."""
    started = time.time()
    out = subprocess.run([sys.executable, "-c", code, *args], check=True, capture_output=True,
                         text=True).stdout
    return float(out.split()[0]) - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite"
        make_database(db, 200)
        compile_spip()
        seconds(SPIP, str(db)), seconds(BARE)  # warm the file cache
        spip, bare = [], []
        for _ in range(args.runs):
            spip.append(seconds(SPIP, str(db)))
            bare.append(seconds(BARE))
    spip_median, bare_median = statistics.median(spip), statistics.median(bare)
    print(f"runs each:            {args.runs}")
    print(f"spip, 200 plans:      {spip_median * 1000:.0f} ms median")
    print(f"bare Textual app:     {bare_median * 1000:.0f} ms median")
    print(f"ratio spip / bare:    {spip_median / bare_median:.2f}  (target <= 1.20)")


if __name__ == "__main__":
    main()
