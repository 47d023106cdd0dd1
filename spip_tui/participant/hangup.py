"""Leave when the participant's terminal goes away (a closed SSH connection or window).

A terminal that hangs up normally sends SIGHUP, and Python's default for it ends the
process. But a view started by a shell that does not pass the signal on, or in a
session the terminal does not control, gets no SIGHUP: its terminal just reads as
end-of-file for ever, and Textual's input thread, which retries the read at once, spun
at 22 % CPU in such an orphan after an SSH test. So the app also exits on SIGHUP
explicitly, and checks every few seconds that its terminal still answers (tcgetattr on
a hung-up terminal fails with EIO): a single cheap call, nothing read from the database.
"""

from __future__ import annotations

import signal
import sys
import termios

from textual.app import App

CHECK_SECONDS = 2.0


def terminal_fd() -> int | None:
    """The terminal the app draws in, or None (headless tests, textual-serve's pipes)."""
    stream = sys.__stdin__
    try:
        fd = stream.fileno() if stream is not None else -1
    except (OSError, ValueError):
        return None
    return fd if fd >= 0 and _is_terminal(fd) else None


def _is_terminal(fd: int) -> bool:
    try:
        termios.tcgetattr(fd)
    except (termios.error, OSError):
        return False
    return True


def leave_when_the_terminal_goes(app: App) -> None:
    """Call from the app's on_mount: exit on SIGHUP, or when the terminal stops answering."""
    if app.is_headless:
        return
    fd = terminal_fd()
    if fd is None:
        return
    import asyncio

    asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, app.exit)

    def check() -> None:
        if not _is_terminal(fd):
            app.exit()

    app.set_interval(CHECK_SECONDS, check, name="terminal-watch")
