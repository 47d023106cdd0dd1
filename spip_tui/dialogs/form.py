"""What every form dialog shares: Enter moves to the next field, and saves on the last."""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen
from textual.widgets import Input

ResultType = TypeVar("ResultType")


class FormDialog(ModalScreen[ResultType]):
    """A modal form; subclasses define `action_save`."""

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        inputs = list(self.query(Input))
        index = inputs.index(event.input)
        if index + 1 < len(inputs):
            inputs[index + 1].focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        raise NotImplementedError
