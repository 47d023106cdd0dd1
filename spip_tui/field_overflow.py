"""A text field says when its text goes on out of sight: '…' at the edge it is cut at.

A Textual Input shows a window on its text and scrolls it to keep the cursor in sight,
with nothing to say that the text is cut. Typing a line one character longer than the
field ("2019: Baltic port strike closed Gdansk, 3 wks" in the assessment's evidence)
scrolled the first characters out of sight and the field read "19: Baltic…": the '20'
looked lost, though it was there and saved. Here the first cell reads '…' while the text
is scrolled, and the last cell while more text lies beyond it, as a clipped label does
elsewhere in the app (the cell under the cursor is left as it is, so the cursor shows).
"""

from __future__ import annotations

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import Input

TEXTUAL_INPUT_RENDER_LINE = Input.render_line
MARK = "…"


def _render_line_marking_hidden_text(self: Input, y: int) -> Strip:
    strip = TEXTUAL_INPUT_RENDER_LINE(self, y)
    if y != 0 or not self.value:
        return strip
    width = self.scrollable_content_region.width
    scroll_x = round(self.scroll_offset.x)
    cursor_cell = self._cursor_offset - scroll_x if self.has_focus else None
    hidden_before = scroll_x > 0
    hidden_after = self._value.cell_len > scroll_x + width
    if width < 3 or not (hidden_before or hidden_after):
        return strip
    mark = Strip([Segment(MARK, self.rich_style
                          + self.get_component_rich_style("input--placeholder"))], 1)
    if hidden_before and cursor_cell != 0:
        strip = Strip.join([mark, strip.crop(1)])
    if hidden_after and cursor_cell != width - 1:
        strip = Strip.join([strip.crop(0, width - 1), mark, strip.crop(width)])
    return strip


def mark_text_out_of_sight() -> None:
    """Make every Input (and subclass) mark the text it has scrolled out of sight."""
    Input.render_line = _render_line_marking_hidden_text  # type: ignore[method-assign]
