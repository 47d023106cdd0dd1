"""Fitting text into terminal cells."""

from __future__ import annotations

from rich.text import Text


def clip(text: str, width: int) -> str:
    """`text` cut to `width` terminal cells with a trailing "…" when it does not fit
    (wide characters count two cells, as Rich measures them)."""
    fitted = Text(text)
    fitted.truncate(max(1, width), overflow="ellipsis")
    return fitted.plain
