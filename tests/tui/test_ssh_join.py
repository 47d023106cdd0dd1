"""Over SSH, for real: OpenSSH's sshd on a loopback port, two participants' keys restricted
by `spip invite` lines, each driving the participant view through `ssh -tt` in a pty."""

from __future__ import annotations

import fcntl
import os
import shutil
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

import pytest

from facilitation.ideas.brainstorm import add_round, list_ideas, start_round
from facilitation.live.roster import list_participants
from facilitation.store.database import Store
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import go_to_step, start_session
from tests.tui.servers import free_port, wait_listening

SSHD = "/usr/sbin/sshd"
SPIP = str(Path(sys.executable).parent / "spip")
pytestmark = pytest.mark.skipif(
    not (Path(SSHD).exists() and shutil.which("ssh") and shutil.which("ssh-keygen")),
    reason="OpenSSH (openssh-server, openssh-client) is not installed; .ci/run installs it")


def keygen(path: Path) -> Path:
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)], check=True)
    return path


@pytest.fixture
def sshd(tmp_path: Path):
    """sshd on 127.0.0.1 with its own host key and authorized_keys file."""
    if os.geteuid() != 0:
        pytest.skip("sshd must run as root to log a user in")
    Path("/run/sshd").mkdir(exist_ok=True)  # its privilege-separation directory
    host_key = keygen(tmp_path / "host_key")
    authorized = tmp_path / "authorized_keys"
    authorized.write_text("")
    port = free_port()
    config = tmp_path / "sshd_config"
    config.write_text(f"""Port {port}
ListenAddress 127.0.0.1
HostKey {host_key}
AuthorizedKeysFile {authorized}
PidFile {tmp_path / 'sshd.pid'}
UsePAM no
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
PermitRootLogin prohibit-password
StrictModes no
""")
    process = subprocess.Popen([SSHD, "-D", "-e", "-f", str(config)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    wait_listening(process, port, "sshd", 20)
    yield port, authorized
    process.terminate()
    process.wait(timeout=10)


def ssh_command(port: int, key: Path, *extra: str) -> list[str]:
    return ["ssh", "-p", str(port), "-i", str(key), "-o", "StrictHostKeyChecking=no",
            "-o", "UserKnownHostsFile=/dev/null", "-o", "IdentitiesOnly=yes",
            "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", *extra, "root@127.0.0.1"]


class PtyClient:
    """`ssh -tt` in a pseudo-terminal of 80×24, as a participant's terminal."""

    def __init__(self, command: list[str]) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        self.process = subprocess.Popen(
            command, stdin=slave, stdout=slave, stderr=slave, start_new_session=True,
            env={**os.environ, "TERM": "xterm-256color"})
        os.close(slave)
        self.output = bytearray()
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def wait_for(self, text: str, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while text.encode() not in self.output:
            assert self.process.poll() is None, bytes(self.output)[-2000:]
            assert time.monotonic() < deadline, f"{text!r} never appeared"
            time.sleep(0.1)

    def type(self, text: str) -> None:
        for character in text:
            os.write(self.master, character.encode())
            time.sleep(0.01)

    def close(self) -> None:
        try:
            os.write(self.master, b"\x11")  # ctrl+q leaves
        except OSError:  # it has gone already
            pass
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self.master)


def wait_until(condition, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the change never reached the database"
        time.sleep(0.1)


@pytest.fixture
def live_round(store: Store, plan_id: int):
    script = get_script("full-plan")
    session_id = start_session(store, plan_id, script, "Fran")
    go_to_step(store, session_id, next(i for i, s in enumerate(script.steps)
                                       if s.kind == "brainstorming"))
    round_id = add_round(store, plan_id, "How do we find the missing 12,400?",
                         session_id=session_id, time_box_seconds=1800)
    start_round(store, round_id)
    return session_id, round_id


def invite(db_path: Path, session_id: int, name: str, key: Path) -> str:
    done = subprocess.run([SPIP, "--db", str(db_path), "invite", str(session_id), "--name", name,
                           "--key", f"{key}.pub"], capture_output=True, text=True, check=True)
    return done.stdout


def test_two_participants_join_over_ssh_and_their_ideas_reach_the_database(
        sshd, tmp_path, db_path, store, live_round):
    port, authorized = sshd
    session_id, round_id = live_round
    names = {"Ana": keygen(tmp_path / "ana"), "Bo O'Hara \"B\"": keygen(tmp_path / "bo")}
    authorized.write_text("".join(invite(db_path, session_id, name, key)
                                  for name, key in names.items()))
    clients = {name: PtyClient(ssh_command(port, key, "-tt")) for name, key in names.items()}
    try:
        for name, client in clients.items():
            client.wait_for("Type an idea")
        wait_until(lambda: {p.name for p in list_participants(store, session_id)} == set(names))
        for name, client in clients.items():
            client.type(f"Idea of {name.split()[0]}")
            client.type("\r")
        wait_until(lambda: len(list_ideas(store, round_id)) == 2)
        # Each participant's screen shows the other's idea, with no key pressed.
        for client in clients.values():
            client.wait_for("Idea of Ana")
            client.wait_for("Idea of Bo")
    finally:
        for client in clients.values():
            client.close()
    assert sorted((i.text, i.author) for i in list_ideas(store, round_id)) == [
        ("Idea of Ana", "Ana"), ("Idea of Bo", "Bo O'Hara \"B\"")]


def test_the_restricted_key_gets_no_shell_and_runs_no_other_command(
        sshd, tmp_path, db_path, live_round):
    port, authorized = sshd
    session_id, _ = live_round
    key = keygen(tmp_path / "ana")
    authorized.write_text(invite(db_path, session_id, "Ana", key))
    marker = tmp_path / "marker"
    # Asking for a command without a terminal: sshd runs spip join instead, which refuses.
    asked = f"touch {marker}; echo SHELL-$((6*7))"
    done = subprocess.run(ssh_command(port, key, "-T") + [asked], check=False, stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=60)
    assert b"SHELL-42" not in done.stdout + done.stderr
    assert b"spip join needs a terminal" in done.stderr
    # With a terminal, a command or a plain login: the participant view, then nothing.
    for command in ([asked], []):
        client = PtyClient(ssh_command(port, key, "-tt") + command)
        try:
            client.wait_for("Following Fran")
            client.type("\x11")  # leave, then type as if at a shell prompt
            client.process.wait(timeout=15)
            try:
                client.type(f"touch {marker}\r")
            except OSError:
                pass
        finally:
            client.close()
        assert b"SHELL-42" not in client.output
        assert not marker.exists()
    # Forwarding is off for the key (restrict), and a key not invited gets nothing at all.
    forward = subprocess.run(ssh_command(port, key, "-N", "-o", "ExitOnForwardFailure=yes",
                                         "-R", f"{free_port()}:127.0.0.1:{port}"),
                             check=False, stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    assert forward.returncode != 0
    stranger = keygen(tmp_path / "stranger")
    refused = subprocess.run(ssh_command(port, stranger, "-T") + ["true"],
                             check=False, stdin=subprocess.DEVNULL, capture_output=True, timeout=30)
    assert refused.returncode == 255
