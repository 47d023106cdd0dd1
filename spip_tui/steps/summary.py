"""Step 11, summary: the whole plan on one screen, its plan check (each lack jumps to the
step that fixes it) and exports, without ending the session."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from facilitation.store.model import format_money, format_month_span

from ..background import background
from .base import StepView

_NOT_YET = object()


def plan_text(doc: Any) -> Text:
    """The plan as compact lines for a narrow pane."""
    plan, f = doc.plan, doc.forecast
    out = Text()

    def head(title: str) -> None:
        out.append(f"\n{title}\n", style="bold")

    out.append(f"{plan.title}", style="bold")
    out.append(f" · owner {plan.owner} · {format_month_span(plan.period_start, plan.period_end)}\n")
    out.append(f"Target {format_money(plan.target_amount)}")
    if f is None:
        out.append(f" · no forecast ({doc.forecast_problem})\n", style="yellow")
    else:
        gap = (f"gap {format_money(f.gap)} ({f.gap_pct:.0f}%)" if f.gap > 0
               else f"{format_money(-f.gap)} above target")
        out.append(f" · forecast {format_money(f.expected)} · {gap} · "
                   f"{100 * f.chance_of_target:.0f}% chance\n")
    head("Top risks → contingency")
    if not doc.top_risks:
        out.append("  none assessed yet\n", style="dim")
    for line in doc.top_risks:
        out.append(f"  ▪ {line.risk.title} ({line.risk.score})\n")
        if not line.contingencies:
            out.append("    → no contingency yet\n", style="bold red")
        for strategy in line.contingencies:
            out.append(f"    → {strategy.text}\n")
            for tactic in strategy.tactics:
                _tactic(out, tactic, "      – ")
    head("Strategies and tactics")
    if not doc.gap_strategies:
        out.append("  none yet\n", style="dim")
    for strategy in doc.gap_strategies:
        mark = "" if strategy.clarity == "passed" else f" [clarity: {strategy.clarity}]"
        out.append(f"  ▪ {strategy.text}")
        out.append(f"{mark}\n", style="bold red" if mark else "")
        if not strategy.tactics:
            out.append("      – no tactic yet\n", style="bold red")
        for tactic in strategy.tactics:
            _tactic(out, tactic, "      – ")
    head("KPIs")
    if not doc.kpis:
        out.append("  none yet\n", style="dim")
    for kpi in doc.kpis:
        style = "" if kpi.is_measurable else "bold red"
        out.append(f"  ▪ {kpi.name}: {kpi.target_text}", style=style)
        out.append(f" ({kpi.indicator}, {kpi.owner or 'no owner'})\n", style="dim")
    head("Skills")
    if not doc.skills:
        out.append("  none listed\n", style="dim")
    for skill in doc.skills:
        out.append(f"  ▪ {skill.skill}")
        out.append(f" — {skill.who or '?'}, {skill.method}, by {skill.by_date or '?'}\n",
                   style="dim")
    head("Reviews")
    coming = doc.upcoming_reviews()
    if doc.rhythm:
        out.append(f"  progress {doc.rhythm.cadence_label}, contingency every "
                   f"{doc.rhythm.contingency_every_months} months\n")
    if not coming:
        out.append("  none scheduled\n", style="bold red")
    for review in coming[:4]:
        out.append(f"  ▪ {review.date} {review.label}\n")
    if len(coming) > 4:
        out.append(f"    … and {len(coming) - 4} more\n", style="dim")
    if doc.decisions:
        head("Decisions and corrective actions")
        for line in doc.decisions:
            out.append(f"  ▪ {line.decision.text}")
            out.append(f" — {line.decision.owner or 'no owner'}, due "
                       f"{line.decision.due_date or '?'}, {line.decision.status}\n", style="dim")
    for review in doc.colleague_reviews:
        head(f"Colleague's review: {review.colleague}, {review.reviewed_on}")
        out.append(f"  {review.comments or '—'}\n")
        out.append(f"  Agreed: {review.agreed_changes or '—'}\n")
    return out


def _tactic(out: Text, tactic: Any, prefix: str) -> None:
    out.append(f"{prefix}{tactic.action}")
    details = f" · {tactic.owner or 'no owner'} · {tactic.due_date or 'no date'}"
    out.append(details, style="bold red" if tactic.missing else "dim")
    if tactic.status != "planned":
        # What the reviews said of it: 'late: the agency is booked until May'.
        out.append(f" · {tactic.status_text}", style="bold yellow" if tactic.status == "late"
                   else "dim")
    out.append("\n")


class LackList(OptionList):
    """What the plan lacks; Enter goes to the step that fixes the highlighted one."""


class SummaryStep(StepView):
    """The plan on one screen, the plan check and the export."""

    VIEW_ACTIONS = frozenset({"export", "check"})
    BINDINGS = [
        # Priority: the dialog opens as x is read, so a file name typed right after it
        # reaches the dialog (it went to the plan's text).
        Binding("x", "export", "Export", priority=True),
        Binding("c", "check", "Recheck", show=False),
    ]
    DEFAULT_CSS = """
    SummaryStep #check-score { height: auto; padding: 0 1; text-style: bold; }
    SummaryStep LackList, SummaryStep LackList:focus {
        height: auto; max-height: 6; border: none; padding: 0;
    }
    SummaryStep #plan-scroll { height: 1fr; }
    SummaryStep #plan-text { padding: 0 1; }
    """

    def __init__(self, context) -> None:
        super().__init__(context)
        self.forecast: Any = _NOT_YET   # fitted once; reloads reuse it
        self.lacks: list[Any] = []
        self.shown_once = False

    def compose(self) -> ComposeResult:
        yield Static("Reading the plan and fitting the forecast…", id="check-score")
        yield LackList(id="lacks")
        with VerticalScroll(id="plan-scroll"):
            yield Static("", id="plan-text")

    def on_mount(self) -> None:
        self.query_one(LackList).display = False
        self.query_one("#plan-scroll").focus()
        self.reload()
        self.follow_changes(self.reload)

    def reload(self) -> None:
        self.read_plan(self.forecast)

    def action_check(self) -> None:
        self.forecast = _NOT_YET
        self.reload()

    @background("summary", "reading the plan")
    def read_plan(self, forecast: Any) -> None:
        from facilitation.summary.check import check_document
        from facilitation.summary.document import plan_document

        store = self.store.reopen()
        try:
            if forecast is _NOT_YET:
                doc = plan_document(store, self.context.plan_id)
            else:
                doc = plan_document(store, self.context.plan_id, forecast=forecast)
        finally:
            store.close()
        result = check_document(doc)
        self.post_message(self.PlanRead(doc, result))

    class PlanRead(Message):
        """The plan's document and its check."""

        def __init__(self, doc: Any, result: Any) -> None:
            super().__init__()
            self.doc = doc
            self.result = result

    @on(PlanRead)
    def plan_read(self, message: PlanRead) -> None:
        message.stop()
        self.show(message.doc, message.result)

    def show(self, doc: Any, result: Any) -> None:
        if not self.is_mounted:   # the group moved on while the plan was being read
            return
        self.forecast = doc.forecast
        self.lacks = list(result.lacking)
        score = self.query_one("#check-score", Static)
        if result.complete:
            score.update(Text(f"Plan check {result.score}/100: nothing is missing · x export",
                              style="green"))
        else:
            score.update(Text(f"Plan check {result.score}/100: {len(self.lacks)} missing · "
                              "Enter: go to step · x export", style="yellow"))
        lacks = self.query_one(LackList)
        highlighted = lacks.highlighted
        lacks.clear_options()
        lacks.add_options([Option(Text.assemble(f"• {lack.message} ",
                                                (f"→ {self.fixed_where(lack)}", "dim")))
                           for lack in self.lacks])
        lacks.display = bool(self.lacks)
        if self.lacks:
            lacks.highlighted = highlighted if highlighted is not None and \
                highlighted < len(self.lacks) else 0
        self.query_one("#plan-text", Static).update(plan_text(doc))
        if not self.shown_once:
            # First result: put the keyboard where the next action is.
            self.shown_once = True
            (lacks if self.lacks else self.query_one("#plan-scroll")).focus()

    def fixed_where(self, lack: Any) -> str:
        """The step that fixes a lack, or (not in this script) the script that has it."""
        if self.script_has(lack.step_kind):
            return lack.step_title
        from facilitation.workshop.scripts import scripts_with_step

        titles = scripts_with_step(lack.step_kind)
        return f"{lack.step_title} (in {titles[0]})" if titles else lack.step_title

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index >= len(self.lacks):
            return
        self.go_to_step_kind(self.lacks[event.option_index].step_kind,
                             self.lacks[event.option_index].step_title)

    def go_to_step_kind(self, kind: str, title: str) -> None:
        steps = self._script_steps()
        index = next((i for i, step in enumerate(steps) if step.kind == kind), None)
        move_to = getattr(self.screen, "move_to", None)
        if index is None or move_to is None:
            from facilitation.workshop.scripts import where_to_fix

            self.notify(f"This session's script has no “{title}” step; "
                        f"{where_to_fix(kind, title)}.", severity="warning")
            return
        move_to(index)

    def _script_steps(self) -> list[Any]:
        if self.context.session_id is None:
            return []
        from facilitation.workshop.sessions import get_session

        return list(get_session(self.store, self.context.session_id).script.steps)

    def action_export(self) -> None:
        from ..dialogs.export_plan import ExportDialog

        self.app.push_screen(ExportDialog(self.context.plan_id))
