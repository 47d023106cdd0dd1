"""What a participant can write in a live session, and the checks before each write.

A participant adds risks while the group lists them, ideas in a brainstorming round
that takes them, and their own feasibility/impact scores. Each write is the domain's
usual one transaction and one event, made under the participant's name; it is
refused, with a one-line reason, when the session has ended, the facilitator removed
the participant or locked the step, or the step is not the one that takes it.
"""

from __future__ import annotations

from datetime import datetime

from facilitation.contingency.risks import add_risk
from facilitation.ideas.brainstorm import (
    Round,
    add_idea,
    get_idea_row,
    get_round,
    list_plan_ideas,
    list_rounds,
)
from facilitation.ideas.scoring import scores_of, set_score
from facilitation.live.join_codes import JoinError
from facilitation.live.leading import is_leading, is_locked
from facilitation.live.roster import is_removed
from facilitation.store.database import Store
from facilitation.workshop.sessions import Session, get_session

# The step kinds a participant can write in; every other step is shown read-only.
WRITABLE_KINDS = ("risk_listing", "brainstorming", "scoring")


class ParticipationError(ValueError):
    """A participant's write that is refused (the message says why, in one line)."""


def participant_step(store: Store, session: Session, wanted: int | None = None) -> int:
    """The step a participant's view shows: the facilitator's while they lead, else the
    one the participant chose (`wanted`)."""
    if wanted is None or is_leading(store, session.id):
        return session.current_step_index
    return max(0, min(wanted, len(session.script.steps) - 1))


def check_can_write(store: Store, session_id: int, name: str, step_index: int,
                    kind: str | tuple[str, ...]) -> Session:
    """The session if `name` may write in step `step_index` (of kind `kind`, or one of
    the kinds) now; ParticipationError otherwise."""
    session = get_session(store, session_id)
    if session.is_ended:
        raise ParticipationError("the session has ended: nothing more can be added")
    if is_removed(store, session_id, name):
        raise ParticipationError("the facilitator removed you from this session")
    step = session.script.steps[step_index]
    if step.kind not in ((kind,) if isinstance(kind, str) else kind):
        raise ParticipationError(f"this is the {step.title} step; it does not take that")
    if is_leading(store, session_id) and step_index != session.current_step_index:
        raise ParticipationError(f"the facilitator has moved on to "
                                 f"{session.current_step.title}")
    if is_locked(store, session_id, step_index):
        raise ParticipationError("the facilitator locked this step: it is read-only for now")
    return session


def contribute_risk(store: Store, session_id: int, name: str, step_index: int,
                    title: str) -> int:
    """A participant lists a risk; returns its id."""
    session = check_can_write(store, session_id, name, step_index, "risk_listing")
    return add_risk(store, session.plan_id, title, session_id=session_id, actor=name)


def current_round(store: Store, session_id: int) -> Round | None:
    """The round participants write in: the one running or paused (the latest started),
    else the first that is ready, else the last one."""
    rounds = [r for r in list_rounds(store, session_id=session_id) if r.status != "skipped"]
    if not rounds:
        return None
    going = [r for r in rounds if r.status in ("running", "paused")]
    if going:
        return max(going, key=lambda r: (r.started_at or "", r.id))
    ready = [r for r in rounds if r.status == "ready"]
    return ready[0] if ready else rounds[-1]


def contribute_idea(store: Store, session_id: int, name: str, step_index: int, round_id: int,
                    text: str, *, now: datetime | None = None) -> int:
    """A participant adds an idea to a round (no author stored in an anonymous round);
    returns its id. A round that has not started yet takes no ideas from participants."""
    check_can_write(store, session_id, name, step_index, "brainstorming")
    round_ = next((r for r in list_rounds(store, session_id=session_id) if r.id == round_id),
                  None)
    if round_ is None:
        raise JoinError("that round is not part of this session")
    if round_.state(now) == "ready":
        raise ParticipationError("the round has not started yet: wait for the facilitator")
    return add_idea(store, round_id, text, name, actor=name, now=now)


def session_idea(store: Store, session_id: int, idea_id: int) -> tuple[dict, Round]:
    """One of this session's ideas (its row) and its round; refused if gone or another's."""
    try:
        idea = get_idea_row(store, idea_id)
    except KeyError:
        raise ParticipationError("that idea is gone (the facilitator deleted it)") from None
    round_ = get_round(store, idea["round_id"])
    if round_.session_id != session_id:
        raise ParticipationError("that idea is not part of this session")
    return idea, round_


def contribute_score(store: Store, session_id: int, name: str, step_index: int, idea_id: int,
                     *, feasibility: int | str | None = None,
                     impact: int | str | None = None) -> None:
    """A participant gives their own feasibility and/or impact score to an idea."""
    check_can_write(store, session_id, name, step_index, "scoring")
    if idea_id not in {i.id for i in list_plan_ideas(store, session_id=session_id)}:
        raise JoinError("that idea is not part of this session")
    set_score(store, idea_id, name, feasibility=feasibility, impact=impact, actor=name)


def my_scores(store: Store, session_id: int, name: str) -> dict[int, tuple[int | None,
                                                                           int | None]]:
    """The participant's own (feasibility, impact) per idea of the session."""
    ideas = list_plan_ideas(store, session_id=session_id)
    mine: dict[int, tuple[int | None, int | None]] = {}
    for idea_id, rows in scores_of(store, [i.id for i in ideas]).items():
        for row in rows:
            if row["participant"].lower() == name.lower():
                mine[idea_id] = (row["feasibility"], row["impact"])
    return mine

