"""The subject against its peers: the other subjects of the same kind."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from facilitation.history.series import series_from_json, series_to_json

RECENT_MONTHS = 12
INDEX_BASE_MONTHS = 12  # each series is indexed to its average over its first year shown


@dataclass(frozen=True)
class IndexedPeers:
    """The subject and its peers each indexed to 100 = its own average over the first
    months shown, so that a subject many times its peers' size is compared by shape and
    growth, not drawn as a flat line above a flat band. The peers' median and middle half
    are taken across the indexed peers, month by month."""

    subject: pd.Series
    median: pd.Series
    band_low: pd.Series
    band_high: pd.Series

    def to_json(self) -> dict[str, Any]:
        """JSON-ready, for the analysis cache (`from_json` reads it back)."""
        return {f.name: series_to_json(getattr(self, f.name)) for f in fields(self)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> IndexedPeers:
        return cls(**{name: series_from_json(value) for name, value in data.items()})


def _indexed(frame: pd.DataFrame) -> pd.DataFrame:
    base = frame.apply(lambda column: column.dropna().iloc[:INDEX_BASE_MONTHS].mean())
    return 100 * frame / base.where(base > 0)


def indexed_peers(window: pd.DataFrame, subject: str, peers: list[str]) -> IndexedPeers:
    """Every series of `window` indexed to its first year (see IndexedPeers)."""
    indexed = _indexed(window[[subject, *peers]])
    peer_frame = indexed[peers]
    return IndexedPeers(indexed[subject], peer_frame.median(axis=1),
                        peer_frame.quantile(0.25, axis=1), peer_frame.quantile(0.75, axis=1))


@dataclass(frozen=True)
class PeerComparison:
    """How the subject compares with its peers over the recent months.

    `index` is the subject's recent sales as a percentage of the peer median's
    (100 = like the typical peer); growth figures compare the recent months with
    the same months a year before, in %; `percentile_rank` is the share of peers
    (0..100) whose recent sales are below the subject's.
    """

    subject: str
    peers: list[str]
    months: int                 # recent months compared
    subject_total: float
    peer_median_total: float
    index: float
    growth: float | None
    peer_growth: float | None   # growth of the median peer
    percentile_rank: float
    rank: int                   # 1 = highest recent sales among subject and peers
    median: pd.Series           # peer median by month
    band_low: pd.Series         # 25th percentile of peers by month
    band_high: pd.Series        # 75th percentile
    indexed: IndexedPeers | None = None  # for a chart readable at any scale

    def to_json(self) -> dict[str, Any]:
        """JSON-ready, for the analysis cache (`from_json` reads it back)."""
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in _SERIES:
            data[name] = series_to_json(data[name])
        data["indexed"] = None if self.indexed is None else self.indexed.to_json()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PeerComparison:
        data = {**data, **{name: series_from_json(data[name]) for name in _SERIES}}
        if data.get("indexed") is not None:
            data["indexed"] = IndexedPeers.from_json(data["indexed"])
        return cls(**data)

    def verdict(self) -> str:
        """The comparison in words."""
        growth = ""
        if self.growth is not None and self.peer_growth is not None:
            growth = f"; growth {self.growth:+.1f}% vs peers' {self.peer_growth:+.1f}%"
        return (f"{self.index:.0f}% of the peer median over the last {self.months} months, "
                f"rank {self.rank} of {len(self.peers) + 1} "
                f"(percentile {self.percentile_rank:.0f}){growth}.")


_SERIES = ("median", "band_low", "band_high")


def _growth(column: pd.Series, months: int) -> float | None:
    values = column.dropna()
    if len(values) < months + RECENT_MONTHS // 4 or len(column) < months + 12:
        return None
    recent = column.iloc[-months:].sum()
    year_before = column.iloc[-months - 12:-12].sum()
    if not np.isfinite(year_before) or year_before <= 0:
        return None
    return float(100 * (recent / year_before - 1))


def compare_with_peers(history: pd.DataFrame, subject: str) -> PeerComparison | None:
    """The subject (a column of `monthly_history`) against the other columns; None without peers
    or without recent sales."""
    if subject not in history.columns:
        raise KeyError(f'no history for "{subject}"')
    last = history[subject].last_valid_index()
    if last is None:
        return None
    window = history.loc[:last]
    months = min(RECENT_MONTHS, len(window))
    recent = window.iloc[-months:]
    totals = recent.sum(min_count=1)
    peers = [c for c in history.columns if c != subject and np.isfinite(totals.get(c, np.nan))]
    if not peers:
        return None
    peer_totals = totals[peers]
    subject_total = float(totals[subject])
    median_total = float(peer_totals.median())
    peer_frame = window[peers]
    median = peer_frame.median(axis=1)
    growth = _growth(window[subject].fillna(0.0), months)
    peer_growths = [g for p in peers if (g := _growth(window[p], months)) is not None]
    return PeerComparison(
        subject=subject, peers=peers, months=months, subject_total=subject_total,
        peer_median_total=median_total,
        index=100 * subject_total / median_total if median_total else float("nan"),
        growth=growth, peer_growth=float(np.median(peer_growths)) if peer_growths else None,
        percentile_rank=float(100 * (peer_totals < subject_total).sum() / len(peers)),
        rank=int((peer_totals > subject_total).sum()) + 1,
        median=median, band_low=peer_frame.quantile(0.25, axis=1),
        band_high=peer_frame.quantile(0.75, axis=1),
        indexed=indexed_peers(window, subject, peers),
    )
