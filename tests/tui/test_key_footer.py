"""The footer is rebuilt only when the keys it shows change (a step refreshes its bindings on
every change in the database: rebuilding the footer each time cost the facilitator most of
its work while a group typed)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from spip_tui.widgets.key_footer import KeyFooter


class Keys(App):
    BINDINGS = [Binding("x", "extra", "Extra"), Binding("s", "save", "Save")]

    def __init__(self) -> None:
        super().__init__()
        self.extra_on = False

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield KeyFooter()

    def check_action(self, action: str, parameters) -> bool | None:
        return self.extra_on if action == "extra" else True

    def action_extra(self) -> None: ...

    def action_save(self) -> None: ...


def shown(app: App) -> list[str]:
    return [key.description for key in app.query(FooterKey)]


async def test_refreshing_unchanged_bindings_keeps_the_footer_s_keys():
    app = Keys()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        before = list(app.query(FooterKey))
        assert [k.description for k in before][:1] == ["Save"]
        for _ in range(3):
            app.refresh_bindings()
            await pilot.pause()
        assert list(app.query(FooterKey)) == before  # the same widgets: not rebuilt


async def test_a_key_that_comes_or_goes_is_shown_at_once():
    app = Keys()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Extra" not in shown(app)
        app.extra_on = True
        app.refresh_bindings()
        await pilot.pause()
        assert "Extra" in shown(app)
        app.extra_on = False
        app.refresh_bindings()
        await pilot.pause()
        assert "Extra" not in shown(app)
