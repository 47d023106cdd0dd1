"""Reminders: what is due across every active plan — reviews due or overdue, tactics due
this week (or late), plans ending, contingency reviews older than a year.

Read with the standard library's sqlite3 only: the home screen shows this on start, so
nothing here may import pandas or sqlite-utils.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from facilitation.store.database import Store
from facilitation.store.model import month_end

WEEK_DAYS = 7
ENDING_WITHIN_DAYS = 31
CONTINGENCY_WITHIN_DAYS = 365

# What each kind of reminder is called, most pressing first (the list's order).
KINDS = ("review overdue", "tactic late", "review due", "tactic due", "plan ending",
         "contingency review")


@dataclass(frozen=True)
class DueItem:
    """One thing due: what, by when, for which plan."""

    kind: str
    date: str            # 'YYYY-MM-DD': when it was or is due
    plan_id: int
    subject: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _subject(row: Any) -> str:
    return f"{row['subject_name']} ({row['subject_kind']})"


def _reviews(store: Store, today: date) -> list[DueItem]:
    """Reviews due this week, and reviews missed since the plan was last reviewed."""
    week_end = (today + timedelta(days=WEEK_DAYS - 1)).isoformat()
    rows = store.query(
        """SELECT r.id, r.kind AS review_kind, r.date, p.id AS plan_id, p.subject_name,
                  p.subject_kind,
                  (SELECT max(at) FROM (
                     SELECT held_at AS at FROM review_meetings h
                       WHERE h.plan_id = p.id AND h.held_at IS NOT NULL
                     UNION ALL SELECT started_at FROM sessions s WHERE s.plan_id = p.id))
                    AS last_reviewed
           FROM review_meetings r JOIN plans p ON p.id = r.plan_id
           WHERE p.status = 'active' AND r.held_at IS NULL AND r.date <= ?
           ORDER BY r.date""", [week_end])
    items, overdue_plans = [], set()
    for row in rows:
        label = "progress review" if row["review_kind"] == "progress" else "contingency review"
        if row["date"] >= today.isoformat():
            items.append(DueItem("review due", row["date"], row["plan_id"], _subject(row),
                                 f"{label} of {_subject(row)} on {row['date']}"))
        elif (row["last_reviewed"] or "")[:10] < row["date"] and \
                row["plan_id"] not in overdue_plans:
            # One overdue line per plan: the oldest review missed since it was last reviewed.
            overdue_plans.add(row["plan_id"])
            items.append(DueItem("review overdue", row["date"], row["plan_id"], _subject(row),
                                 f"{label} of {_subject(row)} overdue since {row['date']}"))
    return items


def _tactics(store: Store, today: date) -> list[DueItem]:
    week_end = (today + timedelta(days=WEEK_DAYS - 1)).isoformat()
    rows = store.query(
        """SELECT t.action, t.owner, t.due_date, t.status, p.id AS plan_id, p.subject_name,
                  p.subject_kind
           FROM tactics t JOIN plans p ON p.id = t.plan_id
           WHERE p.status = 'active' AND t.status NOT IN ('done', 'dropped')
             AND (t.status = 'late' OR t.due_date IS NOT NULL AND t.due_date <= ?)
           ORDER BY t.due_date, t.id""", [week_end])
    items = []
    for row in rows:
        due, past = row["due_date"], (row["due_date"] or "") < today.isoformat()
        late = past or row["status"] == "late"
        when = f"was due {due}" if due and past else "set late" if late else f"due {due}"
        who = f" ({row['owner']})" if row["owner"] else ""
        items.append(DueItem(
            "tactic late" if late else "tactic due", due or today.isoformat(), row["plan_id"],
            _subject(row), f"{row['action']}{who}: {when}, {_subject(row)}"))
    return items


def _plans_ending(store: Store, today: date) -> list[DueItem]:
    """Active plans whose period ends within a month (or ended without a new plan)."""
    items = []
    for row in store.query("SELECT * FROM plans WHERE status = 'active' ORDER BY period_end"):
        end = month_end(row["period_end"])
        if end > today + timedelta(days=ENDING_WITHIN_DAYS):
            continue
        newer = store.query("SELECT 1 FROM plans WHERE status = 'active' AND subject_kind = ? "
                            "AND subject_name = ? AND period_end > ?",
                            [row["subject_kind"], row["subject_name"], row["period_end"]])
        if newer:
            continue
        verb = "ends" if end >= today else "ended"
        items.append(DueItem("plan ending", end.isoformat(), row["id"], _subject(row),
                             f"the plan for {_subject(row)} {verb} on {end.isoformat()}: "
                             "plan the next period"))
    return items


def _contingency(store: Store, today: date) -> list[DueItem]:
    """Plans older than a year whose contingencies were not reviewed for a year."""
    year_ago = (today - timedelta(days=CONTINGENCY_WITHIN_DAYS)).isoformat()
    rows = store.query(
        """SELECT p.id AS plan_id, p.subject_name, p.subject_kind, p.created_at,
                  (SELECT max(held_at) FROM review_meetings r WHERE r.plan_id = p.id
                     AND r.kind = 'contingency' AND r.held_at IS NOT NULL) AS last_held
           FROM plans p WHERE p.status = 'active'""")
    items = []
    for row in rows:
        since = (row["last_held"] or row["created_at"])[:10]
        if since < year_ago:
            when = "last reviewed " + since if row["last_held"] else "never reviewed"
            items.append(DueItem("contingency review", since, row["plan_id"], _subject(row),
                                 f"contingencies of {_subject(row)} {when}: review them"))
    return items


def due_items(store: Store, today: date | None = None) -> list[DueItem]:
    """Everything due across the active plans, most pressing kind first, then by date."""
    today = today or date.today()
    items = (_reviews(store, today) + _tactics(store, today) + _plans_ending(store, today)
             + _contingency(store, today))
    return sorted(items, key=lambda item: (KINDS.index(item.kind), item.date, item.subject))


def due_summary(items: list[DueItem]) -> str:
    """One line for the home screen: '1 review overdue · this week: 2 reviews, 1 tactic'."""
    counts = {kind: sum(1 for item in items if item.kind == kind) for kind in KINDS}

    def count(kind: str, word: str) -> str:
        return f"{counts[kind]} {word}{'s' if counts[kind] != 1 else ''}"

    parts = [f"{count('review overdue', 'review')} overdue" if counts["review overdue"] else "",
             f"{count('tactic late', 'tactic')} late" if counts["tactic late"] else ""]
    week = [count(kind, word) for kind, word in (("review due", "review"),
                                                  ("tactic due", "tactic")) if counts[kind]]
    parts.append(f"this week: {', '.join(week)}" if week else "")
    parts.append(f"{count('plan ending', 'plan')} ending" if counts["plan ending"] else "")
    if counts["contingency review"]:
        parts.append(f"{count('contingency review', 'contingency review')} over a year old")
    parts = [part for part in parts if part]
    return " · ".join(parts) if parts else "Nothing due this week"


def upcoming_reviews(store: Store, today: date | None = None) -> list[tuple[Any, Any]]:
    """(plan, review meeting) for every review not yet held from today on, across the
    active plans, by date."""
    from facilitation.plan.reviews import ReviewMeeting
    from facilitation.store.model import Plan

    day = (today or date.today()).isoformat()
    plans = {row["id"]: Plan.from_row(row)
             for row in store.query("SELECT * FROM plans WHERE status = 'active'")}
    rows = store.query("SELECT * FROM review_meetings WHERE held_at IS NULL AND date >= ? "
                       "ORDER BY date, id", [day])
    return [(plans[row["plan_id"]], ReviewMeeting.from_row(row))
            for row in rows if row["plan_id"] in plans]
