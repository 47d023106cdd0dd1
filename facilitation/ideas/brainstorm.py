"""Timed brainstorming: rounds with a prompt and a countdown, and the ideas typed in them.

A round answers the gap ("How could we find the missing 12,400 this quarter?")
or one top risk ("If a key salesperson leaves, what do we do?"). Its timer is
stored as times, never as a ticking counter: the run time before the current
stretch (`elapsed_seconds`) plus, while running, the time since `running_since`.
So the countdown is right across screen changes, restarts and other processes.

Every function takes an optional `now` (an aware datetime) so tests can inject
the clock. Every change is one event; edits, merges and deletions of ideas can
be undone (`undo_last`), the undo being an event too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from facilitation.store.database import Change, Store
from facilitation.store.model import Record, format_money, months_between

DEFAULT_ROUND_SECONDS = 300
ADD_TIME_SECONDS = 60
MAX_IDEA_LENGTH = 500
ANSWERS = ("gap", "risk", "other")
UNDOABLE = ("idea.edited", "idea.merged", "idea.deleted")


class BrainstormError(ValueError):
    """A brainstorming move that cannot be made (the message says why)."""


def _now(now: datetime | None) -> datetime:
    return now or datetime.now(UTC)


def _stamp(now: datetime | None) -> str:
    # Milliseconds: pausing and resuming many times must not lose seconds to rounding.
    return _now(now).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Round(Record):
    """One brainstorming round and its timer."""

    id: int
    plan_id: int
    session_id: int | None
    answers: str
    risk_id: int | None
    prompt: str
    position: int
    anonymous: int
    time_box_seconds: int
    added_seconds: int
    status: str
    started_at: str | None
    running_since: str | None
    elapsed_seconds: float
    ended_at: str | None
    created_at: str

    @property
    def total_seconds(self) -> int:
        """The time box plus every minute added."""
        return self.time_box_seconds + self.added_seconds

    def elapsed(self, now: datetime | None = None) -> float:
        """Seconds the round has run (pauses excluded), capped at its total time."""
        seconds = self.elapsed_seconds
        if self.running_since is not None:
            since = datetime.fromisoformat(self.running_since)
            seconds += max(0.0, (_now(now) - since).total_seconds())
        return min(seconds, float(self.total_seconds))

    def remaining(self, now: datetime | None = None) -> float:
        """Seconds left on the countdown (0 when time is up)."""
        return max(0.0, self.total_seconds - self.elapsed(now))

    def state(self, now: datetime | None = None) -> str:
        """'ready', 'running', 'paused', 'time_up', 'ended' (early) or 'skipped'."""
        if self.status == "running" and self.remaining(now) <= 0:
            return "time_up"
        if self.status == "ended" and self.remaining(now) <= 0:
            return "time_up"
        return self.status

    def takes_ideas(self, now: datetime | None = None) -> bool:
        """Ideas are welcome until the round ends (before the start too, for untimed use)."""
        return self.state(now) in ("ready", "running", "paused")

    @property
    def is_anonymous(self) -> bool:
        return bool(self.anonymous)


@dataclass(frozen=True)
class Idea:
    """An idea with the texts of the duplicates merged into it."""

    id: int
    round_id: int
    plan_id: int
    text: str
    author: str | None
    created_at: str
    merged: tuple[str, ...] = ()

    @property
    def full_text(self) -> str:
        """The idea and its merged duplicates, as one line."""
        return " / ".join((self.text, *self.merged))


# --- prompts ---------------------------------------------------------------------------------

def period_words(period_start: str, period_end: str) -> str:
    """'this quarter', 'this year', or 'in the next 5 months' for a plan period."""
    months = months_between(period_start, period_end)
    return {1: "this month", 3: "this quarter", 6: "this half-year", 12: "this year"}.get(
        months, f"in the next {months} months")


def gap_prompt(gap: float | None, period_start: str, period_end: str) -> str:
    """The gap round's question, with the real figure when the forecast gives one."""
    when = period_words(period_start, period_end)
    if gap is None:
        return f"How could we close the gap to the target {when}?"
    if gap <= 0:
        return (f"The forecast beats the target by {format_money(-gap)}: "
                f"how could we make sure of it {when}?")
    return f"How could we find the missing {format_money(gap)} {when}?"


