"""Writes data/demo/sales_history.csv: four years of monthly sales for the demo's subjects.

Run:  python data/demo/make_sales_history.py   (deterministic; the CSV is committed)

Each subject has a level, a yearly growth, a seasonal shape (quarter-end pushes,
a December peak, a January and August dip), noise, and some have a shock: a
supply disruption that hit every territory, a salesperson's months off sick, a
key account that moved a contract line to a competitor. The demo shifts the
months so that the last one is always the month before today.
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

MONTHS = 48
LAST_MONTH = "2026-10"
SEASON = np.array([0.86, 0.93, 1.08, 0.96, 0.99, 1.07, 0.95, 0.88, 1.06, 1.00, 1.03, 1.19])

# name: (level per month at the start, growth per year, noise, {months from start: factor})
SUBJECTS = {
    "territory": {
        "North": (470_000, -0.03, 0.05, {27: 0.74, 28: 0.83}),
        "Coastal": (340_000, 0.05, 0.05, {27: 0.78, 28: 0.86}),
        "South": (390_000, 0.04, 0.05, {27: 0.76, 28: 0.85}),
        "Metro": (620_000, 0.05, 0.04, {27: 0.80, 28: 0.88}),
        "West": (300_000, 0.08, 0.06, {27: 0.75, 28: 0.84}),
        "Inland": (210_000, 0.01, 0.07, {27: 0.72, 28: 0.81}),
    },
    "salesperson": {
        "Dana Whitfield": (112_000, 0.02, 0.06, {33: 0.62, 34: 0.58, 35: 0.81}),
        "Sam Ortega": (112_000, 0.05, 0.07, {}),
        "Leo Martins": (135_000, 0.04, 0.06, {}),
        "Aisha Khan": (150_000, 0.09, 0.06, {}),
        "Ben Carter": (98_000, -0.02, 0.08, {}),
    },
    "key account": {
        "Harbor Logistics": (172_000, 0.02, 0.05, {m: 0.82 for m in range(32, 48)}),
        "Bay Freight": (92_000, 0.05, 0.08, {}),
        "Summit Foods": (140_000, 0.02, 0.06, {}),
        "Pinecrest Health": (76_000, 0.11, 0.08, {}),
        "Northwind Retail": (118_000, -0.04, 0.07, {}),
    },
    "team": {
        "Inside Sales": (215_000, 0.04, 0.05, {20: 0.82}),
        "Field Sales": (540_000, 0.03, 0.04, {}),
        "Channel Partners": (310_000, 0.07, 0.06, {}),
        "Enterprise": (690_000, 0.02, 0.05, {}),
    },
}


def month_names(count: int, last: str) -> list[str]:
    year, month = map(int, last.split("-"))
    end = year * 12 + month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(end - count + 1, end + 1)]


def main() -> None:
    rng = np.random.default_rng(2026)
    months = month_names(MONTHS, LAST_MONTH)
    first_month_of_year = int(months[0][5:]) - 1
    path = Path(__file__).with_name("sales_history.csv")
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Month", "Kind", "Subject", "Amount", "Units"])
        for kind, subjects in SUBJECTS.items():
            for name, (level, growth, noise, shocks) in subjects.items():
                for t, month in enumerate(months):
                    season = SEASON[(first_month_of_year + t) % 12]
                    amount = level * (1 + growth) ** (t / 12) * season * shocks.get(t, 1.0)
                    amount *= 1 + noise * rng.standard_normal()
                    units = round(amount / rng.uniform(950, 1050))
                    writer.writerow([month, kind, name, f"{amount:.2f}", units])
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
