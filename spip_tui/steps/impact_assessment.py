"""Step 4, impact assessment: assess each risk, read the heat map, the ranking, the
top risks and the forecast adjusted for the risks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from facilitation.contingency.assessment import Assessment, assess_risk
from facilitation.contingency.evidence import evidence_counts
from facilitation.contingency.ranking import (
    pick_top_risks,
    rank_risks,
    risk_adjusted_forecast,
    set_top_risk_settings,
    top_risk_settings,
)
from facilitation.contingency.risks import RiskInputError, get_risk, list_risks
from facilitation.history.monthly import history_signature
from facilitation.plan.plans import get_plan
from facilitation.store.model import format_money, format_money_short

from ..background import background
from ..widgets.heat_map import HeatMap
from ..widgets.record_table import RecordTable
from .base import StepView
from .shared import when_risk_exists


@dataclass(frozen=True)
class HistoryFacts:
    """What the worker reads from history: the period's forecast and the dips."""

    expected: float | None
    dips: list
    problem: str | None = None


# Fitting the forecast takes a second or two of CPU (and the GIL) each time; the same
# history and plan give the same figures, so a visit back to this step reuses them.
_HISTORY_CACHE: dict[tuple, HistoryFacts] = {}


def history_key(store, plan_id: int) -> tuple:
    """What the forecast and the dips depend on: the plan's subject and period, the history."""
    plan = get_plan(store, plan_id)
    return (str(store.path), plan.subject_kind, plan.subject_name, plan.period_start,
            plan.period_end, *history_signature(store))


