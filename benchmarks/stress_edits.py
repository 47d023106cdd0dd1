"""Scripted edits and database checks shared by the stress harnesses (kill -9, concurrency).

Each edit is acknowledged (printed with its tag) only after the store returned from the
change, that is after COMMIT: an acknowledged edit must be in the database afterwards.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from facilitation.contingency.risks import add_risk, move_risk, rename_risk
from facilitation.plan.plans import PlanInput, create_plan, rename_plan
from facilitation.store.database import Store
from facilitation.store.replay import DERIVED_TABLES, LIVE_STATE_TABLES, replay


def new_plan(path: Path) -> int:
    """A fresh database with one plan; returns the plan's id."""
    store = Store.open(path, actor="stress")
    plan_id = create_plan(store, PlanInput(
        subject_kind="territory", subject_name="North", owner="Priya Raman",
        period_start="2027-01", period_end="2027-03", target_amount="1200000"))
    store.close()
    return plan_id


def scripted_edit(store: Store, plan_id: int, tag: str, n: int, *, moves: bool = True) -> None:
    """One edit of a mix: add a risk (tagged), rename it, move it, rename the plan."""
    risk_id = add_risk(store, plan_id, f"Risk {tag}")
    if n % 3 == 1:
        rename_risk(store, risk_id, f"Risk {tag}")  # same tag: the check still finds it
    elif n % 3 == 2 and moves:
        move_risk(store, risk_id, -1)
    if n % 10 == 0:
        rename_plan(store, plan_id, f"North {n}")


def acknowledged_present(path: Path, tags: list[str]) -> int:
    """How many acknowledged tags are missing from the database."""
    conn = sqlite3.connect(path)
    titles = {row[0] for row in conn.execute("SELECT title FROM risks")}
    conn.close()
    return sum(1 for tag in tags if f"Risk {tag}" not in titles)


def check_database(path: Path) -> tuple[str, bool, int]:
    """(integrity_check result, whether replaying the log rebuilds every table, events)."""
    store = Store.open(path, actor="stress")
    try:
        integrity = store.conn.execute("PRAGMA integrity_check").fetchone()[0]
        rebuilt = replay(store)
        tables = [r[0] for r in store.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' "
            "AND name NOT LIKE 'sqlite_%' AND name != 'events'")
            # live state and derived caches are not in the log by design
            if r[0] not in LIVE_STATE_TABLES and r[0] not in DERIVED_TABLES]
        same = all(
            [tuple(r) for r in rebuilt.execute(f"SELECT * FROM [{t}] ORDER BY id")]
            == [tuple(r) for r in store.conn.execute(f"SELECT * FROM [{t}] ORDER BY id")]
            for t in tables)
        events = store.conn.execute("SELECT count(*) FROM events").fetchone()[0]
        return integrity, same, events
    finally:
        store.close()


def duplicate_positions(path: Path, plan_id: int) -> int:
    """Risks of the plan sharing a position with another."""
    conn = sqlite3.connect(path)
    positions = [r[0] for r in conn.execute("SELECT position FROM risks WHERE plan_id = ?",
                                             [plan_id])]
    conn.close()
    return len(positions) - len(set(positions))
