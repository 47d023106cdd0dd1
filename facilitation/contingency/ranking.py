"""Which risks matter most: ranked by score, placed on the heat map, the top risks that
later steps brainstorm on, and the forecast less the risks' expected loss."""

from __future__ import annotations

from dataclasses import dataclass

from facilitation.contingency.risks import Risk, RiskInputError, list_risks
from facilitation.store.database import Store


def rank_risks(risks: list[Risk], forecast: float | None = None) -> list[Risk]:
    """Assessed risks by score (then revenue effect, then the group's order); unassessed last."""
    def key(risk: Risk) -> tuple:
        effect = risk.revenue_effect_amount(forecast) or 0
        return (risk.score is None, -(risk.score or 0), -effect, risk.position, risk.id)

    return sorted(risks, key=key)


def heat_map(risks: list[Risk]) -> dict[tuple[int, int], list[Risk]]:
    """Risks by (likelihood, impact) cell; every one of the 25 cells is present."""
    cells: dict[tuple[int, int], list[Risk]] = {
        (lk, im): [] for lk in range(1, 6) for im in range(1, 6)}
    for risk in rank_risks(risks):
        if risk.is_assessed:
            cells[(risk.likelihood, risk.impact)].append(risk)
    return cells


@dataclass(frozen=True)
class TopRiskSettings:
    """How many risks count as top risks, and the least score one must have."""

    count: int = 3
    min_score: int = 1


def top_risk_settings(store: Store, plan_id: int) -> TopRiskSettings:
    """The plan's top-risk settings."""
    row = store.query("SELECT top_risk_count, top_risk_min_score FROM plans WHERE id = ?",
                      [plan_id])[0]
    return TopRiskSettings(row[0], row[1])


def set_top_risk_settings(store: Store, plan_id: int, count: int, min_score: int, *,
                          session_id: int | None = None, actor: str | None = None) -> None:
    """Change how many risks (from which score up) later steps brainstorm on."""
    if not 1 <= count <= 20:
        raise RiskInputError("count", "the number of top risks is 1 to 20")
    if not 1 <= min_score <= 25:
        raise RiskInputError("min_score", "the least score is 1 to 25")
    with store.change("risk.top_settings_changed", {"plan_id": plan_id},
                      actor=actor, session_id=session_id) as ch:
        ch.update("plans", plan_id, {"top_risk_count": count, "top_risk_min_score": min_score})


def pick_top_risks(risks: list[Risk], settings: TopRiskSettings,
                   forecast: float | None = None) -> list[Risk]:
    """The top risks: assessed, score at least the minimum, the first `count` by rank."""
    ranked = [r for r in rank_risks(risks, forecast)
              if r.score is not None and r.score >= settings.min_score]
    return ranked[: settings.count]


def top_risks(store: Store, plan_id: int) -> list[Risk]:
    """The plan's top risks, the ones later steps brainstorm on, highest first."""
    return pick_top_risks(list_risks(store, plan_id), top_risk_settings(store, plan_id))


@dataclass(frozen=True)
class RiskAdjustedForecast:
    """The forecast next to the target, less the expected loss from the risks."""

    expected: float
    expected_loss: float
    target: float
    unquantified: int  # assessed risks with no revenue effect (they count as 0)
    weighed: int = 0   # risks with a likelihood and a revenue effect (behind expected_loss)

    @property
    def adjusted(self) -> float:
        return self.expected - self.expected_loss

    @property
    def gap(self) -> float:
        return self.target - self.adjusted

    @property
    def nothing_weighed(self) -> bool:
        """No risk has both a likelihood and a revenue effect yet: the adjusted forecast
        equals the forecast because nothing was subtracted, not because the risks cost 0."""
        return self.weighed == 0


def risk_adjusted_forecast(expected: float, target: float, risks: list[Risk]
                           ) -> RiskAdjustedForecast:
    """Expected sales minus Σ likelihood-as-probability × revenue effect over the risks."""
    loss = 0.0
    unquantified = weighed = 0
    for risk in risks:
        effect = risk.revenue_effect_amount(expected)
        if risk.probability is None:
            continue
        if effect is None:
            unquantified += 1
            continue
        loss += risk.probability * effect
        weighed += 1
    return RiskAdjustedForecast(expected, loss, target, unquantified, weighed)
