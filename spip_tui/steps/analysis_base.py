"""What the two analysis steps share: the analysis runs in a worker thread on its own
connection, and runs again when an import changes the history."""

from __future__ import annotations

from typing import Any

from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from facilitation.history.monthly import history_signature
from facilitation.plan.plans import get_plan
from facilitation.store.database import Store

from ..background import background
from .base import StepView


class AnalysisStep(StepView):
    """A step whose body is an analysis of the plan's sales history."""

    class Ready(Message):
        """The worker's result (or the reason there is none)."""

        def __init__(self, result: Any, problem: str | None, recomputing: bool = False) -> None:
            super().__init__()
            self.result = result
            self.problem = problem
            self.recomputing = recomputing  # an earlier result, shown while the new one runs

    def on_mount(self) -> None:
        # The body scrolls from the keyboard (the second chart is below the first).
        self.query_one(VerticalScroll).focus()
        self.signature = history_signature(self.store)
        # Cached figures go on screen in this very frame (reading one row is no analysis);
        # the worker then computes only what the cache could not give.
        shown = self.show_cached()
        if shown is None:
            self.add_class("-empty")  # no empty chart frames while the first analysis runs
        self.analyse(shown_fresh=bool(shown))
        self.follow_changes(self.history_maybe_changed)

    def show_cached(self) -> bool | None:
        """Show what the cache holds, if anything (marked "Recomputing…" when it is from an
        earlier history): True when it is current, False when not, None if nothing."""
        try:
            cached = self.cached(self.store, get_plan(self.store, self.context.plan_id))
        except Exception:  # noqa: BLE001  (the worker meets it again and says what it is)
            return None
        if cached is None:
            return None
        result, fresh = cached
        self.display_result(result, None, recomputing=not fresh)
        return fresh

    def history_maybe_changed(self) -> None:
        signature = history_signature(self.store)
        if signature != self.signature:
            self.signature = signature
            self.analyse()

    @background("history-analysis", "analysing the history")
    def analyse(self, shown_fresh: bool = False) -> None:
        store = self.store.reopen()
        try:
            plan = get_plan(store, self.context.plan_id)
            cached = self.cached(store, plan)
            if cached is not None:
                result, fresh = cached
                if not (fresh and shown_fresh):  # else it is on screen already
                    self.post_message(self.Ready(result, None, recomputing=not fresh))
                if fresh:
                    self.note_shown(store, result)
                    return
            result, problem = self.compute(store, plan), None
            if result is None:
                problem = self.no_history(store, plan)
            else:
                self.post_message(self.Ready(result, None))
                self.note_shown(store, result)
                return
        except Exception as exc:  # noqa: BLE001  (an analysis that fails must not end the workshop)
            result, problem = None, f"The analysis failed: {exc}"
        finally:
            store.close()
        self.post_message(self.Ready(result, problem))

    def on_analysis_step_ready(self, message: Ready) -> None:
        message.stop()
        self.display_result(message.result, message.problem, message.recomputing)

    def display_result(self, result: Any, problem: str | None, recomputing: bool) -> None:
        """Put a result (or the reason there is none) on screen."""
        status = self.query_one("#analysis-status", Static)
        if problem:
            status.update(problem)
            status.display = True
            self.set_class(True, "-empty")
            return
        status.display = recomputing
        if recomputing:
            status.update("Recomputing… the history changed; these figures are from before.")
        self.set_class(False, "-empty")
        self.result = result
        self.show(result)
        self.call_after_refresh(self.fit_charts)

    def on_resize(self) -> None:
        self.fit_charts()

    def fit_charts(self) -> None:
        """Charts share the height the text above them leaves (a scroll container does not
        share it by itself); on a small terminal each keeps a readable minimum and the
        body scrolls.

        The text's height is read from the layout, which may not yet include text just
        updated: whenever a chart's height changes, this runs again after the next
        refresh, until the heights hold (so the result does not depend on timing)."""
        charts = [c for c in self.query(".chart") if c.display]
        if not charts:
            return
        used = sum(w.outer_size.height for w in self.query(".text-part") if w.display)
        share = (self.size.height - used) // len(charts)
        changed = False
        for chart in charts:
            height = max(chart.MIN_HEIGHT, share)
            if chart.styles.height is None or chart.styles.height.value != height:
                chart.styles.height = height
                changed = True
        if changed:
            self.call_after_refresh(self.fit_charts)

    def cached(self, store: Store, plan: Any) -> tuple[Any, bool] | None:
        """The result the database already holds and whether it is current (fast: read in
        the worker before `compute`); None when nothing is cached."""
        return None

    def compute(self, store: Store, plan: Any) -> Any:
        """The analysis (in a worker thread); None when the subject has no history."""
        raise NotImplementedError

    def no_history(self, store: Store, plan: Any) -> str:
        """What to say when the subject has no history before the plan's period (in the
        worker)."""
        return (f"No sales history for {plan.subject_name} ({plan.subject_kind}) before the "
                "plan's period. Import it from the plans screen (i) or with `spip import FILE`.")

    def note_shown(self, store: Store, result: Any) -> None:
        """Called in the worker, after posting it, with each current result (one from an
        earlier history is not); nothing by default."""

    def show(self, result: Any) -> None:
        """Put the result on screen (UI thread)."""
        raise NotImplementedError
