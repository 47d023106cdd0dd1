"""A risk's assessment as the group gives it: likelihood and impact (1–5, or their words),
the revenue effect (an amount or a % of the forecast) and the response."""

from __future__ import annotations

from dataclasses import dataclass

from facilitation.contingency.risks import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    RESPONSES,
    RiskInputError,
    update_risk,
)
from facilitation.store.database import Store


@dataclass(frozen=True)
class Assessment:
    """The assessment fields of a risk, validated."""

    likelihood: int | None
    impact: int | None
    revenue_effect: float | None = None
    revenue_effect_pct: float | None = None
    response: str | None = None
    evidence: str = ""


def parse_level(text: str | int | None, field: str) -> int | None:
    """'4', 4, 'likely' or 'Major' → 4; blank → None; anything else RiskInputError."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    labels = LIKELIHOOD_LABELS if field == "likelihood" else IMPACT_LABELS
    if isinstance(text, str):
        word = text.strip().lower()
        for level, label in labels.items():
            if word == label.lower():
                return level
        if not word.isdigit():
            raise RiskInputError(field, f"{field} is 1–5 ({_label_list(labels)})")
        text = int(word)
    if not 1 <= int(text) <= 5:
        raise RiskInputError(field, f"{field} is 1–5 ({_label_list(labels)})")
    return int(text)


def _label_list(labels: dict[int, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in labels.items())


def parse_revenue_effect(text: str) -> tuple[float | None, float | None]:
    """'50000', '50,000', '$50k' → (50000, None); '5%' → (None, 5.0); blank → (None, None)."""
    cleaned = text.strip().replace(",", "").replace(" ", "").lstrip("$€£-")
    if not cleaned:
        return None, None
    try:
        if cleaned.endswith("%"):
            pct = float(cleaned[:-1])
            if not 0 < pct <= 100:
                raise RiskInputError("revenue_effect", "a % effect is between 0 and 100")
            return None, pct
        factor = {"k": 1e3, "m": 1e6}.get(cleaned[-1].lower(), 1)
        amount = float(cleaned[:-1] if factor != 1 else cleaned) * factor
    except ValueError:
        raise RiskInputError("revenue_effect", f'"{text}" is not an amount or a % '
                             "(e.g. 50,000 or 5%)") from None
    if amount <= 0:
        raise RiskInputError("revenue_effect", "the revenue effect is the money lost, above 0")
    return amount, None


def parse_response(text: str | None) -> str | None:
    """'r', 'Reduce' → 'reduce'; blank → None."""
    word = (text or "").strip().lower()
    if not word:
        return None
    matches = [r for r in RESPONSES if r.startswith(word)]
    if len(matches) > 1:
        raise RiskInputError("response", f"“{text.strip()}” could be {' or '.join(matches)}; "
                             "type av for avoid, ac for accept")
    if not matches:
        raise RiskInputError("response", f"the response is one of: {', '.join(RESPONSES)}")
    return matches[0]


def assess_risk(store: Store, risk_id: int, assessment: Assessment, *,
                session_id: int | None = None, actor: str | None = None) -> None:
    """Save a risk's likelihood, impact, revenue effect, response and evidence notes."""
    for field in ("likelihood", "impact"):
        parse_level(getattr(assessment, field), field)
    if assessment.response is not None and assessment.response not in RESPONSES:
        raise RiskInputError("response", f"the response is one of: {', '.join(RESPONSES)}")
    values = {
        "likelihood": assessment.likelihood, "impact": assessment.impact,
        "revenue_effect": assessment.revenue_effect,
        "revenue_effect_pct": assessment.revenue_effect_pct,
        "response": assessment.response, "evidence": assessment.evidence.strip(),
    }
    update_risk(store, "risk.assessed", risk_id, values, session_id, actor)
