"""An estimate for a subject with under a year of history of its own, or none: made from
its peers (the other subjects of its kind), and labelled as such, since it says what a
subject like this usually sells, not what this one will.

The peers' median seasonal profile (each month as a share of the peer's average month over
its last year before the period) is scaled to the subject's level: the average of its own
months with the season taken out, or, for a new subject, the typical peer's average month.
The range is what the peers' own profiles (and, for a new subject, their own levels) give
for the period: the middle 80% of them.

Plain Python, no pandas: it reads each peer's months with one small query.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from facilitation.history.monthly import subject_months, subjects
from facilitation.store.database import Store
from facilitation.store.model import (
    format_money,
    format_month_span,
    month_index,
    months_between,
    shift_month,
)

PERIOD = 12
OWN_HISTORY_ENOUGH = 12     # from a year of its own history on, the forecast uses it
MIN_PEERS = 2
PLURALS = {"territory": "territories", "salesperson": "salespeople"}


@dataclass(frozen=True)
class PeerEstimate:
    """Expected sales over a period from the peers' pattern (see the module's docstring)."""

    subject_kind: str
    subject_name: str
    period_start: str
    period_end: str
    peers: int              # peers with a year of history before the period
    own_months: int         # the subject's own months it was scaled to (0: a new subject)
    expected: float
    low: float              # the middle 80% of what the peers' patterns give
    high: float
    months: list[tuple[str, float]]

    def sentence(self) -> str:
        """The estimate in words, saying what it is made from."""
        span = format_month_span(self.period_start, self.period_end)
        basis = (f"scaled to its {self.own_months} month{'s' if self.own_months != 1 else ''} "
                 "of sales" if self.own_months else "at the typical peer's level (it has no "
                 "sales history of its own)")
        return (f"Peer-based estimate: {format_money(self.expected)} for {span} "
                f"(80% of peers' patterns: {format_money(self.low)}–{format_money(self.high)}), "
                f"from the seasonal pattern of {self.peers} other "
                f"{PLURALS.get(self.subject_kind, self.subject_kind + 's')}, {basis}. "
                "It says what a subject like this usually sells, not a forecast of its own.")


def _last_year(store: Store, kind: str, name: str, before: str) -> list[tuple[str, float]] | None:
    """A peer's last twelve months before `before`, or None without a full year there."""
    found = subject_months(store, kind, name)
    if found is None:
        return None
    first, values = found
    known = min(len(values), month_index(before) - month_index(first))
    if known < PERIOD:
        return None
    return [(shift_month(first, i), values[i]) for i in range(known - PERIOD, known)]


def _profile(year: list[tuple[str, float]]) -> dict[int, float] | None:
    """Each calendar month's sales as a share of the year's average month."""
    average = sum(amount for _, amount in year) / len(year)
    if average <= 0:
        return None
    return {int(month[5:7]): amount / average for month, amount in year}


def _middle_80(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    if len(ordered) < 3:
        return ordered[0], ordered[-1]
    deciles = statistics.quantiles(ordered, n=10, method="inclusive")
    return deciles[0], deciles[-1]


def peer_estimate(store: Store, subject_kind: str, subject_name: str, period_start: str,
                  period_end: str) -> PeerEstimate | None:
    """The peer-based estimate for a subject with under a year of history before the period
    (or none); None when it has a year or more, or fewer than two peers have a year."""
    own = subject_months(store, subject_kind, subject_name)
    own_year: list[tuple[str, float]] = []
    if own is not None:
        first, values = own
        known = max(0, min(len(values), month_index(period_start) - month_index(first)))
        own_year = [(shift_month(first, i), values[i]) for i in range(known)]
    if len(own_year) >= OWN_HISTORY_ENOUGH:
        return None
    years = [year for kind, name in subjects(store, subject_kind)
             if name != subject_name and (year := _last_year(store, kind, name, period_start))]
    peers = [(year, profile) for year in years if (profile := _profile(year)) is not None]
    if len(peers) < MIN_PEERS:
        return None
    median = {m: statistics.median(profile[m] for _, profile in peers) for m in range(1, 13)}
    levels = [sum(amount for _, amount in year) / PERIOD for year, _ in peers]
    if own_year:
        level = statistics.mean(amount / median[int(month[5:7])] for month, amount in own_year
                                if median[int(month[5:7])] > 0)
    else:
        level = statistics.median(levels)
    period = [shift_month(period_start, i)
              for i in range(months_between(period_start, period_end))]
    months = [(month, level * median[int(month[5:7])]) for month in period]
    totals = [(level if own_year else peer_level) * sum(profile[int(m[5:7])] for m in period)
              for (_, profile), peer_level in zip(peers, levels)]
    low, high = _middle_80(totals)
    return PeerEstimate(subject_kind, subject_name, period_start, period_end, len(peers),
                        len(own_year), sum(amount for _, amount in months), low, high, months)