def risk_prompt(risk_title: str) -> str:
    """The question of a round on one top risk."""
    title = risk_title.strip().rstrip(".")
    if title[:1].isupper() and not title[1:2].isupper():
        title = title[0].lower() + title[1:]
    # Catalogue titles are clauses ("A competitor prices aggressively"); a short noun
    # phrase typed by the group ("Recession") needs a verb.
    if len(title.split()) < 3:
        return f"If {title} happens, what do we do?"
    return f"If {title}, what do we do?"


# --- rounds ----------------------------------------------------------------------------------

def get_round(store: Store, round_id: int) -> Round:
    """One round by id (KeyError if there is none)."""
    rows = store.query("SELECT * FROM brainstorm_rounds WHERE id = ?", [round_id])
    if not rows:
        raise KeyError(f"there is no brainstorming round {round_id}")
    return Round.from_row(rows[0])


def list_rounds(store: Store, *, session_id: int | None = None,
                plan_id: int | None = None) -> list[Round]:
    """A session's rounds (or a plan's, across sessions) in their order."""
    if session_id is not None:
        rows = store.query("SELECT * FROM brainstorm_rounds WHERE session_id = ? "
                           "ORDER BY position, id", [session_id])
    else:
        rows = store.query("SELECT * FROM brainstorm_rounds WHERE plan_id = ? "
                           "ORDER BY session_id, position, id", [plan_id])
    return [Round.from_row(r) for r in rows]


def _round_row(plan_id: int, session_id: int | None, prompt: str, answers: str,
               risk_id: int | None, position: int, anonymous: bool, time_box_seconds: int,
               now: datetime | None) -> dict[str, Any]:
    prompt = " ".join(prompt.split())
    if not prompt:
        raise BrainstormError("a round needs a question to brainstorm on")
    if answers not in ANSWERS:
        raise BrainstormError(f"a round answers one of: {', '.join(ANSWERS)}")
    if answers == "risk" and risk_id is None:
        raise BrainstormError("a round on a risk needs the risk")
    if not 10 <= time_box_seconds <= 3 * 3600:
        raise BrainstormError("a round lasts from 10 seconds to 3 hours")
    return {
        "plan_id": plan_id, "session_id": session_id, "answers": answers, "risk_id": risk_id,
        "prompt": prompt, "position": position, "anonymous": int(anonymous),
        "time_box_seconds": int(time_box_seconds), "added_seconds": 0, "status": "ready",
        "started_at": None, "running_since": None, "elapsed_seconds": 0.0, "ended_at": None,
        "created_at": _stamp(now),
    }


def _next_position(store: Store, plan_id: int, session_id: int | None) -> int:
    row = store.query(
        "SELECT COALESCE(MAX(position), 0) FROM brainstorm_rounds WHERE plan_id = ? "
        "AND session_id IS ?", [plan_id, session_id])[0]
    return row[0] + 1


def add_round(
    store: Store, plan_id: int, prompt: str, *, session_id: int | None = None,
    answers: str = "other", risk_id: int | None = None, anonymous: bool = False,
    time_box_seconds: int = DEFAULT_ROUND_SECONDS, actor: str | None = None,
    now: datetime | None = None,
) -> int:
    """Add a round at the end of the session's list; returns its id."""
    row = _round_row(plan_id, session_id, prompt, answers, risk_id,
                     _next_position(store, plan_id, session_id), anonymous, time_box_seconds, now)
    with store.change("brainstorm.round_added", {"plan_id": plan_id, "prompt": row["prompt"]},
                      actor=actor, session_id=session_id) as ch:
        round_id = ch.insert("brainstorm_rounds", row)
        ch.payload["round_id"] = round_id
    return round_id


