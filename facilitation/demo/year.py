"""Demo: a plan with a full year behind it, for the coach's annual review — Lakeside.

A year ago a full-plan workshop (timed, each step its real length) made the plan: its
risks, strategies and tactics, KPIs, review rhythm, and the forecast it showed. Every month
since, the month's sales were imported and a progress review entered the KPI actuals; the
key account was lost (a listed risk, marked as happened, a dip in sales), a salesperson
was ill (listed, happened, no dip), and a warehouse fire cut sales that nobody had listed
(the lesson). Today the annual contingency review has started: it opens with the year in
review, and the forecast ledger can judge last year's forecast against the actual months.

Everything is stamped with the moment it happened (Store.clock_at), so replay, the plan
as of a date and compare see the year as it went. Built first, so that the log's times
run forward. Every date is relative to `today`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from facilitation.contingency.assessment import Assessment, assess_risk
from facilitation.contingency.risks import add_from_catalogue, load_catalogue, mark_risk_occurred
from facilitation.history.cache import plan_forecast
from facilitation.history.monthly import MonthlyTotal, save_history
from facilitation.ideas.strategies import add_strategy, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic, set_tactic_status
from facilitation.plan.kpis import KpiInput, add_kpi, record_actual
from facilitation.plan.plans import PlanInput, create_plan, get_plan
from facilitation.plan.reviews import (
    ReviewRhythm,
    list_reviews,
    mark_review_held,
    set_review_rhythm,
)
from facilitation.plan.skills import SkillInput, add_skill
from facilitation.retrospective.forecast_ledger import record_forecast
from facilitation.store.database import Store
from facilitation.store.model import month_index, relative_month, shift_month
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import end_session, go_to_step, pause_session, start_session

SUBJECT = ("territory", "Lakeside")
OWNER = "Elena Park"
PARTICIPANTS = ["Luis Romero", "Hana Sato", "Tom Okafor"]
HISTORY_MONTHS = 48
# Months (relative to this one) whose sales fell: the key account gone, the warehouse fire.
KEY_ACCOUNT_LOST, SALESPERSON_ILL, WAREHOUSE_FIRE = -8, -6, -3
DIPS = {KEY_ACCOUNT_LOST: 0.62, KEY_ACCOUNT_LOST + 1: 0.85, WAREHOUSE_FIRE: 0.66}
# The workshop's steps and their real lengths in minutes, in the full-plan script's order.
WORKSHOP_MINUTES = (9, 12, 14, 19, 16, 11, 21, 13, 7, 5, 6)
# (catalogue key, likelihood, impact, revenue effect, response, evidence)
RISKS = (
    ("lose-key-account", 3, 5, 240_000, "reduce",
     "Brightwater Foods is a fifth of Lakeside's sales and its contract ends in the spring."),
    ("salesperson-ill-or-leaves", 3, 3, 50_000, "reduce",
     "Two of three account managers carry all the large accounts."),
    ("aggressive-competitor-pricing", 3, 3, None, "reduce",
     "Corvex undercut us in the south last year."),
    ("recession", 2, 4, None, "accept", "Orders fell for two quarters in the last downturn."),
)
# (name, unit, target, direction, actuals for the plan's months -11..-2, oldest first)
KPIS = (
    ("Meetings booked", "meetings", 30, "up", (31, 33, 30, 24, 26, 31, 32, 34, 31, 33)),
    ("Pipeline coverage", "x", 3, "up", (3.2, 3.4, 3.1, 3.0, 3.1, 3.3, 3.2, 3.4, 3.3, 3.1)),
    ("Win rate", "%", 25, "up", (26, 27, 25, 24, 25, 26, 24, 22, 21, 20)),
)
# (strategy, [(action, owner, due month relative to now, status at the reviews)])
STRATEGIES = (
    ("Keep Brightwater: a named executive sponsor and a renewal offer before spring", [
        ("Name an executive sponsor for Brightwater", OWNER, -11, "done"),
        ("Send Brightwater the three-year renewal offer", "Luis Romero", -9, "done"),
    ]),
    ("Win five mid-size accounts in the lake towns to spread the risk", [
        ("List the 30 largest mid-size prospects", "Hana Sato", -10, "done"),
        ("Book a first meeting with each of the 30", "Hana Sato", -6, "done"),
        ("Run two customer evenings in the lake towns", "Tom Okafor", -3, "dropped"),
    ]),
)


def lakeside_amount(index: int) -> float:
    """Month `index` of the history (0 = its first month): seasonal, growing slowly."""
    return round(310_000 * (1 + 0.005 * index) * (1 + 0.14 * math.sin(2 * math.pi * index / 12))
                 * (1 + 0.03 * math.sin(5.1 * index)), 2)


def lakeside_history(today: date) -> list[MonthlyTotal]:
    """Four years to last month, with the year's dips."""
    first = relative_month(-HISTORY_MONTHS, today)
    totals = []
    for i in range(HISTORY_MONTHS):
        back = i - HISTORY_MONTHS      # months before this one
        amount = round(lakeside_amount(i) * DIPS.get(back, 1.0), 2)
        totals.append(MonthlyTotal(*SUBJECT, shift_month(first, i), amount))
    return totals


