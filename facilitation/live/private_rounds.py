"""Private writing: in a private round each participant sees only their own ideas until
the facilitator reveals them all (against anchoring and groupthink).

Anonymous rounds store no author, so a participant's own ideas in an anonymous private
round are the ones their view remembers adding (`own_ids`); nothing in the database
says whose they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from facilitation.ideas.brainstorm import BrainstormError, Idea, get_round, list_ideas
from facilitation.store.database import Store


def is_private(store: Store, round_id: int) -> bool:
    """True while the round's ideas are hidden from the other participants."""
    row = store.query("SELECT private, revealed_at FROM brainstorm_rounds WHERE id = ?",
                      [round_id])[0]
    return bool(row["private"]) and row["revealed_at"] is None


def set_private(store: Store, round_id: int, private: bool, *,
                actor: str | None = None) -> None:
    """Make a round private (or open) before its first idea."""
    round_ = get_round(store, round_id)
    if store.query("SELECT 1 FROM ideas WHERE round_id = ? LIMIT 1", [round_id]):
        raise BrainstormError("the round has ideas already; choose private writing before "
                              "the first")
    with store.change("brainstorm.round_privacy_set", {"round_id": round_id,
                                                      "private": private},
                      actor=actor, session_id=round_.session_id) as ch:
        ch.update("brainstorm_rounds", round_id, {"private": int(private), "revealed_at": None})


def reveal_round(store: Store, round_id: int, *, actor: str | None = None,
                 now: datetime | None = None) -> bool:
    """Show every idea of a private round to everyone; False if nothing was hidden."""
    if not is_private(store, round_id):
        return False
    round_ = get_round(store, round_id)
    stamp = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    with store.change("brainstorm.round_revealed", {"round_id": round_id},
                      actor=actor, session_id=round_.session_id) as ch:
        ch.update("brainstorm_rounds", round_id, {"revealed_at": stamp})
    return True


def visible_ideas(store: Store, round_id: int, viewer: str | None,
                  own_ids: Iterable[int] = (), *, after: int = 0) -> list[Idea]:
    """The round's ideas a participant may see: all of them, or in a private round not yet
    revealed only their own (by author, or by the ids their view added).
    `viewer=None` is the facilitator, who sees everything. With `after` (an idea's id),
    only those typed since it (see list_ideas)."""
    ideas = list_ideas(store, round_id, after=after)
    if viewer is None or not is_private(store, round_id):
        return ideas
    is_own = _own_test(viewer, own_ids)
    return [i for i in ideas if is_own(i.id, i.author)]


def _own_test(viewer: str, own_ids: Iterable[int]):
    """Whether an idea (its id and author) is the viewer's: by name, or by the ids their
    view added (an anonymous round stores no name)."""
    own, name = set(own_ids), viewer.strip().lower()
    return lambda idea_id, author: idea_id in own or (author or "").lower() == name


def hidden_count(store: Store, round_id: int, viewer: str | None,
                 own_ids: Iterable[int] = ()) -> int:
    """How many ideas the viewer cannot see yet (0 when nothing is hidden)."""
    if viewer is None or not is_private(store, round_id):
        return 0
    is_own = _own_test(viewer, own_ids)
    # Ids and authors only: a participant's view asks on every idea the group adds.
    return sum(not is_own(r["id"], r["author"]) for r in store.query(
        "SELECT id, author FROM ideas WHERE round_id = ? AND merged_into IS NULL",
        [round_id]))