def plan_rounds(
    store: Store, plan_id: int, session_id: int | None, gap: float | None, *,
    time_box_seconds: int = DEFAULT_ROUND_SECONDS, actor: str | None = None,
    now: datetime | None = None,
) -> list[Round]:
    """The session's rounds, creating the standard ones first if it has none yet:
    one on the gap (with its figure) and one per top risk. A top risk that has no
    round yet (assessed after the rounds were made) gets one at the end. One event
    for all the rounds made; `gap` is only read when the gap round is made."""
    from facilitation.contingency.risks import top_risks
    from facilitation.plan.plans import get_plan

    existing = list_rounds(store, session_id=session_id) if session_id is not None else []
    risks = top_risks(store, plan_id)
    if existing:
        covered = {r.risk_id for r in existing if r.risk_id is not None}
        wanted = [("risk", risk.id, risk_prompt(risk.title)) for risk in risks
                  if risk.id not in covered]
        first = max(r.position for r in existing) + 1
        if not wanted:
            return existing
    else:
        plan = get_plan(store, plan_id)
        wanted = [("gap", None, gap_prompt(gap, plan.period_start, plan.period_end))]
        wanted += [("risk", risk.id, risk_prompt(risk.title)) for risk in risks]
        first = 1
    with store.change("brainstorm.rounds_planned", {"plan_id": plan_id, "gap": gap},
                      actor=actor, session_id=session_id) as ch:
        for position, (answers, risk_id, prompt) in enumerate(wanted, first):
            ch.insert("brainstorm_rounds", _round_row(
                plan_id, session_id, prompt, answers, risk_id, position, False,
                time_box_seconds, now))
    return list_rounds(store, session_id=session_id) if session_id is not None else []


def _timer_change(store: Store, kind: str, round_: Round, values: dict[str, Any],
                  actor: str | None) -> None:
    with store.change(kind, {"round_id": round_.id, "plan_id": round_.plan_id},
                      actor=actor, session_id=round_.session_id) as ch:
        ch.update("brainstorm_rounds", round_.id, values)


def start_round(store: Store, round_id: int, *, actor: str | None = None,
                now: datetime | None = None) -> None:
    """Start the countdown (or resume it when paused)."""
    round_ = get_round(store, round_id)
    state = round_.state(now)
    if state == "paused":
        resume_round(store, round_id, actor=actor, now=now)
        return
    if state != "ready":
        raise BrainstormError(_closed_message(state) if state != "running"
                              else "the round is already running")
    stamp = _stamp(now)
    _timer_change(store, "brainstorm.round_started", round_,
                  {"status": "running", "started_at": stamp, "running_since": stamp}, actor)


def pause_round(store: Store, round_id: int, *, actor: str | None = None,
                now: datetime | None = None) -> None:
    """Stop the countdown; the time run so far is kept."""
    round_ = get_round(store, round_id)
    if round_.state(now) != "running":
        raise BrainstormError("only a running round can be paused")
    _timer_change(store, "brainstorm.round_paused", round_, {
        "status": "paused", "running_since": None, "elapsed_seconds": round_.elapsed(now)}, actor)


def resume_round(store: Store, round_id: int, *, actor: str | None = None,
                 now: datetime | None = None) -> None:
    """Start the countdown again from where it was paused."""
    round_ = get_round(store, round_id)
    if round_.state(now) != "paused":
        raise BrainstormError("only a paused round can be resumed")
    _timer_change(store, "brainstorm.round_resumed", round_,
                  {"status": "running", "running_since": _stamp(now)}, actor)


def add_time(store: Store, round_id: int, seconds: int = ADD_TIME_SECONDS, *,
             actor: str | None = None, now: datetime | None = None) -> None:
    """Give the round more time; a round whose time was up runs again."""
    round_ = get_round(store, round_id)
    state = round_.state(now)
    if state in ("skipped", "ended"):
        raise BrainstormError(_closed_message(state))
    if state == "ready":
        values: dict[str, Any] = {"added_seconds": round_.added_seconds + seconds}
    elif state == "time_up":
        # Run again from the moment time ran out plus the new minute, counted from now.
        values = {"added_seconds": round_.added_seconds + seconds, "status": "running",
                  "elapsed_seconds": float(round_.total_seconds), "running_since": _stamp(now),
                  "ended_at": None}
    else:
        values = {"added_seconds": round_.added_seconds + seconds}
    _timer_change(store, "brainstorm.round_time_added", round_, values, actor)


def end_round(store: Store, round_id: int, *, actor: str | None = None,
              now: datetime | None = None) -> None:
    """End the round early (or record that its time ran out): no more ideas."""
    round_ = get_round(store, round_id)
    state = round_.state(now)
    if state in ("ended", "skipped"):
        return
    if state == "time_up" and round_.ended_at:
        return
    _timer_change(store, "brainstorm.round_ended", round_, {
        "status": "ended", "running_since": None, "elapsed_seconds": round_.elapsed(now),
        "ended_at": _ended_moment(round_, now), "started_at": round_.started_at or _stamp(now),
    }, actor)


