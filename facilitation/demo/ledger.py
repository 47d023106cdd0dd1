"""The demo's forecast ledger: each demo session that reached its forecast & gap step
recorded the forecast it showed, as the app does, so that the ledger is not empty."""

from __future__ import annotations

from facilitation.history.cache import plan_forecast
from facilitation.plan.plans import get_plan
from facilitation.retrospective.forecast_ledger import record_forecast
from facilitation.store.database import Store
from facilitation.workshop.sessions import get_session


def add_forecast_ledger(store: Store) -> int:
    """Record the forecast of every session past its forecast step; returns how many."""
    recorded = 0
    for (session_id,) in store.query("SELECT id FROM sessions ORDER BY id"):
        session = get_session(store, session_id)
        steps = [i for i, step in enumerate(session.script.steps) if step.kind == "forecast_gap"]
        if not steps or session.current_step_index < steps[0]:
            continue
        if store.query("SELECT 1 FROM forecast_ledger WHERE session_id = ?", [session_id]):
            continue  # recorded when it was held (the demo's year), from the history then
        found = plan_forecast(store, get_plan(store, session.plan_id))
        if found is not None and record_forecast(store, found, session_id,
                                                 at=session.started_at) is not None:
            recorded += 1
    return recorded
