"""The plan as a Markdown document."""

from __future__ import annotations

import re
from datetime import date

from facilitation.exports import text
from facilitation.summary.document import PlanDocument

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|!])")


def md(value: str) -> str:
    """User text as literal Markdown: special characters escaped, on one line."""
    return _SPECIAL.sub(r"\\\1", " ".join(str(value).split()))


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return lines


def render_markdown(doc: PlanDocument, today: date | None = None) -> str:
    """The whole plan: facts, risks with contingencies, strategies with tactics, KPIs,
    skills, reviews and the plan check."""
    out = [f"# {md(text.title(doc))}", "", f"_Exported {doc.generated_at[:16].replace('T', ' ')} UTC_", ""]
    out += ["## Target and forecast", ""]
    out += [f"- **{label}:** {md(value)}" for label, value in text.facts(doc)] + [""]
    expected = doc.forecast.expected if doc.forecast else None
    out += ["## Top risks and contingencies", ""]
    if not doc.top_risks:
        out.append("No top risks assessed yet.")
    for line in doc.top_risks:
        out.append(f"### {md(line.risk.title)}")
        out += ["", md(text.risk_assessment(line, expected)), ""]
        out += [f"- {md(fact)}" for fact in text.evidence_lines(line)]
        out += [""] if text.evidence_lines(line) else []
        if not line.contingencies:
            out.append("- **No contingency yet.**")
        for strategy in line.contingencies:
            out.append(f"- Contingency: {md(strategy.text)}")
            out += [f"  - {md(note)}" for note in text.strategy_notes(strategy)]
            out += [f"  - {md(text.tactic_line(t))}" for t in strategy.tactics]
        out.append("")
    others = [line for line in doc.risks if not line.is_top]
    if others:
        out += ["## Other risks", ""]
        for line in others:
            out.append(f"- {md(text.risk_line(line, expected))}")
            out += [f"  - {md(fact)}" for fact in text.evidence_lines(line)]
        out.append("")
    out += ["## Strategies and tactics", ""]
    if not doc.gap_strategies:
        out += ["No strategies for the gap yet.", ""]
    for strategy in doc.gap_strategies:
        out += [f"### {md(strategy.text)}", "", f"Clarity test: {strategy.clarity}", ""]
        notes = text.strategy_notes(strategy)
        out += [f"- {md(note)}" for note in notes] + ([""] if notes else [])
        if strategy.tactics:
            out += [f"- {md(text.tactic_line(t))}" for t in strategy.tactics]
        else:
            out.append("- **No tactic yet.**")
        out.append("")
    out += ["## KPIs and targets", ""]
    out += (table(text.KPI_HEADER, [text.kpi_row(k) for k in doc.kpis]) if doc.kpis
            else ["No KPIs yet."]) + [""]
    out += ["## Skills and knowledge", ""]
    out += (table(text.SKILL_HEADER, [text.skill_row(s) for s in doc.skills]) if doc.skills
            else ["No skills listed."]) + [""]
    out += ["## Review rhythm", ""]
    if doc.rhythm:
        out += [(f"Progress reviews {doc.rhythm.cadence_label}; contingency-plan review "
                 f"every {doc.rhythm.contingency_every_months} months."), ""]
    out += (table(text.REVIEW_HEADER, [text.review_row(r) for r in doc.reviews]) if doc.reviews
            else ["No reviews scheduled."]) + [""]
    out += ["## Decisions and corrective actions", ""]
    out += [f"- {md(text.decision_line(line))}" for line in doc.decisions] \
        if doc.decisions else ["No decisions recorded."]
    out.append("")
    for review in doc.colleague_reviews:
        out += [f"## Colleague's review: {md(review.colleague)}, {review.reviewed_on}", "",
                f"- **Comments:** {md(review.comments or '—')}",
                f"- **Agreed changes:** {md(review.agreed_changes or '—')}", ""]
    out += ["## Sessions and participants", ""]
    out += [f"- {md(text.session_line(line))}" for line in doc.sessions] \
        if doc.sessions else ["No sessions yet."]
    out.append("")
    score, lacks = text.check_lines(doc, today)
    out += ["## Plan check", "", f"Score: **{score}/100**", ""]
    out += [f"- {md(lack)}" for lack in lacks] if lacks else ["Nothing is missing."]
    return "\n".join(out) + "\n"
