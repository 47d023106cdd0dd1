"""The comments on the highlighted idea or risk, newest last, under its list."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from facilitation.live.comments import Comment

from .text import show_if_changed

SHOWN = 2  # lines: the newest comments; the count in the list says how many in all


class CommentLines(Static):
    """'Ana: too costly in Q1' lines, or nothing (and no room taken) without comments."""

    DEFAULT_CSS = """
    CommentLines { height: auto; max-height: 2; color: $text-muted; display: none; }
    """

    def show(self, comments: list[Comment]) -> None:
        newest = comments[-SHOWN:]
        self.display = bool(newest)
        lines = Text()
        for n, comment in enumerate(newest):
            if n:
                lines.append("\n")
            lines.append(f"{comment.author or 'Someone'}: ", style="bold")
            lines.append(comment.text)
        show_if_changed(self, lines)
