"""The home screen, driven from the keyboard as a facilitator would."""

from __future__ import annotations

from textual.widgets import DataTable, Input, Static

from facilitation.plan.plans import get_plan, list_plans
from facilitation.store.events import read_events
from spip_tui.dialogs.help import HelpScreen
from spip_tui.dialogs.plan_form import PlanForm
from tests.tui.screen import screen_text, wait_until


def table_subjects(app) -> list[str]:
    table = app.screen.query_one("#plans", DataTable)
    return [str(table.get_row_at(i)[0]) for i in range(table.row_count)]


async def fill(pilot, field: str, text: str) -> None:
    widget = pilot.app.screen.query_one(f"#{field}", Input)
    widget.focus()
    widget.value = ""
    if text:
        await pilot.press(*text)


async def test_creating_a_plan_from_the_keyboard_saves_it(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        assert "No plans yet" in str(app.screen.query_one("#empty", Static).render())
        await pilot.press("n")
        assert isinstance(app.screen, PlanForm)
        await fill(pilot, "subject_name", "Coastal")
        await fill(pilot, "owner", "Marcus Bell")
        await fill(pilot, "period_start", "2027-01")
        await fill(pilot, "period_end", "2027-06")
        await fill(pilot, "target_amount", "2,600,000")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_subjects(app) == ["Coastal"]
    plan = list_plans(store)[0].plan
    assert (plan.subject_name, plan.owner, plan.target_amount) == ("Coastal", "Marcus Bell", 2_600_000)
    assert (plan.period_start, plan.period_end, plan.subject_kind) == ("2027-01", "2027-06", "territory")


async def test_wrong_values_are_shown_beside_their_fields_and_nothing_is_saved(app, store):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await fill(pilot, "subject_name", "Coastal")
        await fill(pilot, "owner", "")
        await fill(pilot, "period_start", "2027-06")
        await fill(pilot, "period_end", "2027-01")
        await fill(pilot, "target_amount", "-50")
        await pilot.press("ctrl+s")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, PlanForm)

        def error(name: str) -> str:
            return str(form.query_one(f"#{name}-error", Static).render())

        assert "required" in error("owner")
        assert "after the start" in error("period_end")
        assert "positive" in error("target_amount")
        assert error("subject_name") == ""
        assert app.focused.id == "owner"  # the first wrong field gets the cursor
        await pilot.press("escape")
    assert list_plans(store) == []
    assert read_events(store) == []


async def test_renaming_a_plan_saves_the_new_name(app, store, plan_id):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        prompt = app.screen.query_one("#answer", Input)
        assert prompt.value == "North"
        prompt.value = ""
        await pilot.press(*"North-East", "enter")
        await pilot.pause()
        assert table_subjects(app) == ["North-East"]
    assert get_plan(store, plan_id).subject_name == "North-East"


async def test_archiving_asks_first_then_hides_the_plan(app, store, plan_id):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("a", "n")  # asked, and said no
        await pilot.pause()
        assert get_plan(store, plan_id).status == "active"
        await pilot.press("a", "y")
        await pilot.pause()
        assert table_subjects(app) == []
        await pilot.press("v")  # show archived
        assert table_subjects(app) == ["North (archived)"]
        await pilot.press("a")  # restore
        await pilot.pause()
        assert table_subjects(app) == ["North"]
    assert get_plan(store, plan_id).status == "active"
    assert [e.kind for e in read_events(store)][-2:] == ["plan.archived", "plan.restored"]


async def test_a_plan_written_by_another_process_appears_without_a_keypress(app, db_path):
    from facilitation.plan.plans import PlanInput, create_plan
    from facilitation.store.database import Store

    async with app.run_test(size=(80, 24)) as pilot:
        other = Store.open(db_path, actor="participant")
        create_plan(other, PlanInput("team", "Inside Sales", "Lena", "2027-01", "2027-03", "780000"))
        await wait_until(pilot, lambda: table_subjects(app) == ["Inside Sales"])


async def test_f1_shows_the_help_and_escape_closes_it(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one("Markdown").source
        assert "New plan" in text or "new plan" in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_the_palette_offers_new_plan_and_opening_each_plan(app, plan_id):
    from textual.command import CommandPalette

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"open plan")
        await pilot.pause(0.5)
        options = app.screen.query_one("CommandList").options
        assert any("Open plan: North" in str(o.prompt) for o in options)
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "PlanScreen"
        assert "North" in str(app.screen.query_one("#plan-title", Static).render())


async def test_the_high_contrast_theme_is_chosen_from_the_palette(app):
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p", *"high-contrast")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "spip-high-contrast"


