"""Live sync: participants typing ideas at once while the facilitator's screen shows them.

Run:  nice -n 10 python benchmarks/live_sync.py [--participants 10] [--ideas 100]
          [--pause-min 0.5] [--pause-max 2.5] [--idle 10]

Builds a database with one session on its brainstorming step and a running round, then
starts the facilitator's app (headless, 80x24, on the session screen) and one process per
participant, each a real participant view (`spip join`'s app, headless) typing ideas
with a random pause between them (uniform pause-min..pause-max seconds, like people
thinking and typing). Every participant logs when each of its ideas was committed; the
facilitator's process logs when each idea's row reached its ideas table. Prints:

  lost ideas (typed but not in the database; goal 0) and errors any view showed,
  latency from a participant's commit to the facilitator's table: p50 / p95 / max
  (goal p95 <= 0.5 s), peak RSS per participant process (goal <= 120 MB) against a bare
  Textual app's in the same run, and the facilitator's CPU while the group typed and
  when idle afterwards, against a bare Textual app's idle CPU.

Measured alone on a quiet 2-core machine (2026-11-27 21:29 and 21:32, 10 x 100, no nice),
after the lists were made to add a row per idea (participants and facilitator read only the
ideas typed since the newest shown, a participant's view skips changes its step does not
show, tables keep the cells and rows they drew): lost 0 of 1000, errors 0 (both runs);
commit -> facilitator p50 0.048 / 0.044 s, p95 0.227 / 0.178 s (goal 0.5 s), max 1.195 /
0.965 s; commit -> feed p95 0.221 / 0.167 s, feed -> row p95 0.027 / 0.023 s; the feed's
poll late by p95 0.176 / 0.151 s while a bare process's wake-up was late by p95 0.006 /
0.007 s; participant peak RSS 63 MB (bare app 34 MB), participant CPU 15.5 / 14.9 % of a
core each (start-up included); facilitator CPU 18.8 % typing, 4.2 % idle. Before those
changes, alone on the same machine: p50 0.242 s, p95 1.000 s.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


# --- the processes ------------------------------------------------------------------------

def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_facilitator(db: str, session_id: int, log: str) -> None:
    """The facilitator's app on the session screen; logs when each idea row appears."""
    from textual.widgets import DataTable

    from facilitation.store.database import Store
    from spip_tui.app import SpipApp
    from spip_tui.screens.session import SessionScreen

    seen: set[str] = set()
    out = open(log, "a", buffering=1)
    original = DataTable.add_row

    def add_row(self, *cells, key=None, **kwargs):
        row = original(self, *cells, key=key, **kwargs)
        if key is not None and key not in seen and self.id == "ideas":
            seen.add(key)
            out.write(json.dumps({"idea": int(key), "shown": time.time()}) + "\n")
        return row

    DataTable.add_row = add_row

    # The stages between a commit and the screen: when the feed read each batch of events
    # (the newest seq it saw), how long the screens took to handle it, and how late the
    # feed's timer fired (a late poll is an event loop busy elsewhere, or no CPU).
    from spip_tui.change_feed import POLL_SECONDS, ChangeFeed

    original_check = ChangeFeed.check
    last_poll = [time.monotonic()]

    def check(self):
        began = time.monotonic()
        late, last_poll[0] = began - last_poll[0] - POLL_SECONDS, began
        seen = time.time()
        batch = original_check(self)
        if batch is not None:
            out.write(json.dumps({"batch": batch.last_seq, "first": batch.changes[0].seq,
                                  "seen": seen, "late": late,
                                  "handled_s": time.monotonic() - began}) + "\n")
        return batch

    ChangeFeed.check = check

    class Facilitator(SpipApp):
        def on_ready(self) -> None:
            super().on_ready()
            self.push_screen(SessionScreen(session_id))
            Path(log + ".ready").write_text("ready")

    Facilitator(Store.open(db, actor="fran")).run(headless=True, size=(80, 24))


def run_participant(db: str, code: str, name: str, ideas: int, pause: tuple[float, float],
                    log: str) -> None:
    """A participant view that types `ideas` ideas; logs commit times, errors and RSS."""
    import asyncio

    from facilitation.store.database import Store
    from spip_tui.participant import brainstorm_pane
    from spip_tui.participant.app import ParticipantApp
    from spip_tui.participant.brainstorm_pane import BrainstormPane

    out = open(log, "a", buffering=1)
    original = brainstorm_pane.contribute_idea

    def contribute_idea(*args, **kwargs):
        idea_id = original(*args, **kwargs)
        out.write(json.dumps({"idea": idea_id, "committed": time.time()}) + "\n")
        return idea_id

    brainstorm_pane.contribute_idea = contribute_idea

    async def main() -> None:
        app = ParticipantApp(Store.open(db, actor=name), code, name)
        began = time.monotonic()
        async with app.run_test(size=(80, 24)) as pilot:
            while not app.screen.query("#new-idea"):
                await pilot.pause(0.1)
            pane = app.screen.query_one(BrainstormPane)
            for n in range(ideas):
                await asyncio.sleep(random.uniform(*pause))
                # What Enter in the idea entry does (typing speed is not measured here).
                pane.add_ideas([f"Idea {n} of {name}"])
            while app.screen.unsaved:  # written off the UI thread, in order
                await pilot.pause(0.1)
            await pilot.pause(0.5)
            errors = [n.message for n in app._notifications
                      if n.severity in ("warning", "error")]
            times = os.times()
            out.write(json.dumps({"errors": errors, "typed": ideas, "rss_mb": peak_rss_mb(),
                                  "cpu_s": times.user + times.system,
                                  "run_s": time.monotonic() - began}) + "\n")

    asyncio.run(main())