class Year:
    """The year's clock: moments given as (month relative to today, day, hour, minute),
    never later than a little before now."""

    def __init__(self, store: Store, today: date, now: datetime) -> None:
        self.store = store
        self.today = today
        self.latest = now - timedelta(hours=2)

    def moment(self, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
        first = date.fromisoformat(relative_month(month, self.today) + "-01")
        stamp = datetime.combine(first + timedelta(days=day - 1), time(hour, minute), UTC)
        return min(stamp, self.latest)

    @contextmanager
    def at(self, moment: datetime) -> Iterator[datetime]:
        with self.store.clock_at(moment):
            yield moment

    def session(self, change: Callable[..., Any], *args: Any, now: datetime,
                **kwargs: Any) -> Any:
        """A session change (start, step, pause, end) at `now`: its row and its event."""
        with self.store.clock_at(now):
            return change(self.store, *args, now=now, **kwargs)


def add_plan_year(store: Store, today: date | None = None, now: datetime | None = None) -> None:
    """Lakeside's year (see the module's docstring); skipped when it is there already."""
    now = now or datetime.now(UTC)
    today = today or now.date()
    if store.query("SELECT 1 FROM plans WHERE subject_kind = ? AND subject_name = ?",
                   list(SUBJECT)):
        return
    year = Year(store, today, now)
    history = lakeside_history(today)
    this_month = month_index(relative_month(0, today))
    months_back = {t.month: month_index(t.month) - this_month for t in history}
    with year.at(year.moment(-12, 2)):   # the history up to the workshop
        save_history(store, "lakeside_to_workshop.csv",
                     [t for t in history if months_back[t.month] <= -13], rows_read=36)
    plan_id, tactics, kpis = _workshop(store, year, history)
    _reviews(store, year, plan_id, history, months_back, tactics, kpis)
    start = now - timedelta(minutes=14)
    review = year.session(start_session, plan_id, get_script("annual-contingency-review"), OWNER,
                           PARTICIPANTS, now=start)
    year.session(pause_session, review, now=start + timedelta(minutes=12))


def _workshop(store: Store, year: Year, history: list[MonthlyTotal]
              ) -> tuple[int, list[tuple[int, str, int]], list[tuple[int, tuple]]]:
    """The full-plan workshop a year ago, step by step at its real pace."""
    start = year.moment(-12, 10, 9, 0)
    marks = [start]
    for minutes in WORKSHOP_MINUTES:
        marks.append(marks[-1] + timedelta(minutes=minutes))
    period = relative_month(-11, year.today), relative_month(-1, year.today)
    last_year = sum(t.amount for t in history
                    if shift_month(period[0], -12) <= t.month <= shift_month(period[1], -12))
    with year.at(start):
        plan_id = create_plan(store, PlanInput(*SUBJECT, OWNER, *period,
                                               str(round(last_year * 1.06, -4))))
    session = year.session(start_session, plan_id, get_script("full-plan"), OWNER, PARTICIPANTS,
                            now=start)
    who = {"session_id": session}

    def step(index: int) -> datetime:
        year.session(go_to_step, session, index, now=marks[index])
        return marks[index] + timedelta(minutes=2)

    with year.at(step(1)):     # the forecast & gap step shows last year's forecast
        record_forecast(store, plan_forecast(store, get_plan(store, plan_id)), session,
                        at=marks[1].isoformat(timespec="seconds"))
    catalogue = {entry.key: entry for entry in load_catalogue()}
    risk_ids = {}
    moment = step(2)
    for key, *_ in RISKS:
        moment += timedelta(minutes=2)
        with year.at(moment):
            risk_ids[key] = add_from_catalogue(store, plan_id, catalogue[key], actor=OWNER, **who)
    moment = step(3)
    for key, likelihood, impact, amount, response, evidence in RISKS:
        moment += timedelta(minutes=3)
        with year.at(moment):
            assess_risk(store, risk_ids[key], Assessment(likelihood, impact, amount,
                                                         None if amount else 5.0, response,
                                                         evidence), actor=OWNER, **who)
    step(4)
    step(5)
    moment = step(6)
    tactics = []
    for text, actions in STRATEGIES:
        with year.at(moment):
            strategy = add_strategy(store, plan_id, text, actor="Luis Romero", now=moment, **who)
            take_clarity_test(store, strategy, True, actor=OWNER, now=moment, **who)
        for action, owner, due, status in actions:
            moment += timedelta(minutes=2)
            with year.at(moment):
                due_on = date.fromisoformat(relative_month(due, year.today) + "-20")
                tactic = add_tactic(store, strategy, TacticInput(action, owner, due_on.isoformat()),
                                    today=moment.date(), actor=OWNER, now=moment, **who)
            tactics.append((tactic, status, due))
    moment = step(7)
    kpis = []
    for name, unit, target, direction, actuals in KPIS:
        moment += timedelta(minutes=2)
        with year.at(moment):
            kpis.append((add_kpi(store, plan_id, KpiInput(name, unit, target=str(target),
                                                          direction=direction, owner=OWNER),
                                 actor=OWNER, **who), actuals))
    with year.at(step(8)):
        add_skill(store, plan_id, SkillInput("Negotiating multi-year renewals", "Luis Romero",
                                             "coaching", relative_month(-9, year.today) + "-28"),
                  actor=OWNER, **who)
    with year.at(step(9)):
        first = date.fromisoformat(relative_month(-10, year.today) + "-05")
        set_review_rhythm(store, plan_id, ReviewRhythm("monthly", first, 12, year.today),
                          today=marks[9].date(), actor=OWNER, **who)
    step(10)
    year.session(end_session, session, now=marks[11])
    return plan_id, tactics, kpis


def _reviews(store: Store, year: Year, plan_id: int, history: list[MonthlyTotal],
             months_back: dict[str, int], tactics: list[tuple[int, str, int]],
             kpis: list[tuple[int, tuple]]) -> None:
    """Each month: its sales imported on the 3rd of the next, a progress review on the 5th
    entering the month's KPI actuals, marking what happened and the tactics done."""
    script = get_script("progress-review")
    held = [r for r in list_reviews(store, plan_id) if r.kind == "progress"]
    for back in range(-12, 0):
        with year.at(year.moment(back + 1, 3, 7, 30)):
            save_history(store, f"lakeside_{relative_month(back, year.today)}.csv",
                         [t for t in history if months_back[t.month] == back], rows_read=1)
        number = back + 11             # the review on the 5th looks back on month `back`
        if 0 <= number < len(held) and back <= -2:
            _progress_review(store, year, plan_id, script, held[number], back, tactics, kpis)


def _progress_review(store: Store, year: Year, plan_id: int, script, review, reviewed: int,
                     tactics: list[tuple[int, str, int]], kpis: list[tuple[int, tuple]]) -> None:
    """One monthly progress review, half an hour on the 5th, held as a session."""
    start = year.moment(reviewed + 1, 5, 10, 0)
    session = year.session(start_session, plan_id, script, OWNER, PARTICIPANTS[:2], now=start)
    who = {"session_id": session, "actor": OWNER}
    with year.at(start + timedelta(minutes=4)):
        for kpi_id, actuals in kpis:
            record_actual(store, kpi_id, relative_month(reviewed, year.today) + "-01",
                          actuals[reviewed + 11], **who)
    year.session(go_to_step, session, 1, now=start + timedelta(minutes=11))
    year.session(go_to_step, session, 2, now=start + timedelta(minutes=17))
    with year.at(start + timedelta(minutes=19)):
        for tactic, status, due in tactics:
            if due == reviewed:
                set_tactic_status(store, tactic, status, now=start, **who)
        _what_happened(store, year, plan_id, reviewed, who)
    year.session(go_to_step, session, 3, now=start + timedelta(minutes=25))
    ended = start + timedelta(minutes=33)
    with year.at(ended):
        mark_review_held(store, review.id, held_at=ended.isoformat(timespec="seconds"),
                         note=REVIEW_NOTES.get(reviewed, "KPIs on pace; tactics on time."),
                         **who)
    year.session(end_session, session, now=ended)


REVIEW_NOTES = {
    KEY_ACCOUNT_LOST: "Brightwater gone to Corvex; mid-size push brought forward.",
    SALESPERSON_ILL: "Hana off sick for five weeks; Luis covers her accounts.",
    WAREHOUSE_FIRE: "The warehouse fire stopped deliveries for three weeks: nobody had it on "
                    "the list. Win rate down for the second month.",
    -2: "Win rate falling for the third month: Luis to review lost deals.",
}


def _what_happened(store: Store, year: Year, plan_id: int, reviewed: int, who: dict) -> None:
    """The listed risks that came true, marked at the review after their month."""
    happened = {KEY_ACCOUNT_LOST: "lose-key-account", SALESPERSON_ILL: "salesperson-ill-or-leaves"}
    key = happened.get(reviewed)
    if key is None:
        return
    risk = store.query("SELECT id FROM risks WHERE plan_id = ? AND catalogue_key = ?",
                       [plan_id, key])[0][0]
    mark_risk_occurred(store, risk, True, on=relative_month(reviewed, year.today), **who)
