"""What every form dialog shares: keys typed ahead land in the field the user expects,
Enter moves to the next field the form shows (a choice too: Enter opens its list, Enter
there chooses, the next Enter moves on) and saves on the last, and Escape asks before it
throws typing away.

Why the care with typed-ahead keys: while the app is busy (a forecast fitting in a
worker holds the GIL), keys pile up and then arrive all at once. Textual hands each key
to whatever has the focus *when the app reads it*, and `Widget.focus()` only takes effect
later, so "5%⏎r⏎2015 oil crash" used to land whole in the first field. Here the moves
between fields are priority bindings (run in order, as each key is read) that move the
focus at once, and a dialog that is still opening holds the keys until its first field
has the focus (see `HoldsKeys` and `TypedAheadKeys`).
"""

from __future__ import annotations

from functools import partial
from collections.abc import Callable
from typing import Any, TypeVar

from textual import events
from textual.actions import SkipAction
from textual.binding import Binding
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input, OptionList

from ..field_overflow import mark_text_out_of_sight
from ..key_order import is_command_key, keep_typed_keys_in_order
from ..widgets.choice_field import ChoiceField, ChoiceList

ResultType = TypeVar("ResultType")


class HoldsKeys:
    """Mixed into a Screen: while it is not ready for keystrokes (a dialog opening, a
    session's step mounting) the app keeps the keys typed at it, then hands them over in
    order once the focus is where the user expects."""

    held_keys: list[events.Key] | None = None

    def hold_keys(self) -> None:
        """Keep the keys typed from now until `release_keys` runs."""
        hold_keys_on(self)  # type: ignore[arg-type]

    async def release_keys(self) -> None:
        """Run it on the app's own queue (`app.call_later`), so that it comes after the
        focus moves queued before it. A held key may hold the keys again (Enter moving
        to the next step): the keys after it then wait for that step in turn."""
        await release_keys_of(self)  # type: ignore[arg-type]


def hold_keys_on(screen: Screen) -> None:
    """Keep the keys typed at `screen` from now until `release_keys_of(screen)`."""
    if getattr(screen, "held_keys", None) is None:
        screen.held_keys = []  # type: ignore[attr-defined]


async def release_keys_of(screen: Screen) -> None:
    """Hand the keys held for `screen` to the app again, in the order typed."""
    held = getattr(screen, "held_keys", None) or []
    screen.held_keys = None  # type: ignore[attr-defined]
    for key in held:
        await screen.app.on_event(key)


