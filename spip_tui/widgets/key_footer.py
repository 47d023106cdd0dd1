"""A footer that never cuts a key's label: it shows the keys that fit, whole, in order.

Textual's Footer scrolls when its keys are wider than the terminal, so at 80 columns the
last label shows half ("f10 Join code & peopl▏") and the keys after it not at all. This
one measures each key before showing it and leaves out those that do not fit (a later,
shorter one may still fit); every key left out is still in F1's help for the screen and
in the palette's "Keys". A screen puts its most needed keys first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

# A key shows as " key description ": one cell of padding each side of the key, one after
# the description (the palette's key on the right draws its border in its left padding).
KEY_PADDING = 3


def key_width(key_display: str, description: str) -> int:
    """The cells a footer key takes (non-compact style)."""
    return cell_len(key_display) + cell_len(description) + KEY_PADDING


@dataclass(frozen=True)
class FooterEntry:
    """One key as the footer shows it; equal entries draw the same."""

    key: str
    key_display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    palette: bool = False


class KeyFooter(Footer):
    """Footer showing, in the screen's order, only the keys whose whole label fits."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fitted_width = 0
        self.shown_keys: tuple[FooterEntry, ...] | None = None  # as last composed

    def shown_bindings(self, width: int) -> Iterator[tuple[Binding, bool, str]]:
        """The bindings to show in `width` cells (one per action, the first key bound)."""
        seen: set[str] = set()
        room = width

        def app_wide_but_help(active) -> bool:
            # F1 before the other app-wide keys: its help lists every key left out.
            return active.node is self.app and active.binding.action != "help"

        shown = sorted(self.screen.active_bindings.values(), key=app_wide_but_help)
        for _node, binding, enabled, tooltip in shown:
            if not binding.show or binding.action in seen:
                continue
            seen.add(binding.action)
            needed = key_width(self.app.get_key_display(binding), binding.description)
            if needed <= room:
                room -= needed
                yield binding, enabled, tooltip

    def palette_binding(self):
        if not (self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE):
            return None
        return self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)

    def planned_keys(self, width: int) -> tuple[FooterEntry, ...]:
        """The keys to show in `width` cells, the palette's last (what compose yields)."""
        palette = self.palette_binding()
        if palette is not None:
            width -= key_width(self.app.get_key_display(palette.binding),
                               palette.binding.description)
        entries = [FooterEntry(binding.key, self.app.get_key_display(binding),
                               binding.description, binding.action, enabled, tooltip)
                   for binding, enabled, tooltip in self.shown_bindings(width)]
        if palette is not None:
            binding = palette.binding
            entries.append(FooterEntry(binding.key, self.app.get_key_display(binding),
                                       binding.description, binding.action, palette.enabled,
                                       binding.tooltip or binding.description, palette=True))
        return tuple(entries)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.size.width or self.app.size.width
        self.fitted_width = width
        self.shown_keys = self.planned_keys(width)
        for entry in self.shown_keys:
            key = FooterKey(entry.key, entry.key_display, entry.description, entry.action,
                            disabled=not entry.enabled, tooltip=entry.tooltip,
                            classes="-command-palette" if entry.palette else "")
            # The palette's key keeps its own (non-compact) look, as in Textual's Footer.
            yield key if entry.palette else key.data_bind(compact=Footer.compact)

    def bindings_changed(self, screen) -> None:
        """Rebuild only when the keys shown would change. Textual announces new bindings
        after every refresh_bindings (a step calls it on each change in the database, so
        on every idea a participant adds); rebuilding the footer's widgets each time was
        most of the facilitator's work while the group typed."""
        if (self._bindings_ready and self.is_attached and screen is self.screen
                and self.shown_keys is not None
                and self.planned_keys(self.fitted_width) == self.shown_keys):
            return
        super().bindings_changed(screen)

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self.fitted_width:
            self.call_after_refresh(self.recompose)
