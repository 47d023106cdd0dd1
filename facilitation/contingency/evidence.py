"""Evidence from history: past months where a subject fell well below its own rolling average.

This answers "what happened last time?" from data. A dip is a month whose sales
were at least `threshold` (a fraction) below the mean of the `window` months
before it. Where a year of history precedes the month, the usual seasonal trough
is allowed for: the month is judged against the average scaled by how far the same
month fell below its average a year earlier, so a February that is always low is
not news. Imports pandas; load it only where the impact step needs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from facilitation.store.database import Store

if TYPE_CHECKING:
    import pandas as pd

DEFAULT_WINDOW = 6
DEFAULT_THRESHOLD = 0.2


@dataclass(frozen=True)
class Dip:
    """One month a subject sold well below its rolling average."""

    subject_kind: str
    subject_name: str
    month: str  # 'YYYY-MM'
    amount: float
    rolling_average: float
    is_plan_subject: bool

    @property
    def shortfall(self) -> float:
        return self.rolling_average - self.amount

    @property
    def shortfall_pct(self) -> float:
        return 100 * self.shortfall / self.rolling_average


def find_dips(
    history: pd.DataFrame, subject_kind: str, plan_subject: str | None = None, *,
    window: int = DEFAULT_WINDOW, threshold: float = DEFAULT_THRESHOLD,
) -> list[Dip]:
    """Dips in a monthly table (a column per subject), the plan's subject first, then the
    deepest; months need `window` earlier months with data before they are judged."""
    dips: list[Dip] = []
    for name in history.columns:
        series = history[name].astype(float)
        average = series.shift(1).rolling(window, min_periods=window).mean()
        # Last year's same month relative to its average; only troughs lower the bar.
        seasonal = (series / average).shift(12).clip(upper=1.0).fillna(1.0)
        below = (average > 0) & (series <= average * seasonal * (1 - threshold))
        for month in series.index[below.fillna(False).to_numpy()]:
            dips.append(Dip(subject_kind, str(name), str(month)[:7], float(series[month]),
                            float(average[month]), str(name) == plan_subject))
    dips.sort(key=lambda d: (not d.is_plan_subject, -d.shortfall_pct, d.month))
    return dips


def monthly_table(store: Store, subject_kind: str) -> pd.DataFrame:
    """Monthly sales, a column per subject of that kind (months without sales are NaN)."""
    try:
        from facilitation.history.monthly import monthly_history
    except ImportError:  # the history module is not there: read the table directly
        monthly_history = None
    if monthly_history is not None:
        return monthly_history(store, subject_kind)
    import pandas as pd

    rows = store.query("SELECT subject_name, month, amount FROM sales_history "
                       "WHERE subject_kind = ?", [subject_kind])
    frame = pd.DataFrame([dict(r) for r in rows], columns=["subject_name", "month", "amount"])
    table = frame.pivot_table(index="month", columns="subject_name", values="amount",
                              aggfunc="sum")
    table.index = pd.PeriodIndex(table.index, freq="M")
    return table


def plan_dips(store: Store, plan: Any, *, window: int = DEFAULT_WINDOW,
              threshold: float = DEFAULT_THRESHOLD, limit: int = 50) -> list[Dip]:
    """Dips of the plan's subject and its peers (same kind), most relevant first."""
    table = monthly_table(store, plan.subject_kind)
    if table.empty:
        return []
    return find_dips(table, plan.subject_kind, plan.subject_name, window=window,
                     threshold=threshold)[:limit]


def attach_dip(store: Store, risk_id: int, dip: Dip, note: str = "", *,
               session_id: int | None = None, actor: str | None = None) -> int:
    """Attach a dip to a risk as evidence ("what happened last time")."""
    plan_id = store.query("SELECT plan_id FROM risks WHERE id = ?", [risk_id])[0][0]
    with store.change("risk.evidence_attached", {"plan_id": plan_id, "risk_id": risk_id},
                      actor=actor, session_id=session_id) as ch:
        return ch.insert("risk_evidence", {
            "risk_id": risk_id, "subject_kind": dip.subject_kind,
            "subject_name": dip.subject_name, "month": dip.month, "amount": dip.amount,
            "rolling_average": dip.rolling_average, "shortfall_pct": round(dip.shortfall_pct, 2),
            "note": note.strip(),
        })


def detach_evidence(store: Store, evidence_id: int, *, session_id: int | None = None,
                    actor: str | None = None) -> None:
    """Remove one attached piece of evidence (the event keeps it)."""
    with store.change("risk.evidence_detached", {"evidence_id": evidence_id},
                      actor=actor, session_id=session_id) as ch:
        ch.delete("risk_evidence", evidence_id)


def risk_evidence(store: Store, risk_id: int) -> list[Any]:
    """The evidence rows attached to a risk, oldest month first."""
    return store.query("SELECT * FROM risk_evidence WHERE risk_id = ? ORDER BY month", [risk_id])


def evidence_counts(store: Store, plan_id: int) -> dict[int, int]:
    """How many history months are attached as evidence to each of a plan's risks (risks
    without evidence are left out)."""
    rows = store.query(
        "SELECT e.risk_id, count(*) FROM risk_evidence e JOIN risks r ON r.id = e.risk_id "
        "WHERE r.plan_id = ? GROUP BY e.risk_id", [plan_id])
    return {row[0]: row[1] for row in rows}
