-- The forecast ledger: every forecast a session showed, as it was shown, so that once the
-- period's actual months are imported spip can say whether the plan came true. Written
-- by events (facilitation.retrospective.forecast_ledger), rebuilt by replay.
CREATE TABLE forecast_ledger (
    id INTEGER PRIMARY KEY,
    session_id INTEGER,              -- the session that showed it (NULL: shown outside one)
    plan_id INTEGER NOT NULL,
    subject_kind TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    period_start TEXT NOT NULL,      -- 'YYYY-MM'
    period_end TEXT NOT NULL,
    expected REAL NOT NULL,          -- the period's total
    lower80 REAL NOT NULL,
    upper80 REAL NOT NULL,
    lower95 REAL NOT NULL,
    upper95 REAL NOT NULL,
    method TEXT NOT NULL,            -- how it was made, in words
    history_end TEXT NOT NULL,       -- the last month of sales it was made from
    data_version TEXT NOT NULL,      -- digest of the history it was made from
    recorded_at TEXT NOT NULL
);
CREATE INDEX forecast_ledger_plan ON forecast_ledger (plan_id);
CREATE INDEX forecast_ledger_session ON forecast_ledger (session_id, plan_id, data_version);
