"""The plan's review meetings as an iCalendar file (through the icalendar library)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from facilitation.summary.document import PlanDocument


def render_ics(doc: PlanDocument) -> bytes:
    """One all-day event per review meeting of the plan, held or coming."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//spip//sales performance improvement plans//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Reviews: {doc.plan.title}")
    stamp = datetime.now(UTC)
    for review in doc.reviews:
        day = date.fromisoformat(review.date)
        event = Event()
        event.add("uid", f"spip-plan{doc.plan.id}-review{review.id}@spip")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{review.label}: {doc.plan.title}")
        event.add("description", _description(doc, review.kind))
        event.add("categories", ["spip", review.kind])
        calendar.add_component(event)
    return calendar.to_ical()


def _description(doc: PlanDocument, kind: str) -> str:
    if kind == "progress":
        return (f"Progress review of the {doc.plan.title} plan: enter the KPI actuals, check "
                "each KPI's pace against its target, decide corrective actions.")
    return (f"Contingency-plan review of the {doc.plan.title} plan: which risks happened, are "
            "the contingencies still right, what changed in the market.")
