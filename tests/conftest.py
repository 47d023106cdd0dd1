"""Shared fixtures: a fresh database per test, and the app on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitation.plan.plans import PlanInput, create_plan
from facilitation.store.database import Store
from facilitation.store.model import relative_month

# A plan carried through the whole workshop (fixtures `finished_db`, `finished`).
pytest_plugins = ["tests.facilitation.finished_plan"]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "spip.sqlite"


@pytest.fixture
def store(db_path: Path):
    store = Store.open(db_path, actor="tester")
    yield store
    store.close()


def north_plan(store: Store, period_start: str, period_end: str) -> int:
    """An active plan: North territory, 1.2m over the period."""
    return create_plan(store, PlanInput(
        subject_kind="territory", subject_name="North", owner="Priya Raman",
        period_start=period_start, period_end=period_end, target_amount="1200000",
    ))


@pytest.fixture
def plan_id(store: Store) -> int:
    """North's plan over the three months after this one.

    Relative to today, so a test means the same on any day (the suite is run with its
    clock moved: see tests/test_moved_clock.py). Tests that pass their own `today` to the
    domain use a fixed period instead (`north_plan(store, "2027-01", "2027-03")`).
    """
    return north_plan(store, relative_month(+1), relative_month(+3))


@pytest.fixture
def app(store: Store):
    from spip_tui.app import SpipApp

    return SpipApp(store)
