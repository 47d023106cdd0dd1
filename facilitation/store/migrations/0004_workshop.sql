-- The workshop engine: sessions walk through a script's steps; risks are listed and assessed.

-- A session keeps the script it started from (JSON), so it resumes even if the file changes.
ALTER TABLE sessions ADD COLUMN script_snapshot TEXT;
ALTER TABLE sessions ADD COLUMN current_step_index INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN paused_at TEXT;      -- set while the session is paused

-- Time per step is the sum of its visits; a visit with no ended_at is the one running now.
CREATE TABLE step_visits (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id),
    step_index INTEGER NOT NULL,
    step_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    ended_at TEXT
);
CREATE INDEX step_visits_session ON step_visits(session_id, step_index);

-- How many risks (and from which score up) later steps treat as the top risks.
ALTER TABLE plans ADD COLUMN top_risk_count INTEGER NOT NULL DEFAULT 3;
ALTER TABLE plans ADD COLUMN top_risk_min_score INTEGER NOT NULL DEFAULT 1;

CREATE TABLE risks (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    session_id INTEGER REFERENCES sessions(id),   -- the session it was listed in, if any
    category TEXT NOT NULL DEFAULT 'other',       -- people, supply, competition, market, ...
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    catalogue_key TEXT,                           -- set when picked from data/risk_catalogue.toml
    position INTEGER NOT NULL,                    -- the group's order in the list
    likelihood INTEGER CHECK (likelihood BETWEEN 1 AND 5),
    impact INTEGER CHECK (impact BETWEEN 1 AND 5),
    revenue_effect REAL,                          -- money lost in the plan period if it happens
    revenue_effect_pct REAL,                      -- or: % of the period's forecast
    response TEXT CHECK (response IN ('avoid', 'reduce', 'transfer', 'accept')),
    evidence TEXT NOT NULL DEFAULT '',            -- "what happened last time?" notes
    occurred_at TEXT,                             -- when a review recorded that it happened
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX risks_plan ON risks(plan_id, position);

-- Past months attached to a risk as evidence: a subject fell well below its rolling average.
CREATE TABLE risk_evidence (
    id INTEGER PRIMARY KEY,
    risk_id INTEGER NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
    subject_kind TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    month TEXT NOT NULL,              -- 'YYYY-MM'
    amount REAL NOT NULL,
    rolling_average REAL NOT NULL,
    shortfall_pct REAL NOT NULL,      -- how far below the average, in %
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX risk_evidence_risk ON risk_evidence(risk_id);
