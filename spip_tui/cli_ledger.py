"""`spip ledger`: did the forecasts come true? Each forecast a session showed, against the
actual months once imported, and the track record per plan and across all plans."""

from __future__ import annotations

import json

import click

from .cli import open_store


@click.command()
@click.argument("plan", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for scripts.")
@click.pass_context
def ledger(ctx: click.Context, plan: str | None, as_json: bool) -> None:
    """The forecast ledger of PLAN (id or subject; all plans without it): every forecast a
    session showed, the actual sales once the period is imported, the error and whether
    the 80 % and 95 % intervals held. With PLAN, first its sales to date against the
    original forecast and the target, and the gap now."""
    from facilitation.plan.plans import find_plan
    from facilitation.retrospective.forecast_ledger import entry_lines, summary_line
    from facilitation.retrospective.forecast_ledger import ledger as forecast_ledger

    store = open_store(ctx.obj["db"])
    plan_id = None if plan is None else find_plan(store, plan).id
    book = forecast_ledger(store, plan_id)
    progress = None
    if plan_id is not None:
        from facilitation.retrospective.against_original import against_original

        progress = against_original(store, plan_id)
    if as_json:
        data = book.to_json()
        if progress is not None:
            data["against_original"] = progress.to_json()
        click.echo(json.dumps(data, indent=2))
        return
    if progress is not None:
        for line in progress.lines():
            click.echo(line)
    if not book.entries:
        click.echo("No forecasts recorded yet: a session records the forecast it shows "
                   "(the forecast & gap step).")
        return
    for summary in book.plans:
        click.echo(summary_line(summary))
        for entry in (e for e in book.entries if e.plan_id == summary.plan_id):
            for line in entry_lines(entry):
                click.echo(f"  {line}")
    if plan_id is None and len(book.plans) > 1:
        click.echo(summary_line(book.overall))
