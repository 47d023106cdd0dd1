"""The review rhythm: progress reviews every 2 weeks or monthly, the contingency review
at least yearly. The dates are generated from the cadence and stored in review_meetings
(the home screen shows the next one); a review that took place is marked as held.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from facilitation.store.database import Store, now_iso
from facilitation.store.model import Record, month_end

PROGRESS_CADENCES = ("biweekly", "monthly")
CADENCE_LABELS = {"biweekly": "every 2 weeks", "monthly": "monthly"}
MAX_PROGRESS_REVIEWS = 60
_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


class ReviewInputError(ValueError):
    """Invalid review-rhythm fields; `errors` maps each field to what is wrong."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def parse_date(text: str | date | None, field: str = "date") -> date | None:
    """'2027-03-05' (or '2027-3-5') → a date; blank → None; ReviewInputError otherwise."""
    if text is None or isinstance(text, date):
        return text
    if not text.strip():
        return None
    match = _DATE.match(text.strip())
    if not match:
        raise ReviewInputError({field: f'"{text.strip()}" is not a date; write it as YYYY-MM-DD'})
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise ReviewInputError({field: f'"{text.strip()}" is not a date ({exc})'}) from None


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class ReviewRhythm:
    """How often the plan is reviewed, and from when."""

    progress_cadence: str = "monthly"
    first_progress: date | None = None
    contingency_every_months: int = 12
    first_contingency: date | None = None

    @property
    def cadence_label(self) -> str:
        return CADENCE_LABELS.get(self.progress_cadence, self.progress_cadence)


def progress_dates(cadence: str, first: date, until: date) -> list[date]:
    """Progress-review dates from `first` up to `until` (at least the first one)."""
    if cadence not in PROGRESS_CADENCES:
        raise ReviewInputError({"progress_cadence": "choose biweekly or monthly"})
    dates = [first]
    step = 1
    while len(dates) < MAX_PROGRESS_REVIEWS:
        following = first + timedelta(days=14 * step) if cadence == "biweekly" \
            else add_months(first, step)
        if following > until:
            break
        dates.append(following)
        step += 1
    return dates


def contingency_dates(first: date, every_months: int) -> list[date]:
    """Contingency-review dates over the year from `first` (12 months → one a year)."""
    if not 1 <= every_months <= 12:
        raise ReviewInputError({"contingency_every_months":
                                "the contingency review comes at least once a year (1 to 12 months)"})
    return [add_months(first, n) for n in range(0, 12, every_months)]


def default_rhythm(period_start: str, period_end: str, today: date | None = None) -> ReviewRhythm:
    """A sensible rhythm for a plan: monthly from the period's start (or next month), and
    the contingency review at the end of the period."""
    today = today or date.today()
    start = date(*(int(x) for x in period_start.split("-")), 1)
    first = start if start > today else add_months(today, 1)
    contingency = max(month_end(period_end), first)
    return ReviewRhythm("monthly", first, 12, contingency)


def review_schedule(rhythm: ReviewRhythm, period_end: str) -> list[tuple[str, date]]:
    """The (kind, date) meetings a rhythm gives for a plan ending in `period_end`, by date."""
    if rhythm.first_progress is None or rhythm.first_contingency is None:
        raise ReviewInputError({"first_progress": "required"} if rhythm.first_progress is None
                               else {"first_contingency": "required"})
    until = max(month_end(period_end), rhythm.first_progress)
    meetings = [("progress", d) for d in progress_dates(rhythm.progress_cadence,
                                                         rhythm.first_progress, until)]
    meetings += [("contingency", d) for d in contingency_dates(rhythm.first_contingency,
                                                               rhythm.contingency_every_months)]
    return sorted(meetings, key=lambda m: (m[1], m[0]))


def set_review_rhythm(store: Store, plan_id: int, rhythm: ReviewRhythm, *,
                      today: date | None = None, session_id: int | None = None,
                      actor: str | None = None) -> int:
    """Store the rhythm and (re)generate the plan's coming review dates; returns how many.

    Reviews already held, and dates before today, are kept as they are.
    """
    from facilitation.plan.plans import get_plan

    today = today or date.today()
    plan = get_plan(store, plan_id)
    meetings = [(kind, day) for kind, day in review_schedule(rhythm, plan.period_end)
                if day >= today]
    if not meetings:
        raise ReviewInputError({"first_progress": "every generated date is in the past"})
    row = {
        "plan_id": plan_id, "progress_cadence": rhythm.progress_cadence,
        "first_progress": rhythm.first_progress.isoformat(),
        "contingency_every_months": rhythm.contingency_every_months,
        "first_contingency": rhythm.first_contingency.isoformat(), "updated_at": now_iso(),
    }
    existing = store.query("SELECT id FROM review_rhythms WHERE plan_id = ?", [plan_id])
    with store.change("review.rhythm_set", {"plan_id": plan_id}, actor=actor,
                      session_id=session_id) as ch:
        if existing:
            ch.update("review_rhythms", existing[0][0], row)
        else:
            ch.insert("review_rhythms", row)
        ch.delete_where("review_meetings", "plan_id = ? AND date >= ? AND held_at IS NULL",
                        [plan_id, today.isoformat()])
        ch.insert_many("review_meetings", [
            {"plan_id": plan_id, "kind": kind, "date": day.isoformat(), "held_at": None,
             "session_id": None, "note": ""} for kind, day in meetings])
    return len(meetings)


