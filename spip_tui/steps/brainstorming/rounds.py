"""The facilitator's round keys in the brainstorming step: the timer, a minute more,
ending, reopening, skipping and adding rounds, their length, anonymity, who types.

Mixed into BrainstormingStep (its bindings name these actions). Every move is one domain
change; afterwards the focus is back in the idea entry, where the group types.
"""

from __future__ import annotations

from facilitation.ideas.brainstorm import (
    add_round,
    add_time,
    close_if_time_up,
    end_round,
    parse_minutes,
    pause_round,
    reopen_round,
    resume_round,
    set_anonymous,
    set_time_box,
    skip_round,
    start_round,
    unskip_round,
)

from ...widgets.round_timer import RoundTimer


class RoundKeys:
    """The step's round commands. The step has `store`, `context`, `round_id`, `current`,
    `rounds()`, `now()`, `attempt()`, `reload()`, `ask()`, `focus_entry()`, `show_who()`,
    `participants`, `author_index` and `merging`."""

    def on_round_timer_time_up(self, event: RoundTimer.TimeUp) -> None:
        close_if_time_up(self.store, event.round_id, actor=self.context.actor, now=self.now())
        self.app.bell()
        self.notify("Time is up! The round takes no more ideas.", title="Time up",
                    severity="warning", timeout=8)
        self.reload()

    def run(self, move, message: str | None = None, **kwargs) -> None:
        """Make one round move. The focus goes back to the entry, where the group types."""
        self.focus_entry()
        if (round_id := self.round_id) is not None:
            self.attempt(lambda: move(self.store, round_id, actor=self.context.actor, **kwargs),
                         message)

    def action_timer(self) -> None:
        if (round_ := self.current) is None:
            return
        state = round_.state(self.now())
        if state == "running":
            self.run(pause_round, "Paused.", now=self.now())
        else:
            self.run(resume_round if state == "paused" else start_round, now=self.now())

    def action_reopen_round(self) -> None:
        """Open the ended round again for more ideas, after asking (the event logs it)."""
        from ...dialogs.confirm import ConfirmDialog

        if (round_ := self.current) is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run(reopen_round, "Reopened; ctrl+t starts the timer.", now=self.now())
            else:
                self.focus_entry()

        self.app.push_screen(ConfirmDialog(
            f"Reopen the round “{round_.prompt}” for more ideas? It waits, paused, until "
            "ctrl+t starts its timer."), answered)

    def action_add_minute(self) -> None:
        self.run(add_time, "One more minute.", now=self.now())

    def action_end_round(self) -> None:
        self.run(end_round, "Round ended.", now=self.now())

    def action_next_author(self) -> None:
        if len(self.participants) < 2:
            self.notify("The session has no participants to switch between.",
                        severity="warning")
            return
        self.author_index = (self.author_index + 1) % len(self.participants)
        if (round_ := self.current) is not None:
            self.show_who(round_)

    def action_next_round(self, offset: int) -> None:
        ids = [r.id for r in self.rounds()]
        if self.round_id not in ids:
            return
        index = ids.index(self.round_id) + offset
        if not 0 <= index < len(ids):
            self.notify("No more rounds; n adds one." if offset > 0 else "This is the first round.",
                        severity="warning")
            return
        self.round_id, self.merging = ids[index], None
        self.reload()

    def action_new_round(self) -> None:
        def asked(prompt: str) -> None:
            def add() -> None:
                self.round_id = add_round(self.store, self.context.plan_id, prompt,
                                          session_id=self.context.session_id,
                                          actor=self.context.actor, now=self.now())
            self.attempt(add)

        self.ask("The question for the new round", "", asked)

    def action_skip(self) -> None:
        if (round_ := self.current) is None:
            return
        if round_.status == "skipped":
            self.run(unskip_round, "The round is back.")
        else:
            self.run(skip_round, "Round skipped.", now=self.now())

    def action_time_box(self) -> None:
        if (round_ := self.current) is None:
            return
        self.ask("Minutes for this round (e.g. 2, 2.5 or 1:30)",
                 f"{round_.time_box_seconds / 60:g}",
                 lambda text: self.attempt(lambda: set_time_box(
                     self.store, round_.id, parse_minutes(text), actor=self.context.actor)))

    def action_anonymous(self) -> None:
        if (round_ := self.current) is None:
            return
        self.run(set_anonymous, "Anonymous: no author will be stored." if not
                 round_.is_anonymous else "Ideas will carry their author.",
                 anonymous=not round_.is_anonymous)
