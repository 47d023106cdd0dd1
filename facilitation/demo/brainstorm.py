"""The demo's brainstorming, scoring and tactics on the North territory's workshop: the gap
round run to time with scored ideas (one merged duplicate), an ended round on the key-account
risk, three strategies (one reworded after failing the clarity test) and their tactics.

Two top risks are left without a strategy, so the demo shows "no contingency yet".
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from facilitation.ideas.brainstorm import add_idea, end_round, merge_ideas, plan_rounds, start_round
from facilitation.ideas.scoring import set_score
from facilitation.ideas.strategies import (
    augment_strategy,
    promote_idea,
    reword_strategy,
    take_clarity_test,
)
from facilitation.ideas.tactics import TacticInput, add_tactic
from facilitation.store.database import Store

DEMO_PLAN = "North"
FACILITATOR = "Priya Raman"

# (author, text, {scorer: (feasibility, impact)})
GAP_IDEAS = [
    ("Jonas Berg", "Win back the accounts that ordered last year but not this year",
     {"Priya Raman": (4, 5), "Jonas Berg": (5, 5), "Mei Tanaka": (4, 4), "Sam Osei": (4, 4),
      "Rita Alves": (3, 5)}),
    ("Mei Tanaka", "Call lapsed accounts personally before the spring price list", {}),
    ("Sam Osei", "Bundle installation with every order over 20k",
     {"Priya Raman": (4, 4), "Jonas Berg": (3, 4), "Mei Tanaka": (4, 3), "Sam Osei": (5, 4),
      "Rita Alves": (4, 4)}),
    ("Rita Alves", "Joint promotion with our main distributor in March",
     {"Priya Raman": (2, 4), "Jonas Berg": (5, 4), "Mei Tanaka": (1, 3), "Sam Osei": (4, 5),
      "Rita Alves": (2, 4)}),
    ("Priya Raman", "Open a second territory in the lakes region",
     {"Priya Raman": (1, 5), "Jonas Berg": (2, 4), "Mei Tanaka": (1, 4), "Sam Osei": (2, 5),
      "Rita Alves": (2, 4)}),
    ("Mei Tanaka", "Weekly pipeline review every Monday, 30 minutes",
     {"Priya Raman": (5, 2), "Jonas Berg": (4, 2), "Mei Tanaka": (5, 3), "Sam Osei": (4, 2),
      "Rita Alves": (5, 2)}),
    ("Sam Osei", "Raise list prices 5% across the board",
     {"Priya Raman": (2, 2), "Jonas Berg": (1, 1), "Mei Tanaka": (2, 2), "Sam Osei": (3, 2),
      "Rita Alves": (2, 1)}),
    ("Jonas Berg", "Stand at the regional trade fair",
     {"Priya Raman": (2, 2), "Jonas Berg": (3, 3), "Mei Tanaka": (2, 2), "Sam Osei": (2, 3),
      "Rita Alves": (3, 2)}),
]
KEY_ACCOUNT_IDEAS = [
    ("Rita Alves", "Name a second contact person for each of the top 15 accounts",
     {"group": (4, 4)}),
    ("Jonas Berg", "Quarterly business reviews with Northwind and the two other renewals",
     {"group": (5, 5)}),
    ("Mei Tanaka", "Offer a two-year price lock for early renewal", {"group": (3, 3)}),
]


def _add_ideas(store: Store, round_id: int, ideas: list, start: datetime,
               session_id: int) -> list[int]:
    ids = []
    for n, (author, text, scores) in enumerate(ideas):
        idea_id = add_idea(store, round_id, text, author, actor=author,
                           now=start + timedelta(seconds=20 + 25 * n))
        ids.append(idea_id)
        for scorer, (feasibility, impact) in scores.items():
            set_score(store, idea_id, scorer, feasibility=feasibility, impact=impact,
                      actor=FACILITATOR)
    return ids


def _tactics(store: Store, strategy_id: int, today: date,
             tactics: list[tuple[str, str, int | None, str]]) -> None:
    for action, owner, days, status in tactics:
        due = "" if days is None else (today + timedelta(days=days)).isoformat()
        add_tactic(store, strategy_id, TacticInput(action, owner, due, status), today=today,
                   actor=FACILITATOR)


def add_brainstorm_demo(store: Store, now: datetime | None = None) -> None:
    """Build the North session's rounds, scores, strategies and tactics (skipped without it)."""
    rows = store.query(
        "SELECT s.id, s.plan_id FROM sessions s JOIN plans p ON p.id = s.plan_id "
        "WHERE p.subject_name = ? ORDER BY s.id LIMIT 1", [DEMO_PLAN])
    if not rows:
        return
    session_id, plan_id = rows[0]["id"], rows[0]["plan_id"]
    now = now or datetime.now(UTC)
    rounds = plan_rounds(store, plan_id, session_id, _gap(store, plan_id), actor=FACILITATOR,
                         now=now - timedelta(minutes=40))
    gap_round = rounds[0]
    start = now - timedelta(minutes=30)
    start_round(store, gap_round.id, actor=FACILITATOR, now=start)
    gap_ids = _add_ideas(store, gap_round.id, GAP_IDEAS, start, session_id)
    merge_ideas(store, gap_ids[0], gap_ids[1], actor=FACILITATOR, now=start + timedelta(minutes=6))
    end_round(store, gap_round.id, actor=FACILITATOR, now=start + timedelta(minutes=5, seconds=3))

    key_account = next((r for r in rounds[1:] if "key account" in r.prompt), None)
    risk_ids: list[int] = []
    if key_account is not None:
        risk_start = now - timedelta(minutes=22)
        start_round(store, key_account.id, actor=FACILITATOR, now=risk_start)
        risk_ids = _add_ideas(store, key_account.id, KEY_ACCOUNT_IDEAS, risk_start, session_id)
        end_round(store, key_account.id, actor=FACILITATOR,
                  now=risk_start + timedelta(minutes=3))

    today = now.date()
    win_back = promote_idea(store, gap_ids[0], actor=FACILITATOR)
    take_clarity_test(store, win_back, False, actor=FACILITATOR)
    reword_strategy(store, win_back, "Jonas and Mei call the lapsed accounts in the first month "
                    "and offer each a visit and a win-back price", actor=FACILITATOR)
    take_clarity_test(store, win_back, True, actor=FACILITATOR)
    augment_strategy(store, win_back, actor=FACILITATOR,
                     resources="Two days a week of Mei's time for four weeks",
                     insights="Most lapsed accounts left over delivery times, not price",
                     best_practices="The South territory's win-back script (38% won back)")
    _tactics(store, win_back, today, [
        ("List the lapsed accounts with last order and contact", "Mei Tanaka", 7, "done"),
        ("Call each lapsed account and book a visit", "Jonas Berg", 21, "doing"),
        ("Send the win-back offer after each visit", "Mei Tanaka", 35, "planned"),
    ])
    bundle = promote_idea(store, gap_ids[2], actor=FACILITATOR)
    take_clarity_test(store, bundle, True, actor=FACILITATOR)
    _tactics(store, bundle, today, [
        ("Price the installation bundle with operations", "Sam Osei", 10, "planned"),
        ("Brief the whole team on the bundle", "Priya Raman", None, "planned"),
    ])
    if risk_ids:
        reviews = promote_idea(store, risk_ids[1], actor=FACILITATOR)
        take_clarity_test(store, reviews, True, actor=FACILITATOR)
        _tactics(store, reviews, today, [
            ("Book business reviews with Northwind and the two other renewals", "Jonas Berg",
             14, "planned"),
        ])
    # The distributor promotion is promoted but not yet put to the clarity test.
    promote_idea(store, gap_ids[3], actor=FACILITATOR)


def _gap(store: Store, plan_id: int) -> float | None:
    """The plan's gap from its forecast, for the gap round's question (None without one)."""
    try:
        from facilitation.history.cache import plan_forecast
        from facilitation.plan.plans import get_plan

        forecast = plan_forecast(store, get_plan(store, plan_id))
    except Exception:  # noqa: BLE001  (no usable history: the question goes without a figure)
        return None
    return None if forecast is None else forecast.gap
