"""Every table of every screen and step reads whole in the first frame it is shown.

DataTable measures a column of automatic width, and a row of automatic height, at the
table's next idle moment. On a loaded machine a frame is drawn first: it showed each such
column cut to its heading and each such row with no height at all (blank). Here the tables
never get that idle moment (as under load, for as long as the scene lasts), and what the
screen then shows must be what the idle moment would have made of it.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import DataTable

from facilitation.store.locations import DATA_DIR
from facilitation.workshop.sessions import go_to_step
from tests.tui.test_snapshots import (  # noqa: F401 (fixtures)
    COASTAL,
    FULL_PLAN,
    NORTH,
    PROGRESS_REVIEW,
    SCENES,
    demo_app,
    demo_db,
    keys,
    opened,
    session_id,
    session_step,
    then,
)


def import_preview(app):
    from spip_tui.dialogs.import_history import ImportDialog

    return ImportDialog(str(DATA_DIR / "demo" / "sales_history.csv"))


# The demo's tables that its snapshots show empty (or do not show), filled here.
FILLED = {
    "brainstorming-north": then(session_step(NORTH, "full-plan", FULL_PLAN.index(
        "brainstorming")), "shift+f4", "shift+f4"),   # back to the first round, with ideas
    "scoring-north": session_step(NORTH, "full-plan", FULL_PLAN.index("scoring")),
    "decisions-coastal": session_step(COASTAL, "progress-review",
                                      PROGRESS_REVIEW.index("decisions")),
    "import-preview": opened(import_preview),
    "portfolio-roll-up": keys("p", "g"),
}


def layout(table: DataTable) -> tuple[list[int], list[int]]:
    """The table as it draws now: each column's width and each row's height."""
    return ([column.get_render_width(table) for column in table.ordered_columns],
            [row.height for row in table.ordered_rows])


async def never_idle(self, event) -> None:
    """A table's idle moment that never comes (the frames under load came first)."""


async def assert_drawn_as_measured(app, scene: str, measure_at_idle) -> None:
    tables = list(app.screen.query(DataTable))
    assert tables, f"{scene} shows no table"
    for table in tables:
        shown = layout(table)
        await measure_at_idle(table, events.Idle())
        assert layout(table) == shown, (
            f"{scene}: #{table.id} drew {shown} before its idle moment, "
            f"{layout(table)} after it")


@pytest.mark.parametrize("scene", [*SCENES, *FILLED])
async def test_every_table_reads_whole_before_its_idle_moment(scene, demo_app, monkeypatch):
    measure_at_idle = DataTable._on_idle
    monkeypatch.setattr(DataTable, "_on_idle", never_idle)
    async with demo_app.run_test(size=(80, 24)) as pilot:
        await {**SCENES, **FILLED}[scene](pilot)
        if scene in FILLED:
            assert all(table.row_count for table in pilot.app.screen.query(DataTable))
            await assert_drawn_as_measured(pilot.app, scene, measure_at_idle)
        elif pilot.app.screen.query(DataTable):
            await assert_drawn_as_measured(pilot.app, scene, measure_at_idle)


@pytest.mark.parametrize("step", ["risk_listing", "scoring"])
async def test_a_participants_lists_read_whole_before_their_idle_moment(
        step, demo_app, monkeypatch):
    from spip_tui.participant.app import ParticipantApp

    store = demo_app.store
    go_to_step(store, session_id(demo_app, NORTH), FULL_PLAN.index(step))
    measure_at_idle = DataTable._on_idle
    monkeypatch.setattr(DataTable, "_on_idle", never_idle)
    app = ParticipantApp(store, "KTX-482", "Ana")
    async with app.run_test(size=(80, 24)) as pilot:
        await keys()(pilot)
        assert all(table.row_count for table in app.screen.query(DataTable))
        await assert_drawn_as_measured(app, f"a participant's {step}", measure_at_idle)