def run_bare(seconds: float, log: str) -> None:
    """A bare Textual app (header, text, footer): the baseline for memory and idle CPU."""
    from textual.app import App
    from textual.widgets import Footer, Header, Static

    class Bare(App):
        def compose(self):
            yield Header()
            yield Static("bare")
            yield Footer()

        def on_ready(self) -> None:
            self.set_timer(seconds, self.exit)

    Bare().run(headless=True, size=(80, 24))
    Path(log).write_text(json.dumps({"rss_mb": peak_rss_mb()}))


def run_probe(stop: str, log: str) -> None:
    """A bare process waking every 50 ms, as the change feed's timer does: how late its
    wake-ups are is the machine's share of the delay (no work of ours in it)."""
    late: list[float] = []
    while not Path(stop).exists():
        before = time.monotonic()
        time.sleep(0.05)
        late.append(time.monotonic() - before - 0.05)
    Path(log).write_text(json.dumps({"late": late}))


# --- the run --------------------------------------------------------------------------------

def build(db: Path) -> tuple[int, int, str]:
    from facilitation.ideas.brainstorm import add_round, start_round
    from facilitation.live.join_codes import join_code
    from facilitation.plan.plans import PlanInput, create_plan
    from facilitation.store.database import Store
    from facilitation.workshop.scripts import get_script
    from facilitation.workshop.sessions import go_to_step, start_session

    store = Store.open(db, actor="fran")
    plan_id = create_plan(store, PlanInput(
        subject_kind="territory", subject_name="North", owner="Priya Raman",
        period_start="2027-01", period_end="2027-03", target_amount="1200000"))
    script = get_script("full-plan")
    session_id = start_session(store, plan_id, script, "Fran")
    go_to_step(store, session_id, [s.kind for s in script.steps].index("brainstorming"))
    round_id = add_round(store, plan_id, "How do we find the missing 12,400?",
                         session_id=session_id, time_box_seconds=3 * 3600)
    start_round(store, round_id)
    code = join_code(store, session_id)
    store.close()
    return session_id, round_id, code


def spawn(function: str, *args, errors: Path) -> subprocess.Popen:
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); sys.argv = ['live_sync']; "
            f"import benchmarks.live_sync as b; b.{function}(*{args!r})")
    return subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL,
                            stderr=errors.open("w"), stdin=subprocess.DEVNULL)


