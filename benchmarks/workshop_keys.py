"""Workshop keystrokes: how long spip's own code holds the UI thread on the session screen.

Run: python benchmarks/workshop_keys.py [--risks 40] [--moves 20]
Builds the demo database in a temporary folder and opens the North session headless at
80x24. Times (median and max, ms) the handlers a keystroke runs before Textual repaints:
adding a risk (Enter in the risk list: saved as an event, the table reloaded), moving
to the next or previous step (F8/F7: saved, the old step body removed, the new one
mounted), and the once-a-second clock refresh (re-reading the time per step). Also the
time from F8 into the impact step until its forecast and dips are there (a worker fits
the forecast the first time; later visits read them from the cache).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from textual.widgets import Input

from facilitation.demo.build import build_demo
from facilitation.plan.plans import find_plan
from facilitation.workshop.sessions import go_to_step, open_session, resume_session
from spip_tui.app import SpipApp
from spip_tui.screens.session import SessionScreen
from spip_tui.steps.impact_assessment import ImpactAssessmentStep
from spip_tui.steps.risk_listing import RiskListingStep


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


async def measure(db: Path, risks: int, moves: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {"add a risk": [], "next/back step": [],
                                     "clock refresh": [], "F8 to impact figures shown": []}
    store = build_demo(db)
    session = open_session(store, find_plan(store, "North").id)
    resume_session(store, session.id)
    go_to_step(store, session.id, 2)
    app = SpipApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        screen = SessionScreen(session.id)
        app.push_screen(screen)
        await pilot.pause()
        for number in range(risks):
            field = screen.query_one(RiskListingStep).query_one("#new-risk", Input)
            field.value = f"Risk number {number}"
            step = screen.query_one(RiskListingStep)
            submitted = Input.Submitted(field, field.value)
            times["add a risk"].append(timed(lambda: step.on_input_submitted(submitted)))
            await pilot.pause()
        for _ in range(moves):
            start = time.perf_counter()
            times["next/back step"].append(timed(screen.action_next_step))
            while not (steps := screen.query(ImpactAssessmentStep)) or steps[0].facts is None:
                await asyncio.sleep(0.005)
            times["F8 to impact figures shown"].append(time.perf_counter() - start)
            times["next/back step"].append(timed(screen.action_previous_step))
            await pilot.pause()
        for _ in range(20):
            times["clock refresh"].append(timed(screen.refresh_clock))
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--risks", type=int, default=40)
    parser.add_argument("--moves", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        times = asyncio.run(measure(Path(folder) / "demo.sqlite", args.risks, args.moves))
    for name, values in times.items():
        print(f"{name:<30} median {1000 * statistics.median(values):7.1f} ms   "
              f"first {1000 * values[0]:7.1f} ms   max {1000 * max(values):7.1f} ms   "
              f"({len(values)} runs)")


if __name__ == "__main__":
    main()
