-- KPIs and their targets, skills to learn, the review rhythm and held reviews.

-- A leading or lagging indicator the plan watches; picked from data/kpi_library.toml
-- (library_key) or defined by the group. The target is per cadence period.
CREATE TABLE kpis (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    strategy_id INTEGER REFERENCES strategies(id),   -- the strategy it tracks, if any
    library_key TEXT,                                -- set when picked from the library
    name TEXT NOT NULL,
    definition TEXT NOT NULL DEFAULT '',
    indicator TEXT NOT NULL DEFAULT 'leading' CHECK (indicator IN ('leading', 'lagging')),
    unit TEXT NOT NULL DEFAULT '',                   -- '' = unknown (the KPI is then incomplete)
    direction TEXT NOT NULL DEFAULT 'up' CHECK (direction IN ('up', 'down')),  -- up = more is better
    baseline REAL,
    target REAL,                                     -- per cadence period; NULL = not set yet
    cadence TEXT NOT NULL DEFAULT 'monthly' CHECK (cadence IN ('weekly', 'biweekly', 'monthly')),
    owner TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX kpis_plan ON kpis(plan_id, position);

-- A KPI's measured value for one period ('YYYY-MM-DD', the period's first day), from a review.
CREATE TABLE kpi_actuals (
    id INTEGER PRIMARY KEY,
    kpi_id INTEGER NOT NULL REFERENCES kpis(id),
    period_start TEXT NOT NULL,
    actual REAL NOT NULL,
    session_id INTEGER REFERENCES sessions(id),
    recorded_at TEXT NOT NULL,
    recorded_by TEXT NOT NULL,
    UNIQUE (kpi_id, period_start)
);
CREATE INDEX kpi_actuals_kpi ON kpi_actuals(kpi_id, period_start);

-- Something the plan needs that someone cannot do yet, and how and by when they will learn it.
CREATE TABLE skills (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    skill TEXT NOT NULL,
    who TEXT NOT NULL DEFAULT '',
    method TEXT NOT NULL DEFAULT 'training'
        CHECK (method IN ('training', 'coaching', 'shadowing', 'self-study')),
    by_date TEXT,                                    -- 'YYYY-MM-DD'; NULL = not yet known
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'learning', 'learned')),
    notes TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX skills_plan ON skills(plan_id, position);

-- The rhythm the review dates were generated from (one row per plan).
CREATE TABLE review_rhythms (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL UNIQUE REFERENCES plans(id),
    progress_cadence TEXT NOT NULL DEFAULT 'monthly' CHECK (progress_cadence IN ('biweekly', 'monthly')),
    first_progress TEXT NOT NULL,                    -- 'YYYY-MM-DD'
    contingency_every_months INTEGER NOT NULL DEFAULT 12
        CHECK (contingency_every_months BETWEEN 1 AND 12),
    first_contingency TEXT NOT NULL,                 -- 'YYYY-MM-DD'
    updated_at TEXT NOT NULL
);

-- A review meeting that took place: when, in which session, with a note.
ALTER TABLE review_meetings ADD COLUMN held_at TEXT;
ALTER TABLE review_meetings ADD COLUMN session_id INTEGER REFERENCES sessions(id);
ALTER TABLE review_meetings ADD COLUMN note TEXT NOT NULL DEFAULT '';
