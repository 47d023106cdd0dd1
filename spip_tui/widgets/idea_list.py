"""A round's ideas as a table, with the facilitator's keys for the highlighted idea.

The keys (e edit, m merge, d delete, u undo) belong to this widget, so they act only
when the list itself has the focus: a stray letter next to the idea entry never deletes
or merges. While `typing_is_ideas` is set (a round is running), letters are not commands
at all: the list hands them on as TypedAhead, for the idea entry.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.message import Message

from facilitation.ideas.brainstorm import Idea

from .record_table import RecordTable
from .text import clip

IDEA_WIDTH = 60
AUTHOR_WIDTH = 10


class IdeaList(RecordTable):
    """Numbered ideas with their author; a merge count leads a merged idea's text."""

    BINDINGS = [
        Binding("e", "command('edit')", "Edit"),
        Binding("m", "command('merge')", "Merge"),
        Binding("d,delete", "command('delete')", "Delete"),
        Binding("u", "command('undo')", "Undo"),
    ]

    class Command(Message):
        """A key asked for one of the facilitator's edits on the highlighted idea."""

        def __init__(self, command: str) -> None:
            super().__init__()
            self.command = command

    class TypedAhead(Message):
        """A letter typed on the list while typing is ideas: it belongs in the entry."""

        def __init__(self, character: str) -> None:
            super().__init__()
            self.character = character

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.typing_is_ideas = False
        self.text_width = IDEA_WIDTH

    def on_mount(self) -> None:
        self.add_idea_columns()

    def add_idea_columns(self) -> None:
        self.add_column("#", key="n", width=3)
        self.add_column("Idea", key="text", width=self.text_width)
        self.add_column("By", key="by", width=AUTHOR_WIDTH)

    def fit(self, available: int) -> bool:
        """Give the idea's text what `available` cells leave; True when it changed."""
        width = max(16, min(IDEA_WIDTH, available - 3 - AUTHOR_WIDTH - 6))
        if width == self.text_width:
            return False
        self.text_width = width
        self.clear(columns=True)
        self.add_idea_columns()
        return True

    def show(self, ideas: list[Idea], merging: int | None = None,
             select: int | None = None) -> None:
        """The ideas, the one chosen for a merge marked »; the cursor stays on its idea,
        or follows the newest while the list is not being worked on."""
        keep = select if select is not None else self.highlighted_id
        self.clear()
        for number, idea in enumerate(ideas, 1):
            # The merge count leads, so a long idea cut short still shows it.
            text = (f"[+{len(idea.merged)}] " if idea.merged else "") + idea.text
            marker = "» " if idea.id == merging else ""
            self.add_row(str(number), clip(marker + text, self.text_width),
                         idea.author or "—", key=str(idea.id))
        if select is None and self.row_count and not self.has_focus:
            self.move_cursor(row=self.row_count - 1)  # the newest idea stays in view
        else:
            self.select_id(keep)

    def action_command(self, command: str) -> None:
        self.post_message(self.Command(command))

    def on_key(self, event: events.Key) -> None:
        if self.typing_is_ideas and event.is_printable and event.character:
            event.stop()
            event.prevent_default()
            self.post_message(self.TypedAhead(event.character))
