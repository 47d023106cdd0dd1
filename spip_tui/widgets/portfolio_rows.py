"""The portfolio's rows: a subject's cells and description, and the roll-up table."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

from facilitation.portfolio.subjects import SubjectLine
from facilitation.store.model import format_money_short, format_month_span

from .text import clip

KIND_SHORT = {"salesperson": "rep", "territory": "terr", "key account": "acct", "team": "team"}
# Under the list when kinds are abbreviated: what each abbreviation stands for.
KIND_LEGEND = "Kind: rep salesperson · terr territory · acct key account"
# Widths that fit 80 columns (each column takes two more for its padding): the kind
# abbreviated, an owner too long for the column named by first name and initial.
NARROW_COLUMNS = (("Subject", 16), ("Kind", 4), ("Owner", 9), ("Chk", 3), ("Review", 7),
                  ("Gap", 5), ("Chance", 6), ("Needs", 12))
# From this many columns on, the kind and the owner are written out ("key account",
# "Dana Whitfield").
WIDE_TERMINAL = 92
WIDE_COLUMNS = tuple((label, {"Kind": 11, "Owner": 14}.get(label, width))
                     for label, width in NARROW_COLUMNS)


def columns(wide: bool) -> tuple[tuple[str, int], ...]:
    """The list's columns (heading, width), with the kind and owner written out or not."""
    return WIDE_COLUMNS if wide else NARROW_COLUMNS


def short_owner(name: str, width: int) -> str:
    """The owner in `width` cells: whole if it fits, else "Priya R." (first name and the
    last name's initial, which the highlighted subject's line below writes out), else cut."""
    if cell_len(name) <= width:
        return name
    first, *rest = name.split()
    initialled = f"{first} {rest[-1][0]}." if rest else first
    return clip(initialled, width)


def line_key(line: SubjectLine) -> str:
    return f"{line.subject_kind}|{line.subject_name}"


def short_needs(line: SubjectLine) -> str:
    """The Needs column: what needs attention besides the review (its own column)."""
    if line.plan is None:
        return "no plan"
    parts = []
    if line.kpis_off_pace:
        parts.append(f"{len(line.kpis_off_pace)} KPI")
    if line.tactics_late:
        parts.append(f"{line.tactics_late} late")
    if line.outlook is not None and line.outlook.chance_of_target < 0.5 and not parts:
        parts.append("at risk")
    return " ".join(parts)


def subject_cells(line: SubjectLine, pending: bool, wide: bool = False) -> list:
    """A subject's row; `pending` marks the figures a worker is still computing, `wide`
    writes the kind and the owner out (see `columns`)."""
    plan, outlook = line.plan, line.outlook
    if line.overdue:
        review = Text("overdue", "bold red")
    elif plan is None:
        review = Text("")
    else:
        review = Text(line.next_review[5:] if line.next_review else "none",
                      "" if line.next_review else "yellow")
    if outlook is not None:
        check = f"{outlook.check_score}" if outlook.check_score is not None else "—"
        gap = Text(format_money_short(outlook.gap), justify="right")
        chance = Text(f"{100 * outlook.chance_of_target:.0f}%", justify="right",
                      style="red" if outlook.chance_of_target < 0.5 else "")
    else:
        marker = "…" if pending else ""
        check, gap, chance = marker, Text(marker), Text(marker)
    needs = short_needs(line)
    widths = dict(columns(wide))
    kind = line.subject_kind if wide else KIND_SHORT.get(line.subject_kind, "?")
    return [clip(line.subject_name, widths["Subject"]), kind,
            short_owner(line.owner or "—", widths["Owner"]), check, review, gap, chance,
            Text(clip(needs, widths["Needs"]), style="dim" if plan is None else "yellow")]


def describe_subject(line: SubjectLine) -> str:
    """The highlighted subject in two lines: its plan and what needs attention."""
    plan = line.plan
    if plan is None:
        sales = (f", {format_money_short(line.last_year_sales)} in the last 12 months"
                 if line.last_year_sales else "")
        return f"{line.subject_name} ({line.subject_kind}): no plan{sales}. n: start one"
    detail = (f"{line.subject_name}: {format_month_span(plan.period_start, plan.period_end)}"
              f" · target {format_money_short(plan.target_amount)} · {plan.owner} · "
              f"reviewed {line.last_review or 'never'}")
    needs = "; ".join(line.reasons)
    if line.kpis_off_pace:
        needs += f" ({', '.join(line.kpis_off_pace)})"
    return detail + (f"\n{needs}" if needs else "")


class RollUpTable(DataTable):
    """The portfolio added up by kind or by owner."""

    def show(self, lines: list[SubjectLine], by: str) -> None:
        """The subjects' figures added up by `by` (kind or owner)."""
        from facilitation.portfolio.outlook import roll_up

        self.clear(columns=True)
        for label, width in ((by.capitalize(), 14), ("Plans", 5),
                             ("Target", 7), ("Forecast", 8), ("80% range", 15), ("Gap", 7),
                             ("Chance", 6)):
            self.add_column(label, width=width)
        for group in roll_up(lines, by=by):
            counted = (f"{group.forecast_plans}/{group.plans}"
                       if group.forecast_plans != group.plans else str(group.plans))
            has = group.forecast_plans > 0
            self.add_row(
                clip(group.group, 14), counted, format_money_short(group.target),
                format_money_short(group.expected) if has else "…",
                (f"{format_money_short(group.lower80)}–{format_money_short(group.upper80)}"
                 if has else ""), format_money_short(group.gap) if has else "",
                f"{100 * group.chance_of_target:.0f}%" if has else "")
