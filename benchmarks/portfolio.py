"""The portfolio at the scale of a sales organisation: 1,000 subjects × 5 years of monthly
history, 300 plans (with review rhythms, KPIs with actuals, tactics).

Run: nice -n 10 python benchmarks/portfolio.py [--sample 20] [--full]
Prints, each against a baseline measured in the same run:
- the cheap part of the portfolio (`portfolio_lines`, every subject) against reading the
  history's subject list alone (`SELECT DISTINCT`);
- the portfolio screen's first paint: a headless app at 80×24, from pushing the screen to
  its first refresh, against pushing the home screen's plan list;
- `spip portfolio --json --no-forecast` and `spip portfolio --json` as processes against
  `spip plans --json` (the forecast run is timed on --sample plans and extrapolated to
  300 unless --full, which runs it twice: cold, fitting every plan, then warm from the
  forecast cache);
- peak memory (RSS) of this process and of the `spip portfolio --json` process.
"""

from __future__ import annotations

import argparse
import asyncio
import math
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

SUBJECTS = 1000
PLANS = 300
MONTHS = 60
KINDS = ("salesperson", "territory", "key account", "team")


def make_database(path: Path, today: date) -> None:
    from facilitation.history.monthly import MonthlyTotal, save_history
    from facilitation.ideas.strategies import add_strategy, take_clarity_test
    from facilitation.ideas.tactics import TacticInput, add_tactic
    from facilitation.plan.kpis import KpiInput, add_kpi, record_actual
    from facilitation.plan.plans import PlanInput, create_plan
    from facilitation.plan.reviews import ReviewRhythm, set_review_rhythm
    from facilitation.store.database import Store
    from facilitation.store.model import relative_month, shift_month

    store = Store.open(path)
    last = relative_month("-1", today)
    totals = []
    for n in range(SUBJECTS):
        level = 50_000 + 1_000 * (n % 300)
        for t in range(MONTHS):
            month = shift_month(last, t - MONTHS + 1)
            amount = level * (1.003 ** t) * (1 + 0.15 * math.sin(2 * math.pi * t / 12)) \
                * (1 + 0.05 * math.sin(n + t * 1.3))
            totals.append(MonthlyTotal(KINDS[n % 4], f"Subject {n:04d}", month, round(amount)))
    save_history(store, "bench.csv", totals, rows_read=len(totals))
    start = relative_month("+1", today)
    for n in range(PLANS):
        plan_id = create_plan(store, PlanInput(
            KINDS[n % 4], f"Subject {n:04d}", f"Owner {n % 23}", start, shift_month(start, 2),
            str(3 * (50_000 + 1_000 * (n % 300)))))
        first = today - timedelta(days=20) if n % 7 == 0 else today + timedelta(days=5)
        set_review_rhythm(store, plan_id, ReviewRhythm("monthly", first, 12, today +
                                                       timedelta(days=120)), today=first)
        kpi = add_kpi(store, plan_id, KpiInput("Meetings", "meetings", target="20"))
        for back in (2, 1):
            record_actual(store, kpi, f"{shift_month(relative_month('0', today), -back)}-01",
                          str(17 + n % 6))
        strategy = add_strategy(store, plan_id, "Call every lapsed customer this quarter")
        take_clarity_test(store, strategy, True)
        add_tactic(store, strategy, TacticInput("List lapsed customers", "Ann",
                                                (today + timedelta(days=n % 30)).isoformat()),
                   today=today)
    store.close()


def timed(fn, runs: int = 5) -> float:
    """The median seconds of `runs` calls."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return sorted(times)[len(times) // 2]


def first_paint(db: Path, screen: str) -> float:
    """Seconds from pushing a screen to its first refresh, in a headless app at 80×24."""
    from facilitation.store.database import Store
    from spip_tui.app import SpipApp

    async def run() -> float:
        app = SpipApp(Store.open(db))
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            painted = asyncio.get_running_loop().create_future()
            started = time.perf_counter()
            if screen == "portfolio":
                from spip_tui.screens.portfolio import PortfolioScreen

                pushed = PortfolioScreen()
                app.push_screen(pushed)
            else:
                from spip_tui.screens.home import HomeScreen

                pushed = HomeScreen()
                app.push_screen(pushed)
            pushed.call_after_refresh(lambda: painted.set_result(time.perf_counter()))
            finished = await painted
            for worker in app.workers:
                worker.cancel()
            return finished - started

    return asyncio.run(run())


def spip(db: Path, *args: str) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of a `spip` process."""
    # VmHWM, not ru_maxrss: Linux carries ru_maxrss over fork and exec, so a child of this
    # (large) process would report at least this process's size.
    code = ("import sys; from spip_tui.cli import main; sys.argv = ['spip'] + "
            "sys.argv[1:];\ntry:\n    main()\nfinally:\n    print(next(line.split()[1] for "
            "line in open('/proc/self/status') if line.startswith('VmHWM')), file=sys.stderr)")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "--db", str(db), *args],
                          capture_output=True, text=True, check=True)
    return time.perf_counter() - started, int(done.stderr.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, default=20,
                        help="forecast this many plans and extrapolate (default 20)")
    parser.add_argument("--full", action="store_true", help="forecast all 300 plans")
    args = parser.parse_args()
    from facilitation.portfolio.outlook import outlooks
    from facilitation.portfolio.subjects import current_plans, portfolio_lines
    from facilitation.store.database import Store

    today = date.today()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite"
        started = time.perf_counter()
        make_database(db, today)
        print(f"database: {SUBJECTS} subjects × {MONTHS} months, {PLANS} plans, built in "
              f"{time.perf_counter() - started:.0f} s")
        store = Store.open(db)
        distinct = timed(lambda: store.query(
            "SELECT DISTINCT subject_kind, subject_name FROM sales_history"))
        cheap = timed(lambda: portfolio_lines(store, today))
        print(f"portfolio_lines:      {cheap * 1000:6.0f} ms  (subject list alone "
              f"{distinct * 1000:.0f} ms, ratio {cheap / distinct:.1f})")
        home = first_paint(db, "home")
        paint = first_paint(db, "portfolio")
        print(f"first paint, 80×24:   {paint * 1000:6.0f} ms  (home screen's plan list "
              f"{home * 1000:.0f} ms, ratio {paint / home:.1f}; target ≤ 1000 ms)")
        plans_json, _ = spip(db, "plans", "--json")
        cheap_json, _ = spip(db, "portfolio", "--json", "--no-forecast")
        print(f"portfolio --json --no-forecast: {cheap_json:5.2f} s  (spip plans --json "
              f"{plans_json:.2f} s)")
        if args.full:
            # Cold: no forecast cached yet (each plan fitted); warm: the second run reads
            # the forecasts the first one cached.
            for label in ("cold", "warm"):
                full, rss = spip(db, "portfolio", "--json")
                print(f"portfolio --json, {label}: {full:6.2f} s for {PLANS} plans "
                      f"(target ≤ 2 s), peak {rss / 1024:.0f} MiB")
        plans = list(current_plans(store).values())[: args.sample]
        list(outlooks(store, plans[:1], today))  # imports and first fit out of the timing
        started = time.perf_counter()
        list(outlooks(store, plans, today))
        each = (time.perf_counter() - started) / len(plans)
        print(f"outlook per plan:     {each * 1000:6.0f} ms (forecast + check score, "
              f"{len(plans)} plans) → {each * PLANS:.1f} s for {PLANS} plans in the worker")
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory, this process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
