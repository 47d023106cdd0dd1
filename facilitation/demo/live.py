"""The demo's live session: the North workshop has a join code, its four participants
joined from their own terminals (their risks, ideas and scores are theirs in the log),
dot-voted on the ideas of the rounds so far and commented on ideas and risks, and the next
brainstorming round is a private one, so a second terminal can join and try private
writing: `spip --db DEMO join CODE`."""

from __future__ import annotations

from datetime import datetime, timedelta

from facilitation.contingency.risks import list_risks
from facilitation.ideas.brainstorm import list_ideas, list_rounds
from facilitation.live.comments import comment_on_idea, comment_on_risk
from facilitation.live.join_codes import current_code, join_code
from facilitation.live.leading import set_leading
from facilitation.live.private_rounds import set_private
from facilitation.live.roster import join_session
from facilitation.live.votes import toggle_vote
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
    add_votes_and_comments(store, get_session(store, session.id),
                           joined + timedelta(minutes=30))
    waiting = [r for r in list_rounds(store, session_id=session.id) if r.status == "ready"]
    if waiting:
        set_private(store, waiting[0].id, True, actor=session.facilitator)


# Which ideas (by position in their round) each participant dotted, and what they said.
DEMO_VOTES = ((0, 2, 4), (0, 1), (2, 4, 5), (0, 2))
IDEA_COMMENTS = ((0, 0, "Start with the ten biggest lapsed accounts"),
                 (1, 2, "Needs a price list the reps can quote from"),
                 (3, 0, "Marketing can send the first mailing this month"))
RISK_COMMENTS = ((2, 2, "It already started in the South region"),
                 (0, 0, "Two of the top five accounts renew in March"))


def add_votes_and_comments(store: Store, session: Session, at: datetime) -> None:
    """The participants' votes on the finished rounds' ideas and their comments, made as
    they would be from their views while the facilitator let them look around."""
    steps = [step.kind for step in session.script.steps]
    brainstorming, risk_listing = steps.index("brainstorming"), steps.index("risk_listing")
    rounds = [r for r in list_rounds(store, session_id=session.id)
              if r.status == "ended" and not r.is_anonymous]
    ideas = [i.id for r in rounds[:1] for i in list_ideas(store, r.id)]
    risks = [r.id for r in list_risks(store, session.plan_id)]
    people = list(session.participants)
    if not ideas or not people:
        return
    set_leading(store, session.id, False, by=session.facilitator)
    for person, picks in zip(people, DEMO_VOTES, strict=False):
        for n, pick in enumerate(picks):
            if pick < len(ideas):
                toggle_vote(store, session.id, person, brainstorming, ideas[pick],
                            now=at + timedelta(seconds=10 * n))
    for person, pick, text in IDEA_COMMENTS:
        if person < len(people) and pick < len(ideas):
            comment_on_idea(store, session.id, people[person], brainstorming, ideas[pick], text,
                            now=at + timedelta(minutes=1))
    for person, pick, text in RISK_COMMENTS:
        if person < len(people) and pick < len(risks):
            comment_on_risk(store, session.id, people[person], risk_listing, risks[pick], text,
                            now=at + timedelta(minutes=2))
    set_leading(store, session.id, True, by=session.facilitator)


def join_hint(store: Store) -> str | None:
    """'spip --db PATH join CODE' for the demo's live session (None without one)."""
    import shlex

    session = live_demo_session(store)
    code = None if session is None else current_code(store, session.id)
    if code is None:
        return None
    return f"spip --db {shlex.quote(str(store.path))} join {code}"

