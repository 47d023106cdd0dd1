"""Every decision made in a session is in the plan document and in the tables, field by field."""

from __future__ import annotations

import csv
import io
from datetime import date

from facilitation.contingency.assessment import Assessment, assess_risk
from facilitation.contingency.evidence import Dip, attach_dip
from facilitation.contingency.risks import add_risk
from facilitation.exports import render
from facilitation.ideas.strategies import augment_strategy, list_strategies
from facilitation.plan.colleague_reviews import record_colleague_review
from facilitation.plan.decisions import DecisionInput, add_decision
from facilitation.plan.kpis import list_kpis
from facilitation.summary.document import plan_document
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import start_session


def with_every_kind_of_decision(finished):
    store, plan_id, _ = finished
    review = start_session(store, plan_id, get_script("progress-review"), "Ana", ["Bo"])
    low = add_risk(store, plan_id, "Fuel costs rise")   # not a top risk
    assess_risk(store, low, Assessment(1, 2, revenue_effect_pct=4, response="accept",
                                       evidence="2015 oil shock"))
    attach_dip(store, low, Dip("territory", "West", "2025-09", 250_000.0, 420_000.0, True),
               "fuel strike")
    strategy = list_strategies(store, plan_id)[0]
    augment_strategy(store, strategy.id, resources="One analyst day a week",
                     insights="Clients buy on service", best_practices="Weekly call review",
                     session_id=review)
    kpi = list_kpis(store, plan_id)[0]
    add_decision(store, plan_id, DecisionInput("Two extra prospecting days", "Bo",
                                               "2030-02-15", prompted_by=f"kpi:{kpi.id}"),
                 session_id=review)
    record_colleague_review(store, plan_id, "Rita Osei", reviewed_on="2026-01-12",
                            comments="Risks too optimistic", agreed_changes="Add a price war")
    return plan_document(store, plan_id, forecast=finished[2])


def db_rows(store, sql, params=()):
    return [dict(r) for r in store.query(sql, params)]


def test_the_xlsx_tables_match_the_database_field_by_field(finished):
    from openpyxl import load_workbook

    store, plan_id, _ = finished
    doc = with_every_kind_of_decision(finished)
    book = load_workbook(io.BytesIO(render(doc, "xlsx")))

    def sheet(name):
        rows = list(book[name].iter_rows(values_only=True))
        return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]

    risks = {r["risk"]: r for r in sheet("Risks")}
    for row in db_rows(store, "SELECT * FROM risks WHERE plan_id = ?", [plan_id]):
        out = risks[row["title"]]
        for column in ("category", "likelihood", "impact", "revenue_effect",
                       "revenue_effect_pct"):
            assert out[column] == row[column], (row["title"], column)
        assert (out["response"] or None) == row["response"]
        assert (out["evidence"] or "") == row["evidence"]
    assert risks["Fuel costs rise"]["history_months"] == "2025-09 West -40%"

    tactics = sheet("Tactics")
    db_tactics = db_rows(store, "SELECT * FROM tactics WHERE plan_id = ? ORDER BY id", [plan_id])
    assert sorted(t["action"] for t in tactics) == sorted(t["action"] for t in db_tactics)
    for row in db_tactics:
        out = next(t for t in tactics if t["action"] == row["action"])
        assert (out["owner"] or "") == row["owner"] and out["status"] == row["status"]
        due = out["due_date"]
        assert (due.date().isoformat() if due else None) == row["due_date"]  # a real date

    strategies = {s["strategy"]: s for s in sheet("Strategies")}
    for row in db_rows(store, "SELECT * FROM strategies WHERE plan_id = ?", [plan_id]):
        for column in ("resources", "insights", "best_practices", "clarity"):
            assert (strategies[row["text"]][column] or "") == row[column]

    [decision] = sheet("Decisions")
    [row] = db_rows(store, "SELECT * FROM review_decisions")
    assert (decision["decision"], decision["owner"], decision["due_date"].date().isoformat(),
            decision["status"]) == (row["text"], row["owner"], row["due_date"], row["status"])
    assert decision["prompted_by"].startswith("KPI: ")

    [review] = sheet("Colleague review")
    [row] = db_rows(store, "SELECT * FROM colleague_reviews")
    assert review["reviewed_on"].date() == date.fromisoformat(row["reviewed_on"])
    assert (review["colleague"], review["comments"], review["agreed_changes"]) == (
        row["colleague"], row["comments"], row["agreed_changes"])

    sessions = sheet("Participants")
    db_sessions = db_rows(store, "SELECT * FROM sessions WHERE plan_id = ?", [plan_id])
    assert len(sessions) == len(db_sessions)
    assert {s["facilitator"] for s in sessions} == {s["facilitator"] for s in db_sessions}


def test_the_csv_carries_the_same_records(finished):
    doc = with_every_kind_of_decision(finished)
    rows = list(csv.DictReader(io.StringIO(render(doc, "csv").decode("utf-8-sig"))))
    records = {r["record"] for r in rows}
    assert records >= {"tactic", "kpi", "risk", "strategy", "decision", "colleague_review",
                       "session"}
    fuel = next(r for r in rows if r["record"] == "risk" and r["name"] == "Fuel costs rise")
    assert (fuel["response"], fuel["revenue_effect_pct"]) == ("accept", "4.0")


def test_the_document_says_every_decision(finished):
    doc = with_every_kind_of_decision(finished)
    for fmt in ("md", "html"):
        text = render(doc, fmt).decode()
        for said in ("response: accept", "4% of the forecast", "2015 oil shock",
                     "2025-09, West sold", "fuel strike", "Resources: One analyst day a week",
                     "Insights: Clients buy on service", "Best practices: Weekly call review",
                     "Two extra prospecting days", "Rita Osei", "Risks too optimistic",
                     "Add a price war", "facilitated by"):
            assert said in text, (fmt, said)
