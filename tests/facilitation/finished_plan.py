"""A plan carried through the whole workshop, shared by the plan-check, export and UI tests."""

from __future__ import annotations

import pytest

from facilitation.demo.plans import COASTAL_WORKSHOP, ensure_demo_history, run_full_workshop
from facilitation.plan.plans import PlanInput, create_plan
from facilitation.store.model import relative_month
from facilitation.summary.document import plan_document


def future_plan(store, name="West"):
    """Six months from next month: the history (up to last month) stays current for it on
    any day (a plan starting next January would extrapolate from February on)."""
    return create_plan(store, PlanInput("territory", name, "Priya Raman", relative_month(+1),
                                        relative_month(+6), "2600000"))


@pytest.fixture(scope="session")
def finished_db(tmp_path_factory):
    """A plan carried through the whole workshop (built once; tests copy the file)."""
    from facilitation.store.database import Store

    path = tmp_path_factory.mktemp("finished") / "plan.sqlite"
    store = Store.open(path, actor="tester")
    plan_id = future_plan(store)
    ensure_demo_history(store, ("territory", "West"), 420_000)
    run_full_workshop(store, plan_id, COASTAL_WORKSHOP)
    document = plan_document(store, plan_id)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    return path, plan_id, document.forecast


@pytest.fixture
def finished(finished_db, tmp_path):
    import shutil

    from facilitation.store.database import Store

    path, plan_id, forecast = finished_db
    copy = tmp_path / "copy.sqlite"
    shutil.copy(path, copy)
    store = Store.open(copy, actor="tester")
    yield store, plan_id, forecast
    store.close()