def read_log(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()] \
        if path.exists() else []


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def print_stages(committed: dict[int, float], shown: dict[int, float],
                 idea_seq: dict[int, int], batches: list[dict]) -> None:
    """Where the latency goes: commit -> the feed reads it -> its row is on screen; how
    long the facilitator's screens took per batch, and how late the feed's polls were."""
    import bisect

    ends = [b["batch"] for b in batches]
    to_feed, to_screen = [], []
    for idea, at in committed.items():
        if idea not in shown or idea not in idea_seq:
            continue
        found = bisect.bisect_left(ends, idea_seq[idea])
        if found == len(batches):
            continue
        to_feed.append(batches[found]["seen"] - at)
        to_screen.append(shown[idea] - batches[found]["seen"])

    def figures(values: list[float]) -> str:
        return (f"p50 {statistics.median(values):.3f} s, p95 {percentile(values, 0.95):.3f} s,"
                f" max {max(values):.3f} s")

    handled = [b["handled_s"] for b in batches]
    late = [max(0.0, b["late"]) for b in batches]
    print(f"  commit -> the feed reads it: {figures(to_feed)}")
    print(f"  the feed reads it -> row on screen: {figures(to_screen)}")
    print(f"  the facilitator's screens per batch ({len(batches)} batches): {figures(handled)}")
    print(f"  the feed's poll fired late by: {figures(late)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--participants", type=int, default=10)
    parser.add_argument("--ideas", type=int, default=100)
    parser.add_argument("--pause-min", type=float, default=0.5)
    parser.add_argument("--pause-max", type=float, default=2.5)
    parser.add_argument("--idle", type=float, default=10.0)
    options = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="live-sync-"))
    db = folder / "live.sqlite"
    session_id, round_id, code = build(db)
    shown_log = folder / "facilitator.jsonl"
    facilitator = spawn("run_facilitator", str(db), session_id, str(shown_log),
                        errors=folder / "facilitator.err")
    while not Path(str(shown_log) + ".ready").exists():
        assert facilitator.poll() is None, "the facilitator's app stopped"
        time.sleep(0.1)
    time.sleep(1.0)
    started = time.monotonic()
    cpu_before = cpu_seconds(facilitator.pid)
    probe_stop, probe_log = folder / "probe.stop", folder / "probe.json"
    probe = spawn("run_probe", str(probe_stop), str(probe_log), errors=folder / "probe.err")
    participants = [
        spawn("run_participant", str(db), code, f"P{n:02d}", options.ideas,
              (options.pause_min, options.pause_max), str(folder / f"p{n:02d}.jsonl"),
              errors=folder / f"p{n:02d}.err")
        for n in range(options.participants)]
    for process in participants:
        process.wait()
    probe_stop.write_text("stop")
    probe.wait(timeout=30)
    time.sleep(2.0)  # let the last ideas reach the facilitator's screen
    busy_seconds = time.monotonic() - started
    busy_cpu = cpu_seconds(facilitator.pid) - cpu_before
    idle_before = cpu_seconds(facilitator.pid)
    time.sleep(options.idle)
    idle_cpu = cpu_seconds(facilitator.pid) - idle_before
    facilitator.terminate()
    facilitator.wait(timeout=30)
    bare_log = folder / "bare.json"
    bare = spawn("run_bare", options.idle + 2, str(bare_log), errors=folder / "bare.err")
    time.sleep(2.0)
    bare_before = cpu_seconds(bare.pid)
    time.sleep(options.idle)
    bare_idle_cpu = cpu_seconds(bare.pid) - bare_before
    bare.wait(timeout=60)

    from facilitation.ideas.brainstorm import list_ideas
    from facilitation.store.database import Store

    committed: dict[int, float] = {}
    errors: list[str] = []
    typed = 0
    rss: list[float] = []
    cpu_shares: list[float] = []
    crashed = sum(p.returncode != 0 for p in participants)
    for n in range(options.participants):
        for entry in read_log(folder / f"p{n:02d}.jsonl"):
            if "committed" in entry:
                committed[entry["idea"]] = entry["committed"]
            else:
                errors += entry["errors"]
                typed += entry["typed"]
                rss.append(entry["rss_mb"])
                cpu_shares.append(100 * entry.get("cpu_s", 0) / max(entry.get("run_s", 1), 1))
    facilitator_log = read_log(shown_log)
    shown = {e["idea"]: e["shown"] for e in facilitator_log if "shown" in e}
    batches = [e for e in facilitator_log if "batch" in e]
    store = Store.open(db)
    idea_seq = {row[1]: row[0] for row in store.query(
        "SELECT seq, json_extract(payload, '$.idea_id') FROM events WHERE kind = 'idea.added'")}
    saved = {i.id for i in list_ideas(store, round_id)}
    expected = options.participants * options.ideas
    latencies = [shown[i] - t for i, t in committed.items() if i in shown]
    bare_rss = json.loads(bare_log.read_text())["rss_mb"]

    print(f"logs and errors in {folder}")
    print(f"{options.participants} participants x {options.ideas} ideas, pauses "
          f"{options.pause_min}-{options.pause_max} s, {busy_seconds:.0f} s")
    print(f"lost ideas: {expected - len(saved & set(committed))} of {expected} "
          f"(saved {len(saved)}, committed {len(committed)}); errors shown: {len(errors)}"
          f"{' ' + repr(errors[:3]) if errors else ''}; participant processes failed: {crashed}")
    if latencies:
        print(f"commit -> facilitator's table: p50 {statistics.median(latencies):.3f} s, "
              f"p95 {percentile(latencies, 0.95):.3f} s, max {max(latencies):.3f} s "
              f"({len(latencies)} ideas; never shown: {len(committed) - len(latencies)})")
    if latencies and batches:
        print_stages(committed, shown, idea_seq, batches)
    if probe_log.exists() and (late := json.loads(probe_log.read_text())["late"]):
        print(f"  a bare process's 50 ms wake-up, same time and niceness, late by: "
              f"p50 {statistics.median(late):.3f} s, p95 {percentile(late, 0.95):.3f} s, "
              f"max {max(late):.3f} s")
    if rss:
        print(f"participant peak RSS: max {max(rss):.0f} MB, mean {statistics.fmean(rss):.0f}"
              f" MB; bare Textual app {bare_rss:.0f} MB (ratio {max(rss) / bare_rss:.2f})")
    if cpu_shares:
        print(f"participant CPU: mean {statistics.fmean(cpu_shares):.1f} % of a core each "
              f"(start-up included)")
    print(f"facilitator CPU: {100 * busy_cpu / busy_seconds:.1f} % while the group typed, "
          f"{100 * idle_cpu / options.idle:.1f} % idle; bare Textual app idle "
          f"{100 * bare_idle_cpu / options.idle:.1f} %")


if __name__ == "__main__":
    main()
