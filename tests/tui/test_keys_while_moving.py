"""Keys typed at once with a key that moves the focus (F7 to another step, ↓ from the
entry to the list) go where that key took the focus, not to what had it before; the
bytes go through Textual's terminal parser and driver as a terminal sends them."""

from __future__ import annotations

from facilitation.contingency.risks import add_risk, get_risk, list_risks
from facilitation.workshop.sessions import go_to_step
from spip_tui.dialogs.text_prompt import TextPrompt
from spip_tui.screens.session import SessionScreen
from tests.tui.conftest import assessment_session
from tests.tui.test_key_order import send_bytes

F7 = "\x1b[18~"
DOWN = "\x1b[B"


async def test_a_risk_typed_with_the_key_that_opens_its_step_is_saved(app, store, plan_id):
    session_id = assessment_session(store, plan_id, "Oil price falls")  # at step 4
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await app.workers.wait_for_complete()
        await send_bytes(app, pilot, f"{F7}A key client leaves\r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#new-risk").value == ""
    assert [r.title for r in list_risks(store, plan_id)] == ["Oil price falls",
                                                             "A key client leaves"]


async def test_a_list_key_typed_with_the_arrow_to_the_list_acts_on_the_list(app, store,
                                                                            plan_id):
    session_id = assessment_session(store, plan_id)
    add_risk(store, plan_id, "Oil price falls")
    go_to_step(store, session_id, 2)  # risk listing, the focus in the entry
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await send_bytes(app, pilot, f"{DOWN}e")   # down to the list, e: reword the risk
        assert isinstance(app.screen, TextPrompt)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#new-risk").value == ""
    assert [r.title for r in list_risks(store, plan_id)] == ["Oil price falls"]


async def test_a_month_typed_with_the_key_that_asks_for_it_is_the_answer(app, store, plan_id):
    """`o` on the list asks when the risk happened: the month typed right after it is the
    answer (it went to the list, and the prompt saved this month)."""
    session_id = assessment_session(store, plan_id)
    risk_id = add_risk(store, plan_id, "Oil price falls")
    go_to_step(store, session_id, 2)  # risk listing, the focus in the entry
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await send_bytes(app, pilot, f"{DOWN}o2020-03\r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not isinstance(app.screen, TextPrompt)
    assert get_risk(store, risk_id).occurred_at == "2020-03"
