"""Replay a past session: its steps on a timeline, a scrubber over its events, and the step
as it looked at that moment. Read-only: the state is rebuilt in memory from the log."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Input, Static

from facilitation.retrospective.session_replay import SPEEDS, ReplayMoment, SessionReplay
from facilitation.workshop.sessions import format_duration

from ..background import background
from ..widgets.key_footer import KeyFooter

BAR_WIDTH = 30
MIN_FRAME_SECONDS = 0.03


def parse_clock(text: str) -> float | None:
    """'12:30' → 750 s, '1:02:03' → 3723 s, '45' → 45 min; None if not a time."""
    parts = text.strip().split(":")
    if not all(p.isdigit() for p in parts) or not 1 <= len(parts) <= 3:
        return None
    numbers = [int(p) for p in parts]
    if len(numbers) == 1:
        return numbers[0] * 60.0
    seconds = 0
    for number in numbers:
        seconds = seconds * 60 + number
    return float(seconds)


def scrubber(position: int, total: int) -> str:
    filled = round(BAR_WIDTH * (position + 1) / max(total, 1))
    return "█" * filled + "░" * (BAR_WIDTH - filled)


class ReplayScreen(Screen[None]):
    """A session played back event by event; nothing here writes to the database."""

    help_topic = "The past: replay, compare, search"  # F1 opens the help here

    # At 80 columns the footer holds the keys that scrub (whole labels, in this order);
    # Back, the speed and the rest are in F1's help for this screen and the palette. The
    # arrows, Home and End come before the scrolling body's own (priority): it scrolled
    # them away, unseen, and the footer did not show them.
    BINDINGS = [
        Binding("space", "play", "Play"),
        Binding("left", "step(-1)", "◀ event", priority=True),
        Binding("right", "step(1)", "event ▶", priority=True),
        Binding("left_square_bracket", "visit(-1)", "◀ step"),
        Binding("right_square_bracket", "visit(1)", "step ▶"),
        Binding("t", "ask_time", "Go to time"),
        Binding("escape", "close", "Back"),
        Binding("minus", "speed(-1)", "Slower"),
        Binding("plus,equals_sign", "speed(1)", "Faster"),
        Binding("home", "jump(0)", "Start", show=False, priority=True),
        Binding("end", "jump(-1)", "End", show=False, priority=True),
        *[Binding(str(n), f"to_step({n - 1})", f"Step {n}", show=False) for n in range(1, 10)],
    ]

    def __init__(self, session_id: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.replay: SessionReplay | None = None
        self.moment: ReplayMoment | None = None
        self.playing = False
        self.speed_index = SPEEDS.index(5)
        self._tick = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Replay: loading the session's events…", classes="title", id="replay-title")
        yield Static("", id="replay-timeline", classes="hint")
        yield Static("", id="replay-scrubber")
        yield Static("", classes="title", id="replay-step")
        with VerticalScroll(id="replay-body"):
            yield Static("", id="replay-lines")
        yield Static("", id="replay-who")
        yield Input(placeholder="Go to session time, e.g. 12:30 or 1:05:00 (Enter)",
                    id="replay-time")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#replay-time", Input).display = False
        self.load()

    @property
    def speed(self) -> int:
        return SPEEDS[self.speed_index]

    # --- work off the UI thread: the cursor rebuilds state in a worker --------------------

    class Rebuilt(Message):
        """The session's state at a moment (and the replay, when it was first loaded)."""

        def __init__(self, moment: ReplayMoment, replay: SessionReplay | None = None) -> None:
            super().__init__()
            self.moment = moment
            self.replay = replay

    @background("replay", "replaying the session")
    def load(self) -> None:
        replay = SessionReplay(self.app.store.path, self.session_id)
        self.post_message(self.Rebuilt(replay.moment(), replay))

    @on(Rebuilt)
    def rebuilt(self, message: Rebuilt) -> None:
        if message.replay is not None:
            self.replay = message.replay
        self._show(message.moment)

    @background("replay", "replaying the session")
    def move(self, how: str, value: float) -> None:
        replay = self.replay
        if replay is None:
            return
        if how == "step":
            moment = replay.step(int(value))
        elif how == "jump":
            moment = replay.jump(int(value) if value >= 0 else len(replay) - 1)
        elif how == "time":
            moment = replay.jump_to_time(value)
        else:
            moment = replay.jump_to_step(int(value))
        self.post_message(self.Rebuilt(moment))

    # --- what the user sees --------------------------------------------------------------

    def _show(self, moment: ReplayMoment) -> None:
        self.moment = moment
        replay = self.replay
        assert replay is not None
        self.query_one("#replay-title", Static).update(
            f"Replay: session of {replay.started_at[:16].replace('T', ' ')} — read-only")
        visits = "  ".join(
            f"[reverse]{t.index + 1} {t.at[11:16]}[/]" if t.index == moment.step_index
            and t.position <= moment.position else f"{t.index + 1} {t.at[11:16]}"
            for t in replay.timeline())
        self.query_one("#replay-timeline", Static).update(f"Steps: {visits}")
        self._show_state_only()
        self.query_one("#replay-step", Static).update(
            f"Step {moment.step_index + 1} · {moment.step_title} ({moment.state})")
        self.query_one("#replay-lines", Static).update("\n".join(moment.lines), layout=True)
        self.query_one("#replay-who", Static).update(moment.who_did_what)
        if self.playing:
            self._schedule_next()

    def _schedule_next(self) -> None:
        if self._tick is not None:
            self._tick.stop()
        delay = self.replay.delay_to_next(self.speed) if self.replay else None
        if delay is None:
            self.playing = False
            self._show_state_only()
            self.notify("End of the session.")
            return
        # Events saved in the same second still each get a frame (a zero timer never fires).
        self._tick = self.set_timer(max(delay, MIN_FRAME_SECONDS), lambda: self.move("step", 1))

    # --- keys ----------------------------------------------------------------------------

    def action_play(self) -> None:
        if self.replay is None:
            return
        self.playing = not self.playing
        if self._tick is not None:
            self._tick.stop()
        if self.playing:
            self._schedule_next()
        if self.moment is not None:
            self._show_state_only()

    def _show_state_only(self) -> None:
        moment = self.moment
        state = f"▶ {self.speed}×" if self.playing else f"❚❚ {self.speed}×"
        self.query_one("#replay-scrubber", Static).update(
            f" {scrubber(moment.position, moment.total)} {moment.position + 1}/{moment.total}"
            f"  {moment.clock}  {state}")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # While a time is typed, the arrows, Home and End move in its field.
        if action in ("step", "jump") and self.is_mounted:
            return not self.query_one("#replay-time", Input).display
        return True

    def action_speed(self, by: int) -> None:
        self.speed_index = max(0, min(len(SPEEDS) - 1, self.speed_index + by))
        if self.moment is not None:
            self._show_state_only()

    def action_step(self, by: int) -> None:
        self.move("step", by)

    def action_jump(self, position: int) -> None:
        self.move("jump", position)

    def action_to_step(self, index: int) -> None:
        self.move("visit", index)

    def action_visit(self, by: int) -> None:
        """The start of the previous or next step visit on the timeline."""
        if self.replay is None or self.moment is None:
            return
        starts = [t.position for t in self.replay.timeline()]
        here = self.moment.position
        if by > 0:
            later = [p for p in starts if p > here]
            target = later[0] if later else None
        else:
            earlier = [p for p in starts if p < here]
            target = earlier[-1] if earlier else 0
        if target is not None:
            self.move("jump", target)

    def action_ask_time(self) -> None:
        field = self.query_one("#replay-time", Input)
        field.display = True
        field.value = ""
        field.focus()

    @on(Input.Submitted, "#replay-time")
    def jump_to_time(self, event: Input.Submitted) -> None:
        seconds = parse_clock(event.value)
        if seconds is None:
            self.notify(f'"{event.value}" is not a time; write minutes:seconds, e.g. 12:30',
                         severity="error")
            return
        event.input.display = False
        self.move("time", seconds)
        self.notify(f"Jumped to {format_duration(seconds)}")

    def action_close(self) -> None:
        field = self.query_one("#replay-time", Input)
        if field.display:
            field.display = False
            return
        self.app.pop_screen()

    def on_unmount(self) -> None:
        if self._tick is not None:
            self._tick.stop()
