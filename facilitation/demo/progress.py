"""Demo: a plan kept alive — Metro, three months into its period: two monthly reviews held
(each says who held it), last month's missed (overdue), KPI actuals over the past months
with one KPI drifting, tactics done, late and dropped with the review's note, and due this
week. Every date is relative to `today`."""

from __future__ import annotations

from datetime import date, timedelta

from facilitation.ideas.strategies import add_strategy, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic, set_tactic_status
from facilitation.plan.kpi_pace import period_start
from facilitation.plan.kpis import KpiInput, add_kpi, record_actual
from facilitation.plan.plans import PlanInput, create_plan
from facilitation.plan.reviews import (
    ReviewRhythm,
    add_months,
    list_reviews,
    mark_review_held,
    month_end,
    set_review_rhythm,
)
from facilitation.store.database import Store
from facilitation.store.model import relative_month, shift_month

SUBJECT = ("territory", "Metro")
OWNER = "Priya Raman"
# (name, unit, target, the last three months' actuals, oldest first)
KPIS = (
    ("Meetings booked", "meetings", 40, (41, 37, 34)),        # drifting: short, and falling
    ("Pipeline coverage", "x", 3, (3.2, 3.1, 3.3)),
    ("Win rate", "%", 25, (26, 24, 27)),
)
# (action, owner, days from today it was or is due, status, the review's note)
TACTICS = (
    ("Map the top 40 Metro accounts by spend", "Priya Raman", -60, "done",
     "Shared with the team; 12 accounts had no contact in a year"),
    ("Book a quarterly review with every top-40 account", "Omar Haddad", -20, "late",
     "31 of 40 booked; the rest answer slowly, Omar calls them this week"),
    ("Run the spring webinar for Metro prospects", "Omar Haddad", -35, "dropped",
     "Its budget went to the account reviews"),
    ("Send the renewal offer to the ten largest accounts", "Priya Raman", 4, "planned", ""),
    ("Hire the second Metro account manager", "Priya Raman", 45, "planned", ""),
)


def add_plan_in_progress(store: Store, today: date | None = None) -> None:
    """The Metro plan, reviewed and measured for three months (see the module's docstring)."""
    today = today or date.today()
    if store.query("SELECT 1 FROM plans WHERE subject_kind = ? AND subject_name = ?",
                   list(SUBJECT)):
        return
    start, end = relative_month("-3", today), relative_month("+2", today)
    last_year = store.query(
        "SELECT sum(amount) FROM sales_history WHERE subject_kind = ? AND subject_name = ? "
        "AND month BETWEEN ? AND ?", [*SUBJECT, shift_month(start, -12), shift_month(end, -12)])
    target = round((last_year[0][0] or 4_000_000) * 1.08, -4)
    plan_id = create_plan(store, PlanInput(*SUBJECT, OWNER, start, end, str(target)))
    first = add_months(today, -3) + timedelta(days=2)
    set_review_rhythm(store, plan_id, ReviewRhythm("monthly", first, 12, month_end(end)),
                      today=first, actor=OWNER)
    held = [r for r in list_reviews(store, plan_id) if r.kind == "progress"][:2]
    notes = ("Meetings a little short; pipeline healthy.",
             "Meetings short again: Omar to book the top-40 reviews.")
    for review, note in zip(held, notes):
        mark_review_held(store, review.id, note=note, actor=OWNER,
                         held_at=f"{review.date}T10:00:00+00:00")
    this_month = period_start("monthly", today)
    for name, unit, kpi_target, actuals in KPIS:
        kpi_id = add_kpi(store, plan_id, KpiInput(name, unit, target=str(kpi_target),
                                                  owner=OWNER), actor=OWNER)
        for back, actual in zip((3, 2, 1), actuals):
            record_actual(store, kpi_id, add_months(this_month, -back).isoformat(), actual,
                          actor=OWNER)
    strategy = add_strategy(store, plan_id, "Grow the top 40 Metro accounts with a quarterly "
                            "business review each", actor=OWNER)
    take_clarity_test(store, strategy, True, actor=OWNER)
    long_ago = today - timedelta(days=90)
    for action, owner, due_in, status, note in TACTICS:
        tactic = add_tactic(store, strategy, TacticInput(
            action, owner, (today + timedelta(days=due_in)).isoformat()),
            today=long_ago, actor=OWNER)
        if status != "planned":
            set_tactic_status(store, tactic, status, note=note, actor=owner)


def settle_a_review_decision(store: Store) -> None:
    """One of Coastal's review decisions carried out since: its next progress review opens
    with that review's decisions, one done and one still open."""
    from facilitation.plan.decisions import DecisionInput, update_decision

    rows = store.query("SELECT d.* FROM review_decisions d JOIN plans p ON p.id = d.plan_id "
                       "WHERE p.subject_name = 'Coastal' ORDER BY d.id LIMIT 1")
    if rows:
        first = rows[0]
        update_decision(store, first["id"], DecisionInput(
            first["text"], first["owner"], first["due_date"] or "", first["kind"],
            f"kpi:{first['kpi_id']}" if first["kpi_id"] else
            f"tactic:{first['tactic_id']}" if first["tactic_id"] else "", "done"),
            actor=first["owner"] or OWNER)


def record_metro_forecast(store: Store, today: date | None = None) -> None:
    """Metro's forecast as its planning meeting showed it, before the period began: the plan
    screen sets the months sold since against it (the original forecast, kept)."""
    from facilitation.history.cache import plan_forecast
    from facilitation.plan.plans import find_plan
    from facilitation.retrospective.forecast_ledger import record_forecast

    today = today or date.today()
    try:
        plan = find_plan(store, SUBJECT[1])
    except (KeyError, LookupError, ValueError):
        return
    found = plan_forecast(store, plan)
    if found is not None:
        shown = add_months(today, -3) - timedelta(days=12)
        record_forecast(store, found, None, at=f"{shown.isoformat()}T15:00:00+00:00")
