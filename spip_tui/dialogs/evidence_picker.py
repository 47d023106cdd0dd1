"""Attach evidence from history to a risk: months where the subject or peers dipped."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from facilitation.contingency.evidence import Dip

# The longest subject name the line has room for at 80 columns (the rest takes 41 cells
# and the dialog's list about 64); the names line up at the longest shown.
NAME_WIDTH = 22


def name_width(dips: list[Dip]) -> int:
    """The width that shows every dip's subject whole, up to NAME_WIDTH."""
    return min(NAME_WIDTH, max((cell_len(d.subject_name) for d in dips), default=0))


def dip_label(dip: Dip, attached: bool, width: int = NAME_WIDTH) -> Text:
    """'✓ 2025-08 North  61,000 vs 98,000  −38%'."""
    name = Text(dip.subject_name, style="bold" if dip.is_plan_subject else "")
    name.truncate(width, overflow="ellipsis", pad=True)
    return Text.assemble(
        "✓ " if attached else "  ", (dip.month, "bold"), " ", name,
        f" {dip.amount:>10,.0f} vs {dip.rolling_average:>10,.0f} ",
        (f"−{dip.shortfall_pct:.0f}%", "red"),
    )


class EvidencePicker(ModalScreen[None]):
    """Enter attaches the highlighted month to the risk, or detaches it if attached (the list
    stays open); Escape closes."""

    BINDINGS = [Binding("escape", "close", "Done")]
    DEFAULT_CSS = """
    EvidencePicker .dialog { width: 80; }
    EvidencePicker OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, risk_title: str, dips: list[Dip], attached: set[tuple[str, str]],
                 on_attach: Callable[[Dip], None], on_detach: Callable[[Dip], None]) -> None:
        super().__init__()
        self.risk_title = risk_title
        self.dips = dips
        self.attached = attached
        self.on_attach = on_attach
        self.on_detach = on_detach
        self.name_width = name_width(dips)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(f"Evidence for: {self.risk_title}", classes="title")
            yield Static("Months that fell well below the 6-month average "
                         "(the plan's subject first):", classes="hint")
            if self.dips:
                yield OptionList(*[
                    Option(dip_label(d, (d.subject_name, d.month) in self.attached,
                                     self.name_width), id=str(i))
                    for i, d in enumerate(self.dips)], id="dips")
            else:
                yield Static("No month in the history fell 20% or more below its rolling "
                             "average (or there is no history for this kind of subject yet).",
                             classes="empty")
            yield Static("Enter attaches (or detaches ✓) · Escape when done", classes="hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        dip = self.dips[int(event.option.id or 0)]
        key = (dip.subject_name, dip.month)
        if key in self.attached:
            self.on_detach(dip)
            self.attached.discard(key)
            self.notify(f"Detached {dip.month} {dip.subject_name}.")
        else:
            self.on_attach(dip)
            self.attached.add(key)
            self.notify(f"Attached {dip.month} {dip.subject_name}.")
        event.option_list.replace_option_prompt_at_index(
            event.option_index, dip_label(dip, key in self.attached, self.name_width))

    def action_close(self) -> None:
        self.dismiss(None)