async def test_a_long_portfolio_is_listed_whole_and_keeps_the_cursor(app, store):
    from facilitation.plan.plans import PlanInput, create_plan

    for n in range(60):
        create_plan(store, PlanInput("salesperson", f"Rep {n:02d}", "Lena", "2027-01", "2027-03",
                                     "100000"))
    async with app.run_test(size=(80, 24)) as pilot:
        # A screenful first, the rest a screenful per refresh.
        await wait_until(pilot, lambda: len(table_subjects(app)) == 60)
        assert table_subjects(app) == [f"Rep {n:02d}" for n in range(60)]
        app.screen.query_one("#plans", DataTable).move_cursor(row=59)
        assert app.screen.selected_plan_id() == 60
        app.screen.reload()
        await wait_until(pilot, lambda: len(table_subjects(app)) == 60)
        assert table_subjects(app) == [f"Rep {n:02d}" for n in range(60)]
        assert app.screen.selected_plan_id() == 60


async def test_a_subject_with_brackets_is_listed_as_typed_not_read_as_markup(app, store):
    from facilitation.plan.plans import PlanInput, create_plan

    create_plan(store, PlanInput("territory", "North [old]", "Lena", "2027-01", "2027-03",
                                 "100000"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert table_subjects(app) == ["North [old]"]
        assert "North [old]" in pilot.app.screen.query_one("#plans", DataTable).render_line(1).text


async def test_a_reload_while_the_table_fills_lists_each_plan_once_with_its_new_name(app, store):
    from facilitation.plan.plans import PlanInput, create_plan, rename_plan

    for n in range(60):
        create_plan(store, PlanInput("salesperson", f"Rep {n:02d}", "Lena", "2027-01", "2027-03",
                                     "100000"))
    async with app.run_test(size=(80, 24)) as pilot:
        rename_plan(store, 60, "Rep last")
        app.screen.reload()  # before the first fill has reached the last rows
        await wait_until(pilot, lambda: len(table_subjects(app)) == 60)
        await pilot.pause()
        assert table_subjects(app) == [f"Rep {n:02d}" for n in range(59)] + ["Rep last"]


async def test_an_import_precomputes_its_subjects_in_the_background_with_progress(
        app, store, tmp_path, monkeypatch):
    """Imported in the app: the forecast of the imported subject's plan and the past
    performance of every imported subject land in the cache, with a progress line, and a
    key typed while it computes is handled at once."""
    import threading

    from facilitation.history import report
    from facilitation.history.cache import stored_forecast, stored_past_performance
    from facilitation.plan.plans import PlanInput, create_plan
    from tests.facilitation.history_helpers import month_after, seasonal_amounts

    create_plan(store, PlanInput("territory", "North", "Ann", "2027-01", "2027-03", "1200000"))
    create_plan(store, PlanInput("territory", "West", "Bo", "2027-01", "2027-03", "900000"))
    lines = ["Order Date,Region,Revenue"]
    for region, level in (("North", 400_000), ("South", 300_000)):
        for i, amount in enumerate(seasonal_amounts(40, level=level, noise=0.03)):
            lines.append(f'{month_after("2023-09", i)}-15,{region},"${amount:,.2f}"')
    orders = tmp_path / "orders.csv"
    orders.write_text("\n".join(lines) + "\n")

    # The first past performance waits until the test has pressed its key, so the key
    # surely comes while the precompute runs (a condition, not a delay).
    release = threading.Event()
    real = report.past_performance

    def held(*args, **kwargs):
        release.wait(timeout=60)
        return real(*args, **kwargs)

    monkeypatch.setattr(report, "past_performance", held)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#path").value = str(orders)
        await pilot.press("enter")
        await wait_until(pilot, lambda: "2 subjects" in str(app.screen.query_one("#check",
                                                                                  Static).render()))
        await pilot.press("ctrl+s")
        # North's forecast is done (1 of 1 forecast + 2 past performances); the first past
        # performance is held.
        await wait_until(pilot, lambda: "Precomputing 1/3: forecasts and past performance"
                         in screen_text(app))
        await pilot.press("down")                       # handled while it computes
        await wait_until(pilot, lambda: "West (territory): target" in screen_text(app))
        assert not release.is_set()
        release.set()
        await wait_until(pilot, lambda: any(
            "Forecasts and past performance ready for 2 imported subjects" in n.message
            for n in app._notifications))
        assert "Precomputing" not in screen_text(app)     # the line goes when it is done
    cached = stored_forecast(store, "territory", "North", "2027-01", "2027-03")
    assert cached is not None and cached.fresh
    for region in ("North", "South"):
        past = stored_past_performance(store, "territory", region)
        assert past is not None and past.fresh
    assert stored_forecast(store, "territory", "West", "2027-01", "2027-03") is None
