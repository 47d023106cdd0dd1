"""The brainstorming countdown: reads the round's stored times, never counts on its own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from rich.text import Text
from textual.message import Message
from textual.widgets import Static

from facilitation.ideas.brainstorm import Round
from facilitation.workshop.sessions import format_duration

from .text import show_if_changed

TICK_SECONDS = 0.25

STATE_LABELS = {
    "ready": ("ready", "bold"),
    "running": ("", "bold"),
    "paused": ("PAUSED", "bold reverse"),
    "time_up": ("TIME UP", "bold reverse red"),
    "ended": ("ENDED", "bold reverse"),
    "skipped": ("skipped", "dim"),
}


def utc_now() -> datetime:
    return datetime.now(UTC)


def timer_text(round_: Round | None, now: datetime) -> Text:
    """'⏱ 4:32', '⏱ 1:05 PAUSED', 'TIME UP', for one round at `now`."""
    if round_ is None:
        return Text("⏱ --:--", style="dim")
    state = round_.state(now)
    label, style = STATE_LABELS[state]
    if state == "time_up":
        return Text(" TIME UP ", style=style)
    remaining = round_.remaining(now)
    clock_style = "bold red" if state == "running" and remaining <= 30 else "bold"
    text = Text.assemble(("⏱ ", ""), (format_duration(remaining), clock_style))
    if label:
        text.append(" ")
        text.append(label, style=style)
    return text


class RoundTimer(Static):
    """Shows the round's remaining time; posts TimeUp once when a running round reaches zero."""

    DEFAULT_CSS = "RoundTimer { width: auto; min-width: 9; height: 1; padding: 0 1 0 0; }"

    class TimeUp(Message):
        """The running round's time has just run out."""

        def __init__(self, round_id: int) -> None:
            super().__init__()
            self.round_id = round_id

    def __init__(self, clock: Callable[[], datetime] = utc_now, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.clock = clock
        self.round: Round | None = None
        self.announced: set[int] = set()

    def on_mount(self) -> None:
        self.tick()
        self.set_interval(TICK_SECONDS, self.tick)

    def show(self, round_: Round | None) -> None:
        self.round = round_
        self.tick()

    def tick(self) -> None:
        now = self.clock()
        round_ = self.round
        text = timer_text(round_, now)
        # 4:32 -> 4:31 keeps the width: no new layout of the screen each second.
        show_if_changed(self, text, layout=Text(str(self.content)).cell_len != text.cell_len
                        if isinstance(self.content, Text) else True)
        if (round_ is not None and round_.status == "running"
                and round_.state(now) == "time_up" and round_.id not in self.announced):
            self.announced.add(round_.id)
            self.post_message(self.TimeUp(round_.id))
