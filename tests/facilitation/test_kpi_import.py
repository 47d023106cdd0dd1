"""KPI actuals from CSV: mapped columns, line-numbered problems, nothing half-imported."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitation.plan.kpi_import import (
    KpiImportError,
    import_kpi_actuals,
    parse_kpi_actuals,
    parse_period,
)
from facilitation.plan.kpis import KpiInput, add_kpi, list_kpis
from facilitation.store.replay import replay


@pytest.fixture
def kpis(store, plan_id):
    add_kpi(store, plan_id, KpiInput("Meetings booked", "meetings", target="40"))
    add_kpi(store, plan_id, KpiInput("Calls", "calls", target="100", cadence="weekly"))
    return list_kpis(store, plan_id)


def test_rows_become_actuals_of_their_kpis_period(store, plan_id, kpis, tmp_path):
    path = tmp_path / "activity.csv"
    path.write_text("Month;Metric;Value\n2026-09;Meetings booked;38\n2026-10;meetings booked;"
                    "41\n2026-10-14;Calls;1,120\n\n2026-10;Meetings booked;42\n")
    assert import_kpi_actuals(store, plan_id, path) == 3
    rows = store.query("SELECT k.name, a.period_start, a.actual FROM kpi_actuals a "
                       "JOIN kpis k ON k.id = a.kpi_id ORDER BY k.name, a.period_start")
    assert [tuple(r) for r in rows] == [("Calls", "2026-10-12", 1120),
                                        ("Meetings booked", "2026-09-01", 38),
                                        ("Meetings booked", "2026-10-01", 42)]
    path.write_text("period,kpi,actual\n2026-09,Meetings booked,39\n")
    import_kpi_actuals(store, plan_id, path)      # a correction replaces the actual
    assert store.query("SELECT actual FROM kpi_actuals WHERE period_start = '2026-09-01'")[0][0] \
        == 39
    rebuilt = replay(store)
    assert rebuilt.execute("SELECT count(*) FROM kpi_actuals").fetchone()[0] == 3


def test_bad_rows_are_reported_by_line_and_nothing_is_saved(store, plan_id, kpis, tmp_path):
    path = tmp_path / "activity.csv"
    path.write_text("period,kpi,actual\n2026-09,Meetings booked,38\n2026-13,Calls,5\n"
                    "2026-10,Demos,4\n2026-10,Calls,lots\n")
    with pytest.raises(KpiImportError) as failed:
        import_kpi_actuals(store, plan_id, path)
    assert str(failed.value) == "activity.csv: 3 bad rows; nothing imported"
    assert failed.value.problems[0].startswith('line 3: "2026-13" is not a date')
    assert failed.value.problems[1].startswith('line 4: no KPI "Demos" in this plan')
    assert failed.value.problems[2] == 'line 5: "lots" is not a number'
    assert store.query("SELECT count(*) FROM kpi_actuals")[0][0] == 0


def test_columns_can_be_named_when_the_headers_say_nothing(kpis):
    text = "a,b,c\nMeetings booked,2026-10,12\n"
    with pytest.raises(KpiImportError, match="no column for the period, kpi, actual"):
        parse_kpi_actuals(text, kpis)
    rows, problems = parse_kpi_actuals(text, kpis, {"kpi": "a", "period": "b", "actual": "c"})
    assert problems == [] and rows[0].actual == 12


@given(st.integers(2000, 2100), st.integers(1, 12), st.integers(1, 28))
def test_any_day_falls_in_a_period_that_starts_on_or_before_it(year, month, day):
    text = f"{year}-{month:02d}-{day:02d}"
    for cadence in ("weekly", "biweekly", "monthly"):
        start = parse_period(text, cadence)
        assert start <= text
    assert parse_period(f"{year}-{month}", "monthly") == f"{year}-{month:02d}-01"


@given(st.text(max_size=12))
def test_any_text_is_a_period_or_a_one_line_reason(text):
    try:
        parse_period(text, "monthly")
    except ValueError as exc:
        assert "\n" not in str(exc).strip()
