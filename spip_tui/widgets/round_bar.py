"""The top of a brainstorming round: the countdown, the question, who is typing, and a
banner when the round takes no more ideas."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from facilitation.ideas.brainstorm import Round

from .round_timer import RoundTimer, utc_now
from .text import show_if_changed

CLOSED_MESSAGES = {
    "time_up": "TIME IS UP: no more ideas. ctrl+g adds a minute; F4 next round.",
    "ended": "This round has ended: no more ideas. ctrl+r reopens it; F4 next round.",
    "skipped": "This round was skipped. k brings it back.",
}
# In an ended session nothing reopens: the banner says only what happened.
READ_ONLY_MESSAGES = {
    "time_up": "Its time ran out.",
    "ended": "This round ended.",
    "skipped": "This round was skipped.",
}


class RoundBar(Vertical):
    """Shows one round; its RoundTimer posts RoundTimer.TimeUp when the time runs out."""

    DEFAULT_CSS = """
    RoundBar { height: auto; }
    RoundBar #round-line { height: auto; max-height: 3; }
    RoundBar #round-prompt { width: 1fr; height: auto; max-height: 3; text-style: bold; }
    RoundBar #who { height: 1; color: $text-muted; }
    RoundBar #closed { height: auto; display: none; color: $error;
        text-style: bold reverse; padding: 0 1; }
    """

    def __init__(self, clock: Callable[[], datetime] = utc_now, **kwargs) -> None:
        super().__init__(**kwargs)
        self.clock = clock

    def compose(self) -> ComposeResult:
        with Horizontal(id="round-line"):
            yield RoundTimer(clock=self.clock, id="timer")
            yield Static("Preparing the rounds…", id="round-prompt")
        yield Static("", id="who")
        yield Static("", id="closed")

    def show(self, round_: Round, number: int, count: int, read_only: bool = False) -> None:
        """Round `number` of `count`: its timer, question and whether it takes ideas
        (`read_only`: in an ended session, without the keys that would change it)."""
        self.query_one(RoundTimer).show(round_)
        show_if_changed(self.query_one("#round-prompt", Static), Text.assemble(
            (f"Round {number}/{count} ", "dim"), round_.prompt))
        state = round_.state(self.clock())
        closed = self.query_one("#closed", Static)
        closed.display = state in CLOSED_MESSAGES
        show_if_changed(closed, (READ_ONLY_MESSAGES if read_only else CLOSED_MESSAGES)
                        .get(state, ""))

    def say(self, text: str) -> None:
        """A line in place of a round (e.g. when a session held none)."""
        self.query_one("#round-prompt", Static).update(text)

    def show_typist(self, round_: Round, typist: str | None, can_switch: bool,
                    private: bool = False) -> None:
        """Whose name an idea will carry (none in an anonymous round), and whether the
        round is private (participants see only their own ideas until revealed)."""
        if round_.is_anonymous:
            who = Text.assemble(("Anonymous round", "bold"), ": no author is stored")
        elif can_switch:
            who = Text.assemble("Typing: ", (typist or "", "bold"), "  (F3 switches)")
        else:
            who = Text("Ideas are recorded under your name")
        if private:
            # First, so that a narrow screen still shows it.
            who = Text.assemble(("PRIVATE", "bold reverse"), " until revealed · ", who)
        show_if_changed(self.query_one("#who", Static), who)
