-- Live sessions, continued: dot-voting on ideas, comments on ideas and risks, and
-- presence that rides the change feed (an event per arrival, leaving and last-seen).

-- One participant's dot on an idea (a few per round; each person at most one per idea).
-- No foreign key on idea_id: a deleted idea's votes stay, hidden, so that undoing the
-- deletion brings the idea back with them (undo re-inserts the idea under its old id).
-- AUTOINCREMENT: a vote taken back never lends its id to the next vote, since in an
-- anonymous round a participant's view knows its own votes only by their ids.
CREATE TABLE idea_votes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    idea_id INTEGER NOT NULL,
    round_id INTEGER NOT NULL REFERENCES brainstorm_rounds(id),
    voter TEXT,                 -- NULL in an anonymous round (only totals are ever shown)
    voted_at TEXT NOT NULL
);
CREATE INDEX idea_votes_idea ON idea_votes(idea_id);
CREATE INDEX idea_votes_round ON idea_votes(round_id);
CREATE UNIQUE INDEX idea_votes_one_each ON idea_votes(idea_id, voter) WHERE voter IS NOT NULL;

-- A remark on an idea or on a risk (exactly one), under its author's name, or none in an
-- anonymous round. No foreign key on idea_id/risk_id, for the same reason as votes.
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    idea_id INTEGER,
    risk_id INTEGER,
    author TEXT,
    text TEXT NOT NULL,
    added_at TEXT NOT NULL,
    CHECK ((idea_id IS NULL) <> (risk_id IS NULL))
);
CREATE INDEX comments_idea ON comments(idea_id);
CREATE INDEX comments_risk ON comments(risk_id);

-- Presence is now written by events (arrived, left, a last-seen at most once a minute),
-- so the facilitator's view learns of it from the change feed; replay rebuilds it.
-- What the old table held was live state only: nothing of the history is lost.
DROP TABLE presence;
CREATE TABLE presence (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    name TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    left_at TEXT,
    UNIQUE (session_id, name)
);
