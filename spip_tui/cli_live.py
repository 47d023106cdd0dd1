"""`spip join`, `spip invite` and `spip serve`: the group at the keyboard of one session."""

from __future__ import annotations

import click

from spip_tui.cli import CliError, open_store


@click.command()
@click.argument("code", required=False)
@click.option("--name", metavar="NAME", help="Your name in the session (asked if not given).")
@click.pass_context
def join(ctx: click.Context, code: str | None, name: str | None) -> None:
    """Join a live workshop session with its CODE: add risks, ideas and scores with the group."""
    from facilitation.live.join_codes import JoinError, normalise_code
    from spip_tui.participant.app import ParticipantApp

    if code:
        try:
            code = normalise_code(code)
        except JoinError as exc:
            raise CliError(str(exc)) from None
    ParticipantApp(open_store(ctx.obj["db"]), code, name).run()


COMMANDS = [join]
