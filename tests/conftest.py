"""Shared fixtures: a fresh database per test, and the app on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from facilitation.plan.plans import PlanInput, create_plan
from facilitation.store.database import Store

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


@pytest.fixture
def plan_id(store: Store) -> int:
    """One active plan: North territory, 1.2m over the first quarter of 2027."""
    return create_plan(store, PlanInput(
        subject_kind="territory", subject_name="North", owner="Priya Raman",
        period_start="2027-01", period_end="2027-03", target_amount="1200000",
    ))


@pytest.fixture
def app(store: Store):
    from spip_tui.app import SpipApp

    return SpipApp(store)
