"""`spip code`, `spip invite` and `spip join` from the command line."""

from __future__ import annotations

import shlex
import subprocess
import sys

import pytest

from facilitation.live.invitations import authorized_keys_line, join_command, read_public_key
from facilitation.live.join_codes import JoinError, current_code, join_code
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import start_session

KEY = ("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG+t70gJsSVKvPjkBYaeU1wraLOdC27013wyizbcKFpM "
       "ana@laptop")


def spip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "spip_tui", *args], capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL, check=False)


@pytest.fixture
def session_id(store, plan_id):
    return start_session(store, plan_id, get_script("full-plan"), "Fran")


def test_code_prints_the_code_and_new_replaces_it(store, db_path, session_id):
    first = spip("--db", str(db_path), "code", str(session_id))
    assert first.returncode == 0 and first.stdout.strip() == current_code(store, session_id)
    second = spip("--db", str(db_path), "code", str(session_id), "--new")
    assert second.stdout.strip() not in ("", first.stdout.strip())


def test_invite_prints_a_line_restricted_to_joining_as_that_name(store, db_path, session_id,
                                                                 tmp_path):
    key_file = tmp_path / "ana.pub"
    key_file.write_text(KEY + "\n")
    done = spip("--db", str(db_path), "invite", str(session_id), "--name", "Ana",
                "--key", str(key_file))
    assert done.returncode == 0, done.stderr
    line = done.stdout.strip()
    assert line.startswith('command="') and line.endswith(",restrict,pty " + KEY.rsplit(" ", 1)[0])
    command = line[len('command="'):line.index('",restrict')]
    words = shlex.split(command)
    code = join_code(store, session_id)
    assert words[-4:] == ["join", code, "--name", "Ana"]
    assert "--db" in words and words[words.index("--db") + 1] == str(db_path)


def test_invite_refuses_what_is_not_a_public_key(db_path, session_id, tmp_path):
    private = tmp_path / "ana"
    private.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nabc\n")
    done = spip("--db", str(db_path), "invite", str(session_id), "--name", "Ana",
                "--key", str(private))
    assert done.returncode == 1
    assert "not an OpenSSH public key" in done.stderr or "exactly one" in done.stderr


def test_quotes_in_a_name_survive_both_quotings():
    command = join_command("/opt/spip", "/srv/team db.sqlite", "KTX-482", 'Bo "B" O\'Hara')
    line = authorized_keys_line(command, read_public_key(KEY))
    quoted = line[len('command="'):line.index('",restrict')]
    # sshd reads \\" as "; the shell then splits the words back out.
    assert shlex.split(quoted.replace('\\"', '"'))[-1] == 'Bo "B" O\'Hara'
    with pytest.raises(JoinError):
        authorized_keys_line(command + "\nrm -rf /", read_public_key(KEY))


def test_join_without_a_terminal_says_to_use_ssh_t(db_path, store, session_id):
    done = spip("--db", str(db_path), "join", join_code(store, session_id), "--name", "Ana")
    assert done.returncode == 1
    assert "needs a terminal" in done.stderr
