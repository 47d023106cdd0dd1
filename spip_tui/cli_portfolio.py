"""`spip portfolio` and `spip due`: every subject and what needs attention, and what is
due across the plans (for cron or a login message)."""

from __future__ import annotations

import json
from dataclasses import replace

import click

from facilitation.store.model import SUBJECT_KINDS, format_money_short

from .cli import open_store


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for scripts.")
@click.option("--kind", type=click.Choice(SUBJECT_KINDS), help="Only subjects of this kind.")
@click.option("--owner", metavar="NAME", help="Only plans this person owns.")
@click.option("--overdue", is_flag=True, help="Only plans with a review overdue.")
@click.option("--no-plan", "no_plan", is_flag=True, help="Only subjects without a plan.")
@click.option("--roll-up", "roll_up_by", type=click.Choice(["kind", "owner"]), default="kind",
              show_default=True, help="Sum the plans' targets and forecasts by kind or owner.")
@click.option("--no-forecast", is_flag=True, help="Skip the forecasts (and check scores).")
@click.pass_context
def portfolio(ctx: click.Context, as_json: bool, kind: str | None, owner: str | None,
              overdue: bool, no_plan: bool, roll_up_by: str, no_forecast: bool) -> None:
    """Every subject in the sales history: its plan, reviews, gap and what needs attention."""
    from facilitation.portfolio.outlook import outlooks, roll_up
    from facilitation.portfolio.subjects import Filters, portfolio_lines, sort_by_attention

    store = open_store(ctx.obj["db"])
    lines = portfolio_lines(store, filters=Filters(kind, owner, overdue, no_plan))
    if not no_forecast:
        plans = [line.plan for line in lines if line.plan]
        found = {plan.id: outlook for plan, outlook in outlooks(store, plans)}
        lines = sort_by_attention([replace(line, outlook=found.get(line.plan.id))
                                   if line.plan else line for line in lines])
    totals = roll_up(lines, by=roll_up_by)
    if as_json:
        click.echo(json.dumps({"subjects": [line.to_json() for line in lines],
                               "roll_up": {"by": roll_up_by,
                                           "groups": [t.to_json() for t in totals]}},
                              indent=2))
        return
    if not lines:
        click.echo("No subjects: import sales history or create a plan.")
    for line in lines:
        plan = line.plan
        score = line.outlook.check_score if line.outlook else None
        click.echo(
            f"{line.subject_name[:24]:<24} {line.subject_kind:<11} "
            f"{(line.owner or '—')[:16]:<16} {plan.period if plan else 'no plan':<16} "
            f"{'' if score is None else f'{score:>3}/100':>7}  {'; '.join(line.reasons)}")
    for total in totals:
        if total.forecast_plans:
            click.echo(
                f"{total.group}: {total.plans} plans, target {format_money_short(total.target)}"
                f", forecast {format_money_short(total.expected)} (80%: "
                f"{format_money_short(total.lower80)}–{format_money_short(total.upper80)}), "
                f"gap {format_money_short(total.gap)}, "
                f"{100 * total.chance_of_target:.0f}% chance of target")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for scripts.")
@click.option("--ics", metavar="FILE", help="Also write every upcoming review, across the "
              "plans, as an iCalendar file ('-' prints it).")
@click.pass_context
def due(ctx: click.Context, as_json: bool, ics: str | None) -> None:
    """What is due: reviews due or overdue, tactics due this week, plans ending, contingency
    reviews older than a year. Exit code 0 either way."""
    from facilitation.portfolio.due import due_items, due_summary

    store = open_store(ctx.obj["db"])
    if ics:
        from pathlib import Path

        from facilitation.exports.calendar import render_all_reviews_ics

        calendar = render_all_reviews_ics(store)
        if ics == "-":
            click.echo(calendar.decode("utf-8"), nl=False)
            return
        Path(ics).write_bytes(calendar)
        click.echo(f"Wrote {ics}", err=True)
    items = due_items(store)
    if as_json:
        click.echo(json.dumps({"summary": due_summary(items),
                               "items": [item.to_json() for item in items]}, indent=2))
        return
    click.echo(due_summary(items))
    for item in items:
        click.echo(f"  {item.kind:<19} {item.text}")


@click.command("kpi-import")
@click.argument("plan")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--period-col", metavar="NAME", help="The column with the period (2026-10).")
@click.option("--kpi-col", metavar="NAME", help="The column with the KPI's name.")
@click.option("--actual-col", metavar="NAME", help="The column with the actual.")
@click.pass_context
def kpi_import(ctx: click.Context, plan: str, file: str, period_col: str | None,
               kpi_col: str | None, actual_col: str | None) -> None:
    """Import KPI actuals for PLAN (id or subject name) from a CSV FILE: one row per KPI and
    period. Bad rows are listed by line and nothing is imported."""
    from facilitation.plan.kpi_import import KpiImportError, import_kpi_actuals
    from facilitation.plan.plans import find_plan

    from .cli import CliError

    store = open_store(ctx.obj["db"])
    found = find_plan(store, plan)
    given = {"period": period_col, "kpi": kpi_col, "actual": actual_col}
    try:
        saved = import_kpi_actuals(store, found.id, file, {k: v for k, v in given.items() if v})
    except KpiImportError as exc:
        for problem in exc.problems:
            click.echo(f"  {problem}", err=True)
        raise CliError(str(exc)) from None
    click.echo(f"Imported {saved} KPI actual{'s' if saved != 1 else ''} for {found.title}",
               err=True)
