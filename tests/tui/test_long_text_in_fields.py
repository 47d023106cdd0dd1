"""A text field narrower than its text says so: the part scrolled out of sight is marked
with '…', so what is typed never looks lost (80×24, keys through the terminal parser).

Typed in one burst, '2019: Baltic port strike closed Gdansk, 3 wks' is one character
longer than the assessment's evidence field: the field scrolls to keep the cursor in
sight and used to read '19: Baltic…', as if the '20' had been lost (it was saved whole)."""

from __future__ import annotations

from facilitation.contingency.risks import list_risks
from spip_tui.screens.session import SessionScreen
from tests.tui.conftest import assessment_session
from tests.tui.screen import screen_text, wait_until
from tests.tui.test_key_order import send_bytes

EVIDENCE = "2019: Baltic port strike closed Gdansk, 3 wks"


def field_line(app, label: str) -> str:
    """What the terminal shows after a field's label."""
    [line] = [line for line in screen_text(app).splitlines() if f"█ {label} " in line]
    return line.split(label, 1)[1].strip(" █")


async def open_the_first_assessment(app, pilot, session_id: int) -> None:
    app.push_screen(SessionScreen(session_id))
    await pilot.pause()
    await send_bytes(app, pilot, "\r")
    await wait_until(pilot, lambda: "Evidence" in screen_text(app))


async def test_evidence_wider_than_its_field_shows_its_start_is_out_of_sight(app, store,
                                                                             plan_id):
    session_id = assessment_session(store, plan_id, "Our biggest distributor renegotiates")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_first_assessment(app, pilot, session_id)
        field = app.screen.query_one("#evidence")
        assert field.scrollable_content_region.width == len(EVIDENCE) - 1  # as it was seen
        await send_bytes(app, pilot, f"3\r3\r40000\rr\r{EVIDENCE}")
        await wait_until(pilot, lambda: "3 wks" in screen_text(app))
        shown = field_line(app, "Evidence")
        assert shown.startswith("…") and shown.endswith("Gdansk, 3 wks"), shown
        await send_bytes(app, pilot, "\r")
        await app.workers.wait_for_complete()
        await pilot.pause()
    [risk] = list_risks(store, plan_id)
    assert risk.evidence == EVIDENCE


async def test_evidence_wider_than_its_field_shows_its_end_is_out_of_sight(app, store,
                                                                           plan_id):
    session_id = assessment_session(store, plan_id, "Our biggest distributor renegotiates")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_first_assessment(app, pilot, session_id)
        await send_bytes(app, pilot, f"3\r3\r40000\rr\r{EVIDENCE} for three weeks")
        await send_bytes(app, pilot, "\x1b[H")  # Home: the start in sight, the end not
        await wait_until(pilot, lambda: "2019: Baltic" in screen_text(app))
        shown = field_line(app, "Evidence")
        assert shown.startswith("2019: Baltic") and shown.endswith("…"), shown


async def test_evidence_typed_on_after_escape_and_no_keeps_what_was_typed(app, store, plan_id):
    """Escape asks before throwing typing away; 'n' and what is typed right after it go
    back to the evidence, its text not selected again (the keys went to the question's
    button while 'n' travelled up to answer, and were lost)."""
    session_id = assessment_session(store, plan_id, "Our biggest distributor renegotiates")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_the_first_assessment(app, pilot, session_id)
        await send_bytes(app, pilot, "3\r3\r40000\rr\r20")
        await pilot.press("escape")  # throw it away?
        await wait_until(pilot, lambda: "Throw away" in screen_text(app))
        await send_bytes(app, pilot, "n19: Baltic port strike\r")
        await wait_until(pilot, lambda: list_risks(store, plan_id)[0].evidence)
    [risk] = list_risks(store, plan_id)
    assert risk.evidence == "2019: Baltic port strike"
