-- Live sessions: participants join from their own terminals (or a browser) with a code,
-- the facilitator leads, locks steps and runs private-writing rounds.

-- A short code to join a session that has not ended ('KTX-482'); regenerable.
ALTER TABLE sessions ADD COLUMN join_code TEXT;
-- 1: participants' views follow the facilitator's current step; 0: they may look around.
ALTER TABLE sessions ADD COLUMN lead INTEGER NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX sessions_join_code ON sessions(join_code) WHERE join_code IS NOT NULL;

-- Who joined a session; a removed participant cannot write in it any more.
CREATE TABLE session_participants (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    name TEXT NOT NULL,
    joined_at TEXT NOT NULL,
    removed_at TEXT,
    UNIQUE (session_id, name)
);

-- Steps the facilitator made read-only for participants.
CREATE TABLE step_locks (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    step_index INTEGER NOT NULL,
    locked_at TEXT NOT NULL,
    UNIQUE (session_id, step_index)
);

-- Private writing: participants see only their own ideas until the facilitator reveals all.
ALTER TABLE brainstorm_rounds ADD COLUMN private INTEGER NOT NULL DEFAULT 0;
ALTER TABLE brainstorm_rounds ADD COLUMN revealed_at TEXT;

-- Presence is live state, not history: each participant's view writes its last-seen time
-- here every few seconds without an event (replay leaves this table empty).
CREATE TABLE presence (
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    name TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    PRIMARY KEY (session_id, name)
);
