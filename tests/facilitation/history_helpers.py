"""Building sales histories for tests."""

from __future__ import annotations

import math

from facilitation.history.monthly import MonthlyTotal, save_history
from facilitation.store.database import Store


def month_after(start: str, offset: int) -> str:
    year, month = map(int, start.split("-"))
    index = year * 12 + month - 1 + offset
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def seasonal_amounts(months: int, level: float = 400_000, growth: float = 0.004,
                     swing: float = 0.15, noise: float = 0.0, seed: int = 1) -> list[float]:
    """A smooth seasonal series with a gentle trend (and optional deterministic noise)."""
    import random

    rng = random.Random(seed)
    return [
        level * (1 + growth) ** t * (1 + swing * math.sin(2 * math.pi * t / 12))
        * (1 + noise * rng.gauss(0, 1))
        for t in range(months)
    ]


def save_subject(store: Store, name: str, amounts: list[float], start: str = "2023-01",
                 kind: str = "territory", source: str | None = None) -> None:
    save_history(store, source or f"{name}.csv", [
        MonthlyTotal(kind, name, month_after(start, i), amount) for i, amount in enumerate(amounts)
    ], rows_read=len(amounts))
