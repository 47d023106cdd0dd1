"""`spip ledger` from the shell."""

from __future__ import annotations

import json

from facilitation.retrospective.forecast_ledger import ledger
from tests.facilitation.history_helpers import save_subject
from tests.facilitation.test_forecast_ledger import (  # noqa: F401  (fixtures)
    AMOUNTS,
    plan_id,
    shown,
)
from tests.tui.test_cli import spip


def test_ledger_prints_each_forecast_and_the_track_record(db_path, store, plan_id, shown):  # noqa: F811
    before = spip("--db", str(db_path), "ledger", "North")
    assert before.returncode == 0, before.stderr
    assert "North: 1 forecast, none judged yet" in before.stdout
    assert "actual: not known yet" in before.stdout
    save_subject(store, "North", AMOUNTS, start="2023-01", source="north.csv")
    (entry,) = ledger(store).entries
    after = spip("--db", str(db_path), "ledger", "North").stdout
    assert "North: 1 forecast, 1 judged, off by" in after
    assert f"({entry.error_pct:+.1f}%)" in after
    data = json.loads(spip("--db", str(db_path), "ledger", "--json").stdout)
    assert data["overall"]["forecasts"] == data["overall"]["settled"] == 1
    assert data["entries"][0]["actual"] == entry.actual
    assert data["entries"][0]["within80"] == entry.within80


def test_ledger_without_forecasts_and_with_an_unknown_plan(db_path, store, plan_id):  # noqa: F811
    empty = spip("--db", str(db_path), "ledger")
    assert empty.returncode == 0 and empty.stdout.startswith("No forecasts recorded yet")
    bad = spip("--db", str(db_path), "ledger", "Atlantis")
    assert bad.returncode == 1 and "Atlantis" in bad.stderr
