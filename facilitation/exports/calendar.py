"""The plan's review meetings as an iCalendar file (through the icalendar library)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

from facilitation.store.database import Store
from facilitation.store.text import printable
from facilitation.summary.document import PlanDocument


def render_ics(doc: PlanDocument) -> bytes:
    """One all-day event per review meeting of the plan, held or coming."""
    return _calendar(f"Reviews: {doc.plan.title}", ((doc.plan, r) for r in doc.reviews))


def render_all_reviews_ics(store: Store, today: date | None = None) -> bytes:
    """One all-day event per review still to hold, across every active plan."""
    from facilitation.portfolio.due import upcoming_reviews

    return _calendar("spip reviews", upcoming_reviews(store, today))


def _calendar(name: str, reviews: Iterable[tuple[Any, Any]]) -> bytes:
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//spip//sales performance improvement plans//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", _line(name))
    stamp = datetime.now(UTC)
    for plan, review in reviews:
        day = date.fromisoformat(review.date)
        event = Event()
        event.add("uid", f"spip-plan{plan.id}-review{review.id}@spip")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", _line(f"{review.label}: {plan.title}"))
        event.add("description", _line(_description(plan.title, review.kind)))
        event.add("categories", ["spip", review.kind])
        calendar.add_component(event)
    return calendar.to_ical()


def _line(text: str) -> str:
    """One line of printable text: icalendar refuses a newline in some properties and
    a calendar application would show any other control character raw."""
    return " ".join(printable(text, keep_lines=True).split())


def _description(title: str, kind: str) -> str:
    if kind == "progress":
        return (f"Progress review of the {title} plan: enter the KPI actuals, check "
                "each KPI's pace against its target, decide corrective actions.")
    return (f"Contingency-plan review of the {title} plan: which risks happened, are "
            "the contingencies still right, what changed in the market.")
