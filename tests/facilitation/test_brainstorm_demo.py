"""The demo's North workshop has a finished round, scored ideas, strategies and tactics."""

from __future__ import annotations

from facilitation.demo.brainstorm import add_brainstorm_demo
from facilitation.demo.workshop import add_workshop_session
from facilitation.ideas.brainstorm import list_ideas, list_rounds
from facilitation.ideas.scoring import rated_ideas
from facilitation.ideas.strategies import list_strategies, risks_without_contingency
from facilitation.plan.plans import PlanInput, create_plan


def test_demo_brainstorm_on_north(store):
    plan_id = create_plan(store, PlanInput("territory", "North", "Priya Raman", "2027-01",
                                           "2027-03", "1450000"))
    add_workshop_session(store)
    add_brainstorm_demo(store)
    rounds = list_rounds(store, plan_id=plan_id)
    assert [r.answers for r in rounds] == ["gap", "risk", "risk", "risk"]
    assert rounds[0].state() == "time_up" and len(list_ideas(store, rounds[0].id)) == 7
    assert list_ideas(store, rounds[0].id)[0].merged  # the duplicate is folded in
    rated = rated_ideas(store, plan_id=plan_id)
    assert all(r.is_scored for r in rated)
    assert {r.quadrant for r in rated} == {"quick win", "big bet", "fill-in", "money pit"}
    assert any(r.disagreement for r in rated)
    strategies = list_strategies(store, plan_id)
    assert len(strategies) == 4 and sum(s.is_complete for s in strategies) == 2
    assert [r.title for r in risks_without_contingency(store, plan_id)] == [
        "A competitor prices aggressively", "A salesperson falls ill or leaves"]
