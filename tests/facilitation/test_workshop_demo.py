"""The demo database has a workshop in progress on the North territory with assessed risks."""

from __future__ import annotations

from facilitation.contingency.ranking import top_risks
from facilitation.contingency.risks import list_risks
from facilitation.demo.build import build_demo
from facilitation.plan.plans import find_plan
from facilitation.workshop.sessions import open_session, step_times


def test_the_demo_has_a_paused_session_on_north_with_risks_assessed(tmp_path):
    store = build_demo(tmp_path / "demo.sqlite")
    plan = find_plan(store, "North")
    session = open_session(store, plan.id)
    assert session is not None and session.is_paused
    assert session.current_step.kind == "impact_assessment"
    assert len(session.participants) == 4
    times = step_times(store, session.id)
    assert [round(t.spent_seconds / 60) for t in times[:4]] == [9, 11, 14, 18]
    risks = list_risks(store, plan.id)
    assert sum(r.is_assessed for r in risks) == 5 and len(risks) == 6
    assert top_risks(store, plan.id)[0].title == "We lose a key account"
    store.close()
