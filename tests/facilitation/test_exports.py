"""Exports parsed back: Markdown headings, escaped HTML, neutralised CSV/XLSX, .ics dates."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from facilitation.contingency.assessment import Assessment, assess_risk
from facilitation.contingency.risks import add_risk
from facilitation.exports import ExportError, export_plan, render
from facilitation.exports.tables import neutralise
from facilitation.ideas.strategies import add_strategy, take_clarity_test
from facilitation.ideas.tactics import TacticInput, add_tactic
from facilitation.plan.plans import get_plan
from facilitation.plan.reviews import ReviewRhythm, add_months, month_end, set_review_rhythm
from facilitation.store.model import shift_month
from facilitation.summary.document import plan_document

HOSTILE = '=HYPERLINK("http://evil.example","click")'


def document(finished):
    store, plan_id, forecast = finished
    return plan_document(store, plan_id, forecast=forecast)


def with_hostile_text(finished):
    store, plan_id, _ = finished
    risk_id = add_risk(store, plan_id, "<script>alert('x')</script> takes our clients")
    assess_risk(store, risk_id, Assessment(5, 5, 900_000))
    strategy_id = add_strategy(store, plan_id, "Protect the <b>clients</b>", answers="risk",
                               risk_id=risk_id)
    take_clarity_test(store, strategy_id, True)
    add_tactic(store, strategy_id, TacticInput(HOSTILE, "@owner", ""))
    add_tactic(store, strategy_id, TacticInput("-2 discount | +1 call", "Ana", ""))


def test_markdown_has_every_section_heading(finished):
    text = render(document(finished), "md").decode()
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings[0] == "# Sales performance improvement plan: West (territory)"
    for section in ("Target and forecast", "Top risks and contingencies", "Other risks",
                    "Strategies and tactics", "KPIs and targets", "Skills and knowledge",
                    "Review rhythm", "Plan check"):
        assert f"## {section}" in headings
    assert "Score: **100/100**" in text and "Nothing is missing." in text
    assert "| Meetings booked | leading | meetings | 9 meetings | 15 meetings | weekly |" in text


def test_markdown_escapes_user_text_that_would_break_it(finished):
    with_hostile_text(finished)
    text = render(document(finished), "md").decode()
    assert "### \\<script\\>alert('x')\\</script\\> takes our clients" in text
    assert "-2 discount \\| +1 call" in text


def test_html_shows_a_script_in_a_risk_name_as_text(finished):
    with_hostile_text(finished)
    page = render(document(finished), "html").decode()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; takes our clients" in page
    assert "Protect the &lt;b&gt;clients&lt;/b&gt;" in page
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
    assert "http" not in page.replace("http://evil.example", "")   # nothing loaded from outside


def test_csv_neutralises_formulas_and_reads_back(finished):
    with_hostile_text(finished)
    data = render(document(finished), "csv").decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data)))
    tactics = [r for r in rows if r["record"] == "tactic"]
    kpis = [r for r in rows if r["record"] == "kpi"]
    assert len(tactics) == 11 and len(kpis) == 4
    by_name = {r["name"]: r for r in tactics}
    assert "'" + HOSTILE in by_name and by_name["'" + HOSTILE]["owner"] == "'@owner"
    assert "'-2 discount | +1 call" in by_name
    for row in rows:
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_xlsx_has_tactics_and_kpis_sheets_with_no_formula(finished):
    from openpyxl import load_workbook

    with_hostile_text(finished)
    book = load_workbook(io.BytesIO(render(document(finished), "xlsx")))
    assert book.sheetnames[:2] == ["Tactics", "KPIs"]
    actions = [row[2] for row in book["Tactics"].iter_rows(min_row=2, values_only=True)]
    assert "'" + HOSTILE in actions
    for sheet in book:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
    kpis = list(book["KPIs"].iter_rows(min_row=2, values_only=True))
    assert ("Meetings booked", "leading", "meetings", "up", 9, 15, "weekly") == kpis[1][:7]


def test_ics_parsed_by_the_library_has_the_review_dates(finished):
    from icalendar import Calendar

    store, plan_id, forecast = finished
    first = get_plan(store, plan_id).period_start   # the plan's six months start next month
    progress_days = [date.fromisoformat(f"{shift_month(first, k)}-15") for k in range(6)]
    first_contingency = month_end(shift_month(first, 2))
    set_review_rhythm(store, plan_id, ReviewRhythm("monthly", progress_days[0], 6,
                                                   first_contingency),
                      today=progress_days[0] - timedelta(days=45))
    doc = plan_document(store, plan_id, forecast=forecast)
    calendar = Calendar.from_ical(render(doc, "ics"))
    events = calendar.walk("VEVENT")
    starts = sorted((e.decoded("dtstart"), str(e["summary"])) for e in events
                    if e.decoded("dtstart") >= progress_days[0])
    progress = [day for day, summary in starts if summary == "Progress review: West (territory)"]
    contingency = [day for day, summary in starts if summary.startswith("Contingency-plan")]
    assert progress == progress_days
    assert contingency == [first_contingency, add_months(first_contingency, 6)]
    assert len({str(e["uid"]) for e in events}) == len(events)


def test_export_writes_the_file_by_default_name(finished, tmp_path):
    store, plan_id, _ = finished
    path = export_plan(store, plan_id, "md", directory=tmp_path)
    assert path == tmp_path / "west-plan.md" and path.read_text().startswith("# Sales")
    assert export_plan(store, plan_id, "ics", tmp_path / "reviews.ics").exists()


def test_export_refuses_unknown_format_and_missing_folder(finished, tmp_path):
    store, plan_id, _ = finished
    with pytest.raises(ExportError, match="choose one of: md, html, csv, xlsx, ics"):
        export_plan(store, plan_id, "pdf", directory=tmp_path)
    with pytest.raises(ExportError, match="does not exist"):
        export_plan(store, plan_id, "md", tmp_path / "nope" / "x.md")
    assert not [p for p in tmp_path.iterdir() if not p.name.startswith("copy.sqlite")]


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("plain", "plain"), (-5.0, -5.0), (None, None)])
def test_neutralise(value, expected):
    assert neutralise(value) == expected
