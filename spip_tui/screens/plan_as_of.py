"""The plan as it stood at a moment — a date, a session's end, the last annual review —
every section as it was then (history and forecast as they stood, risks, scores,
strategies, tactics, KPIs and targets, skills, review rhythm); read-only, exportable as
Markdown or HTML with "as of" in the title."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Input, Label, Markdown, Static

from ..background import Finished, background
from ..widgets.key_footer import KeyFooter


def as_of_path(document: Any, label: str, fmt: str) -> Path:
    """'north-territory-plan-as-of-end-of-2026-03-31.md' in the current folder."""
    from facilitation.exports import default_file_name

    stem = default_file_name(document, fmt).removesuffix(f".{fmt}")
    when = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:60]
    return Path(f"{stem}-as-of-{when}.{fmt}")


class PlanAsOfScreen(Screen[None]):
    """One plan as it stood at a moment; type another moment (now, last-review, session:N,
    YYYY-MM-DD) and Enter to see it then."""

    help_topic = "The past: replay, compare, search"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("x", "export('md')", "Export Markdown"),
        Binding("w", "export('html')", "Export HTML"),
    ]
    DEFAULT_CSS = """
    PlanAsOfScreen #asof-moments { height: 1; }
    PlanAsOfScreen #asof-moments Input { width: 30; height: 1; border: none; padding: 0 1; }
    PlanAsOfScreen #asof-scroll { height: 1fr; }
    PlanAsOfScreen #asof-document { margin: 0 1; }
    """

    def __init__(self, plan_id: int, moment: str = "last-review") -> None:
        super().__init__()
        self.plan_id = plan_id
        self.moment = moment
        self.document: Any = None
        self.label = ""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("The plan as it stood: reading…", classes="title", id="asof-title")
        with Horizontal(id="asof-moments"):
            yield Label(" As of ")
            yield Input(self.moment, id="asof-moment",
                        placeholder="now, last-review, session:N or YYYY-MM-DD")
        with VerticalScroll(id="asof-scroll"):
            yield Markdown("", id="asof-document")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.read_plan(self.moment)
        self.query_one("#asof-scroll").focus()

    @on(Input.Submitted, "#asof-moment")
    def new_moment(self, event: Input.Submitted) -> None:
        self.read_plan(event.value)
        self.query_one("#asof-scroll").focus()

    class Read(Finished):
        """The moment as typed, its label, the plan document then, and its Markdown."""

    @background("plan-as-of", "reading the plan as it stood")
    def read_plan(self, moment_text: str) -> None:
        from facilitation.exports import render
        from facilitation.retrospective.moments import MomentError, plan_as_of, resolve_moment
        from facilitation.store.database import Store

        store = Store.open(self.app.store.path)  # this thread's own connection
        try:
            moment = resolve_moment(store, self.plan_id, moment_text)
            document = plan_as_of(store, self.plan_id, moment)
        except MomentError as exc:
            self.notify(str(exc), severity="error")   # notify is thread-safe
            return
        finally:
            store.close()
        text = render(document, "md").decode("utf-8")
        self.post_message(self.Read(moment_text, moment.label, document, text))

    @on(Read)
    def show(self, message: Read) -> None:
        moment_text, label, document, text = message.result
        self.moment, self.label, self.document = moment_text, label, document
        self.query_one("#asof-title", Static).update(
            f"{document.plan.title} as of {label} — read-only")
        # The title line above says it; the document starts at its facts.
        body = text.split("\n", 1)[1] if text.startswith("# ") else text
        self.query_one("#asof-document", Markdown).update(body)
        self.query_one("#asof-scroll", VerticalScroll).scroll_home(animate=False)

    def action_export(self, fmt: str) -> None:
        from facilitation.exports import render

        if self.document is None:
            self.notify("The plan is still being read.", severity="warning")
            return
        path = as_of_path(self.document, self.label, fmt)
        path.write_bytes(render(self.document, fmt))
        self.notify(f"Wrote {path.absolute()}")
