"""`spip join`, `spip invite` and `spip serve`: the group at the keyboard of one session."""

from __future__ import annotations

import os
import sys

import click

from spip_tui.cli import CliError, open_store


@click.command()
@click.argument("code", required=False)
@click.option("--name", metavar="NAME", help="Your name in the session (asked if not given).")
@click.option("--session", "session_id", type=int, hidden=True,
              help="Join this session with its current code (what `spip serve` runs once "
              "the browser gave the code).")
@click.pass_context
def join(ctx: click.Context, code: str | None, name: str | None,
         session_id: int | None) -> None:
    """Join a live workshop session with its CODE: add risks, ideas and scores with the group."""
    from facilitation.live.join_codes import JoinError, current_code, normalise_code
    from spip_tui.participant.app import ParticipantApp

    if not os.environ.get("TEXTUAL_DRIVER") and not (sys.stdin.isatty() and sys.stdout.isatty()):
        # Over SSH without -t there is no terminal to draw in (textual-serve sets its driver).
        raise CliError("spip join needs a terminal; over SSH connect with ssh -t")
    store = open_store(ctx.obj["db"])
    if session_id is not None:
        code = current_code(store, session_id)
        if code is None:
            raise CliError("that session has ended or has no join code")
    if code:
        try:
            code = normalise_code(code)
        except JoinError as exc:
            raise CliError(str(exc)) from None
    ParticipantApp(store, code, name).run()


COMMANDS: list[click.Command] = [join]


def spip_executable() -> str:
    """The absolute path of this spip, for commands run later by sshd or textual-serve."""
    import shutil
    import sys
    from pathlib import Path

    beside = Path(sys.executable).parent / "spip"
    if beside.exists():
        return str(beside)
    return shutil.which("spip") or "spip"


@click.command()
@click.argument("session", type=int)
@click.option("--name", required=True, metavar="NAME", help="The participant's name.")
@click.option("--key", "key_file", required=True, type=click.File("r"), metavar="PUBKEY_FILE",
              help="The participant's public key (the .pub file).")
@click.pass_context
def invite(ctx: click.Context, session: int, name: str, key_file) -> None:
    """Print an authorized_keys line that lets a key only join SESSION as NAME.

    Append it to ~/.ssh/authorized_keys of the account the group uses on this host;
    `ssh -t host` then opens the participant view and nothing else.
    """
    from facilitation.live.invitations import (
        authorized_keys_line,
        join_command,
        read_public_key,
    )
    from facilitation.live.join_codes import JoinError, join_code
    from facilitation.live.roster import clean_name

    store = open_store(ctx.obj["db"])
    try:
        code = join_code(store, session)
        name = clean_name(name)
        key = read_public_key(key_file.read())
        line = authorized_keys_line(join_command(spip_executable(), store.path, code, name),
                                    key)
    except JoinError as exc:
        raise CliError(str(exc)) from None
    click.echo(line)
    click.echo(f"Join code {code}. The line stops working when the session ends or its code "
               f"is regenerated.", err=True)


COMMANDS.append(invite)


@click.command()
@click.argument("session", type=int)
@click.option("--new", "regenerate", is_flag=True,
              help="Make a new code; the old one (and lines invited with it) stop working.")
@click.pass_context
def code(ctx: click.Context, session: int, regenerate: bool) -> None:
    """Print SESSION's join code and how participants use it."""
    from facilitation.live.join_codes import JoinError, join_code, regenerate_code

    store = open_store(ctx.obj["db"])
    try:
        found = regenerate_code(store, session) if regenerate else join_code(store, session)
    except JoinError as exc:
        raise CliError(str(exc)) from None
    click.echo(found)
    click.echo(f"On this host: spip --db {store.path} join {found}", err=True)


COMMANDS.append(code)


@click.command()
@click.argument("session", type=int)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; keep the loopback and let people in through SSH.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option("--public-url", metavar="URL", help="The address browsers use, when it is not "
              "http://HOST:PORT (e.g. behind a forward to another local port).")
@click.pass_context
def serve(ctx: click.Context, session: int, host: str, port: int,
          public_url: str | None) -> None:
    """Serve the participant view of SESSION to browsers (join code required)."""
    from facilitation.live.join_codes import JoinError, join_code

    store = open_store(ctx.obj["db"])
    try:
        code = join_code(store, session)
    except (JoinError, KeyError) as exc:
        raise CliError(str(exc.args[0] if exc.args else exc)) from None
    db_path = str(store.path)
    store.close()
    from spip_tui.serve import JoinCodeServer

    server = JoinCodeServer(db_path, session, spip_executable(), host=host, port=port,
                            public_url=public_url)
    click.echo(f"Participants open {server.public_url}/?code={code}", err=True)
    if host in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"From another machine: ssh -L {port}:127.0.0.1:{port} THIS-HOST, then "
                   f"open the same address there.", err=True)
    server.serve()


COMMANDS.append(serve)