class ReadyDialog(HoldsKeys, ModalScreen[ResultType]):
    """A dialog that takes keystrokes only once its focus is where the user expects:
    the keys typed while it opens are held until its first field has the focus."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hold_keys()

    def first_field(self) -> Widget | None:
        """The widget that takes the first keystroke (None: the dialog's own keys)."""
        return next(iter(self.query("Input, Select, TextArea")), None)

    def on_mount(self) -> None:
        first = self.first_field()
        if first is not None:
            self.set_focus(first)  # at once: focus() would wait behind the held keys
        self.app.call_later(self.release_keys)

    def answer_after_typing(self, field: Widget, answer: Callable[[], None]) -> None:
        """Enter that answers: `answer` runs once `field` has read the keys typed before
        Enter. The keys typed after it wait to see whether the dialog closes (they went
        into the closing dialog and were lost with it: "⏎↓a" for the next one)."""
        hold_keys_on(self)
        field.call_later(self.answer_and_hand_on_keys, answer)

    def answer_and_hand_on_keys(self, answer: Callable[[], None]) -> None:
        """Run `answer`; the keys typed after the answering Enter go to the screen below
        once it has handled the answer, or stay here when the dialog says what is wrong."""
        answered = list(self._result_callbacks)
        answer()
        if self in self.app.screen_stack:
            self.app.call_later(release_keys_of, self)
            return
        below, held = self.app.screen, self.held_keys or []
        self.held_keys = None
        waiting = getattr(below, "held_keys", None)
        if waiting is not None:  # below waits for keys of its own: these come first
            waiting[:0] = held
            return
        below.held_keys = held  # the keys typed from now on queue behind them
        requester = (answered[-1].requester if answered else None) or self.app
        # After the answer's callback there (a list reloaded, a focus set).
        requester.call_next(self.app.call_later, release_keys_of, below)


def hold_key(screens: list[Screen], event: events.Key) -> bool:
    """Keep a key typed while a screen is not ready for it; True when it was kept. The
    lowest such screen of the stack keeps it: it began holding first, so the key waits
    behind the keys typed before it (which it hands to the screens above in turn)."""
    for screen in screens:
        held = getattr(screen, "held_keys", None)
        if held is not None:
            held.append(event)
            return True
    return False


class ChoiceHandled(Message):
    """Posted to a list once Enter has made its choice there, it follows the choice's
    message up to the app: when it arrives, the screen has handled the choice (opened
    what it opens), which then gets the keys typed after Enter."""

    def __init__(self, screen: Screen, token: object) -> None:
        super().__init__()
        self.screen = screen
        self.token = token


# The keys after a choice wait at most this long, should Enter be stopped on its way up
# or the list be removed before the message following it arrives (they then go where
# the focus is).
CHOICE_WAIT_SECONDS = 1.0


LIST_MOVES = frozenset({"up", "down", "pageup", "pagedown", "home", "end"})


def has_priority_binding(screen: Screen, key: str) -> bool:
    """Whether a priority binding of the screen's focus chain answers `key`."""
    return any(binding.priority for _node, bindings in screen._binding_chain
               for binding in bindings.key_to_bindings.get(key, ()))


def typing_field(focused: Widget | None, event: events.Key) -> Widget | None:
    """The text field a key typed on a list belongs in, when the list says its letters
    are text just now (a round running: typing is ideas), else None."""
    goes_to = getattr(focused, "typing_goes_to", None)
    return goes_to(event) if goes_to is not None and event.is_printable else None


class TypedAheadKeys:
    """Mixed into an App: keys typed ahead go where the screen says. A screen not ready
    for them (a dialog opening, a session's step mounting: a loaded machine can take a
    second) gets them once it is (without this they went nowhere); the keys typed after
    Enter on a list go to what the choice opens (they went to the list); a text field
    applies Backspace and the arrows in the order typed (see key_order), and a field
    narrower than its text marks the part out of sight (see field_overflow)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        keep_typed_keys_in_order()
        mark_text_out_of_sight()
        super().__init__(*args, **kwargs)

    async def on_event(self, event: events.Event) -> None:
        back_from_list = isinstance(event, events.Key) and event.is_forwarded
        if isinstance(event, events.Key) and not event.is_forwarded:
            if hold_key(self.screen_stack, event):  # type: ignore[attr-defined]
                return
            # An open choice list moves and chooses as each key is read (see choice_field).
            focused = self.focused  # type: ignore[attr-defined]
            if isinstance(focused, ChoiceList) and await focused.read_key(event):
                return
            if self.waits_for_typing(event):
                return
            field = typing_field(self.focused, event)  # type: ignore[attr-defined]
            if field is not None:
                # Moved at once, ahead of the list's and the screen's letter keys, so this
                # key and the ones typed after it reach the field in order.
                self.screen.set_focus(field)  # type: ignore[attr-defined]
            elif (isinstance(self.focused, DataTable)  # type: ignore[attr-defined]
                    and (event.is_printable or event.key in LIST_MOVES)
                    and (await self._check_bindings(event.key, priority=True)  # type: ignore[attr-defined]
                         or await self._check_bindings(event.key))):  # type: ignore[attr-defined]
                # A list's letter command runs as the key is read, not after the key has
                # travelled up from the list: the keys typed after it then reach what it
                # opened (`o` then the month: the month went to the list, the prompt got
                # none). The cursor's moves too, so a letter acts on the row moved to
                # ("↓p" promoted the idea above).
                return
            elif event.key == "enter" and isinstance(self.focused,  # type: ignore[attr-defined]
                                                     (DataTable, OptionList)):
                if await self._check_bindings("enter", priority=True):  # type: ignore[attr-defined]
                    return
                self.wait_for_choice(event, self.focused)  # type: ignore[attr-defined]
        await super().on_event(event)  # type: ignore[misc]
        choice = getattr(event, "choice", None) if back_from_list else None
        if choice is not None:  # Enter is back up from its list: the choice is made
            chosen_in, screen, token = choice
            chosen_in.post_message(ChoiceHandled(screen, token))

    def wait_for_choice(self, enter: events.Key, chosen_in: Widget) -> None:
        """Enter on a list chooses once the key has travelled up from the list (after the
        keys typed before it), and the screen handles the choice later still: the keys
        typed after Enter wait until then, for what the choice opens. They went to the
        list: Enter on a decision then 'Call…' lost the 'C', and its 'a' opened a new
        decision that got the rest."""
        screen = self.screen  # type: ignore[attr-defined]
        hold_keys_on(screen)
        token = object()
        screen.choice_pending = token
        enter.choice = (chosen_in, screen, token)  # type: ignore[attr-defined]
        self.set_timer(CHOICE_WAIT_SECONDS,  # type: ignore[attr-defined]
                       partial(self.keys_after_choice, screen, token))

    async def on_choice_handled(self, message: ChoiceHandled) -> None:
        await self.keys_after_choice(message.screen, message.token)

    async def keys_after_choice(self, screen: Screen, token: object) -> None:
        if getattr(screen, "choice_pending", None) is not token:
            return
        screen.choice_pending = None  # type: ignore[attr-defined]
        opened = self.screen  # type: ignore[attr-defined]
        if opened is not screen and getattr(opened, "held_keys", None) is None:
            # The screen the choice opened may still be mounting (its focus not yet
            # set): its keys wait for it, then come after the focus it sets meanwhile.
            opened.held_keys = getattr(screen, "held_keys", None) or []
            screen.held_keys = None  # type: ignore[attr-defined]
            opened.call_later(self.call_later,  # type: ignore[attr-defined]
                              release_keys_of, opened)
            return
        await release_keys_of(screen)

    def waits_for_typing(self, event: events.Key) -> bool:
        """A screen's priority command key (F8 next step) pressed while a field still has
        keys to read runs once the field has read them: "idea⏎F8" in a burst changed the
        step before the Enter was read, and the idea was lost. The keys typed after it are
        held until then. True when the key waits."""
        field, screen = self.focused, self.screen  # type: ignore[attr-defined]
        if not (isinstance(field, Input) and is_command_key(event.key)
                and isinstance(screen, HoldsKeys) and has_priority_binding(screen, event.key)):
            return False
        screen.hold_keys()

        async def run_in_order() -> None:
            held, screen.held_keys = screen.held_keys or [], None
            # The command may hold the keys again (F8 mounting the next step): then the
            # keys after it wait for that step in turn.
            await self._check_bindings(event.key, priority=True)  # type: ignore[attr-defined]
            for key in held:
                await self.on_event(key)

        field.call_later(run_in_order)
        return True


class FormDialog(ReadyDialog[ResultType]):
    """A modal form of Input and Select fields; subclasses define `action_save`."""

    BINDINGS = [
        Binding("enter", "next_field", "Next field", show=False, priority=True),
        Binding("tab", "move_focus(1)", "Next field", show=False, priority=True),
        Binding("shift+tab", "move_focus(-1)", "Previous field", show=False, priority=True),
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def on_mount(self) -> None:
        self.typed_at_start = self.typed()

    def field_widgets(self) -> list[Widget]:
        return list(self.query("Input, Select"))

    def typed(self) -> dict[str, Any]:
        """Every field's value as it stands, to tell whether anything was typed."""
        return {str(field.id): field.value for field in self.field_widgets()}

    def action_next_field(self) -> None:
        """Enter: the next field the form shows, in order (a choice's list first opens,
        then Enter in it chooses, then the next Enter moves on); the last field saves."""
        field = self.focused
        if isinstance(field, ChoiceField) and not field.chosen:
            field.open_list()
            return
        fields = self.field_widgets()
        if field not in fields or not isinstance(field, Input | ChoiceField):
            raise SkipAction()  # Enter on a button presses it
        index = fields.index(field)
        if index + 1 < len(fields):
            self.go_to(fields[index + 1])
        else:
            self.answer_after_typing(field, self.action_save)

    def go_to(self, field: Widget | None) -> None:
        """Focus `field` at once (the keys typed after the move follow it)."""
        if isinstance(field, ChoiceField):
            field.chosen = False  # a choice reached anew: Enter opens its list
        self.set_focus(field)

    def action_move_focus(self, offset: int) -> None:
        if offset > 0:
            self.focus_next()
        else:
            self.focus_previous()
        self.go_to(self.focused)

    def action_cancel(self) -> None:
        if self.typed() == self.typed_at_start:
            self.dismiss(None)
            return
        from .confirm import ConfirmDialog

        def answered(throw_away: bool | None) -> None:
            if throw_away:
                self.dismiss(None)

        self.app.push_screen(ConfirmDialog("Throw away what you typed in this form?"), answered)

    def action_save(self) -> None:
        raise NotImplementedError

