"""Monthly history in the store."""

from __future__ import annotations

import math

from facilitation.history.monthly import MonthlyTotal, monthly_history, save_history, subject_series
from facilitation.store.events import read_events

from .history_helpers import save_subject


def test_monthly_history_has_every_month_and_one_column_per_subject(store):
    save_history(store, "crm.csv", [
        MonthlyTotal("territory", "North", "2024-01", 100.0),
        MonthlyTotal("territory", "North", "2024-03", 300.0),
        MonthlyTotal("territory", "South", "2024-02", 50.0),
        MonthlyTotal("salesperson", "Dana", "2024-02", 7.0),
    ], rows_read=4)
    history = monthly_history(store, "territory")
    assert [str(m) for m in history.index] == ["2024-01", "2024-02", "2024-03"]
    assert history.index.freqstr == "M"
    assert list(history.columns) == ["North", "South"]
    assert math.isnan(history.loc["2024-02", "North"])
    north = subject_series(history, "North")
    assert north.tolist() == [100.0, 0.0, 300.0]
    assert subject_series(history, "South").tolist() == [50.0]


def test_monthly_history_of_a_kind_without_rows_is_empty(store):
    assert monthly_history(store, "team").empty


def test_reimporting_a_source_replaces_its_rows_in_one_event(store):
    save_subject(store, "North", [1.0, 2.0, 3.0], source="crm.csv")
    before = len(read_events(store))
    save_subject(store, "North", [5.0, 6.0], source="crm.csv")
    assert len(read_events(store)) == before + 1
    assert subject_series(monthly_history(store, "territory"), "North").tolist() == [5.0, 6.0]
    assert store.query("SELECT count(*) FROM imports")[0][0] == 1
