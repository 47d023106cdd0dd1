"""The plan as one self-contained, printable HTML page. All user text is escaped."""

from __future__ import annotations

from datetime import date
from html import escape

from facilitation.exports import text
from facilitation.summary.document import PlanDocument

STYLE = """
body { font: 11pt/1.45 system-ui, sans-serif; color: #111; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; }
h1 { font-size: 1.6rem; border-bottom: 2px solid #111; padding-bottom: .3rem; }
h2 { font-size: 1.2rem; margin-top: 1.8rem; border-bottom: 1px solid #999; }
h3 { font-size: 1rem; margin-bottom: .2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #eee; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dt { font-weight: 600; }
.missing { color: #a00; font-weight: 600; }
.score { font-size: 1.3rem; font-weight: 700; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               table, li { break-inside: avoid; } }
"""


def e(value: object) -> str:
    return escape(str(value), quote=True)


def table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _tactics(tactics) -> str:
    if not tactics:
        return '<ul><li class="missing">No tactic yet.</li></ul>'
    return "<ul>" + "".join(f"<li>{e(text.tactic_line(t))}</li>" for t in tactics) + "</ul>"


def _list(lines: list[str]) -> str:
    """Lines as a bulleted list ('' for none)."""
    return "<ul>" + "".join(f"<li>{e(line)}</li>" for line in lines) + "</ul>" if lines else ""


def render_html(doc: PlanDocument, today: date | None = None) -> str:
    """The whole plan as a printable page (inline style, no scripts, no outside files)."""
    parts = [f"<h1>{e(text.title(doc))}</h1>",
             f"<p><small>Exported {e(doc.generated_at[:16].replace('T', ' '))} UTC</small></p>",
             "<h2>Target and forecast</h2><dl>"]
    parts += [f"<dt>{e(label)}</dt><dd>{e(value)}</dd>" for label, value in text.facts(doc)]
    expected = doc.forecast.expected if doc.forecast else None
    parts.append("</dl><h2>Top risks and contingencies</h2>")
    if not doc.top_risks:
        parts.append("<p>No top risks assessed yet.</p>")
    for line in doc.top_risks:
        parts.append(f"<h3>{e(line.risk.title)}</h3>"
                     f"<p>{e(text.risk_assessment(line, expected))}</p>")
        parts.append(_list(text.evidence_lines(line)))
        if not line.contingencies:
            parts.append('<p class="missing">No contingency yet.</p>')
        for strategy in line.contingencies:
            parts.append(f"<p>Contingency: <strong>{e(strategy.text)}</strong></p>")
            parts.append(_list(text.strategy_notes(strategy)))
            parts.append(_tactics(strategy.tactics))
    others = [line for line in doc.risks if not line.is_top]
    if others:
        parts.append("<h2>Other risks</h2><ul>" + "".join(
            f"<li>{e(text.risk_line(line, expected))}{_list(text.evidence_lines(line))}</li>"
            for line in others) + "</ul>")
    parts.append("<h2>Strategies and tactics</h2>")
    if not doc.gap_strategies:
        parts.append("<p>No strategies for the gap yet.</p>")
    for strategy in doc.gap_strategies:
        parts.append(f"<h3>{e(strategy.text)}</h3><p>Clarity test: {e(strategy.clarity)}</p>")
        parts.append(_list(text.strategy_notes(strategy)))
        parts.append(_tactics(strategy.tactics))
    parts.append("<h2>KPIs and targets</h2>")
    parts.append(table(text.KPI_HEADER, [text.kpi_row(k) for k in doc.kpis]) if doc.kpis
                 else "<p>No KPIs yet.</p>")
    parts.append("<h2>Skills and knowledge</h2>")
    parts.append(table(text.SKILL_HEADER, [text.skill_row(s) for s in doc.skills])
                 if doc.skills else "<p>No skills listed.</p>")
    parts.append("<h2>Review rhythm</h2>")
    if doc.rhythm:
        parts.append(f"<p>Progress reviews {e(doc.rhythm.cadence_label)}; contingency-plan "
                     f"review every {e(doc.rhythm.contingency_every_months)} months.</p>")
    parts.append(table(text.REVIEW_HEADER, [text.review_row(r) for r in doc.reviews])
                 if doc.reviews else "<p>No reviews scheduled.</p>")
    parts.append("<h2>Decisions and corrective actions</h2>")
    parts.append(_list([text.decision_line(line) for line in doc.decisions])
                 or "<p>No decisions recorded.</p>")
    for review in doc.colleague_reviews:
        parts.append(f"<h2>Colleague's review: {e(review.colleague)}, "
                     f"{e(review.reviewed_on)}</h2>")
        parts.append(_list([f"Comments: {review.comments or '—'}",
                            f"Agreed changes: {review.agreed_changes or '—'}"]))
    parts.append("<h2>Sessions and participants</h2>")
    parts.append(_list([text.session_line(line) for line in doc.sessions])
                 or "<p>No sessions yet.</p>")
    score, lacks = text.check_lines(doc, today)
    parts.append(f'<h2>Plan check</h2><p class="score">Score: {score}/100</p>')
    parts.append("<ul>" + "".join(f'<li class="missing">{e(lack)}</li>' for lack in lacks)
                 + "</ul>" if lacks else "<p>Nothing is missing.</p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{e(text.title(doc))}</title><style>{STYLE}</style></head><body>\n"
            + "\n".join(parts) + "\n</body></html>\n")
