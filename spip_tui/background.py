"""Background work: one way to run it, one place where its failures are shown.

`@background("plan-check", "checking the plan")` runs a method in a worker thread,
exclusive in its group (a newer run cancels the older one). The method hands its
result back by posting a message to its widget (`self.post_message(...)`, which is
thread-safe); the widget handles it on the UI thread. An exception the method does not
handle itself is posted to the app as `WorkFailed`, which the app shows once, in one
place, instead of ending the session (Textual's `Worker.StateChanged` does not bubble,
so a widget's worker failing would otherwise reach nobody but the widget).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from textual import work
from textual.message import Message


class Finished(Message):
    """What background work hands back (`result`, a tuple); subclass it to name the work:
    `class Compared(Finished)`, posted as `Compared(title, changes)`."""

    def __init__(self, *result: Any) -> None:
        super().__init__()
        self.result = result


class WorkFailed(Message):
    """Background work raised: what it was doing, and the error."""

    def __init__(self, doing: str, error: BaseException) -> None:
        super().__init__()
        self.doing = doing
        self.error = error

    @property
    def text(self) -> str:
        """'Checking the plan failed: database is locked'."""
        return f"{self.doing[:1].upper()}{self.doing[1:]} failed: {self.error}"


def background(group: str, doing: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorate a widget's method to run in a worker thread; see the module's docstring."""

    def decorate(method: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(method)
        def guarded(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return method(self, *args, **kwargs)
            except Exception as error:
                self.app.post_message(WorkFailed(doing, error))
                raise   # the worker ends in the ERROR state (exit_on_error is off)

        return work(thread=True, exclusive=True, group=group, exit_on_error=False)(guarded)

    return decorate
