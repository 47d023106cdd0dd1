"""A participant's view ends when its terminal goes away, with or without a SIGHUP (an
orphan `spip join` once spun at 22 % CPU after its SSH connection closed)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time

import pytest

from facilitation.live.join_codes import join_code
from facilitation.workshop.scripts import get_script
from facilitation.workshop.sessions import start_session


@pytest.fixture
def code(store, plan_id):
    return join_code(store, start_session(store, plan_id, get_script("full-plan"), "Fran"))


def start_in_a_terminal(db_path, code: str) -> tuple[subprocess.Popen, int]:
    """`spip join` in a pseudo-terminal that is not its controlling terminal (so closing
    it sends no SIGHUP), once it has drawn its view; returns the process and the master."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_DRIVER"}
    process = subprocess.Popen(
        [sys.executable, "-m", "spip_tui", "--db", str(db_path), "join", code, "--name", "Ana"],
        stdin=slave, stdout=slave, stderr=slave, start_new_session=True, env=env)
    os.close(slave)
    drawn, deadline = b"", time.monotonic() + 60
    while b"you:" not in drawn:
        assert time.monotonic() < deadline and process.poll() is None, drawn[-500:]
        if select.select([master], [], [], 0.2)[0]:
            drawn += os.read(master, 65536)
    return process, master


def ended(process: subprocess.Popen) -> int | None:
    try:
        return process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        return None


def test_the_view_ends_when_its_terminal_goes_away_without_a_sighup(db_path, code):
    process, master = start_in_a_terminal(db_path, code)
    os.close(master)
    assert ended(process) == 0


def test_the_view_ends_cleanly_on_sighup(db_path, code):
    process, master = start_in_a_terminal(db_path, code)
    try:
        process.send_signal(signal.SIGHUP)
        assert ended(process) == 0  # left on its own terms (not killed by the signal)
    finally:
        os.close(master)
