"""Evidence from history: months where a subject fell well below its rolling average."""

from __future__ import annotations

import pandas as pd
import pytest

from facilitation.contingency.evidence import (
    attach_dip,
    find_dips,
    monthly_table,
    plan_dips,
    risk_evidence,
)
from facilitation.contingency.risks import add_risk, delete_risk, restore_risk
from facilitation.plan.plans import get_plan
from facilitation.store.events import read_events


def table(columns: dict[str, list[float]]) -> pd.DataFrame:
    length = len(next(iter(columns.values())))
    return pd.DataFrame(columns, index=pd.period_range("2024-01", periods=length, freq="M"))


def test_a_known_dip_is_found_with_its_depth():
    flat = [100.0] * 12
    dipped = flat.copy()
    dipped[8] = 60.0
    dips = find_dips(table({"North": dipped, "South": flat}), "territory", "North")
    assert len(dips) == 1
    dip = dips[0]
    assert (dip.subject_name, dip.month, dip.amount, dip.rolling_average) == (
        "North", "2024-09", 60.0, 100.0)
    assert dip.shortfall_pct == pytest.approx(40)
    assert dip.is_plan_subject


def test_small_wobbles_and_early_months_are_not_dips():
    wobbly = [100, 95, 105, 98, 102, 90, 101, 97, 85, 99, 100, 100]
    assert find_dips(table({"North": wobbly}), "territory", "North") == []
    early_drop = [100, 10, 100, 100, 100, 100, 100, 100]  # before six months of history
    assert find_dips(table({"North": early_drop}), "territory") == []


def test_the_plans_subject_comes_first_then_the_deepest_peer_dips():
    base = [100.0] * 10
    north, south, east = base.copy(), base.copy(), base.copy()
    north[7], south[8], east[9] = 75.0, 30.0, 50.0
    dips = find_dips(table({"North": north, "South": south, "East": east}), "territory", "North")
    assert [d.subject_name for d in dips] == ["North", "South", "East"]


def test_dips_are_read_from_the_stored_history_and_attached_as_evidence(store, plan_id):
    with store.change("history.imported") as ch:
        import_id = ch.insert("imports", {"source": "t.csv", "imported_at": "x", "rows_read": 12,
                                          "months": 12})
        ch.insert_many("sales_history", [
            {"import_id": import_id, "subject_kind": "territory", "subject_name": "North",
             "month": f"2026-{m:02d}", "amount": 50.0 if m == 9 else 100.0, "units": None}
            for m in range(1, 13)])
    assert list(monthly_table(store, "territory").columns) == ["North"]
    dips = plan_dips(store, get_plan(store, plan_id))
    assert [d.month for d in dips] == ["2026-09"]
    risk_id = add_risk(store, plan_id, "Key account lost")
    attach_dip(store, risk_id, dips[0], "the Acme loss")
    assert read_events(store)[-1].kind == "risk.evidence_attached"
    [row] = risk_evidence(store, risk_id)
    assert (row["month"], row["shortfall_pct"], row["note"]) == ("2026-09", 50, "the Acme loss")
    restore_risk(store, delete_risk(store, risk_id))
    assert len(risk_evidence(store, risk_id)) == 1


def test_no_history_means_no_dips(store, plan_id):
    assert plan_dips(store, get_plan(store, plan_id)) == []


def test_a_usual_seasonal_trough_is_not_news_but_a_shock_on_top_of_it_is():
    year = [100.0, 70.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0, 100.0]
    seasonal = year * 3  # February is 30% down every year
    shocked = seasonal.copy()
    shocked[25] = 35.0  # the third February is half of the usual one
    plain = find_dips(table({"North": seasonal}), "territory", "North")
    # Only the first February judged (six months in, no year before it) is flagged.
    assert [d.month for d in plain] == ["2025-02"]
    dips = find_dips(table({"North": shocked}), "territory", "North")
    assert [d.month for d in dips] == ["2026-02", "2025-02"]  # deepest first
    assert dips[0].shortfall_pct == pytest.approx(65)


def test_evidence_counts_per_risk_and_the_history_signature_moves_with_an_import(store,
                                                                                 plan_id):
    from facilitation.contingency.evidence import evidence_counts
    from facilitation.history.monthly import history_signature

    before = history_signature(store)
    assert history_signature(store) == before
    with store.change("history.imported") as ch:
        import_id = ch.insert("imports", {"source": "t.csv", "imported_at": "x", "rows_read": 12,
                                          "months": 12})
        ch.insert_many("sales_history", [
            {"import_id": import_id, "subject_kind": "territory", "subject_name": "North",
             "month": f"2026-{m:02d}", "amount": 50.0 if m == 9 else 100.0, "units": None}
            for m in range(1, 13)])
    assert history_signature(store) != before
    risk_id = add_risk(store, plan_id, "Key account lost")
    add_risk(store, plan_id, "Recession")
    assert evidence_counts(store, plan_id) == {}
    [dip] = plan_dips(store, get_plan(store, plan_id))
    attach_dip(store, risk_id, dip)
    assert evidence_counts(store, plan_id) == {risk_id: 1}
