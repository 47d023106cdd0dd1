"""Step 7, the clarity test and tactics: each strategy must make it obvious what to do
before it gets tactics (action, owner, due date, status)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from facilitation.ideas.strategies import (
    CLARITY_QUESTION,
    Strategy,
    StrategyError,
    add_strategy,
    augment_strategy,
    delete_strategy,
    list_strategies,
    reword_strategy,
    risks_without_contingency,
    take_clarity_test,
)
from facilitation.ideas.tactics import (
    TACTIC_STATUSES,
    TacticInput,
    add_tactic,
    delete_tactic,
    get_tactic,
    next_status,
    set_tactic_status,
    update_tactic,
)

from ..dialogs.fields_form import FieldsForm, FormField
from ..widgets.strategy_tables import (
    STATUS_STYLES,
    StrategyTable,
    TacticTable,
    strategy_detail,
)
from .base import StepView


def check_tactic(values: dict[str, str], kept_date: str = "") -> None:
    """Raise StrategyError naming each wrong field; a past due date may stay as it was
    when a tactic is edited."""
    TacticInput(values["action"], values["owner"], values["due_date"]).validate(
        allow_past=bool(kept_date) and values["due_date"].strip() == kept_date)


class TacticsStep(StepView):
    """Strategies put to the clarity test, then given tactics."""

    BINDINGS = [
        Binding("y", "clarity(True)", "Clear: yes"),
        Binding("n", "clarity(False)", "No: reword"),
        Binding("a", "add_tactic", "Add tactic"),
        Binding("r", "reword", "Reword", show=False),
        Binding("g", "augment", "Notes", show=False),
        Binding("w", "answers", "Answers what", show=False),
        Binding("s", "status", "Status", show=False),
        Binding("u", "review_status", "Done/late + note", show=False),
        Binding("e", "edit_tactic", "Edit tactic", show=False),
        Binding("plus", "new_strategy", "New strategy", show=False),
        Binding("d,delete", "delete", "Delete", show=False),
    ]
    DEFAULT_CSS = """
    TacticsStep #contingency { height: auto; max-height: 2; }
    TacticsStep StrategyTable { min-height: 4; }
    TacticsStep TacticTable { min-height: 3; }
    TacticsStep #strategy-detail { height: auto; max-height: 5; }
    TacticsStep #tactic-hint { height: auto; max-height: 2; color: $text-muted; }
    TacticsStep #tactic-note { height: auto; max-height: 2; display: none; }
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="contingency")
        yield StrategyTable(id="strategies")
        yield Static("", id="strategy-detail")
        yield TacticTable(id="tactics")
        yield Static("", id="tactic-note")
        yield Static(self.hint(
            "y clear · n reword · a add tactic · Tab: tactics (s status, u done/late "
            "+ note, e edit, d delete) · r reword · g notes · w answers · + new"),
            id="tactic-hint")

    def on_mount(self) -> None:
        strategies = self.query_one(StrategyTable)
        # The strategies, whole and wrapped, get most of the room (as a style of the widget:
        # the app's stylesheet gives every table 1fr, above a step's DEFAULT_CSS).
        strategies.styles.height = "3fr"
        self.query_one(TacticTable).styles.height = "2fr"
        strategies.add_strategy_columns()
        self.query_one(TacticTable).add_tactic_columns()
        self.reload()
        self.follow_changes(self.reload)
        strategies.focus()

    def on_resize(self) -> None:
        self.query_one(StrategyTable).fit(self.size.width)
        self.query_one(TacticTable).fit(self.size.width)
        self.reload()

    # --- showing ---------------------------------------------------------------------------

    def reload(self, select: int | None = None) -> None:
        self.strategies = list_strategies(self.store, self.context.plan_id)
        keep = select if select is not None else self.strategy_id()
        self.query_one(StrategyTable).show(self.strategies, keep)
        self.show_contingency()
        self.show_strategy()

    def show_contingency(self) -> None:
        from facilitation.contingency.ranking import top_risks

        has_top_risks = bool(top_risks(self.store, self.context.plan_id))
        missing = risks_without_contingency(self.store, self.context.plan_id) \
            if has_top_risks else None
        line = self.query_one("#contingency", Static)
        if not self.strategies:
            where = "promote ideas in the scoring step (p), or " \
                if self.script_has("scoring") else ""
            line.update(Text(f"No strategies yet: {where}+ adds one here.", style="bold"))
        elif missing is None:
            line.update("")
        elif missing:
            line.update(Text.assemble(("No contingency yet: ", "bold reverse yellow"), " ",
                                      "; ".join(r.title for r in missing)))
        else:
            line.update(Text("Every top risk has a strategy.", style="green"))

    def current_strategy(self) -> Strategy | None:
        strategy_id = self.strategy_id()
        return next((s for s in self.strategies if s.id == strategy_id), None)

    def show_strategy(self) -> None:
        strategy = self.current_strategy()
        detail = self.query_one("#strategy-detail", Static)
        tactics = self.query_one(TacticTable)
        if strategy is None:
            tactics.show(())
            detail.update("")
            return
        detail.update(strategy_detail(strategy))
        if not strategy.passed_clarity:
            tactics.show(())
            detail.update(strategy_detail(strategy).append(
                f"\nTactics unlock when it passes the test: {CLARITY_QUESTION} (y / n)",
                style="bold"))
            return
        tactics.show(strategy.tactics)
        self.show_tactic_note()

    def show_tactic_note(self) -> None:
        """The highlighted tactic's status note, as the last review left it."""
        strategy, tactic_id = self.current_strategy(), self.tactic_id()
        tactic = next((t for t in strategy.tactics if t.id == tactic_id), None) \
            if strategy is not None else None
        note = self.query_one("#tactic-note", Static)
        note.display = bool(tactic and tactic.status_note)
        if tactic is not None and tactic.status_note:
            note.update(Text.assemble((f"{tactic.status}: ", STATUS_STYLES[tactic.status]),
                                      tactic.status_note))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "strategies":
            self.show_strategy()
        elif event.data_table.id == "tactics":
            self.show_tactic_note()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.data_table.id == "tactics":
            self.action_edit_tactic()
        else:
            self.action_add_tactic()

    def strategy_id(self) -> int | None:
        return self.query_one(StrategyTable).highlighted_id

    def tactic_id(self) -> int | None:
        return self.query_one(TacticTable).highlighted_id

    @property
    def on_tactics(self) -> bool:
        return self.screen.focused is self.query_one(TacticTable)

    # --- acting ----------------------------------------------------------------------------

    def attempt(self, change, message: str | None = None) -> bool:
        try:
            change()
        except StrategyError as exc:
            self.notify(str(exc), severity="warning")
            self.reload()
            return False
        if message:
            self.notify(message)
        self.reload()
        return True

    def action_clarity(self, passed: bool) -> None:
        strategy = self.current_strategy()
        if strategy is None:
            return
        if passed:
            self.attempt(lambda: take_clarity_test(self.store, strategy.id, True, **self.who),
                         "Clear: it now takes tactics (a).")
            return
        take_clarity_test(self.store, strategy.id, False, **self.who)
        self.reload()
        self.ask_rewording(strategy, "Not clear yet. Reword it so it is obvious what to do")

    def action_reword(self) -> None:
        strategy = self.current_strategy()
        if strategy is not None:
            self.ask_rewording(strategy, "Reword the strategy")

    def ask_rewording(self, strategy: Strategy, question: str) -> None:
        from ..dialogs.text_prompt import TextPrompt

        def reworded(text: str | None) -> None:
            if text is not None and text.strip() != strategy.text:
                self.attempt(lambda: reword_strategy(self.store, strategy.id, text,
                                                     **self.who),
                             "Reworded; put it to the test again (y / n).")

        self.app.push_screen(TextPrompt(question, strategy.text), reworded)

    def action_answers(self) -> None:
        """Cycle what the strategy answers: the gap, each risk (top risks first), other."""
        from facilitation.ideas.strategies import answer_choices, set_strategy_answers

        strategy = self.current_strategy()
        if strategy is None:
            return
        choices = answer_choices(self.store, self.context.plan_id)
        current = (strategy.answers, strategy.risk_id)
        index = choices.index(current) + 1 if current in choices else 0
        answers, risk_id = choices[index % len(choices)]
        self.attempt(lambda: set_strategy_answers(self.store, strategy.id, answers, risk_id,
                                                  **self.who))

    def action_augment(self) -> None:
        strategy = self.current_strategy()
        if strategy is None:
            return

        def saved(values: dict[str, str] | None) -> None:
            if values is not None:
                self.attempt(lambda: augment_strategy(self.store, strategy.id,
                                                      **self.who, **values),
                             "Notes saved.")

        self.app.push_screen(FieldsForm(f"Augment: {strategy.text}", [
            FormField("resources", "Resources needed"),
            FormField("insights", "Insights"),
            FormField("best_practices", "Best practices"),
        ], {"resources": strategy.resources, "insights": strategy.insights,
            "best_practices": strategy.best_practices}, lambda typed: None), saved)

    def tactic_form(self, title: str, values: dict[str, str], save) -> None:
        def saved(result: dict[str, str] | None) -> None:
            if result is not None:
                self.attempt(lambda: save(TacticInput(result["action"], result["owner"],
                                                      result["due_date"], values["status"])))

        self.app.push_screen(FieldsForm(title, [
            FormField("action", "Action", "what exactly is done"),
            FormField("owner", "Owner", "who does it"),
            FormField("due_date", "Due date", "YYYY-MM-DD"),
        ], values, lambda typed: check_tactic(typed, values["due_date"])), saved)

    def action_add_tactic(self) -> None:
        strategy = self.current_strategy()
        if strategy is None:
            return
        if not strategy.passed_clarity:
            self.notify("First the clarity test: y if it is obvious what to do, n to reword.",
                        severity="warning")
            return
        self.tactic_form(f"New tactic for: {strategy.text}",
                         {"action": "", "owner": "", "due_date": "", "status": "planned"},
                         lambda tactic: add_tactic(self.store, strategy.id, tactic, **self.who))

    def action_edit_tactic(self) -> None:
        tactic_id = self.tactic_id()
        if tactic_id is None:
            return
        tactic = get_tactic(self.store, tactic_id)
        self.tactic_form("Edit the tactic", {
            "action": tactic.action, "owner": tactic.owner, "due_date": tactic.due_date or "",
            "status": tactic.status,
        }, lambda new: update_tactic(self.store, tactic_id, new, **self.who))

    def action_status(self) -> None:
        tactic_id = self.tactic_id()
        if tactic_id is None:
            self.notify("Tab to the tactics, then s changes a tactic's status.",
                        severity="warning")
            return
        status = next_status(get_tactic(self.store, tactic_id).status)
        self.attempt(lambda: set_tactic_status(self.store, tactic_id, status,
                                               **self.who), f"Now {status}.")

    def action_review_status(self) -> None:
        """The review's word on a tactic: done, late or dropped (or back to planned or
        doing), with a note saying why; one change."""
        tactic_id = self.tactic_id()
        if tactic_id is None:
            self.notify("Tab to the tactics, then u sets one done, late or dropped.",
                        severity="warning")
            return
        tactic = get_tactic(self.store, tactic_id)

        def saved(values: dict[str, str] | None) -> None:
            if values is not None:
                status = values["status"] or tactic.status
                self.attempt(lambda: set_tactic_status(self.store, tactic_id, status,
                                                       note=values["note"], **self.who),
                             f"Now {status}.")

        self.app.push_screen(FieldsForm(f"Tactic: {tactic.action}", [
            FormField("status", "Status", choices=tuple((s, s) for s in TACTIC_STATUSES)),
            FormField("note", "Note", "why: what happened, what is next"),
        ], {"status": "done" if tactic.status in ("planned", "doing") else tactic.status,
            "note": tactic.status_note}, lambda typed: None), saved)

    def action_new_strategy(self) -> None:
        from ..dialogs.text_prompt import TextPrompt

        def typed(text: str | None) -> None:
            if text:
                self.attempt(lambda: add_strategy(
                    self.store, self.context.plan_id, text, answers="gap",
                    session_id=self.context.session_id, actor=self.context.actor),
                    "Strategy added (it answers the gap).")

        self.app.push_screen(TextPrompt("A new strategy (it answers the gap)"), typed)

    def action_delete(self) -> None:
        from ..dialogs.confirm import ConfirmDialog

        if self.on_tactics:
            tactic_id = self.tactic_id()
            if tactic_id is not None:
                delete_tactic(self.store, tactic_id, **self.who)
                self.notify("Tactic deleted (kept in the log).")
                self.reload()
            return
        strategy = self.current_strategy()
        if strategy is None:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                delete_strategy(self.store, strategy.id, **self.who)
                self.notify("Strategy deleted (kept in the log).")
                self.reload()

        self.app.push_screen(ConfirmDialog(
            f"Delete the strategy “{strategy.text}” and its {len(strategy.tactics)} "
            "tactics?"), answered)
