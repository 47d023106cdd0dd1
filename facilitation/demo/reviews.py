"""Demo: what happens after the workshop. Coastal's first progress review records its
decisions and corrective actions; Dana Whitfield's quick self-review ends with her
colleague's review recorded. Dates are relative to `today`, so the demo always looks
current."""

from __future__ import annotations

from datetime import date, timedelta

from facilitation.store.database import Store

SELF_REVIEW_SUBJECT = ("salesperson", "Dana Whitfield")
COLLEAGUE = "Rita Osei"


def _plan_id(store: Store, subject: tuple[str, str]) -> int | None:
    from facilitation.demo.plans import _plan_for

    plan = _plan_for(store, subject)
    return None if plan is None else plan["id"]


def add_progress_review(store: Store, today: date | None = None) -> None:
    """Coastal's progress review: a tactic under way, and two decisions with owners and
    dates, one prompted by a KPI off pace and one by a late tactic."""
    from facilitation.demo.plans import FINISHED_SUBJECT
    from facilitation.ideas.tactics import set_tactic_status
    from facilitation.plan.decisions import DecisionInput, add_decision
    from facilitation.plan.kpis import list_kpis
    from facilitation.workshop.scripts import get_script
    from facilitation.workshop.sessions import end_session, go_to_step, start_session

    plan_id = _plan_id(store, FINISHED_SUBJECT)
    if plan_id is None:
        return
    today = today or date.today()
    actor = "Marcus Bell"
    kpis = list_kpis(store, plan_id)
    tactics = store.query("SELECT id, action, owner FROM tactics WHERE plan_id = ? "
                          "ORDER BY id", [plan_id])
    if not kpis or len(tactics) < 2:
        return
    script = get_script("progress-review")
    review = start_session(store, plan_id, script, actor, ["Marcus Bell", "Ana Lima", "Joe Park"])
    who = {"session_id": review, "actor": actor}
    go_to_step(store, review, 2)   # tactics status
    set_tactic_status(store, tactics[0]["id"], "doing", **who)
    go_to_step(store, review, 3)   # decisions
    add_decision(store, plan_id, DecisionInput(
        f"Add two prospecting afternoons a week until {kpis[0].name.lower()} is back on pace",
        "Ana Lima", (today + timedelta(days=14)).isoformat(), "corrective_action",
        f"kpi:{kpis[0].id}"), **who)
    add_decision(store, plan_id, DecisionInput(
        f"Move “{tactics[1]['action'][:60]}” to Joe Park and bring its date forward",
        "Marcus Bell", (today + timedelta(days=7)).isoformat(), "decision",
        f"tactic:{tactics[1]['id']}"), **who)
    end_session(store, review)


def add_self_review(store: Store, today: date | None = None) -> None:
    """Dana Whitfield's quick self-review: her risks, one action, and her colleague's review
    (who, when, comments and the changes they agreed)."""
    from facilitation.contingency.assessment import Assessment, assess_risk
    from facilitation.contingency.risks import add_risk
    from facilitation.ideas.strategies import add_strategy, take_clarity_test
    from facilitation.ideas.tactics import TacticInput, add_tactic
    from facilitation.plan.colleague_reviews import record_colleague_review
    from facilitation.workshop.scripts import get_script
    from facilitation.workshop.sessions import end_session, go_to_step, start_session

    plan_id = _plan_id(store, SELF_REVIEW_SUBJECT)
    if plan_id is None:
        return
    today = today or date.today()
    actor = SELF_REVIEW_SUBJECT[1]
    script = get_script("self-review")
    session_id = start_session(store, plan_id, script, actor, [actor, COLLEAGUE])
    who = {"session_id": session_id, "actor": actor}
    kinds = [step.kind for step in script.steps]
    go_to_step(store, session_id, kinds.index("risk_listing"))
    churn = add_risk(store, plan_id, "My two largest clients renew late", category="market",
                     **who)
    leave = add_risk(store, plan_id, "I am out for three weeks in the busy month",
                     category="people", **who)
    go_to_step(store, session_id, kinds.index("impact_assessment"))
    assess_risk(store, churn, Assessment(3, 4, 60_000, None, "reduce",
                                         "Both renewed six weeks late last year."), **who)
    assess_risk(store, leave, Assessment(2, 3, None, 8, "accept"), **who)
    go_to_step(store, session_id, kinds.index("tactics"))
    strategy = add_strategy(store, plan_id, "Start both renewals two months early",
                            answers="risk", risk_id=churn, **who)
    take_clarity_test(store, strategy, True, **who)
    add_tactic(store, strategy, TacticInput(
        "Book the renewal meetings with both buyers", actor,
        (today + timedelta(days=10)).isoformat()), today=today, **who)
    go_to_step(store, session_id, kinds.index("colleague_review"))
    record_colleague_review(
        store, plan_id, COLLEAGUE, reviewed_on=today - timedelta(days=1),
        comments="The renewal risk is real; the absence risk is under-rated for the "
                 "busy month.",
        agreed_changes="Dana hands her pipeline to Joe for the three weeks; we check the "
                       "renewals at the next review.", **who, today=today)
    go_to_step(store, session_id, kinds.index("summary"))
    end_session(store, session_id)
