"""The plan screen and `spip ledger PLAN` show the sales to date against the forecast first
shown for the period and the target, and the gap now."""

from __future__ import annotations

import json

import pytest

from facilitation.retrospective.against_original import against_original
from spip_tui.app import SpipApp
from tests.facilitation.history_helpers import save_subject
from tests.facilitation.test_forecast_ledger import (  # noqa: F401  (fixtures)
    AMOUNTS,
    plan_id,
    shown,
)
from tests.tui.screen import wait_until
from tests.tui.test_cli import spip
from tests.tui.test_history_screens import static_text


def test_ledger_of_a_plan_gives_its_sales_against_the_original_forecast(
        db_path, store, plan_id, shown):  # noqa: F811
    _, found, _ = shown
    save_subject(store, "North", AMOUNTS[:50], start="2023-01", source="north.csv")
    data = json.loads(spip("--db", str(db_path), "ledger", "North", "--json").stdout)
    progress = data["against_original"]
    assert progress["original"]["expected"] == pytest.approx(found.expected)
    assert (progress["months_known"], progress["months_left"]) == (2, 1)
    assert progress["actual_to_date"] == pytest.approx(sum(AMOUNTS[48:50]))
    assert progress["gap_now"] == pytest.approx(progress["target"] - progress["now_expected"])
    text = spip("--db", str(db_path), "ledger", "North").stdout
    assert "in 2 of 3 months vs" in text and "Original forecast" in text


async def test_the_plan_screen_shows_sales_to_date_against_the_original_forecast(
        store, plan_id, shown):  # noqa: F811
    save_subject(store, "North", AMOUNTS[:50], start="2023-01", source="north.csv")
    expected = against_original(store, plan_id).lines()
    app = SpipApp(store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_plan(plan_id)
        await pilot.pause()
        await wait_until(pilot, lambda: app.screen.query("#plan-sales"))
        await wait_until(pilot, lambda: "Sold" in static_text(app, "#plan-sales"))
        shown_text = static_text(app, "#plan-sales")
        assert " ".join(expected[1].split()) in shown_text
        assert "Original forecast" in shown_text
