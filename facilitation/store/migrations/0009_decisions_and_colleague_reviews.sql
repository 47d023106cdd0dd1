-- What a progress review decided, and what a colleague said in a self-review.

-- A decision or corrective action of a review (a session), with who does it and by when,
-- linked to the KPI or the tactic that prompted it (at most one of the two; no foreign key,
-- so that deleting the KPI or tactic later keeps the decision, which then says so).
CREATE TABLE review_decisions (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    session_id INTEGER REFERENCES sessions(id),
    kind TEXT NOT NULL CHECK (kind IN ('decision', 'corrective_action')),
    text TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT,                                  -- 'YYYY-MM-DD'
    kpi_id INTEGER,
    tactic_id INTEGER,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (kpi_id IS NULL OR tactic_id IS NULL)
);
CREATE INDEX review_decisions_plan ON review_decisions(plan_id, session_id);

-- The colleague's review of a self-review: who, on which day, their comments and the
-- changes both agreed.
CREATE TABLE colleague_reviews (
    id INTEGER PRIMARY KEY,
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    session_id INTEGER REFERENCES sessions(id),
    colleague TEXT NOT NULL,
    reviewed_on TEXT NOT NULL,                      -- 'YYYY-MM-DD'
    comments TEXT NOT NULL DEFAULT '',
    agreed_changes TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX colleague_reviews_plan ON colleague_reviews(plan_id, session_id);
