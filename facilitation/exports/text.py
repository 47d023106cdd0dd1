"""Wording shared by the document exports (the same sentences in Markdown and HTML)."""

from __future__ import annotations

from datetime import date

from facilitation.store.model import format_money, format_month_span
from facilitation.summary.check import check_document
from facilitation.summary.document import PlanDocument


def title(doc: PlanDocument) -> str:
    as_of = f" (as of {doc.as_of})" if doc.as_of else ""
    return f"Sales performance improvement plan: {doc.plan.title}{as_of}"


def facts(doc: PlanDocument) -> list[tuple[str, str]]:
    """(label, value) lines describing the plan, its target and its forecast."""
    plan = doc.plan
    rows = [
        ("Subject", plan.title), ("Owner", plan.owner),
        ("Period", format_month_span(plan.period_start, plan.period_end)),
        ("Target", format_money(plan.target_amount)),
    ]
    f = doc.forecast
    if f is None:
        rows.append(("Forecast", doc.forecast_problem or "not computed"))
    else:
        rows += [
            ("Forecast", (f"{format_money(f.expected)} (80% range {format_money(f.lower80)} – "
                          f"{format_money(f.upper80)}; {f.method}, from {f.history_months} "
                          "months)")),
            ("Gap", f"{format_money(f.gap)} ({f.gap_pct:.1f}% of target)" if f.gap > 0
             else f"none: the forecast is {format_money(-f.gap)} above the target"),
            ("Chance of reaching the target", f"{100 * f.chance_of_target:.0f}%"),
            *(("Caution", warning) for warning in f.warnings),
        ]
    return rows


def revenue_effect(risk, expected: float | None = None) -> str:
    """'240,000', or '12% of the forecast (≈ 240,000)' when the group gave a %."""
    if risk.revenue_effect_pct is not None:
        amount = risk.revenue_effect_amount(expected)
        about = f" (≈ {format_money(amount)})" if amount is not None else ""
        return f"{risk.revenue_effect_pct:g}% of the forecast{about}"
    return format_money(risk.revenue_effect) if risk.revenue_effect is not None else ""


def risk_assessment(line, expected: float | None = None) -> str:
    """'Likelihood 3, impact 4, score 12, revenue effect 240,000, response: reduce'."""
    risk = line.risk
    if not risk.is_assessed:
        return "Not assessed"
    effect = revenue_effect(risk, expected)
    effect = f", revenue effect {effect}" if effect else ""
    response = f", response: {risk.response}" if risk.response else ""
    return (f"Likelihood {risk.likelihood}, impact {risk.impact}, score {risk.score}"
            f"{effect}{response}")


def risk_line(line, expected: float | None = None) -> str:
    assessment = risk_assessment(line, expected)
    return f"{line.risk.title} ({assessment[0].lower()}{assessment[1:]})"


def evidence_lines(line) -> list[str]:
    """The group's evidence note and each history month attached to the risk."""
    out = [f"Evidence: {line.risk.evidence}"] if line.risk.evidence else []
    for row in line.evidence_months:
        note = f" — {row['note']}" if row["note"] else ""
        out.append(f"History: {row['month']}, {row['subject_name']} sold "
                   f"{format_money(row['amount'])}, {row['shortfall_pct']:.0f}% below its "
                   f"average{note}")
    if line.risk.occurred_at:
        out.append(f"Happened: {line.risk.occurred_at}")
    return out


def strategy_notes(strategy) -> list[str]:
    """'Resources: …', 'Insights: …', 'Best practices: …' for the notes that were given."""
    labels = (("resources", "Resources"), ("insights", "Insights"),
              ("best_practices", "Best practices"))
    return [f"{label}: {getattr(strategy, name)}" for name, label in labels
            if getattr(strategy, name)]


def decision_line(line) -> str:
    """'Corrective action: Two extra days (Bo, due 2027-02-15, open; prompted by KPI: …)'."""
    d = line.decision
    due = f"due {d.due_date}" if d.due_date else "no due date"
    why = f"; prompted by {line.prompted_by}" if line.prompted_by else ""
    return f"{d.kind_label}: {d.text} ({d.owner or 'no owner'}, {due}, {d.status}{why})"


def session_line(line) -> str:
    """'2027-01-10 Full plan workshop: facilitated by Ana; with Bo, Cy'."""
    with_ = f"; with {', '.join(line.participants)}" if line.participants else ""
    return f"{line.started_at[:10]} {line.script_title}: facilitated by {line.facilitator}{with_}"


def tactic_line(tactic) -> str:
    owner = tactic.owner or "no owner"
    due = f"due {tactic.due_date}" if tactic.due_date else "no due date"
    return f"{tactic.action} ({owner}, {due}, {tactic.status_text})"


def kpi_row(kpi) -> list[str]:
    return [kpi.name, kpi.indicator, kpi.unit or "—", kpi.format_value(kpi.baseline),
            kpi.format_value(kpi.target) if kpi.target is not None else "no target",
            kpi.cadence_label, kpi.owner or "—"]


KPI_HEADER = ["KPI", "Indicator", "Unit", "Baseline", "Target", "Cadence", "Owner"]
SKILL_HEADER = ["Skill", "Who", "How", "By when", "Status"]
REVIEW_HEADER = ["Date", "Review", "Held", "Held by"]


def skill_row(skill) -> list[str]:
    return [skill.skill, skill.who or "—", skill.method, skill.by_date or "—", skill.status]


def review_row(review) -> list[str]:
    return [review.date, review.label, (review.held_at or "")[:10] or "—",
            review.held_by or "—"]


def check_lines(doc: PlanDocument, today: date | None) -> tuple[int, list[str]]:
    result = check_document(doc, today)
    return result.score, [f"{lack.message} (step: {lack.step_title})" for lack in result.lacking]
