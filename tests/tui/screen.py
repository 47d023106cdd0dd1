"""Reading and waiting for what the terminal shows, through Textual's public API."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable

from rich.cells import cell_len

TIMEOUT_SECONDS = 20

# One run of text in Rich's SVG export: its x position and terminal line, then the text.
_TEXT = re.compile(r'<text [^>]*?x="([\d.]+)"[^>]*?clip-path="url\(#terminal-\d+-line-(\d+)\)">'
                   r"(.*?)</text>", re.DOTALL)
# Rich's SVG export sets each cell 0.61 of its 20px font wide.
_CELL_WIDTH = 12.2


def screen_text(app) -> str:
    """The characters on the terminal, as a person reads them (one line per row)."""
    lines = [""] * app.size.height
    for x, row, text in _TEXT.findall(app.export_screenshot()):
        text = html.unescape(text).replace("\xa0", " ")
        if text == "\n":
            continue
        column = round(float(x) / _CELL_WIDTH)
        line = lines[int(row)]
        lines[int(row)] = line + " " * max(0, column - cell_len(line)) + text
    return "\n".join(line.rstrip() for line in lines)


async def wait_until(pilot, condition: Callable[[], object]) -> None:
    """Let the app run until `condition()` holds (a loaded machine may take a while)."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, "the screen never showed it"
        await pilot.pause(0.05)
