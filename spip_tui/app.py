"""The spip App: screens, bindings, themes and the command palette."""

from __future__ import annotations

import gc
import time
from functools import partial
from pathlib import Path
from typing import Iterable

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import Hit, Hits, Provider
from textual.screen import Screen
from textual.theme import Theme

from facilitation.plan.plans import list_plans
from facilitation.store.database import Store
from facilitation.store.errors import StoreError

from . import startup_gc
from .background import WorkFailed
from .change_feed import ChangeFeed, FollowsChanges
from .dialogs.form import TypedAheadKeys
from .past_commands import PastCommands
from .too_small import guard_size, too_small

HIGH_CONTRAST = Theme(
    name="spip-high-contrast",
    primary="#ffff00",
    secondary="#00ffff",
    accent="#ffff00",
    warning="#ffaf00",
    error="#ff5f5f",
    success="#00ff00",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#1c1c1c",
    dark=True,
    variables={"block-cursor-foreground": "#000000", "footer-key-foreground": "#ffff00"},
)


class PlanCommands(Provider):
    """"New plan" and "Open plan: <subject>" for every active plan."""

    async def search(self, query: str) -> Hits:
        from .session_commands import help_commands, session_commands

        app = self.app
        assert isinstance(app, SpipApp)
        matcher = self.matcher(query)
        commands = [("New plan", app.action_new_plan, "Create a plan for a subject"),
                    ("Portfolio", app.action_portfolio,
                     "Every subject: its plan, reviews, gap and what needs attention"),
                    ("What is due", app.action_due,
                     "Reviews due or overdue, tactics due, plans ending")]
        for summary in list_plans(app.store):
            plan = summary.plan
            commands.append((
                f"Open plan: {plan.subject_name}", partial(app.open_plan, plan.id),
                f"{plan.subject_kind}, owner {plan.owner}, {plan.period}",
            ))
            from .dialogs.export_plan import plan_commands

            commands += plan_commands(app, plan)
            commands += session_commands(app, plan)
        commands += help_commands(app)
        for name, callback, help_text in commands:
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class SpipApp(TypedAheadKeys, FollowsChanges, App[None]):
    """The spip terminal app on one open database."""

    CSS_PATH = Path(__file__).parent / "spip.tcss"
    TITLE = "spip"
    SUB_TITLE = "sales performance improvement plans"
    COMMANDS = App.COMMANDS | {PlanCommands, PastCommands}
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+q", "quit", "Quit", priority=True),
    ]

    def __init__(self, store: Store, started: float | None = None) -> None:
        super().__init__()
        self.store = store
        self.started = started if started is not None else time.perf_counter()
        self.startup_seconds: float | None = None
        self.register_theme(HIGH_CONTRAST)
        self.change_feed = ChangeFeed(self, store)

    def on_mount(self) -> None:
        self.change_feed.start()

    def get_default_screen(self) -> Screen:
        from .screens.home import HomeScreen

        return HomeScreen()

    def on_ready(self) -> None:
        self.startup_seconds = time.perf_counter() - self.started
        self.log.info(f"first screen ready in {self.startup_seconds:.3f}s")
        startup_gc.started()
        # Warm the heavy libraries off the UI thread so later screens open at once.
        self.run_worker(_warm_heavy_imports, thread=True, group="warm-up")
        guard_size(self, self.size)

    def on_resize(self, event: events.Resize) -> None:
        guard_size(self, event.size)  # self.size still holds the old size here

    def _handle_exception(self, error: Exception) -> None:
        # A store that fails mid-session (a lock held past the busy timeout, a disk gone
        # read-only) ends the app with its one-line reason, exit code 1, instead of a
        # traceback; the change was one transaction, so nothing half-saved remains.
        reason = error if isinstance(error, StoreError) else getattr(error, "error", None)
        if isinstance(reason, StoreError):
            self.exit(return_code=1, message=f"spip: {reason}")
            return
        super()._handle_exception(error)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("command_palette", "help") and too_small(self.size):
            return False  # the palette's option list fails in a window this small
        return super().check_action(action, parameters)

    @on(WorkFailed)
    def work_failed(self, failure: WorkFailed) -> None:
        """Every background failure is shown here, the same way, and the app goes on."""
        self.log.error(failure.text)
        self.notify(failure.text, severity="error", timeout=15)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "High-contrast theme", "For projectors and shared screens",
            lambda: setattr(self, "theme", HIGH_CONTRAST.name),
        )
        yield SystemCommand("Help", "Keys and what each screen does", self.action_help)
        from .screens.session import SessionScreen

        if isinstance(screen, SessionScreen) and screen.facilitator:
            yield SystemCommand("Live session: join code and participants",
                                "Invite, see who is connected, lock, reveal, hand over (F10)",
                                screen.action_live)

    def action_help(self) -> None:
        from .dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            # A screen may name the part of the help about it (its HELP_TOPIC heading).
            self.push_screen(HelpScreen(getattr(self.screen, "help_topic", None)))

    def action_new_plan(self) -> None:
        from .screens.home import HomeScreen

        home = next(s for s in self.screen_stack if isinstance(s, HomeScreen))
        while self.screen is not home:
            self.pop_screen()
        home.action_new_plan()

    def action_portfolio(self) -> None:
        from .screens.portfolio import PortfolioScreen

        if not isinstance(self.screen, PortfolioScreen):
            self.push_screen(PortfolioScreen())

    def action_due(self) -> None:
        from .screens.due import DueScreen

        if not isinstance(self.screen, DueScreen):
            self.push_screen(DueScreen())

    def open_plan(self, plan_id: int) -> None:
        from .screens.plan import PlanScreen

        self.push_screen(PlanScreen(plan_id))


def _warm_heavy_imports() -> None:
    import rich._emoji_codes  # noqa: F401  (what a table cell given as str, markup, needs)
    import sqlite_utils  # noqa: F401  (imports pandas and numpy too)

    # What opening forecast & gap needs (the chart library, the forecast and its cache),
    # so that its cached figures show in the frame after the key (benchmarks/forecast_screen.py).
    import facilitation.history.cache
    import facilitation.history.explain
    import facilitation.history.forecast
    import facilitation.history.to_date
    import spip_tui.screens.analysis
    import spip_tui.steps.forecast_gap
    import spip_tui.steps.past_performance


# What is imported by now lives as long as the process: frozen out of the garbage
# collector's sight, the collections made while the first screen is built no longer walk
# it again (they were about a twentieth of the start-up; benchmarks/startup.py).
gc.freeze()
