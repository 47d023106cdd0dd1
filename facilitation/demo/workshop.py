"""The demo's workshop: a full-plan session on the North territory, paused in the impact
assessment with its risks listed and assessed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from facilitation.contingency.assessment import Assessment, assess_risk
from facilitation.contingency.risks import add_from_catalogue, add_risk, load_catalogue
from facilitation.store.database import Store
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, pause_session, start_session

DEMO_PLAN = "North"
FACILITATOR = "Priya Raman"
PARTICIPANTS = ["Jonas Berg", "Mei Tanaka", "Sam Osei", "Rita Alves"]
# (catalogue key or own title, likelihood, impact, revenue effect, response, evidence)
DEMO_RISKS = [
    ("lose-key-account", 3, 5, "180000", "reduce",
     ("Northwind Foods moved half its volume to a rival in the spring; two other accounts "
      "are on the same renewal cycle.")),
    ("salesperson-ill-or-leaves", 3, 3, "60000", "reduce",
     "Jonas was out for six weeks last year; his accounts had no cover."),
    ("aggressive-competitor-pricing", 4, 3, "6%", "reduce",
     "Corvex cut list prices 12% in the south last quarter."),
    ("recession", 2, 4, "8%", "accept", "Orders fell for two quarters in the last downturn."),
    ("crm-or-process-change", 4, 2, "25000", "reduce",
     "The CRM migration is planned for the second month of the period."),
    ("Our biggest distributor renegotiates its margin", None, None, "", None, ""),
]


def add_workshop_session(store: Store, now: datetime | None = None) -> None:
    """Build the demo session (skipped when the demo has no North plan)."""
    rows = store.query("SELECT id, target_amount FROM plans WHERE subject_name = ?", [DEMO_PLAN])
    if not rows:
        return
    plan_id = rows[0]["id"]
    end = now or datetime.now(UTC)
    start = end - timedelta(minutes=52)
    session_id = start_session(store, plan_id, get_script("full-plan"), FACILITATOR,
                               PARTICIPANTS, now=start)
    go_to_step(store, session_id, 1, now=start + timedelta(minutes=9))
    go_to_step(store, session_id, 2, now=start + timedelta(minutes=20))
    catalogue = {entry.key: entry for entry in load_catalogue()}
    for key, likelihood, impact, effect, response, evidence in DEMO_RISKS:
        if key in catalogue:
            risk_id = add_from_catalogue(store, plan_id, catalogue[key], session_id=session_id,
                                         actor=FACILITATOR)
        else:
            risk_id = add_risk(store, plan_id, key, category="customers",
                               session_id=session_id, actor="Mei Tanaka")
        if likelihood is None:
            continue
        amount = float(effect) if effect and not effect.endswith("%") else None
        pct = float(effect[:-1]) if effect.endswith("%") else None
        assess_risk(store, risk_id, Assessment(likelihood, impact, amount, pct, response,
                                               evidence),
                    session_id=session_id, actor=FACILITATOR)
    go_to_step(store, session_id, 3, now=start + timedelta(minutes=34))
    _attach_demo_evidence(store, plan_id, session_id)
    pause_session(store, session_id, now=end)


def _attach_demo_evidence(store: Store, plan_id: int, session_id: int) -> None:
    """Attach the North's deepest past dip to the key-account risk, when there is history."""
    from facilitation.contingency.evidence import attach_dip, plan_dips
    from facilitation.plan.plans import get_plan

    dips = [d for d in plan_dips(store, get_plan(store, plan_id)) if d.is_plan_subject]
    risk = store.query("SELECT id FROM risks WHERE plan_id = ? AND catalogue_key = ?",
                       [plan_id, "lose-key-account"])
    if dips and risk:
        attach_dip(store, risk[0]["id"], dips[0], "the month Northwind cut its order",
                   session_id=session_id, actor=FACILITATOR)