class ImpactAssessmentStep(StepView):
    """Ranked risks with their assessment, the heat map and the risk-adjusted forecast."""

    # Priority bindings run as each key is read, so a dialog opens before the keys typed
    # after its key are handed out (the step has no text field for them to belong to).
    BINDINGS = [
        Binding("enter", "assess", "Assess", show=False, priority=True),
        Binding("h", "evidence", "Evidence", priority=True),
        Binding("t", "top_settings", "Top risks", priority=True),
        Binding("m", "heat_map", "Heat map", show=False, priority=True),
    ]
    VIEW_ACTIONS = frozenset({"heat_map"})
    READ_ONLY_HINT = "m heat map"
    DEFAULT_CSS = """
    ImpactAssessmentStep #forecast-line { height: auto; }
    ImpactAssessmentStep #ranked { min-height: 5; }
    ImpactAssessmentStep #assess-hint { height: 1; color: $text-muted; }
    """

    class HistoryRead(Message):
        def __init__(self, facts: HistoryFacts) -> None:
            super().__init__()
            self.facts = facts

    def __init__(self, context) -> None:
        super().__init__(context)
        self.facts: HistoryFacts | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static("Forecast: reading the history…", id="forecast-line")
            # The list's narrow headings: L and I the legend below explains, Sc is their
            # product, E (the months of history attached) is said here.
            yield Static(self.hint("Enter assess · h evidence (E: months attached) · "
                                   "t top risks · m heat map"), id="assess-hint")
            yield RecordTable(id="ranked")
            yield HeatMap(id="heat-map")

    def on_mount(self) -> None:
        self.add_columns()
        self.read_history()
        self.reload(select=self.next_to_assess())
        self.follow_changes(self.reload)
        self.query_one("#ranked", DataTable).focus()

    def add_columns(self) -> None:
        """Fixed narrow columns, the risk's title taking what the width leaves (34
        characters at 80 columns, where a longer one wraps): the cells' padding and two
        scrollbars (the list's and the step's) take 41 columns."""
        table = self.query_one("#ranked", DataTable)
        title_width = self.title_width_for(self.size.width)
        for label, key, width in (("#", "rank", 3), ("Risk", "title", title_width),
                                  ("L", "l", 1), ("I", "i", 1), ("Sc", "score", 2),
                                  ("Loss", "effect", 5), ("Response", "response", 8),
                                  ("E", "ev", 1)):
            table.add_column(label, key=key, width=width)
        self.title_width = title_width

    @staticmethod
    def title_width_for(width: int) -> int:
        return max(14, width - 41)

    def on_resize(self) -> None:
        if self.title_width_for(self.size.width) != getattr(self, "title_width", None):
            keep = self.highlighted_id()  # a wider title column keeps the risk in hand
            self.query_one("#ranked", DataTable).clear(columns=True)
            self.add_columns()
            self.reload(select=keep)

    def read_history(self) -> None:
        """Show the history facts at once if this history was read before, else read them."""
        key = history_key(self.store, self.context.plan_id)
        if key in _HISTORY_CACHE:
            self.facts = _HISTORY_CACHE[key]
            return
        self.read_history_in_thread(key)

    @background("impact-history", "reading the history")
    def read_history_in_thread(self, key: tuple) -> None:
        """Fit the forecast and find the dips off the UI thread (pandas, statsmodels)."""
        store = self.store.reopen()
        try:
            from facilitation.contingency.evidence import plan_dips
            from facilitation.history.cache import plan_forecast

            plan = get_plan(store, self.context.plan_id)
            try:
                forecast = plan_forecast(store, plan)
                expected = None if forecast is None else forecast.expected
                problem = None if forecast is not None else "no history to forecast from"
            except (ValueError, ArithmeticError, KeyError) as exc:  # keep the step up
                expected, problem = None, f"the forecast failed ({exc})"
            facts = HistoryFacts(expected, plan_dips(store, plan), problem)
        finally:
            store.close()
        _HISTORY_CACHE[key] = facts
        self.post_message(self.HistoryRead(facts))

    def on_impact_assessment_step_history_read(self, message: HistoryRead) -> None:
        self.facts = message.facts
        self.reload()

    @property
    def expected(self) -> float | None:
        return None if self.facts is None else self.facts.expected

    def reload(self, select: int | None = None) -> None:
        risks = list_risks(self.store, self.context.plan_id)
        ranked = rank_risks(risks, self.expected)
        top = {r.id for r in pick_top_risks(
            risks, top_risk_settings(self.store, self.context.plan_id), self.expected)}
        evidence = evidence_counts(self.store, self.context.plan_id)
        table = self.query_one("#ranked", RecordTable)
        keep = select if select is not None else table.highlighted_id
        rows = []
        for number, risk in enumerate(ranked, 1):
            effect = risk.revenue_effect_amount(self.expected)
            if effect is None and risk.revenue_effect_pct is not None:
                shown_effect = f"{risk.revenue_effect_pct:g}%"
            else:
                shown_effect = format_money_short(effect) if effect is not None else "—"
            rank = Text(f"{'★' if risk.id in top else ' '}{number}",
                        style="bold" if risk.id in top else "")
            rows.append((str(risk.id), (
                rank, Text(risk.title), str(risk.likelihood or "·"), str(risk.impact or "·"),
                str(risk.score or "·"), shown_effect, risk.response or "—",
                str(evidence.get(risk.id, "")))))
        # The title is what the group reads: it wraps (the row grows) rather than cut.
        table.show_wrapped(rows)
        table.select_id(keep)
        self.query_one(HeatMap).show(ranked)  # the map numbers risks as the list does
        self.show_forecast(risks)

    def show_forecast(self, risks) -> None:
        line = self.query_one("#forecast-line", Static)
        plan_target = get_plan(self.store, self.context.plan_id).target_amount
        if self.facts is None:
            line.update("Forecast: reading the history…")
            return
        if self.expected is None:
            line.update(f"Forecast: not available ({self.facts.problem}). "
                        f"Target {format_money(plan_target)}.")
            return
        adjusted = risk_adjusted_forecast(self.expected, plan_target, risks)
        text = Text.assemble("Forecast ", (format_money(adjusted.expected), "bold"))
        if adjusted.nothing_weighed:
            text.append("  risk-adjusted: no revenue effects entered yet", style="dim")
        else:
            text.append_text(Text.assemble(
                "  risk-adjusted ", (format_money(adjusted.adjusted), "bold"),
                f" (−{format_money(adjusted.expected_loss)})"))
        text.append_text(Text.assemble("  target ", (format_money(adjusted.target), "bold")))
        if adjusted.unquantified:
            text.append(f"  {adjusted.unquantified} risk(s) with no revenue effect", style="dim")
        line.update(text)

    def highlighted_id(self) -> int | None:
        return self.query_one("#ranked", RecordTable).highlighted_id

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_assess()

    @when_risk_exists
    def action_assess(self) -> None:
        from facilitation.contingency.evidence import risk_evidence

        from ..dialogs.assess_risk import AssessRiskDialog

        risk_id = self.highlighted_id()
        if risk_id is None:
            self.notify("No risks yet: list them in the risk-listing step.", severity="warning")
            return
        attached = [f"{row['month']} {row['subject_name']}: {row['amount']:,.0f} vs "
                    f"{row['rolling_average']:,.0f} (−{row['shortfall_pct']:.0f}%)"
                    for row in risk_evidence(self.store, risk_id)]
        self.app.push_screen(AssessRiskDialog(get_risk(self.store, risk_id), attached),
                             partial(self.save_assessment, risk_id))

    @when_risk_exists
    def save_assessment(self, risk_id: int, assessment: Assessment | None) -> None:
        if assessment is None:
            return
        assess_risk(self.store, risk_id, assessment, session_id=self.context.session_id,
                    actor=self.context.actor)
        self.notify("Assessment saved.")
        # The list re-ranks; go on with the next risk still to assess, if there is one.
        self.reload(select=self.next_to_assess() or risk_id)

    def next_to_assess(self) -> int | None:
        """The first risk in the group's order that has no assessment yet."""
        waiting = [r for r in list_risks(self.store, self.context.plan_id) if not r.is_assessed]
        return waiting[0].id if waiting else None

    @when_risk_exists
    def action_evidence(self) -> None:
        from facilitation.contingency.evidence import risk_evidence

        from ..dialogs.evidence_picker import EvidencePicker

        risk_id = self.highlighted_id()
        if risk_id is None:
            return
        if self.facts is None:
            self.notify("Still reading the history; try again in a moment.")
            return
        attached = {(r["subject_name"], r["month"]) for r in risk_evidence(self.store, risk_id)}
        self.app.push_screen(EvidencePicker(
            get_risk(self.store, risk_id).title, self.facts.dips, attached,
            partial(self.attach_evidence, risk_id), partial(self.detach_evidence, risk_id)))

    @when_risk_exists
    def attach_evidence(self, risk_id: int, dip) -> None:
        from facilitation.contingency.evidence import attach_dip

        get_risk(self.store, risk_id)  # KeyError if it was deleted meanwhile
        attach_dip(self.store, risk_id, dip, session_id=self.context.session_id,
                   actor=self.context.actor)
        self.reload()

    def detach_evidence(self, risk_id: int, dip) -> None:
        from facilitation.contingency.evidence import detach_evidence, risk_evidence

        for row in risk_evidence(self.store, risk_id):
            if (row["subject_name"], row["month"]) == (dip.subject_name, dip.month):
                detach_evidence(self.store, row["id"], session_id=self.context.session_id,
                                actor=self.context.actor)
        self.reload()

    def action_heat_map(self) -> None:
        """Show or hide the heat map's grid (at 24 lines it leaves the list little room)."""
        self.query_one(HeatMap).toggle_grid()

    def action_top_settings(self) -> None:
        from ..dialogs.text_prompt import TextPrompt

        settings = top_risk_settings(self.store, self.context.plan_id)

        def save(answer: str | None) -> None:
            if answer is None:
                return
            parts = answer.replace(",", " ").split()
            try:
                count, least = (int(p) for p in parts) if len(parts) == 2 else (int(parts[0]),
                                                                                 settings.min_score)
                set_top_risk_settings(self.store, self.context.plan_id, count, least,
                                      session_id=self.context.session_id,
                                      actor=self.context.actor)
            except (ValueError, IndexError):
                self.notify("Type two whole numbers: how many top risks, and the least score "
                            "(e.g. 3 8).", severity="warning")
                return
            except RiskInputError as exc:
                self.notify(str(exc), severity="warning")
                return
            self.reload()

        self.app.push_screen(TextPrompt(
            "Top risks: how many, and the least score (1–25)?",
            f"{settings.count} {settings.min_score}"), save)