def _ended_moment(round_: Round, now: datetime | None) -> str:
    """When the round ended: now, or the moment its time ran out if that was earlier."""
    if round_.running_since is not None and round_.remaining(now) <= 0:
        since = datetime.fromisoformat(round_.running_since)
        run_out = since + timedelta(seconds=round_.total_seconds - round_.elapsed_seconds)
        return run_out.isoformat(timespec="milliseconds")
    return _stamp(now)


def close_if_time_up(store: Store, round_id: int, *, actor: str | None = None,
                     now: datetime | None = None) -> bool:
    """Record the end of a round whose time has run out; True if it did just now."""
    round_ = get_round(store, round_id)
    if round_.status == "running" and round_.state(now) == "time_up":
        end_round(store, round_id, actor=actor, now=now)
        return True
    return False


def skip_round(store: Store, round_id: int, *, actor: str | None = None,
               now: datetime | None = None) -> None:
    """Skip a round that has no ideas (the facilitator decided not to run it)."""
    round_ = get_round(store, round_id)
    if _idea_count(store, round_id):
        raise BrainstormError("the round has ideas already; end it instead of skipping it")
    _timer_change(store, "brainstorm.round_skipped", round_,
                  {"status": "skipped", "running_since": None, "ended_at": _stamp(now)}, actor)


def unskip_round(store: Store, round_id: int, *, actor: str | None = None) -> None:
    """Bring a skipped round back, ready to start."""
    round_ = get_round(store, round_id)
    if round_.status != "skipped":
        raise BrainstormError("the round was not skipped")
    _timer_change(store, "brainstorm.round_unskipped", round_,
                  {"status": "ready", "ended_at": None, "elapsed_seconds": 0.0,
                   "started_at": None}, actor)


def set_anonymous(store: Store, round_id: int, anonymous: bool, *,
                  actor: str | None = None) -> None:
    """Make a round anonymous (no author stored) or named; only before its first idea."""
    round_ = get_round(store, round_id)
    if _idea_count(store, round_id):
        raise BrainstormError("the round has ideas already; choose anonymity before the first")
    _timer_change(store, "brainstorm.round_anonymity_set", round_,
                  {"anonymous": int(anonymous)}, actor)


def parse_minutes(text: str) -> int:
    """'2', '2.5' or '1:30' minutes as seconds; BrainstormError when not a duration."""
    cleaned = text.strip()
    try:
        if ":" in cleaned:
            minutes, seconds = cleaned.split(":", 1)
            total = int(minutes) * 60 + int(seconds)
        else:
            total = round(float(cleaned) * 60)
    except ValueError:
        raise BrainstormError(f'"{text}" is not a number of minutes (e.g. 2, 2.5 or 1:30)') from None
    if not 10 <= total <= 3 * 3600:
        raise BrainstormError("a round lasts from 10 seconds to 3 hours")
    return total


def set_time_box(store: Store, round_id: int, seconds: int, *,
                 actor: str | None = None) -> None:
    """Change the length of a round that has not started yet."""
    round_ = get_round(store, round_id)
    if round_.status != "ready":
        raise BrainstormError("the round has started; add minutes instead (ctrl+g)")
    if not 10 <= seconds <= 3 * 3600:
        raise BrainstormError("a round lasts from 10 seconds to 3 hours")
    _timer_change(store, "brainstorm.round_time_box_set", round_,
                  {"time_box_seconds": int(seconds)}, actor)


def _closed_message(state: str) -> str:
    return {
        "time_up": "time is up for this round: no more ideas (add a minute to reopen it)",
        "ended": "this round has ended: no more ideas",
        "skipped": "this round was skipped",
    }.get(state, f"the round is {state}")


# --- ideas -----------------------------------------------------------------------------------

def _idea_count(store: Store, round_id: int) -> int:
    return store.query("SELECT count(*) FROM ideas WHERE round_id = ?", [round_id])[0][0]


