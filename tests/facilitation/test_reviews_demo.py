"""The demo shows what follows a workshop: a progress review with decisions, and a
self-review with the colleague's review recorded."""

from __future__ import annotations

from datetime import date, timedelta

from facilitation.demo.build import build_demo
from facilitation.plan.colleague_reviews import list_colleague_reviews
from facilitation.plan.decisions import list_decisions
from facilitation.plan.plans import find_plan
from facilitation.workshop.sessions import list_sessions


def test_the_demo_has_a_review_with_decisions_and_a_self_review_with_its_colleague(tmp_path):
    store = build_demo(tmp_path / "demo.sqlite")
    coastal = find_plan(store, "Coastal")
    [review] = [s for s in list_sessions(store, coastal.id) if s.script_name == "progress-review"]
    assert review.is_ended
    decisions = list_decisions(store, coastal.id, session_id=review.id)
    assert len(decisions) == 2 and all(d.owner and d.due_date for d in decisions)
    assert {d.prompted_by.split(":")[0] for d in decisions} == {"kpi", "tactic"}
    assert all(d.due_date > date.today().isoformat() for d in decisions)

    dana = find_plan(store, "Dana Whitfield")
    [self_review] = list_sessions(store, dana.id)
    assert self_review.script_name == "self-review" and self_review.is_ended
    [colleague] = list_colleague_reviews(store, dana.id)
    assert colleague.colleague == "Rita Osei" and colleague.session_id == self_review.id
    assert colleague.reviewed_on == (date.today() - timedelta(days=1)).isoformat()
    assert colleague.comments and colleague.agreed_changes
    store.close()
