"""The year in review: risks that materialised (and the lessons), KPIs that held, the
forecast ledger — what the annual contingency review opens with."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from facilitation.contingency.evidence import Dip
from facilitation.contingency.risks import Risk, add_risk, mark_risk_occurred
from facilitation.plan.kpis import KpiInput, add_kpi, get_kpi, record_actual
from facilitation.retrospective.kpis_held import kpi_record, kpis_held
from facilitation.retrospective.materialised import match_outcomes, risks_since_plan
from facilitation.retrospective.year_in_review import review_lines, year_in_review
from facilitation.store.events import read_events
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import start_session
from tests.conftest import north_plan

from .history_helpers import save_subject


def risk(risk_id: int, title: str, created: str, occurred: str | None = None) -> Risk:
    return Risk(id=risk_id, plan_id=1, session_id=None, category="customers", title=title,
                description="", catalogue_key=None, position=risk_id, likelihood=3, impact=4,
                revenue_effect=None, revenue_effect_pct=None, response=None, evidence="",
                occurred_at=occurred, created_at=f"{created}-01T10:00:00+00:00",
                updated_at=f"{created}-01T10:00:00+00:00")


def dip(month: str, amount: float = 60.0) -> Dip:
    return Dip("territory", "North", month, amount, 100.0, True)


def test_a_happened_risk_takes_the_dips_near_its_month_and_the_rest_are_lessons():
    risks = [risk(1, "Key account leaves", "2025-11", occurred="2026-03"),
             risk(2, "Recession", "2025-11")]
    dips = [dip("2026-03"), dip("2026-05"), dip("2026-09"), dip("2025-08")]
    review = match_outcomes(risks, dips, since="2025-11")
    [happened] = review.happened
    assert happened.risk.title == "Key account leaves"
    assert [d.month for d in happened.dips] == ["2026-03", "2026-05"]
    # September is too far from March; August 2025 is before the plan.
    assert [d.month for d in review.unexplained_dips] == ["2026-09"]
    assert [r.title for r in review.did_not_happen] == ["Recession"]
    assert review.lessons == 1


def test_a_risk_added_only_after_it_happened_is_a_lesson_not_a_listed_risk():
    risks = [risk(1, "Distributor renegotiates margin", "2026-10", occurred="2026-06")]
    review = match_outcomes(risks, [dip("2026-07")], since="2025-11")
    assert review.happened == []
    [late] = review.added_after
    assert (late.risk.title, late.listed_in_time) == ("Distributor renegotiates margin", False)
    # Its dip is explained (by the late risk): the lesson is counted once, as the risk.
    assert review.unexplained_dips == []
    assert review.lessons == 1


def test_a_risk_that_happened_before_the_plan_belongs_to_an_earlier_year():
    review = match_outcomes([risk(1, "Old strike", "2024-01", occurred="2024-06")], [],
                            since="2025-11")
    assert review.happened == review.added_after == review.did_not_happen == []


def at(month: str) -> datetime:
    return datetime.fromisoformat(f"{month}-03T09:00:00+00:00").astimezone(UTC)


@pytest.fixture
def north_year(store):
    """North planned in Nov 2025 (a workshop), listed two risks; a year of sales with two
    dips since: March 2026 (the key account risk, marked happened) and September."""
    with store.clock_at(at("2025-11")):
        plan_id = north_plan(store, "2025-12", "2026-11")
        session_id = start_session(store, plan_id, get_script("full-plan"), "Priya",
                                   now=at("2025-11"))
        key = add_risk(store, plan_id, "Key account leaves", session_id=session_id)
        add_risk(store, plan_id, "Recession", session_id=session_id)
    amounts = [100_000.0] * 35
    amounts[-7], amounts[-1] = 55_000.0, 60_000.0      # 2026-03 and 2026-09
    save_subject(store, "North", amounts, start="2023-11")
    with store.clock_at(at("2026-04")):
        mark_risk_occurred(store, key, True, on="2026-03")
    return plan_id


def test_risks_since_the_plan_are_read_from_the_store_with_the_evidence_finder(store, north_year):
    review = risks_since_plan(store, north_year)
    assert review.since == "2025-11"
    assert [(o.risk.title, [d.month for d in o.dips]) for o in review.happened] == [
        ("Key account leaves", ["2026-03"])]
    assert [d.month for d in review.unexplained_dips] == ["2026-09"]
    assert [r.title for r in review.did_not_happen] == ["Recession"]


def test_the_store_clock_stamps_the_changes_and_their_events(store, north_year):
    created = store.query("SELECT created_at FROM risks ORDER BY id")
    assert [r[0][:7] for r in created] == ["2025-11", "2025-11"]
    marked = [e for e in read_events(store) if e.kind == "risk.occurred"]
    assert marked[0].at.startswith("2026-04-03")


def test_the_store_clock_wants_a_time_zone(store):
    with pytest.raises(ValueError, match="time zone"), store.clock_at(datetime(2025, 1, 1)):
        pass


def monthly_kpi(store, plan_id, name="Meetings booked", target="40", direction="up"):
    return add_kpi(store, plan_id, KpiInput(name, "meetings", target=target,
                                            direction=direction, owner="Priya"))


def test_a_kpi_held_when_no_period_fell_behind_its_target_path(store, north_year):
    kpi_id = monthly_kpi(store, north_year)
    for month, actual in (("2025-12", 41), ("2026-01", 38), ("2026-02", 44)):
        record_actual(store, kpi_id, f"{month}-01", actual)
    [record] = kpis_held(store, north_year)
    assert record.verdict == "held"          # 38 of 40 is close, not behind
    assert record.off_pace == ()
    assert record.attainment == pytest.approx(41 / 40)


def test_the_periods_a_kpi_was_off_pace_are_named_and_the_verdict_follows_the_last(store, north_year):
    kpi_id = monthly_kpi(store, north_year)
    actuals = {"2025-12-01": 41.0, "2026-01-01": 30.0, "2026-02-01": 33.0, "2026-03-01": 42.0}
    record = kpi_record(get_kpi(store, kpi_id), actuals)
    assert record.off_pace_labels() == ["Jan 2026", "Feb 2026"]
    assert record.verdict == "recovered"
    worse = kpi_record(get_kpi(store, kpi_id), {**actuals, "2026-04-01": 20.0})
    assert worse.verdict == "did not hold"
    assert worse.off_pace_labels() == ["Jan 2026", "Feb 2026", "Apr 2026"]


def test_a_less_is_better_kpi_is_off_pace_above_its_target(store, north_year):
    kpi_id = monthly_kpi(store, north_year, "Days to close", target="30", direction="down")
    record = kpi_record(get_kpi(store, kpi_id), {"2026-01-01": 28.0, "2026-02-01": 45.0})
    assert record.off_pace_labels() == ["Feb 2026"]
    assert record.verdict == "did not hold"


def test_the_year_in_review_reads_as_text_and_json(store, north_year):
    kpi_id = monthly_kpi(store, north_year)
    record_actual(store, kpi_id, "2026-01-01", 30)
    review = year_in_review(store, north_year)
    text = "\n".join(review_lines(review))
    assert "✔ Key account leaves — happened Mar 2026" in text
    assert "! sales dip Sep 2026: 60,000, 35% below average — no listed risk" in text
    assert "1 listed risk did not happen." in text
    assert "Meetings booked: did not hold — target 40 meetings monthly" in text
    assert "off pace: Jan 2026" in text
    assert "No forecast was recorded" in text
    data = review.to_json()
    assert data["risks"]["happened"][0]["dips"][0]["month"] == "2026-03"
    assert data["risks"]["unexplained_dips"][0]["month"] == "2026-09"
    assert data["kpis"][0]["verdict"] == "did not hold"
