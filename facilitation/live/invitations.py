"""SSH invitations: an `authorized_keys` line that lets one public key run only `spip join`
for one session, under one name, and nothing else on the host.

OpenSSH runs a key's `command="…"` instead of whatever the client asks for, through the
account's shell; `restrict` turns off port, agent and X11 forwarding and the pty, and
`pty` gives the pty back (the participant view is a full-screen terminal app). The command
is quoted twice: each argument for the shell (shlex), then the whole for the
authorized_keys option, where sshd reads `\"` as `"` and keeps every other backslash.
"""

from __future__ import annotations

import base64
import re
import shlex
from pathlib import Path

from facilitation.live.join_codes import JoinError

KEY_TYPES = ("ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
             "ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
             "sk-ecdsa-sha2-nistp256@openssh.com")
# Participants' terminals over SSH are told nothing about colours (OpenSSH does not pass
# COLORTERM); almost every terminal today shows truecolor.
COLOR_ENVIRONMENT = "TEXTUAL_COLOR_SYSTEM=truecolor"


def read_public_key(text: str) -> str:
    """'TYPE BASE64' from a public key file's text; JoinError if it is not one key."""
    lines = [line.strip() for line in text.splitlines() if line.strip()
             and not line.lstrip().startswith("#")]
    if len(lines) != 1:
        raise JoinError("the key file must hold exactly one public key (the .pub file)")
    parts = lines[0].split()
    if len(parts) < 2 or parts[0] not in KEY_TYPES:
        raise JoinError("that is not an OpenSSH public key (it starts with ssh-ed25519, "
                        "ssh-rsa or ecdsa-…); give the .pub file, never the private key")
    try:
        blob = base64.b64decode(parts[1], validate=True)
    except ValueError:
        raise JoinError("the public key's data is damaged (not base64)") from None
    if not blob.startswith(len(parts[0]).to_bytes(4, "big") + parts[0].encode()):
        raise JoinError("the public key's data does not match its type")
    return f"{parts[0]} {parts[1]}"


def join_command(spip: str, db_path: str | Path, code: str, name: str) -> str:
    """The shell command a participant's key runs."""
    args = [spip, "--db", str(db_path), "join", code, "--name", name]
    return f"{COLOR_ENVIRONMENT} " + " ".join(shlex.quote(a) for a in args)


def authorized_keys_line(command: str, public_key: str) -> str:
    """`command="…",restrict,pty KEY`, with the command quoted for authorized_keys."""
    if re.search(r"[\r\n\x00]", command):
        raise JoinError("a name or path with a line break cannot go in authorized_keys")
    quoted = command.replace('"', '\\"')
    return f'command="{quoted}",restrict,pty {public_key}'
