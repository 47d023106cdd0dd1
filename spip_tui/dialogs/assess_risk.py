"""Assess one risk: likelihood, impact, revenue effect, response and evidence notes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Input, Label, Static

from facilitation.contingency.assessment import (
    Assessment,
    parse_level,
    parse_response,
    parse_revenue_effect,
)
from facilitation.contingency.risks import IMPACT_LABELS, LIKELIHOOD_LABELS, Risk, RiskInputError

from .form import FormDialog

FIELDS = (
    ("likelihood", "Likelihood 1–5", "1 Rare … 5 Almost certain"),
    ("impact", "Impact 1–5", "1 Insignificant … 5 Severe"),
    ("revenue_effect", "Revenue effect", "money lost, e.g. 80,000 or 5%"),
    ("response", "Response", "avoid, reduce, transfer, accept (av/r/t/ac)"),
    ("evidence", "Evidence", "what happened last time?"),
)


def initial_values(risk: Risk) -> dict[str, str]:
    """The form's fields as the risk stands."""
    if risk.revenue_effect is not None:
        effect = f"{risk.revenue_effect:,.0f}"
    elif risk.revenue_effect_pct is not None:
        effect = f"{risk.revenue_effect_pct:g}%"
    else:
        effect = ""
    return {
        "likelihood": str(risk.likelihood or ""), "impact": str(risk.impact or ""),
        "revenue_effect": effect, "response": risk.response or "", "evidence": risk.evidence,
    }


def read_assessment(values: dict[str, str]) -> Assessment:
    """The typed fields as an Assessment; RiskInputError names the first wrong field."""
    amount, pct = parse_revenue_effect(values["revenue_effect"])
    return Assessment(
        likelihood=parse_level(values["likelihood"], "likelihood"),
        impact=parse_level(values["impact"], "impact"),
        revenue_effect=amount, revenue_effect_pct=pct,
        response=parse_response(values["response"]), evidence=values["evidence"],
    )


class AssessRiskDialog(FormDialog[Assessment | None]):
    """Returns the Assessment (Enter on the last field or ctrl+s), or None on Escape."""

    def __init__(self, risk: Risk, attached_evidence: list[str] | None = None) -> None:
        super().__init__()
        self.risk = risk
        self.attached_evidence = attached_evidence or []

    def compose(self) -> ComposeResult:
        values = initial_values(self.risk)
        with VerticalScroll(classes="dialog"):
            yield Static(f"Assess: {self.risk.title}", classes="title")
            for name, label, placeholder in FIELDS:
                with Horizontal(classes="field"):
                    yield Label(label, classes="field-label")
                    yield Input(values[name], placeholder=placeholder, compact=True, id=name)
                yield Static("", classes="field-error", id=f"{name}-error")
            yield Static("", id="levels", classes="hint")
            if self.attached_evidence:
                yield Static("From history (h on the list attaches more):\n  "
                             + "\n  ".join(self.attached_evidence), id="attached-evidence")
            yield Static("Enter: next field · ctrl+s save · Escape cancel", classes="hint")

    def on_mount(self) -> None:
        self.show_levels()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id in ("likelihood", "impact"):
            self.show_levels()

    def show_levels(self) -> None:
        """Say the labels of the typed levels, so '4' reads as 'Likely'."""
        words = []
        for name, labels in (("likelihood", LIKELIHOOD_LABELS), ("impact", IMPACT_LABELS)):
            try:
                level = parse_level(self.query_one(f"#{name}", Input).value, name)
            except RiskInputError:
                level = None
            if level:
                words.append(f"{name}: {labels[level]}")
        self.query_one("#levels", Static).update(" · ".join(words))

    def action_save(self) -> None:
        values = {name: self.query_one(f"#{name}", Input).value for name, _, _ in FIELDS}
        for name, _, _ in FIELDS:
            self.query_one(f"#{name}-error").display = False
        try:
            assessment = read_assessment(values)
        except RiskInputError as exc:
            error = self.query_one(f"#{exc.field}-error", Static)
            error.update(f"✗ {exc}")
            error.display = True
            self.query_one(f"#{exc.field}", Input).focus()
            return
        self.dismiss(assessment)
