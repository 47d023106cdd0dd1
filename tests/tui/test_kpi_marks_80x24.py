"""At 80×24 the KPIs step says in words what its marks mean: a KPI's kind (leading or
lagging) under a heading, and a target that cannot be measured marked where the target is,
the mark explained on screen and in the step's part of F1 help (the list showed an
unheaded "L✓" / "g!" column that nothing explained)."""

from __future__ import annotations

from facilitation.plan.kpis import KpiInput, add_kpi
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui.screens.session import SessionScreen
from tests.tui.screen_waits import shows
from tests.tui.test_room_80x24 import between, joined
from tests.tui.test_session_screen import screen_text
from tests.tui.test_snapshots import FULL_PLAN


async def test_the_kpis_list_names_each_kpis_kind_and_marks_what_is_not_measurable(
        app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, FULL_PLAN.index("kpis"))
    add_kpi(store, plan_id, KpiInput("Meetings booked", indicator="leading",
                                     unit="meetings", target="15", cadence="weekly",
                                     owner="Ana"))
    add_kpi(store, plan_id, KpiInput("Revenue", indicator="lagging", cadence="monthly",
                                     owner="Ana"))
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await shows(pilot, "Meetings booked")
        table = app.screen.query_one("#kpis")
        lines = screen_text(app).splitlines()
        in_table = "\n".join(lines[table.region.y:table.region.bottom])
        assert "Kind" in in_table and "✓" not in in_table, in_table
        assert "lead" in between(in_table, "Kind", "KPI"), in_table
        assert "lag" in between(in_table, "Kind", "KPI").replace("lead", ""), in_table
        target = between(in_table, "Target", "Owner")
        assert "15 meetings weekly" in target and "! no target" in target, in_table
        # The mark is explained where it is seen.
        assert "without a measurable target (!)" in " ".join(lines), "\n".join(lines)
        await pilot.press("f1")
        await shows(pilot, "KPIs and targets")
        help_text = joined(screen_text(app).replace("█", " "))
        assert "Kind says whether a KPI is leading (lead" in help_text, help_text
        assert "or lagging (lag" in help_text, help_text
        assert "! before a target marks a KPI whose target cannot be measured" in help_text
