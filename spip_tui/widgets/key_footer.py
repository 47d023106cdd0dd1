"""A footer that never cuts a key's label: it shows the keys that fit, whole, in order.

Textual's Footer scrolls when its keys are wider than the terminal, so at 80 columns the
last label shows half ("f10 Join code & peopl▏") and the keys after it not at all. This
one measures each key before showing it and leaves out those that do not fit (a later,
shorter one may still fit); every key left out is still in F1's help for the screen and
in the palette's "Keys". A screen puts its most needed keys first.
"""

from __future__ import annotations

from collections.abc import Iterator

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


class KeyFooter(Footer):
    """Footer showing, in the screen's order, only the keys whose whole label fits."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fitted_width = 0

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

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.size.width or self.app.size.width
        self.fitted_width = width
        palette = self.palette_binding()
        if palette is not None:
            width -= key_width(self.app.get_key_display(palette.binding),
                               palette.binding.description)
        for binding, enabled, tooltip in self.shown_bindings(width):
            yield FooterKey(binding.key, self.app.get_key_display(binding),
                            binding.description, binding.action, disabled=not enabled,
                            tooltip=tooltip).data_bind(compact=Footer.compact)
        if palette is not None:
            binding = palette.binding
            yield FooterKey(binding.key, self.app.get_key_display(binding),
                            binding.description, binding.action,
                            classes="-command-palette", disabled=not palette.enabled,
                            tooltip=binding.tooltip or binding.description)

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready and event.size.width != self.fitted_width:
            self.call_after_refresh(self.recompose)