def clean_idea_text(text: str) -> str:
    """One line, no surrounding blanks; BrainstormError when empty or far too long."""
    cleaned = " ".join(text.split())
    if not cleaned:
        raise BrainstormError("an idea needs some words")
    if len(cleaned) > MAX_IDEA_LENGTH:
        raise BrainstormError(f"an idea fits in {MAX_IDEA_LENGTH} characters; "
                              f"this one has {len(cleaned)}")
    return cleaned


def add_idea(store: Store, round_id: int, text: str, author: str | None = None, *,
             actor: str | None = None, now: datetime | None = None) -> int:
    """Add an idea to a round that still takes ideas; returns its id.

    In an anonymous round the author is not stored at all (not even in the event).
    """
    round_ = get_round(store, round_id)
    state = round_.state(now)
    if not round_.takes_ideas(now):
        raise BrainstormError(_closed_message(state))
    cleaned = clean_idea_text(text)
    author = None if round_.is_anonymous else ((author or "").strip() or None)
    stamp = _stamp(now)
    row = {"round_id": round_id, "plan_id": round_.plan_id, "text": cleaned, "author": author,
           "merged_into": None, "created_at": stamp, "updated_at": stamp}
    # In an anonymous round the event's actor would name the author, so it says who
    # ran the session instead: the facilitator's login, never the typist.
    event_actor = "anonymous" if round_.is_anonymous else actor
    with store.change("idea.added", {"round_id": round_id, "plan_id": round_.plan_id},
                      actor=event_actor, session_id=round_.session_id) as ch:
        idea_id = ch.insert("ideas", row)
        ch.payload["idea_id"] = idea_id
    return idea_id


def get_idea_row(store: Store, idea_id: int) -> Any:
    """One idea's row (KeyError if there is none)."""
    rows = store.query("SELECT * FROM ideas WHERE id = ?", [idea_id])
    if not rows:
        raise KeyError(f"there is no idea {idea_id}")
    return rows[0]


def list_ideas(store: Store, round_id: int) -> list[Idea]:
    """A round's ideas in the order typed; merged duplicates are folded into their idea."""
    rows = store.query("SELECT * FROM ideas WHERE round_id = ? ORDER BY id", [round_id])
    return _fold(rows)


def list_plan_ideas(store: Store, *, session_id: int | None = None,
                    plan_id: int | None = None) -> list[Idea]:
    """Every idea of a session's rounds (or of a plan), round by round."""
    where = "r.session_id = ?" if session_id is not None else "i.plan_id = ?"
    rows = store.query(
        f"SELECT i.* FROM ideas i JOIN brainstorm_rounds r ON r.id = i.round_id "
        f"WHERE {where} ORDER BY r.position, r.id, i.id",
        [session_id if session_id is not None else plan_id])
    return _fold(rows)


def _fold(rows: list[Any]) -> list[Idea]:
    merged: dict[int, list[str]] = {}
    for row in rows:
        if row["merged_into"] is not None:
            merged.setdefault(row["merged_into"], []).append(row["text"])
    return [
        Idea(row["id"], row["round_id"], row["plan_id"], row["text"], row["author"],
             row["created_at"], tuple(merged.get(row["id"], ())))
        for row in rows if row["merged_into"] is None
    ]


def edit_idea(store: Store, idea_id: int, text: str, *, actor: str | None = None,
              now: datetime | None = None) -> None:
    """Reword an idea (the old text stays in the log; undo brings it back)."""
    row = get_idea_row(store, idea_id)
    cleaned = clean_idea_text(text)
    if cleaned == row["text"]:
        return
    round_ = get_round(store, row["round_id"])
    with store.change("idea.edited", {"round_id": round_.id, "idea_id": idea_id},
                      actor=actor, session_id=round_.session_id) as ch:
        ch.update("ideas", idea_id, {"text": cleaned, "updated_at": _stamp(now)})


