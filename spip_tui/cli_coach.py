"""`spip compare` and `spip asof`: a plan at two moments side by side, and the plan as it was
at any moment (printed or exported), for the coach's annual review."""

from __future__ import annotations

import json

import click

from .cli import CliError, open_store

MOMENT_HELP = "now, last-review, session:N or YYYY-MM-DD"


def _plan_and_moments(store, plan: str, *moments: str):
    from facilitation.plan.plans import find_plan
    from facilitation.retrospective.moments import MomentError, resolve_moment

    found = find_plan(store, plan)
    try:
        return found, [resolve_moment(store, found.id, m) for m in moments]
    except MomentError as exc:
        raise CliError(str(exc)) from None


@click.command()
@click.argument("plan")
@click.option("--from", "from_", default="last-review", show_default=True, metavar="MOMENT",
              help=f"The earlier moment: {MOMENT_HELP}.")
@click.option("--to", default="now", show_default=True, metavar="MOMENT",
              help=f"The later moment: {MOMENT_HELP}.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for scripts.")
@click.pass_context
def compare(ctx: click.Context, plan: str, from_: str, to: str, as_json: bool) -> None:
    """What changed in PLAN between two moments: risks added, dropped, re-scored or
    happened; strategies and tactics added, changed, done or dropped; KPI targets."""
    from facilitation.retrospective.compare import compare_plan

    store = open_store(ctx.obj["db"])
    found, (before, after) = _plan_and_moments(store, plan, from_, to)
    changes = compare_plan(store, found.id, before, after)
    if as_json:
        click.echo(json.dumps({"subject": found.subject_name, **changes.to_json()}, indent=2))
        return
    click.echo(f"{found.title}: {before.label} → {after.label}")
    if not changes.changes:
        click.echo("  Nothing changed.")
    for what, heading in (("risk", "Risks"), ("strategy", "Strategies"), ("tactic", "Tactics"),
                          ("kpi", "KPIs")):
        found_changes = changes.of(what)
        if found_changes:
            click.echo(f"{heading}:")
            for change in found_changes:
                click.echo(f"  {change.line()}")


@click.command()
@click.argument("plan")
@click.option("--at", "at", default="last-review", show_default=True, metavar="MOMENT",
              help=f"The moment: {MOMENT_HELP}.")
@click.option("--format", "fmt", type=click.Choice(["md", "html"]), default="md",
              show_default=True)
@click.option("-o", "--output", metavar="FILE", help="Write to FILE instead of printing.")
@click.option("--no-forecast", is_flag=True, help="Leave the forecast out (quicker).")
@click.pass_context
def asof(ctx: click.Context, plan: str, at: str, fmt: str, output: str | None,
         no_forecast: bool) -> None:
    """PLAN as it was at a moment (every section), read-only, as Markdown or HTML."""
    from facilitation.exports import render
    from facilitation.retrospective.moments import MomentError, plan_as_of

    store = open_store(ctx.obj["db"])
    found, (moment,) = _plan_and_moments(store, plan, at)
    try:
        document = plan_as_of(store, found.id, moment, with_forecast=not no_forecast)
    except MomentError as exc:
        raise CliError(str(exc)) from None
    data = render(document, fmt)
    if output:
        from pathlib import Path

        Path(output).write_bytes(data)
        click.echo(f"Wrote {output} ({found.title} as of {moment.label})", err=True)
    else:
        click.echo(data.decode("utf-8"), nl=False)


@click.command()
@click.option("--search", "text", default="", metavar="TEXT",
              help="Words in an idea, risk, strategy, tactic or review note (all must appear).")
@click.option("--plan", "subject", default="", metavar="SUBJECT", help="Subject name (part).")
@click.option("--facilitator", default="", metavar="NAME", help="Facilitator's name (part).")
@click.option("--since", default="", metavar="YYYY-MM-DD", help="Started on or after.")
@click.option("--until", default="", metavar="YYYY-MM-DD", help="Started on or before.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for scripts.")
@click.pass_context
def sessions(ctx: click.Context, text: str, subject: str, facilitator: str, since: str,
             until: str, as_json: bool) -> None:
    """Past sessions of every plan, newest first, and what in them matched the search."""
    from facilitation.retrospective.search import search_sessions

    store = open_store(ctx.obj["db"])
    hits = search_sessions(store, text=text, subject=subject, facilitator=facilitator,
                           since=since, until=until)
    if as_json:
        click.echo(json.dumps([hit.to_json() for hit in hits], indent=2))
        return
    if not hits:
        click.echo("No sessions match.")
    for hit in hits:
        state = f"ended {hit.ended_at[:10]}" if hit.ended_at else "in progress"
        click.echo(f"session:{hit.session_id}  {hit.started_at[:10]}  {hit.subject}  "
                   f"{hit.script}  {hit.facilitator}  ({state})")
        for what, found in hit.matches[:5]:
            click.echo(f"    {what}: {found[:70]}")


COMMANDS = [compare, asof, sessions]
