"""`spip import`, `spip history` and `spip forecast` from the shell."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from facilitation.history.cache import subject_forecast
from facilitation.store.database import Store


def spip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "spip_tui", *args], capture_output=True,
                          text=True, timeout=120, check=False)


def crm_file(folder: Path) -> Path:
    from tests.facilitation.history_helpers import month_after, seasonal_amounts

    lines = ["Close Date,Sales Rep,Amount"]
    for name, level in (("Dana Whitfield", 140_000), ("Sam Ortega", 120_000)):
        for i, amount in enumerate(seasonal_amounts(30, level=level, noise=0.04)):
            lines.append(f'{month_after("2024-01", i)}-11,{name},"${amount:,.2f}"')
    path = folder / "crm.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


def test_import_then_history_and_forecast_as_json(tmp_path):
    db = str(tmp_path / "spip.sqlite")
    imported = spip("--db", db, "import", str(crm_file(tmp_path)))
    assert imported.returncode == 0, imported.stderr
    assert "Imported crm.csv: 60 rows, 2 subjects, 30 months" in imported.stdout
    history = json.loads(spip("--db", db, "history", "dana whitfield", "--json").stdout)
    assert history["kind"] == "salesperson" and len(history["months"]) == 30
    assert history["trend"]["direction"] in ("up", "down", "flat")
    assert history["peers"]["peers"] == ["Sam Ortega"]
    result = spip("--db", db, "forecast", "Dana Whitfield", "--target", "450,000",
                  "--period", "2026-07..2026-09", "--json")
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    store = Store.open(db)
    expected = subject_forecast(store, "salesperson", "Dana Whitfield", "2026-07", "2026-09",
                                450_000)
    assert shown["expected"] == pytest.approx(expected.expected)
    assert shown["gap"] == pytest.approx(450_000 - expected.expected)
    assert [m["month"] for m in shown["months"]] == ["2026-07", "2026-08", "2026-09"]


def test_errors_are_one_line_with_a_nonzero_exit(tmp_path):
    db = str(tmp_path / "spip.sqlite")
    bad = tmp_path / "bad.csv"
    bad.write_text("Date,Region,Revenue\n2024-01-01,North,12\n2024-01-02,North,\"12,3x\"\n")
    refused = spip("--db", db, "import", str(bad))
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1
    assert 'line 3: amount "12,3x" is not a number' in refused.stderr
    unknown = spip("--db", db, "forecast", "North", "--target", "1", "--period", "2026-01..2026-02")
    assert unknown.returncode == 1 and unknown.stderr.startswith("spip: no sales history")


def test_importing_precomputes_forecasts_and_past_performance_with_progress(tmp_path):
    from facilitation.history.cache import stored_forecast, stored_past_performance
    from facilitation.plan.plans import PlanInput, create_plan

    db = tmp_path / "spip.sqlite"
    store = Store.open(db)
    create_plan(store, PlanInput("salesperson", "Dana Whitfield", "Dana", "2026-07", "2026-09",
                                 "450000"))
    store.close()
    result = spip("--db", str(db), "import", str(crm_file(tmp_path)))
    assert result.returncode == 0, result.stderr
    # One forecast (Dana's plan) and two past performances (both imported reps).
    assert "Precomputing forecasts and past performance: 3/3" in result.stderr
    store = Store.open(db)
    cached = stored_forecast(store, "salesperson", "Dana Whitfield", "2026-07", "2026-09")
    assert cached is not None and cached.fresh
    for name in ("Dana Whitfield", "Sam Ortega"):
        past = stored_past_performance(store, "salesperson", name)
        assert past is not None and past.fresh
    store.close()
