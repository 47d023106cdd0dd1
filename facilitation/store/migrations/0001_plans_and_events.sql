-- The first schema: plans and the append-only event log.
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    subject_kind TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    owner TEXT NOT NULL,
    period_start TEXT NOT NULL,   -- 'YYYY-MM'
    period_end TEXT NOT NULL,     -- 'YYYY-MM', inclusive
    target_amount REAL NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    session_id INTEGER,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL
);

-- Append-only: the log is what replay reads, so nothing may rewrite it.
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN SELECT RAISE(ABORT, 'events are append-only'); END;
