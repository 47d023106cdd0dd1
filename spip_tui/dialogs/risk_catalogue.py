"""Pick common risk scenarios from the shipped catalogue, grouped by category."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from facilitation.contingency.risks import CatalogueRisk, load_catalogue


class CataloguePicker(ModalScreen[None]):
    """Enter adds the highlighted scenario at once and keeps the list open; Escape closes."""

    BINDINGS = [Binding("escape", "close", "Done")]
    DEFAULT_CSS = """
    CataloguePicker OptionList { height: auto; max-height: 18; }
    """

    def __init__(self, taken: set[str | None], on_pick: Callable[[CatalogueRisk], None]) -> None:
        super().__init__()
        self.taken = {key for key in taken if key}
        self.on_pick = on_pick
        self.entries = load_catalogue()

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Risk catalogue", classes="title")
            yield OptionList(*self.options(), id="catalogue")
            yield Static("Enter adds the risk · Escape when done", classes="hint")

    def options(self) -> list[Option]:
        return [Option(self.label(entry), id=entry.key) for entry in self.entries]

    def label(self, entry: CatalogueRisk) -> Text:
        mark = "✓ " if entry.key in self.taken else "  "
        return Text.assemble(mark, (f"{entry.category:<12}", "dim"), entry.title)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        entry = next(e for e in self.entries if e.key == event.option.id)
        if entry.key in self.taken:
            self.notify("That one is on the list already.", severity="warning")
            return
        self.on_pick(entry)
        self.taken.add(entry.key)
        event.option_list.replace_option_prompt_at_index(event.option_index, self.label(entry))
        self.notify(f"Added “{entry.title}”.")

    def action_close(self) -> None:
        self.dismiss(None)
