"""Keys that reach the app together (one `tmux send-keys`, a fast typist, keys piled up
while the app was busy) are applied in the order typed, Backspace and arrows included.
The bytes go through Textual's terminal parser and driver as a terminal sends them."""

from __future__ import annotations

import pytest
from textual._xterm_parser import XTermParser
from textual.app import App, ComposeResult
from textual.widgets import Input

from facilitation.contingency.risks import list_risks
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from spip_tui import key_order
from spip_tui.screens.session import SessionScreen
from tests.tui.conftest import assessment_session

BACKSPACE = "\x7f"  # what tmux (and most terminals) send for the Backspace key
LEFT = "\x1b[D"


async def send_bytes(app: App, pilot, data: str) -> None:
    """Hand `data` to the app as the terminal driver does when one read returns it all."""
    for event in XTermParser().feed(data):
        app._driver.process_message(event)
    for _ in range(3):
        await pilot.pause()


class OneField(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="field")


async def typed_in_a_bare_input(data: str) -> str:
    app = OneField()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await send_bytes(app, pilot, data)
        return app.query_one("#field", Input).value


@pytest.fixture
def textual_as_shipped(monkeypatch):
    monkeypatch.setattr(Input, "_on_key", key_order.TEXTUAL_INPUT_ON_KEY)


@pytest.fixture
def keys_in_order(monkeypatch):
    monkeypatch.setattr(Input, "_on_key", key_order.TEXTUAL_INPUT_ON_KEY)
    key_order.keep_typed_keys_in_order()


async def test_the_pinned_textual_still_applies_editing_keys_late(textual_as_shipped):
    # When this fails, Textual applies Backspace in order by itself (textual#6605 fixed):
    # remove spip_tui/key_order.py and this file's first two tests.
    assert await typed_in_a_bare_input(f"abc{BACKSPACE}de") == "abcd"


async def test_editing_keys_in_a_burst_apply_in_order(keys_in_order):
    assert await typed_in_a_bare_input(f"abc{BACKSPACE}de") == "abde"
    assert await typed_in_a_bare_input(f"abc{LEFT}X") == "abXc"
    assert await typed_in_a_bare_input(f"ab{BACKSPACE}{BACKSPACE}xyz{LEFT}{LEFT}Q") == "xQyz"


def test_the_app_keeps_keys_in_order(app, textual_as_shipped):
    type(app)(app.store)
    assert Input._on_key is not key_order.TEXTUAL_INPUT_ON_KEY


async def test_a_risk_corrected_in_a_burst_is_saved_as_typed(app, store, plan_id):
    session_id = start_session(store, plan_id, get_script("full-plan"), "Ana")
    go_to_step(store, session_id, 2)  # risk listing
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        assert app.focused is app.screen.query_one("#new-risk")
        await send_bytes(app, pilot, f"Oil pricr{BACKSPACE}e falls\rA key clien{LEFT}{LEFT}"
                                     f"y{BACKSPACE}\x1b[Ft leaves\r")
    assert [r.title for r in list_risks(store, plan_id)] == ["Oil price falls",
                                                             "A key client leaves"]


async def test_an_assessment_corrected_in_a_burst_is_saved_as_typed(app, store, plan_id):
    session_id = assessment_session(store, plan_id, "Oil price falls")
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(SessionScreen(session_id))
        await pilot.pause()
        await send_bytes(app, pilot, "\r")
        await send_bytes(app, pilot, f"3\r4\r5%\rr\r2015 oil crasj{BACKSPACE}h\r")
        await app.workers.wait_for_complete()
        await pilot.pause()
    [risk] = list_risks(store, plan_id)
    assert (risk.likelihood, risk.impact, risk.revenue_effect_pct, risk.response,
            risk.evidence) == (3, 4, 5, "reduce", "2015 oil crash")
