"""Below a minimum terminal size the app shows one line asking for a larger window
instead of its layout: widgets squeezed to a line or two can fail (Textual's option
list raised KeyError on PageDown in the command palette at 15×3)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.geometry import Size
from textual.screen import Screen
from textual.widgets import Static

MIN_WIDTH, MIN_HEIGHT = 40, 10


def too_small(size: Size) -> bool:
    """Whether the terminal is below the size the layout needs."""
    return size.width < MIN_WIDTH or size.height < MIN_HEIGHT


class TooSmallScreen(Screen[None]):
    """Covers every other screen until the window is large enough again."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen Static { width: 100%; text-align: center; }
    """

    def compose(self) -> ComposeResult:
        yield Static(f"make the window larger (at least {MIN_WIDTH}×{MIN_HEIGHT})")


def guard_size(app: App, size: Size) -> None:
    """Show or remove the TooSmallScreen for the terminal's size; the command palette
    is closed first, since it is the widget that failed."""
    small = too_small(size)
    covered = isinstance(app.screen, TooSmallScreen)
    if small and not covered:
        while isinstance(app.screen, CommandPalette):
            app.pop_screen()
        app.push_screen(TooSmallScreen())
    elif covered and not small:
        app.pop_screen()
