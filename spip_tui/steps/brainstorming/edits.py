"""The facilitator's edits on the brainstorming step's ideas: reword, merge, delete, undo.

Mixed into BrainstormingStep. The keys belong to the idea list (IdeaList.Command), so
they act only when the list has the focus: a letter typed next to the idea entry never
deletes or merges.
"""

from __future__ import annotations

from textual.widgets import DataTable

from facilitation.ideas.brainstorm import (
    delete_idea,
    edit_idea,
    get_idea_row,
    merge_ideas,
    undo_last,
)

from ...widgets.idea_list import IdeaList

UNDONE_LABELS = {"idea.deleted": "deletion", "idea.merged": "merge", "idea.edited": "edit"}


class IdeaEdits:
    """The list's commands on the highlighted idea. The step has `store`, `context`,
    `round_id`, `merging`, `highlighted_id()`, `now()`, `attempt()`, `reload()` and
    `ask()`."""

    def on_idea_list_command(self, message: IdeaList.Command) -> None:
        message.stop()
        getattr(self, f"action_{message.command}")()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.merging is not None:
            self.action_merge()
        else:
            self.action_edit()

    def action_edit(self) -> None:
        if (idea_id := self.highlighted_id()) is None:
            return
        self.ask("Reword the idea", get_idea_row(self.store, idea_id)["text"],
                 lambda text: self.attempt(lambda: edit_idea(
                     self.store, idea_id, text, actor=self.context.actor, now=self.now())))

    def action_merge(self) -> None:
        if (idea_id := self.highlighted_id()) is None:
            return
        duplicate, self.merging = self.merging, None
        if duplicate is None:
            self.merging = idea_id
            self.notify("Now choose the idea it duplicates and press m (Escape cancels).")
            self.reload()
        elif duplicate == idea_id:
            self.reload()
        else:
            self.attempt(lambda: merge_ideas(self.store, idea_id, duplicate,
                                             actor=self.context.actor, now=self.now()),
                         "Merged; both texts are kept. u undoes.")

    def action_cancel_merge(self) -> None:
        self.merging = None
        self.reload()

    def action_delete(self) -> None:
        if (idea_id := self.highlighted_id()) is not None:
            self.attempt(lambda: delete_idea(self.store, idea_id, actor=self.context.actor),
                         "Idea deleted. u brings it back.")

    def action_undo(self) -> None:
        if self.round_id is None:
            return
        undone = undo_last(self.store, self.round_id, actor=self.context.actor)
        if undone is None:
            self.notify("Nothing to undo in this round.", severity="warning")
        else:
            self.notify(f"Undid the {UNDONE_LABELS[undone]}.")
        self.reload()
