"""Fitting text into terminal cells."""

from __future__ import annotations

from functools import cache

from rich.console import Console
from rich.text import Text
from textual.visual import VisualType
from textual.widgets import Static


def clip(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells with a trailing "…" when it does not fit
    (wide characters count two cells, as Rich measures them)."""
    fitted = Text(text)
    fitted.truncate(max(1, width), overflow="ellipsis")
    return fitted.plain


def wrap_words(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` terminal cells, broken between words (a word
    longer than a line is broken inside it)."""
    return [line.plain.rstrip() for line in Text(text).wrap(_console(), max(1, width))]


@cache
def _console() -> Console:
    # Wrapping asks a console only for its tab size: any console measures the same.
    return Console(width=80, file=None, force_terminal=False)


def show_if_changed(widget: Static, content: VisualType, *, layout: bool = True) -> None:
    """Update a Static only when what it shows changes.

    `Static.update` always asks for a new layout of the whole screen; the timer and the
    bars above a live brainstorm were re-laid out several times a second with the same
    text, which is most of what an idle facilitator's screen cost (and competed with the
    group's ideas for the CPU). `layout=False` when the new text cannot change the
    widget's size (a countdown of the same width)."""
    if widget.content != content:
        widget.update(content, layout=layout)
