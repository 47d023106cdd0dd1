"""Find past sessions by subject, facilitator, date and text (ideas, risks, strategies,
tactics, review notes).

The text index is built on demand in memory (SQLite FTS5 with the Porter stemmer, so
"price" finds "prices" and "pricing"), from the rows as they are now; nothing is written
to the database and no second copy of the text has to be kept in step.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import asdict, dataclass, field
from typing import Any

from facilitation.store.database import Store

# (what, SQL giving session_id and text) for every text a session holds.
TEXTS = (
    ("idea", ("SELECT r.session_id, i.text FROM ideas i JOIN brainstorm_rounds r "
              "ON r.id = i.round_id")),
    ("risk", "SELECT session_id, title || ' ' || description || ' ' || evidence FROM risks"),
    ("strategy", ("SELECT session_id, text || ' ' || resources || ' ' || insights || ' ' || "
                  "best_practices FROM strategies")),
    ("tactic", ("SELECT s.session_id, t.action FROM tactics t JOIN strategies s "
                "ON s.id = t.strategy_id")),
    ("note", "SELECT session_id, note FROM review_meetings WHERE note != ''"),
)


@dataclass(frozen=True)
class SessionHit:
    """A session that matches, and the texts in it that matched."""

    session_id: int
    plan_id: int
    subject: str
    script: str
    facilitator: str
    started_at: str
    ended_at: str | None
    matches: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (what, text)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["matches"] = [{"what": w, "text": t} for w, t in self.matches]
        return data


def _fts_query(text: str) -> str:
    """Every word must appear (as a prefix); quotes keep FTS syntax out of people's words."""
    words = re.findall(r"\w+", text)
    return " AND ".join(f'"{w}"*' for w in words)


def _text_matches(store: Store, text: str) -> dict[int, list[tuple[str, str]]]:
    index = sqlite3.connect(":memory:")
    index.execute("CREATE VIRTUAL TABLE texts USING fts5(what UNINDEXED, "
                  "session_id UNINDEXED, body, tokenize='porter unicode61')")
    for what, sql in TEXTS:
        index.executemany("INSERT INTO texts VALUES (?, ?, ?)",
                          [(what, sid, body) for sid, body in store.query(sql)
                           if sid is not None and body])
    found: dict[int, list[tuple[str, str]]] = {}
    query = _fts_query(text)
    if not query:
        return found
    for what, session_id, body in index.execute(
            "SELECT what, session_id, body FROM texts WHERE texts MATCH ? ORDER BY rank",
            [f"body: ({query})"]):
        found.setdefault(int(session_id), []).append((what, " ".join(body.split())))
    index.close()
    return found


def search_sessions(store: Store, *, text: str = "", subject: str = "", facilitator: str = "",
                    since: str = "", until: str = "") -> list[SessionHit]:
    """Sessions, newest first, matching every criterion given (case-insensitive; dates
    'YYYY-MM-DD' inclusive; `text` is words that must all appear in one of its texts)."""
    sql = ("SELECT s.*, p.subject_name FROM sessions s JOIN plans p ON p.id = s.plan_id "
           "WHERE p.subject_name LIKE ? AND s.facilitator LIKE ?")
    params: list[Any] = [f"%{subject.strip()}%", f"%{facilitator.strip()}%"]
    if since:
        sql += " AND s.started_at >= ?"
        params.append(since)
    if until:
        sql += " AND substr(s.started_at, 1, 10) <= ?"
        params.append(until)
    rows = store.query(sql + " ORDER BY s.started_at DESC, s.id DESC", params)
    matches = _text_matches(store, text) if text.strip() else None
    hits = []
    for row in rows:
        found = matches.get(row["id"]) if matches is not None else []
        if matches is not None and not found:
            continue
        hits.append(SessionHit(row["id"], row["plan_id"], row["subject_name"], row["script"],
                               row["facilitator"], row["started_at"], row["ended_at"],
                               tuple(found or ())))
    return hits
