"""The demo's live session: the North workshop has a join code, its four participants
joined from their own terminals (their risks, ideas and scores are theirs in the log),
and the next brainstorming round is a private one, so a second terminal can join and try
private writing: `spip --db DEMO join CODE`."""

from __future__ import annotations

from datetime import datetime, timedelta

from facilitation.ideas.brainstorm import list_rounds
from facilitation.live.join_codes import current_code, join_code
from facilitation.live.private_rounds import set_private
from facilitation.live.roster import join_session
from facilitation.store.database import Store
from facilitation.workshop.sessions import Session, get_session

DEMO_PLAN = "North"


def live_demo_session(store: Store) -> Session | None:
    """The demo's session people can join (the North workshop, not ended), if any."""
    rows = store.query(
        "SELECT s.id FROM sessions s JOIN plans p ON p.id = s.plan_id "
        "WHERE p.subject_name = ? AND s.ended_at IS NULL ORDER BY s.id LIMIT 1", [DEMO_PLAN])
    return get_session(store, rows[0]["id"]) if rows else None


def add_live_session(store: Store) -> None:
    """Give the demo session a join code, its participants, and a private round to come."""
    session = live_demo_session(store)
    if session is None:
        return
    code = join_code(store, session.id, actor=session.facilitator)
    joined = datetime.fromisoformat(session.started_at) + timedelta(minutes=1)
    for n, name in enumerate(session.participants):
        join_session(store, code, name, now=joined + timedelta(seconds=20 * n))
    waiting = [r for r in list_rounds(store, session_id=session.id) if r.status == "ready"]
    if waiting:
        set_private(store, waiting[0].id, True, actor=session.facilitator)


def join_hint(store: Store) -> str | None:
    """'spip --db PATH join CODE' for the demo's live session (None without one)."""
    import shlex

    session = live_demo_session(store)
    code = None if session is None else current_code(store, session.id)
    if code is None:
        return None
    return f"spip --db {shlex.quote(str(store.path))} join {code}"

