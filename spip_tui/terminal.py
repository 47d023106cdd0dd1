"""Everything the `spip` command prints passes through here: stored text and the cells
of imported files may hold escape sequences (a crafted CSV could retitle the window or
clear the screen), so control characters are shown as visible symbols instead."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from facilitation.store.text import visible

# Newline and tab lay text out; a carriage return ending a CSV or iCalendar record
# (CR LF) is harmless. Any other control character is shown, not obeyed.
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n|$)")


def terminal_safe(text: str) -> str:
    """Text with every control character that could act on a terminal made visible."""
    return _UNSAFE.sub(lambda m: visible(m[0]), text)


class VisibleOutput:
    """A text stream that writes through `terminal_safe`; everything else is the
    wrapped stream's (isatty, encoding, buffer for click's colour detection)."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def visible_output() -> Iterator[None]:
    """Make standard output and error terminal-safe for the duration (the full-screen
    app draws through its own driver, not through these streams)."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleOutput(sys.stdout), VisibleOutput(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
