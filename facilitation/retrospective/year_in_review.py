"""The year in review, which opens the annual contingency review: did the forecast come
true (the forecast ledger), which risks materialised and what happened unlisted, which
KPIs held. One object for the step, the CLI (`spip retrospective`) and their JSON.

    review = year_in_review(store, plan_id)
    print("\\n".join(review_lines(review)))
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from facilitation.plan.plans import get_plan
from facilitation.retrospective.forecast_ledger import (
    LedgerEntry,
    LedgerSummary,
    entry_lines,
    ledger,
    summary_line,
)
from facilitation.retrospective.kpis_held import KpiRecord, kpis_held
from facilitation.retrospective.materialised import RiskReview, risks_since_plan
from facilitation.store.database import Store
from facilitation.store.model import format_money, format_month_span


@dataclass(frozen=True)
class YearInReview:
    """A plan's retrospective: its forecasts, risks and KPIs since it was made."""

    plan_id: int
    title: str
    forecasts: list[LedgerEntry]
    track_record: LedgerSummary
    risks: RiskReview
    kpis: list[KpiRecord]

    def to_json(self) -> dict[str, Any]:
        return {"plan_id": self.plan_id, "plan": self.title,
                "forecasts": [e.to_json() for e in self.forecasts],
                "track_record": self.track_record.to_json(),
                "risks": self.risks.to_json(), "kpis": [k.to_json() for k in self.kpis]}


def year_in_review(store: Store, plan_id: int, since: str | None = None) -> YearInReview:
    """The plan's retrospective (runs the evidence finder: pandas; call it off the UI
    thread). `since` ('YYYY-MM') defaults to the month the plan was made."""
    book = ledger(store, plan_id)
    summary = book.plans[0] if book.plans else book.overall
    return YearInReview(plan_id, get_plan(store, plan_id).title, book.entries, summary,
                        risks_since_plan(store, plan_id, since), kpis_held(store, plan_id))


def _month(month: str) -> str:
    return format_month_span(month, month).partition("–")[0]


def forecast_lines(review: YearInReview) -> list[str]:
    """Did the forecast come true?"""
    if not review.forecasts:
        return [("No forecast was recorded for this plan: a session records the one its "
                 "forecast & gap step shows.")]
    lines = [summary_line(review.track_record)]
    for entry in review.forecasts:
        lines.extend(entry_lines(entry))
    return lines


def risk_lines(review: YearInReview) -> list[str]:
    """Which risks materialised, and the lessons: what happened without being listed."""
    risks = review.risks
    lines = [f"Since {_month(risks.since)}:"]
    if not risks.happened:
        lines.append("  none of the listed risks is marked as happened.")
    for outcome in risks.happened:
        lines.append(f"  ✔ {outcome.risk.title} — happened {_month(outcome.month)}")
        lines.extend(f"      sales dip {_month(d.month)}: {format_money(d.amount)}, "
                     f"{d.shortfall_pct:.0f}% below average" for d in outcome.dips)
        if not outcome.dips:
            lines.append("      no dip in sales near it")
    if risks.did_not_happen:
        lines.append(f"  {len(risks.did_not_happen)} listed risk"
                     f"{'' if len(risks.did_not_happen) == 1 else 's'} did not happen.")
    lines.append("The lesson for next year (happened, not listed in time):")
    if not risks.lessons:
        lines.append("  nothing: every dip in sales is explained by a listed risk.")
    for outcome in risks.added_after:
        lines.append(f"  ! {outcome.risk.title} — happened {_month(outcome.month)}, "
                     "listed only afterwards")
    for dip in risks.unexplained_dips:
        lines.append(f"  ! sales dip {_month(dip.month)}: {format_money(dip.amount)}, "
                     f"{dip.shortfall_pct:.0f}% below average — no listed risk explains it")
    return lines


def kpi_lines(review: YearInReview) -> list[str]:
    """Which KPIs held to their target path, and when each was off pace."""
    if not review.kpis:
        return ["The plan has no KPIs."]
    lines = []
    for record in review.kpis:
        entered = len(record.periods)
        head = f"  {record.kpi.name}: {record.verdict}"
        if record.kpi.target is not None and entered:
            attained = record.attainment
            head += (f" — target {record.kpi.target_text}, {entered} period"
                     f"{'' if entered == 1 else 's'}"
                     + ("" if attained is None else f", {100 * attained:.0f}% of target"))
        lines.append(head)
        if record.off_pace:
            lines.append(f"      off pace: {', '.join(record.off_pace_labels())}")
    return lines


def review_lines(review: YearInReview) -> list[str]:
    """The whole retrospective as text, section by section."""
    return ["Did the forecast come true?", *forecast_lines(review), "",
            "Risks that materialised", *risk_lines(review), "",
            "KPIs: did they hold?", *kpi_lines(review)]