def merge_ideas(store: Store, keep_id: int, duplicate_id: int, *, actor: str | None = None,
                now: datetime | None = None) -> None:
    """Fold a duplicate into another idea: both texts are kept, the duplicate's scores go."""
    if keep_id == duplicate_id:
        raise BrainstormError("an idea cannot be merged into itself")
    keep, duplicate = get_idea_row(store, keep_id), get_idea_row(store, duplicate_id)
    if keep["merged_into"] is not None or duplicate["merged_into"] is not None:
        raise BrainstormError("that idea is already merged into another")
    if keep["plan_id"] != duplicate["plan_id"]:
        raise BrainstormError("ideas of different plans cannot be merged")
    _refuse_if_promoted(store, duplicate_id, "merged")
    round_ = get_round(store, keep["round_id"])
    stamp = _stamp(now)
    with store.change("idea.merged", {"round_id": round_.id, "idea_id": keep_id,
                                      "duplicate_id": duplicate_id},
                      actor=actor, session_id=round_.session_id) as ch:
        # The duplicate's own duplicates come along to the idea that is kept.
        for child in store.query("SELECT id FROM ideas WHERE merged_into = ?", [duplicate_id]):
            ch.update("ideas", child["id"], {"merged_into": keep_id, "updated_at": stamp})
        ch.delete_where("idea_scores", "idea_id = ?", [duplicate_id])
        ch.update("ideas", duplicate_id, {"merged_into": keep_id, "updated_at": stamp})


def _refuse_if_promoted(store: Store, idea_id: int, verb: str) -> None:
    if store.query("SELECT 1 FROM strategies WHERE idea_id = ?", [idea_id]):
        raise BrainstormError(f"that idea is a strategy already; it cannot be {verb}")


def delete_idea(store: Store, idea_id: int, *, actor: str | None = None) -> None:
    """Delete an idea with its merged duplicates and scores (undo brings them all back)."""
    row = get_idea_row(store, idea_id)
    _refuse_if_promoted(store, idea_id, "deleted")
    round_ = get_round(store, row["round_id"])
    with store.change("idea.deleted", {"round_id": round_.id, "idea_id": idea_id,
                                       "text": row["text"]},
                      actor=actor, session_id=round_.session_id) as ch:
        family = "idea_id = ? OR idea_id IN (SELECT id FROM ideas WHERE merged_into = ?)"
        ch.delete_where("idea_scores", family, [idea_id, idea_id])
        ch.delete_where("ideas", "merged_into = ?", [idea_id])
        ch.delete("ideas", idea_id)


def last_undoable(store: Store, round_id: int) -> tuple[int, str] | None:
    """The latest edit, merge or deletion in the round not undone yet: (event seq, kind)."""
    kinds = ",".join("?" * len(UNDOABLE))
    rows = store.query(
        f"""SELECT seq, kind FROM events
            WHERE kind IN ({kinds}) AND json_extract(payload, '$.round_id') = ?
              AND seq NOT IN (SELECT json_extract(payload, '$.undoes') FROM events
                              WHERE kind = 'idea.undone')
            ORDER BY seq DESC LIMIT 1""",
        [*UNDOABLE, round_id])
    return (rows[0]["seq"], rows[0]["kind"]) if rows else None


def undo_last(store: Store, round_id: int, *, actor: str | None = None) -> str | None:
    """Undo the round's latest edit, merge or deletion; returns what was undone
    ('idea.deleted', ...) or None when there is nothing to undo."""
    found = last_undoable(store, round_id)
    if found is None:
        return None
    seq, kind = found
    event = store.query("SELECT payload, session_id FROM events WHERE seq = ?", [seq])[0]
    ops = json.loads(event["payload"])["ops"]
    with store.change("idea.undone", {"round_id": round_id, "undoes": seq, "undone": kind},
                      actor=actor, session_id=event["session_id"]) as ch:
        _reverse(ch, ops)
    return kind


def _reverse(ch: Change, ops: list[dict[str, Any]]) -> None:
    """Apply the opposite of recorded row operations, last first."""
    for op in reversed(ops):
        if op["op"] == "update":
            ch.update(op["table"], op["id"], op["before"])
        elif op["op"] == "insert":
            ch.delete(op["table"], op["row"]["id"])
        elif op["op"] == "delete":
            ch.insert(op["table"], op["row"])
        elif op["op"] in ("delete_many", "insert_many"):
            rows = op["rows"]
            if op["op"] == "delete_many":
                # Rows referenced by others (a kept idea) must come back before them.
                for row in sorted(rows, key=lambda r: r.get("merged_into") is not None):
                    ch.insert(op["table"], row)
            else:
                for row in rows:
                    ch.delete(op["table"], row["id"])
