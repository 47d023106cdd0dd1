"""The plan as it stood, at 80×24: from the plan screen (a), the compare screen (a) and the
palette; every section as it was; exported with "as of" in the title."""

from __future__ import annotations

from textual.widgets import Input, Markdown

from spip_tui.screens.compare import CompareScreen
from spip_tui.screens.plan_as_of import PlanAsOfScreen
from tests.facilitation.test_compare import year  # noqa: F401  (fixture)
from tests.tui.screen_waits import shows


def document(app) -> str:
    return app.screen.query_one("#asof-document", Markdown).source


async def document_with(pilot, words: str, tries: int = 300) -> str:
    """The document shown (scrolled out of sight too) once it holds `words`."""
    for _ in range(tries):
        await pilot.pause()
        if isinstance(pilot.app.screen, PlanAsOfScreen) and words in document(pilot.app):
            return document(pilot.app)
    raise AssertionError(f"the plan as of never showed {words!r}")


async def test_the_coach_reads_the_plan_as_it_stood_after_the_workshop_and_now(
        app, store, plan_id, year, tmp_path, monkeypatch):  # noqa: F811
    monkeypatch.chdir(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_plan(plan_id)
        await pilot.pause()
        await pilot.press("a")
        await shows(pilot, "as of full-plan session of 2025-11-20")
        # The plan as it stood comes from background work, after the heading.
        shown = await shows(pilot, "Subject")
        assert "read-only" in shown
        then = await document_with(pilot, "Port strike")
        assert "Win back lapsed accounts" in then and "Call 20 lapsed accounts" in then
        assert "10 meetings" in then
        assert "New competitor from the south" not in then
        field = app.screen.query_one("#asof-moment", Input)
        field.focus()
        field.value = "now"
        await pilot.press("enter")
        now = await document_with(pilot, "New competitor from the south")
        assert "Port strike" not in now and "12 meetings" in now
        await shows(pilot, "North (territory) as of now")
        await pilot.press("x")
        await pilot.press("w")
        await pilot.pause()
        field.focus()
        field.value = "someday"
        await pilot.press("enter")                  # a bad moment: said, nothing lost
        await app.workers.wait_for_complete()
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert any(m.startswith('"someday" is not a moment') for m in said), said
        assert "New competitor from the south" in document(app)
    markdown = (tmp_path / "north-plan-as-of-now.md").read_text().splitlines()[0]
    assert markdown == "# Sales performance improvement plan: North (territory) (as of now)"
    assert "(as of now)" in (tmp_path / "north-plan-as-of-now.html").read_text()


async def test_from_compare_a_opens_the_plan_as_it_stood_at_from(app, store, plan_id,
                                                                  year):  # noqa: F811
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(CompareScreen(plan_id, before="2026-06-30"))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("a")
        await shows(pilot, "North (territory) as of end of 2026-06-30")
        then = await document_with(pilot, "Key account leaves")
        assert "Port strike" in then and "New competitor" not in then
        await pilot.press("escape")
        assert isinstance(app.screen, CompareScreen)
