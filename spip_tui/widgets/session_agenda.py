"""What the session screen shows around the step: the agenda with each step's time, the
session bar (plan, step, total time, pause, join code) and the step's title with its clock."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from facilitation.live.join_codes import current_code
from facilitation.live.roster import list_participants
from facilitation.workshop.sessions import Session, StepTime, format_duration, total_seconds

from .text import wrap_words

AGENDA_TITLE_WIDTH = 11


def agenda_line(time: StepTime, current: bool, title_width: int = AGENDA_TITLE_WIDTH) -> Text:
    """'▶ 4 Impact assessment 12:34/20': marker, number, title, time spent / time box in
    minutes; just '▶ 4' when the agenda is collapsed (title_width 0), red when over its
    time box. A title longer than `title_width` wraps onto lines of its own under it (the
    agenda is where the group sees what is left to do: a title cut short hid the step)."""
    if title_width == 0:
        style = "bold red" if time.over_time_box else "bold" if current else ""
        return Text.assemble(("▶" if current else " ", "bold"), (f"{time.index + 1:>2}", style))
    first, *more = wrap_words(time.step.title, title_width)
    box = "" if time.step.minutes is None else f"/{time.step.minutes:g}"
    title_style = "bold" if current else ""
    line = Text()
    line.append("▶" if current else " ", style="bold")
    line.append(f"{time.index + 1:>2} {first:<{title_width}} ", style=title_style)
    spent = format_duration(time.spent_seconds) if time.visits else ""
    line.append(f"{spent:>5}", style="bold red" if time.over_time_box else "")
    line.append(box, style="dim")
    for rest in more:
        line.append(f"\n    {rest}", style=title_style)
    return line


def live_bar_text(store, session_id: int) -> Text:
    """' · join KTX-482 · 3 online' once the session has a join code, else nothing."""
    code = current_code(store, session_id)
    if code is None:
        return Text("")
    online = sum(p.is_online() for p in list_participants(store, session_id))
    return Text.assemble(" · join ", (code, "bold"), f" · {online} online")


def session_bar(session: Session, subject_name: str, times: list[StepTime], index: int,
                live: Text, ended_notice: str) -> Text:
    """The line above the step: an ended session's notice, the plan, the script (or the join
    code of a live session), the step, total time against planned time, and the pause."""
    state = {"running": "", "paused": "  ⏸ PAUSED", "ended": ""}
    planned = session.script.total_minutes * 60
    # A live session's join code takes the place of the script's title (80 columns).
    script_title = f" · {session.script.title}" if not live else ""
    # An ended session says so first, where even 80 columns show it whole.
    notice = (f" {ended_notice} ", "bold reverse") if ended_notice else ""
    return Text.assemble(
        notice, (f" {subject_name}", "bold"), f"{script_title} · ",
        f"step {index + 1}/{len(times)} · total {format_duration(total_seconds(times))}"
        + (f"/{format_duration(planned)}" if planned else ""),
        (state[session.state], "bold reverse" if session.is_paused else "dim"),
        live,
    )


def step_title(session: Session, current: StepTime) -> Text:
    """'4. Impact assessment  12:34 of 20:00', red when over its time box."""
    box = current.time_box_seconds
    clock = format_duration(current.spent_seconds)
    if box is not None:
        clock += f" of {format_duration(box)}"
    return Text.assemble(
        f"{current.index + 1}. {current.step.title}  ",
        ("" if session.is_ended else clock, "bold red" if current.over_time_box else "dim"))


class Agenda(OptionList):
    """The script's steps with the time spent on each; the one on screen marked."""

    shown_index: int | None = None

    def show(self, lines: list[Text], index: int) -> None:
        """Show the agenda's lines, redrawing only those that changed; the highlight
        follows the step on screen when it changes (Enter opens the highlighted step:
        left behind, Enter on the agenda jumped back to where the session had been)."""
        if self.option_count != len(lines):
            self.clear_options()
            self.add_options([Option(line, id=str(i)) for i, line in enumerate(lines)])
            self.shown_index = None  # new options: highlight the step on screen again
        else:
            for i, line in enumerate(lines):
                if self.get_option_at_index(i).prompt != line:  # redraw only what moved
                    self.replace_option_prompt_at_index(i, line)
        if index != self.shown_index:  # not on each tick: the user may be choosing a step
            self.shown_index = self.highlighted = index
