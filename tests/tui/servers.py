"""Servers the tests start as processes (spip serve, sshd): a free port, and waiting until
one listens (a condition, not a fixed sleep)."""

from __future__ import annotations

import socket
import subprocess
import time


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(process: subprocess.Popen, port: int, what: str, seconds: float) -> None:
    """Return once `process` accepts connections on `port`; fail if it ends or takes longer."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            assert process.poll() is None, process.stdout.read() if process.stdout else what
            assert time.monotonic() < deadline, f"{what} did not start listening"
            time.sleep(0.1)
