"""What a facilitator walking the full-plan script at 80×24 met on the way: each label
read whole where its text is the meaning."""

from __future__ import annotations

from facilitation.contingency.evidence import Dip
from spip_tui.dialogs.evidence_picker import EvidencePicker
from tests.tui.screen import screen_text, wait_until


async def test_the_evidence_months_name_each_peer_whole(app):
    dips = [Dip("key_account", "Bay Freight", "2026-01", 72381, 116396, False),
            Dip("key_account", "Northwind Retail", "2023-05", 92149, 120165, False)]
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(EvidencePicker("We lose a key account", dips, set(),
                                       lambda dip: None, lambda dip: None))
        await wait_until(pilot, lambda: "Bay Freight" in screen_text(app))
        text = screen_text(app)
        assert "2023-05 Northwind Retail" in text
        assert "92,149 vs" in text and "120,165 −23%" in text

