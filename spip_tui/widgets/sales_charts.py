"""Charts of monthly sales (textual-plotext): history with rolling averages and trend, the
subject against its peers, and the forecast with its bands and the target."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from textual_plotext import PlotextPlot

from facilitation.store.model import format_money_short

MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def month_label(month: Any) -> str:
    """Period('2026-04') or '2026-04' → 'Apr 26'."""
    text = str(month)
    return f"{MONTH_NAMES[int(text[5:7]) - 1]} {text[2:4]}"


def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """Round tick values covering low..high."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low] if math.isfinite(low) else []
    raw = (high - low) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(count + 2) if first + i * step <= high]


def spaced_labels(count: int, columns: int, apart: int) -> list[int]:
    """Which of `count` evenly spread x labels to show, counted back from the last, so that
    those shown stand at least `apart` cells from each other over `columns` cells.

    Of two labels that come too close, plotext drops one or moves it, choosing by the order
    of a set, which changes from one process to the next: the chart would not draw the
    same twice."""
    every = max(1, math.ceil(apart * max(1, count - 1) / max(1, columns)))
    return list(range(count))[::-1][::every][::-1]


class SalesChart(PlotextPlot):
    """A PlotextPlot with month labels on x and short money labels on y."""

    DEFAULT_CSS = "SalesChart { height: 12; }"
    MIN_HEIGHT = 12

    def start(self, title: str) -> Any:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        plt.title(title)
        return plt

    months: Sequence[Any] = ()

    def finish(self, months: Sequence[Any], values: list[float], money: bool = True) -> None:
        plt = self.plt
        finite = [v for v in values if v is not None and math.isfinite(v)]
        if finite:
            ticks = nice_ticks(min(finite), max(finite))
            plt.yticks(ticks, [format_money_short(t) if money else f"{t:g}" for t in ticks])
        self.months = months
        self.refresh()

    def render(self) -> Any:
        # The month labels are placed for the width the chart has when it is drawn: when
        # the data arrives the chart may not be laid out yet (it is hidden until then).
        # A label is 6 cells, then a space, and the last one moves up to 3 cells left to
        # fit the frame: 10 cells from one label to the next.
        columns = max(1, self.size.width - 10)   # less the money labels and the frame
        positions = spaced_labels(len(self.months), columns, 10)
        self.plt.xticks(positions, [month_label(self.months[p]) for p in positions])
        return super().render()


def _points(values: Sequence[float], offset: int = 0) -> tuple[list[int], list[float]]:
    xs, ys = [], []
    for i, value in enumerate(values):
        if value is not None and math.isfinite(value):
            xs.append(i + offset)
            ys.append(float(value))
    return xs, ys


def draw_history(chart: SalesChart, found: Any) -> None:
    """Monthly actuals, 3- and 6-month rolling averages and the trend line (PastPerformance)."""
    plt = chart.start("Monthly sales")
    monthly = found.monthly
    months = list(monthly.index)
    plt.plot(*_points(monthly["actual"].tolist()), label="sales", marker="braille", color="cyan")
    plt.plot(*_points(monthly["avg3"].tolist()), label="3-mo avg", marker="braille",
             color="yellow")
    plt.plot(*_points(monthly["avg6"].tolist()), label="6-mo avg", marker="braille",
             color="magenta")
    if found.trend is not None:
        line = found.trend.line
        offset = months.index(line.index[0])
        plt.plot(*_points(line.tolist(), offset), label="trend", marker="braille", color="green")
    chart.finish(months, monthly["actual"].tolist())


def draw_peers(chart: SalesChart, found: Any) -> None:
    """The subject against the peer median and the middle half of peers, each series indexed
    to its own first year (= 100), so a subject far larger or smaller than its peers is
    still compared by shape and growth."""
    plt = chart.start("Against peers (index: first year = 100)")
    indexed = found.peers.indexed
    months = list(indexed.median.index)
    subject = indexed.subject.tolist()
    plt.plot(*_points(indexed.band_high.tolist()), label="peers 75%", marker="braille",
             color="gray")
    plt.plot(*_points(indexed.band_low.tolist()), label="peers 25%", marker="braille",
             color="gray")
    plt.plot(*_points(indexed.median.tolist()), label="peer median", marker="braille",
             color="yellow")
    plt.plot(*_points(subject), label=found.subject_name[:16], marker="braille", color="cyan")
    chart.finish(months, subject + indexed.band_high.tolist() + indexed.band_low.tolist(),
                 money=False)


def draw_forecast(chart: SalesChart, found: Any) -> None:
    """Recent history, the forecast with its 80% and 95% bands, and the target per month
    (a PlanForecast: its `recent` months and its `path` ahead)."""
    plt = chart.start("Forecast if current patterns continue")
    recent = [amount for _, amount in found.recent]
    path = found.path
    months = [month for month, _ in found.recent] + [m.month for m in path]
    start = len(recent)
    last = recent[-1:] if recent else []
    offset = start - len(last)
    plt.plot(*_points(recent), label="sales", marker="braille", color="cyan")
    for name, label, color in (("upper95", "95%", "gray"), ("lower95", None, "gray"),
                               ("upper80", "80%", "yellow"), ("lower80", None, "yellow")):
        plt.plot(*_points(last + [getattr(m, name) for m in path], offset), label=label,
                 marker="braille", color=color)
    plt.plot(*_points(last + [m.expected for m in path], offset), label="expected",
             marker="braille", color="green")
    first = start + len(path) - len(found.months)
    per_month = found.target / len(found.months)
    target = [per_month] * len(found.months)
    plt.plot(*_points(target, first), label="target/mo", marker="braille", color="red")
    chart.finish(months, recent + [m.upper95 for m in path] + [m.lower95 for m in path] + target)