def get_rhythm(store: Store, plan_id: int) -> ReviewRhythm | None:
    """The plan's stored rhythm, or None if none was set."""
    rows = store.query("SELECT * FROM review_rhythms WHERE plan_id = ?", [plan_id])
    if not rows:
        return None
    r = rows[0]
    return ReviewRhythm(r["progress_cadence"], date.fromisoformat(r["first_progress"]),
                        r["contingency_every_months"], date.fromisoformat(r["first_contingency"]))


@dataclass(frozen=True)
class ReviewMeeting(Record):
    """A scheduled (or held) review of a plan."""

    id: int
    plan_id: int
    kind: str
    date: str
    held_at: str | None
    session_id: int | None
    note: str
    held_by: str = ""

    @property
    def label(self) -> str:
        return "Progress review" if self.kind == "progress" else "Contingency-plan review"


def list_reviews(store: Store, plan_id: int) -> list[ReviewMeeting]:
    """The plan's review meetings by date."""
    rows = store.query("SELECT * FROM review_meetings WHERE plan_id = ? ORDER BY date, id",
                       [plan_id])
    return [ReviewMeeting.from_row(r) for r in rows]


def upcoming_reviews(store: Store, plan_id: int, today: date | None = None) -> list[ReviewMeeting]:
    """Reviews from today on that have not been held."""
    day = (today or date.today()).isoformat()
    return [r for r in list_reviews(store, plan_id) if r.date >= day and r.held_at is None]


def mark_review_held(store: Store, review_id: int, *, note: str = "",
                     session_id: int | None = None, actor: str | None = None,
                     held_at: str | None = None) -> None:
    """Record that a scheduled review took place: when, who held it (the actor) and a note."""
    rows = store.query("SELECT plan_id FROM review_meetings WHERE id = ?", [review_id])
    if not rows:
        raise KeyError(f"there is no review meeting {review_id}")
    with store.change("review.held", {"plan_id": rows[0][0], "review_id": review_id},
                      actor=actor, session_id=session_id) as ch:
        ch.update("review_meetings", review_id, {
            "held_at": held_at or now_iso(), "held_by": actor or store.actor,
            "session_id": session_id, "note": note.strip()})


def last_reviewed(store: Store, plan_id: int) -> str | None:
    """When the plan was last worked on with people: a held review or a session (ISO)."""
    row = store.query(
        """SELECT max(at) FROM (
             SELECT held_at AS at FROM review_meetings WHERE plan_id = ? AND held_at IS NOT NULL
             UNION ALL SELECT started_at FROM sessions WHERE plan_id = ?)""",
        [plan_id, plan_id])
    return row[0][0]


def nearest_progress_review(store: Store, plan_id: int,
                            today: date | None = None) -> ReviewMeeting | None:
    """The scheduled progress review not held yet whose date is nearest to `today` (the
    one a review that just took place most likely was); None when none is scheduled."""
    today = today or date.today()
    waiting = [r for r in list_reviews(store, plan_id)
               if r.kind == "progress" and r.held_at is None]
    return min(waiting, key=lambda r: abs((date.fromisoformat(r.date) - today).days),
               default=None)


def reviews_line(store: Store, plan_id: int, today: date | None = None) -> str:
    """'Next review 2026-11-29 · last 2026-10-02, held by Priya Raman ("Meetings short")':
    the next review due (or since when one is overdue), then the one held last, who held
    it and its note (last, as a narrow screen cuts it)."""
    today = today or date.today()
    reviews = list_reviews(store, plan_id)
    held = max((r for r in reviews if r.held_at), key=lambda r: (r.held_at, r.id), default=None)
    since = held.held_at[:10] if held is not None else ""
    missed = [r for r in reviews if r.held_at is None and since < r.date < today.isoformat()]
    coming = upcoming_reviews(store, plan_id, today)
    if missed:
        parts = [f"Review overdue since {missed[0].date}"]
    else:
        parts = [f"Next review {coming[0].date}" if coming else "No review scheduled"]
    if held is not None:
        who = f", held by {held.held_by}" if held.held_by else ""
        note = f' ("{held.note}")' if held.note else ""
        parts.append(f"last {held.held_at[:10]}{who}{note}")
    else:
        parts.append("none held yet")
    return " · ".join(parts)
