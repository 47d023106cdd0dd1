-- Plans get a status (active / archived); sessions and review meetings exist.
ALTER TABLE plans ADD COLUMN status TEXT NOT NULL DEFAULT 'active';

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    script TEXT NOT NULL,
    facilitator TEXT NOT NULL,
    participants TEXT NOT NULL DEFAULT '[]',  -- JSON list of names
    started_at TEXT NOT NULL,
    ended_at TEXT,
    current_step TEXT
);
CREATE INDEX sessions_plan ON sessions(plan_id);

CREATE TABLE review_meetings (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    kind TEXT NOT NULL,          -- 'progress' or 'contingency'
    date TEXT NOT NULL           -- 'YYYY-MM-DD'
);
CREATE INDEX review_meetings_plan ON review_meetings(plan_id, date);
CREATE INDEX events_session ON events(session_id);
