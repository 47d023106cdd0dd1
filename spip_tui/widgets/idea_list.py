"""A round's ideas as a table, with the facilitator's keys for the highlighted idea.

The keys (e edit, m merge, d delete, u undo) belong to this widget, so they act only
when the list itself has the focus: a stray letter next to the idea entry never deletes
or merges. While `typing_is_ideas` is set (a round is running), letters are not commands
at all: the app hands them to the idea entry beside the list (`typing_goes_to`).
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from facilitation.ideas.brainstorm import Idea
from facilitation.live.reactions import Reactions

from .idea_entry import IdeaEntry
from .record_table import RecordTable

IDEA_WIDTH = 60
AUTHOR_WIDTH = 12   # "Priya Raman" on one line; a longer name wraps at a space or hyphen
VOTES_WIDTH = 5     # "3 ✓": the dots an idea has, ✓ when one of them is yours
# Beside the idea: the number's column, the others, each column's padding (one cell each
# side) and the scrollbar a long list shows (it takes its cells from the columns).
BESIDE_IDEA = 3 + AUTHOR_WIDTH + VOTES_WIDTH + 4 * 2 + 2


class IdeaList(RecordTable):
    """Numbered ideas with their author; a merge count leads a merged idea's text."""

    BINDINGS = [
        Binding("e", "command('edit')", "Edit"),
        Binding("m", "command('merge')", "Merge"),
        Binding("d,delete", "command('delete')", "Delete"),
        Binding("u", "command('undo')", "Undo"),
    ]

    # Letters that stay commands on the list even while typing is ideas.
    KEPT_KEYS: frozenset[str] = frozenset()

    class Command(Message):
        """A key asked for one of the facilitator's edits on the highlighted idea."""

        def __init__(self, command: str) -> None:
            super().__init__()
            self.command = command

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.typing_is_ideas = False
        self.read_only = False  # an ended session's ideas: the edit keys are not offered
        self.text_width = IDEA_WIDTH
        self.reactions = Reactions()
        self.newest_id = 0  # the last idea shown: the ones after it are new

    @property
    def highlighted_comments(self) -> list:
        """The comments on the highlighted idea (for the lines under the list)."""
        return self.reactions.comments.get(self.highlighted_id, []) if self.row_count else []

    def on_mount(self) -> None:
        self.add_idea_columns()

    def add_idea_columns(self) -> None:
        self.add_column("#", key="n", width=3)
        self.add_column("Idea", key="text", width=self.text_width)
        self.add_column("By", key="by", width=AUTHOR_WIDTH)
        self.add_column("Votes", key="votes", width=VOTES_WIDTH)

    def fit(self, available: int) -> bool:
        """Give the idea's text what `available` cells leave; True when it changed."""
        width = max(16, min(IDEA_WIDTH, available - BESIDE_IDEA))
        if width == self.text_width:
            return False
        self.text_width = width
        self.clear(columns=True)
        self.newest_id = 0
        self.add_idea_columns()
        return True

    def show(self, ideas: list[Idea], merging: int | None = None,
             select: int | None = None, reactions: Reactions | None = None) -> None:
        """The ideas, the one chosen for a merge marked », with their votes and comment
        counts; the cursor stays on its idea, or follows the newest while the list is not
        being worked on. An idea and its author wrap whole (the row grows), as each arrives."""
        keep = select if select is not None else self.highlighted_id
        reactions = self.reactions = reactions or Reactions()
        self.sync_rows([(str(idea.id), self.cells(number, idea, merging, reactions))
                        for number, idea in enumerate(ideas, 1)], wrap=True)
        self.newest_id = max((idea.id for idea in ideas), default=0)
        if select is None and self.row_count and not self.has_focus:
            self.move_cursor(row=self.row_count - 1)  # the newest idea stays in view
        else:
            self.select_id(keep)

    def add_new(self, ideas: list[Idea]) -> None:
        """Ideas typed since the list was shown (ids after `newest_id`), a row each at the
        end; the rows shown stay as they are. The group adds ideas several times a second:
        re-reading, re-numbering and comparing every row on each was most of what a
        participant's view did while a group typed. A new idea has no votes or comments
        yet (those come with changes of their own, after which the list is shown whole)."""
        new = [idea for idea in ideas if str(idea.id) not in self.rows]
        self.add_rows([(str(idea.id), self.cells(number, idea, None, self.reactions))
                       for number, idea in enumerate(new, self.row_count + 1)], wrap=True)
        self.newest_id = max([self.newest_id, *(idea.id for idea in new)])
        if new and not self.has_focus:
            self.move_cursor(row=self.row_count - 1)

    def cells(self, number: int, idea: Idea, merging: int | None,
              reactions: Reactions) -> tuple[str | Text, ...]:
        """One idea's row: its number, text (the merge count leading; » marks the idea
        chosen for a merge; its number of comments after it, in words), author and votes
        (✓ when one is the viewer's). What people typed is plain text, never markup."""
        text = (f"[+{len(idea.merged)}] " if idea.merged else "") + idea.text
        marker = "» " if idea.id == merging else ""
        votes = reactions.votes.get(idea.id, 0)
        mine = " ✓" if idea.id in reactions.mine else ""
        # The count follows the idea rather than heading a column of its own: a column
        # narrow enough to leave the idea its room was headed "Re", which said nothing.
        comments = len(reactions.comments.get(idea.id, ()))
        shown = Text(marker + text)
        if comments:
            shown.append(f" · {comments} comment{'s' if comments != 1 else ''}", "dim")
        return (str(number), shown, Text(idea.author or "—"),
                f"{votes}{mine}" if votes else "")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.read_only and action == "command")

    def action_command(self, command: str) -> None:
        self.post_message(self.Command(command))

    def typing_goes_to(self, event: events.Key) -> Widget | None:
        """While typing is ideas, a letter typed on the list belongs in the idea entry
        beside it (the app moves the focus there as it reads the key; see TypedAheadKeys)."""
        if self.typing_is_ideas and event.character and event.key not in self.KEPT_KEYS:
            return next(iter(self.parent.query(IdeaEntry)), None) if self.parent else None
        return None
