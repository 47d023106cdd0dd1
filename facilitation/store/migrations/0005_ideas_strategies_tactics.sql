-- Timed brainstorming rounds and their ideas, feasibility scores, strategies,
-- the clarity test and tactics.

-- A round asks one prompt: how to close the gap, or what to do if a top risk happens.
-- The timer is stored as times, never as a ticking counter:
--   elapsed = elapsed_seconds + (now - running_since, while running)
--   remaining = time_box_seconds + added_seconds - elapsed
-- so it is right across screen changes and restarts.
CREATE TABLE brainstorm_rounds (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    session_id INTEGER REFERENCES sessions(id),
    answers TEXT NOT NULL DEFAULT 'gap' CHECK (answers IN ('gap', 'risk', 'other')),
    risk_id INTEGER REFERENCES risks(id),          -- when answers = 'risk'
    prompt TEXT NOT NULL,
    position INTEGER NOT NULL,
    anonymous INTEGER NOT NULL DEFAULT 0,          -- 1: ideas store no author at all
    time_box_seconds INTEGER NOT NULL DEFAULT 300,
    added_seconds INTEGER NOT NULL DEFAULT 0,      -- "add a minute" adds 60 here
    status TEXT NOT NULL DEFAULT 'ready'
        CHECK (status IN ('ready', 'running', 'paused', 'ended', 'skipped')),
    started_at TEXT,                               -- first start (ISO 8601, UTC)
    running_since TEXT,                            -- set while running
    elapsed_seconds REAL NOT NULL DEFAULT 0,       -- run time before running_since
    ended_at TEXT,                                 -- ended early or ran out (set when noticed)
    created_at TEXT NOT NULL
);
CREATE INDEX brainstorm_rounds_session ON brainstorm_rounds(session_id, position);
CREATE INDEX brainstorm_rounds_plan ON brainstorm_rounds(plan_id);

CREATE TABLE ideas (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES brainstorm_rounds(id),
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    text TEXT NOT NULL,
    author TEXT,                  -- participant name; NULL in anonymous rounds
    merged_into INTEGER REFERENCES ideas(id),   -- a duplicate kept as text of another idea
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX ideas_round ON ideas(round_id);
CREATE INDEX ideas_plan ON ideas(plan_id);

-- One score per participant per idea; participant 'group' is a single group score.
CREATE TABLE idea_scores (
    id INTEGER PRIMARY KEY,
    idea_id INTEGER NOT NULL REFERENCES ideas(id),
    participant TEXT NOT NULL,
    feasibility INTEGER CHECK (feasibility BETWEEN 1 AND 5),
    impact INTEGER CHECK (impact BETWEEN 1 AND 5),
    scored_at TEXT NOT NULL,
    UNIQUE (idea_id, participant)
);
CREATE INDEX idea_scores_idea ON idea_scores(idea_id);

-- An idea the group chose; answers the gap or one risk.
CREATE TABLE strategies (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    session_id INTEGER REFERENCES sessions(id),
    idea_id INTEGER REFERENCES ideas(id),
    answers TEXT NOT NULL DEFAULT 'gap' CHECK (answers IN ('gap', 'risk', 'other')),
    risk_id INTEGER REFERENCES risks(id),
    text TEXT NOT NULL,
    resources TEXT NOT NULL DEFAULT '',       -- augmentation: resources needed
    insights TEXT NOT NULL DEFAULT '',        -- insights
    best_practices TEXT NOT NULL DEFAULT '',  -- best practices to borrow
    clarity TEXT NOT NULL DEFAULT 'untested' CHECK (clarity IN ('untested', 'passed', 'failed')),
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX strategies_plan ON strategies(plan_id, position);
CREATE INDEX strategies_risk ON strategies(risk_id);

-- Each time a strategy was put to the clarity test, with the wording it was tested on.
CREATE TABLE clarity_tests (
    id INTEGER PRIMARY KEY,
    strategy_id INTEGER NOT NULL REFERENCES strategies(id),
    wording TEXT NOT NULL,
    passed INTEGER NOT NULL,     -- 1 yes, 0 no
    tested_at TEXT NOT NULL,
    tested_by TEXT NOT NULL
);
CREATE INDEX clarity_tests_strategy ON clarity_tests(strategy_id);

CREATE TABLE tactics (
    id INTEGER PRIMARY KEY,
    strategy_id INTEGER NOT NULL REFERENCES strategies(id),
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    action TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',   -- '' = not yet known (the tactic is then incomplete)
    due_date TEXT,                    -- 'YYYY-MM-DD'; NULL = not yet known
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'doing', 'done', 'dropped')),
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX tactics_strategy ON tactics(strategy_id, position);
CREATE INDEX tactics_plan ON tactics(plan_id);
