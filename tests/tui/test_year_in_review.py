"""The annual contingency review opens with the year in review (80×24), and
`spip retrospective` prints it."""

from __future__ import annotations

import json

from facilitation.contingency.risks import add_risk, mark_risk_occurred
from facilitation.plan.kpis import record_actual
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import start_session
from spip_tui.screens.session import SessionScreen
from tests.facilitation.test_year_in_review import at, monthly_kpi, north_year  # noqa: F401
from tests.tui.screen_waits import shows
from tests.tui.test_cli import spip


def test_the_annual_review_script_opens_with_the_year_in_review():
    script = get_script("annual-contingency-review")
    kinds = [step.kind for step in script.steps]
    assert kinds[0] == "year_in_review"
    assert kinds.index("year_in_review") < kinds.index("risk_listing")


async def test_the_coach_sees_what_happened_what_was_missed_and_which_kpis_held(
        app, store, north_year):  # noqa: F811
    kpi_id = monthly_kpi(store, north_year)
    for month, actual in (("2026-01", 41), ("2026-02", 30), ("2026-03", 44)):
        record_actual(store, kpi_id, f"{month}-01", actual)
    session_id = start_session(store, north_year, get_script("annual-contingency-review"),
                               "Priya Raman")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        shown = await shows(pilot, "Risks that materialised")
        assert "Did the forecast come true?" in shown
        text = app.screen.query_one("#year-text").content.plain
        assert "✔ Key account leaves — happened Mar 2026" in text
        assert "sales dip Mar 2026: 55,000, 45% below average" in text
        assert "The lesson for next year" in text
        assert "! sales dip Sep 2026: 60,000, 35% below average" in text
        assert "Meetings booked: recovered" in text
        assert "off pace: Feb 2026" in text
        # A risk marked as happened elsewhere (another process, a later step) shows at once.
        late = add_risk(store, north_year, "Distributor renegotiates its margin")
        mark_risk_occurred(store, late, True, on="2026-09")
        text = await year_text_with(pilot, "Distributor renegotiates its margin")
        assert "listed only afterwards" in text
        assert "no listed risk explains it" not in text   # September is explained now


async def year_text_with(pilot, words: str, tries: int = 200) -> str:
    """The whole year-in-review text (scrolled out of sight too) once it holds `words`."""
    for _ in range(tries):
        await pilot.pause()
        text = pilot.app.screen.query_one("#year-text").content.plain
        if words in text:
            return text
    raise AssertionError(f"the year in review never showed {words!r}:\n{text}")


def test_retrospective_prints_the_year_and_its_json(db_path, store, north_year):  # noqa: F811
    result = spip("--db", str(db_path), "retrospective", "North")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "The year in review: North (territory)"
    assert "  ✔ Key account leaves — happened Mar 2026" in lines
    data = json.loads(spip("--db", str(db_path), "retrospective", "North", "--json").stdout)
    assert data["risks"]["since"] == "2025-11"
    assert [d["month"] for d in data["risks"]["unexplained_dips"]] == ["2026-09"]
    later = json.loads(spip("--db", str(db_path), "retrospective", "North", "--since",
                            "2026-04", "--json").stdout)
    assert later["risks"]["happened"] == []
    bad = spip("--db", str(db_path), "retrospective", "North", "--since", "spring")
    assert bad.returncode != 0 and "is not a month" in bad.stderr


async def test_y_on_the_plan_screen_shows_the_year_outside_any_session(app, store,
                                                                       north_year):  # noqa: F811
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_plan(north_year)
        await pilot.pause()
        await pilot.press("y")
        await shows(pilot, "The year in review: North (territory)")
        text = await year_text_with(pilot, "Key account leaves")
        assert "! sales dip Sep 2026" in text
