"""What every step's pane in a participant's view has: re-reading on each change, writing
through the screen's queue, asking for a line of text; and the read-only pane.

Each pane re-reads its content in `show()` (the screen calls it when the session changes,
and `changed()` when a change concerns the step's content: the kinds in CONTENT) and
writes only through facilitation.live (contributions, votes, comments),
which refuses what the participant may not do with a one-line reason shown as a
notification. Writes go through the screen's queue (writes.py): off the UI thread, in
the order typed, so a busy database never holds up the keys.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, Static

from facilitation.live.comments import comment_on_idea
from facilitation.live.votes import toggle_vote
from facilitation.store.events import ChangeBatch
from facilitation.workshop.sessions import Session

from .writes import Write

LOCKED = "The facilitator locked this step: read-only for now"


class StepPane(Widget):
    """The body of one step in a participant's view."""

    DEFAULT_CSS = "StepPane { height: 1fr; }"
    # The kinds of change (prefixes) whose content the pane shows.
    CONTENT: tuple[str, ...] = ()

    def __init__(self, session_id: int, participant: str, step_index: int) -> None:
        super().__init__()
        self.session_id = session_id
        self.participant = participant
        self.step_index = step_index
        self.locked = False
        self.ready = False

    def on_mount(self) -> None:
        self.setup()
        self.ready = True
        self.screen.refresh_view()  # type: ignore[attr-defined]

    def setup(self) -> None:
        """Columns and focus, once the pane's widgets exist."""

    @property
    def store(self):
        return self.app.store

    def show(self, session: Session, locked: bool) -> None:
        """Re-read and show the step's content."""
        self.session = session
        self.locked = locked

    def changed(self, batch: ChangeBatch) -> None:
        """The group changed the step's content (the session itself did not change): show
        it again if the pane shows that kind of content."""
        if batch.has_kind(*self.CONTENT):
            self.show(self.session, self.locked)

    def keep_typing(self, field: Input) -> None:
        """Typing goes to the field whenever it takes input (it may have been disabled when
        the pane appeared, which leaves nothing focused)."""
        if not field.disabled and self.screen.focused is None:
            field.focus()

    def write(self, action, *args, saved=None, refused=None, show_saved=None,
              **kwargs) -> None:
        """Queue one contribution (saved off the UI thread, in order); `saved(result)` or
        `refused(reason)` run when it is done (a refusal is also shown as a warning), then
        `show_saved()` shows it (by default the whole view is read again)."""
        self.screen.submit(Write(action, self.step_index, args, kwargs,  # type: ignore[attr-defined]
                                 saved=lambda result: self.saved(saved, result, show_saved),
                                 refused=refused))

    def saved(self, then, result, show_saved=None) -> None:
        """Show a contribution at once, without waiting for the change feed to see it."""
        if then is not None:
            then(result)
        if self.is_attached:
            (show_saved or self.screen.refresh_view)()  # type: ignore[attr-defined]

    def ask(self, question: str, answered) -> None:
        """One line of text (a comment); the focus comes back where it was."""
        from ..dialogs.text_prompt import TextPrompt

        self.app.push_screen(TextPrompt(question), lambda text: text and answered(text))

    def text_width(self, other_columns: int) -> int:
        return max(16, self.app.size.width - other_columns - 6)


class ReadOnlyPane(StepPane):
    """A step where the facilitator works and the group watches and talks."""

    def compose(self) -> ComposeResult:
        yield Static("The facilitator works on this step on the shared screen; say what you "
                     "think. You can add risks, ideas and scores when the group gets to "
                     "those steps.", classes="empty")


class CommentAsked(Message):
    """c on a list: comment on its highlighted row."""


def react(pane: StepPane, idea_id: int | None, how: str) -> None:
    """v: vote for the idea (or take the vote back); c: comment on it."""
    if idea_id is None:
        return
    own = pane.screen.own  # type: ignore[attr-defined]
    if how == "vote":
        def voted(vote_id: int | None) -> None:
            if vote_id is not None:
                own.votes.append(vote_id)
            pane.notify("Voted." if vote_id is not None else "Vote taken back.")

        pane.write(toggle_vote, idea_id, own_vote_ids=list(own.votes), saved=voted)
    else:
        pane.ask("Your comment on this idea",
                 lambda text: pane.write(comment_on_idea, idea_id, text,
                                         saved=lambda _id: pane.notify("Comment added.")))
