"""Command-palette entries for a plan's sessions and for each part of the help, so that
typing "session", "review", "reopen" or a step's name finds what exists."""

from __future__ import annotations

from functools import partial
from typing import Any

from facilitation.workshop.sessions import list_sessions


def open_session_screen(app: Any, session_id: int) -> None:
    from .screens.session import SessionScreen

    app.push_screen(SessionScreen(session_id))


def start_session_on(app: Any, plan_id: int) -> None:
    """Open the plan and its start-a-session dialog."""
    app.open_plan(plan_id)
    app.call_after_refresh(app.screen.action_start_session)


def session_commands(app: Any, plan: Any) -> list[tuple[str, Any, str]]:
    """'Start a session: North', and 'Session: North · Progress review · 2027-01-10
    (ended, read-only)' for each of its sessions."""
    commands = [(f"Start a session: {plan.subject_name}", partial(start_session_on, app, plan.id),
                 "A workshop, a self-review, a progress review or the annual review")]
    for session in list_sessions(app.store, plan.id):
        state = "ended: read-only, R reopens" if session.is_ended else session.state
        commands.append((
            f"Session: {plan.subject_name} · {session.script.title} · "
            f"{session.started_at[:10]}", partial(open_session_screen, app, session.id),
            f"{state}; facilitated by {session.facilitator}"))
    return commands


def open_help(app: Any, topic: str) -> None:
    from .dialogs.help import HelpScreen

    app.push_screen(HelpScreen(topic))


def help_commands(app: Any) -> list[tuple[str, Any, str]]:
    """'Help: Risk listing', … one per part of the help."""
    from .dialogs.help import HELP_FILE

    headings = [line.lstrip("#").strip() for line in
                HELP_FILE.read_text(encoding="utf-8").splitlines() if line.startswith("##")]
    return [(f"Help: {title}", partial(open_help, app, title),
             "Keys and what this part of spip does") for title in headings]
