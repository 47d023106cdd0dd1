"""The demo database: realistic plans (and, as features land, their history,
sessions and workshops), built from the files in data/demo."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path

from facilitation.plan.plans import PlanInput, create_plan, set_plan_status
from facilitation.store.database import Store
from facilitation.store.locations import DATA_DIR
from facilitation.store.model import relative_month

DEMO_DIR = DATA_DIR / "demo"
DEMO_ACTOR = "demo"


def add_plans(store: Store) -> None:
    """The demo's plans, from data/demo/plans.toml."""
    spec = tomllib.loads((DEMO_DIR / "plans.toml").read_text(encoding="utf-8"))
    for entry in spec["plans"]:
        plan_id = create_plan(store, PlanInput(
            subject_kind=entry["subject_kind"], subject_name=entry["subject_name"],
            owner=entry["owner"], period_start=relative_month(entry["start"]),
            period_end=relative_month(entry["end"]), target_amount=str(entry["target_amount"]),
        ))
        if entry.get("status") == "archived":
            set_plan_status(store, plan_id, "archived")


def _add_plan_year(store: Store) -> None:
    from facilitation.demo.year import add_plan_year

    add_plan_year(store)


def _add_sales_history(store: Store) -> None:
    from facilitation.demo.history import add_demo_history

    add_demo_history(store)


def _add_workshop_session(store: Store) -> None:
    from facilitation.demo.workshop import add_workshop_session

    add_workshop_session(store)


def _add_brainstorm(store: Store) -> None:
    from facilitation.demo.brainstorm import add_brainstorm_demo

    add_brainstorm_demo(store)


def _add_forecast_cases(store: Store) -> None:
    from facilitation.demo.forecasts import add_forecast_cases

    add_forecast_cases(store)


def _add_live_session(store: Store) -> None:
    from facilitation.demo.live import add_live_session

    add_live_session(store)


def _add_forecast_ledger(store: Store) -> None:
    from facilitation.demo.ledger import add_forecast_ledger

    add_forecast_ledger(store)


def _add_finished_plans(store: Store) -> None:
    from facilitation.demo.plans import (
        add_finished_plan,
        add_other_review_dates,
        add_unfinished_plan,
    )

    add_finished_plan(store)
    add_unfinished_plan(store)
    add_other_review_dates(store)


def _add_plan_in_progress(store: Store) -> None:
    from facilitation.demo.progress import add_plan_in_progress

    add_plan_in_progress(store)


def _record_metro_forecast(store: Store) -> None:
    from facilitation.demo.progress import record_metro_forecast

    record_metro_forecast(store)


def _settle_a_review_decision(store: Store) -> None:
    from facilitation.demo.progress import settle_a_review_decision

    settle_a_review_decision(store)


def _add_reviews(store: Store) -> None:
    from facilitation.demo.reviews import add_progress_review, add_self_review

    add_progress_review(store)
    add_self_review(store)


# Each feature adds its part of the demo here, in the order they depend on: the workshop
# attaches evidence found in the sales history; the brainstorm builds on the workshop's
# risks; last, a finished plan (Coastal) that passes the plan check, a half-built one
# (Inside Sales) that does not, and review dates for the rest. The builders import
# their modules when run, so opening an existing demo stays light.
DEMO_BUILDERS: list[Callable[[Store], None]] = [
    # First, so that the log's times run forward: Lakeside's year, stamped as it happened
    # (a workshop a year ago, monthly reviews, today's annual contingency review).
    _add_plan_year,
    add_plans, _add_sales_history, _add_workshop_session, _add_brainstorm, _add_live_session,
    _add_finished_plans, _add_plan_in_progress,
    _add_reviews,  # after Coastal's workshop: its progress review; Dana's self-review
    _settle_a_review_decision,  # one of that review's decisions done before the next review
    # a lapsed account whose forecast extrapolates; every forecast cached (the demo opens warm)
    _add_forecast_cases,
    # the forecasts the sessions above showed, in the ledger
    _add_forecast_ledger,
    _record_metro_forecast,  # Metro's original forecast: its sales to date are set against it
]


def build_demo(path: Path) -> Store:
    """Write a new demo database at `path` (built aside, then moved into place)."""
    partial = path.with_name(path.name + ".building")
    for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
        leftover.unlink(missing_ok=True)
    store = Store.open(partial, actor=DEMO_ACTOR)
    for builder in DEMO_BUILDERS:
        builder(store)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    os.replace(partial, path)
    return Store.open(path)


def ensure_demo(path: Path, fresh: bool = False) -> tuple[Store, bool]:
    """Open the demo database, building it first if missing (or if fresh); True if built."""
    path = Path(path).expanduser().absolute()
    if fresh:
        for old in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            old.unlink(missing_ok=True)
    if path.exists():
        store = Store.open(path)
        if store.query("SELECT count(*) FROM plans")[0][0]:
            return store, False
        store.close()
    elif not path.parent.is_dir():
        # Let the store give its one-line message about the missing folder.
        Store.open(path)
    return build_demo(path), True
