"""The facilitator leads: participants follow the current step; a step can be locked.

With `lead` on (the default) every participant's view shows the facilitator's
current step. Off, participants may look at other steps on their own. A locked
step is read-only for participants (the facilitator can still change it).
"""

from __future__ import annotations

from datetime import UTC, datetime

from facilitation.live.join_codes import JoinError
from facilitation.live.roster import _must_lead
from facilitation.store.database import Store
from facilitation.workshop.sessions import get_session


def is_leading(store: Store, session_id: int) -> bool:
    """True when participants' views follow the facilitator's step."""
    return bool(store.query("SELECT lead FROM sessions WHERE id = ?", [session_id])[0][0])


def set_leading(store: Store, session_id: int, lead: bool, *, by: str) -> None:
    """Turn following the facilitator's step on or off (one event)."""
    session = get_session(store, session_id)
    _must_lead(session, by, "change who leads the steps")
    if is_leading(store, session_id) == lead:
        return
    with store.change("session.lead_set", {"lead": lead}, actor=by, session_id=session_id) as ch:
        ch.update("sessions", session_id, {"lead": int(lead)})


def locked_steps(store: Store, session_id: int) -> set[int]:
    """Indexes of the steps that are read-only for participants."""
    return {r[0] for r in store.query(
        "SELECT step_index FROM step_locks WHERE session_id = ?", [session_id])}


def is_locked(store: Store, session_id: int, step_index: int) -> bool:
    return step_index in locked_steps(store, session_id)


def lock_step(store: Store, session_id: int, step_index: int, locked: bool = True, *, by: str,
              now: datetime | None = None) -> None:
    """Make a step read-only for participants (or writable again with locked=False)."""
    session = get_session(store, session_id)
    _must_lead(session, by, "lock steps")
    if not 0 <= step_index < len(session.script.steps):
        raise JoinError(f"there is no step {step_index + 1}")
    rows = store.query("SELECT id FROM step_locks WHERE session_id = ? AND step_index = ?",
                       [session_id, step_index])
    step = session.script.steps[step_index]
    if locked and not rows:
        with store.change("session.step_locked", {"step": step.id, "step_index": step_index},
                          actor=by, session_id=session_id) as ch:
            ch.insert("step_locks", {
                "session_id": session_id, "step_index": step_index,
                "locked_at": (now or datetime.now(UTC)).isoformat(timespec="seconds")})
    elif not locked and rows:
        with store.change("session.step_unlocked", {"step": step.id, "step_index": step_index},
                          actor=by, session_id=session_id) as ch:
            ch.delete("step_locks", rows[0]["id"])
