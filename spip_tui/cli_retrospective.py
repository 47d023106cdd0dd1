"""`spip retrospective`: a plan's year in review — did the forecast come true, which risks
materialised (and what happened without being listed), which KPIs held."""

from __future__ import annotations

import json

import click

from .cli import open_store


@click.command()
@click.argument("plan")
@click.option("--since", help="The first month to look at (YYYY-MM; default: when the plan "
              "was made).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON, for scripts.")
@click.pass_context
def retrospective(ctx: click.Context, plan: str, since: str | None, as_json: bool) -> None:
    """The year in review of PLAN (id or subject), as the annual contingency review opens
    with it: the forecast ledger, risks that happened and dips in sales no listed risk
    explains (the lesson for next year), and each KPI against its target path."""
    from facilitation.plan.plans import find_plan
    from facilitation.retrospective.year_in_review import review_lines, year_in_review
    from facilitation.store.model import parse_month

    store = open_store(ctx.obj["db"])
    plan_id = find_plan(store, plan).id
    if since is not None:
        try:
            since = parse_month(since)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--since") from None
    review = year_in_review(store, plan_id, since)
    if as_json:
        click.echo(json.dumps(review.to_json(), indent=2))
        return
    click.echo(f"The year in review: {review.title}")
    for line in review_lines(review):
        click.echo(line)
