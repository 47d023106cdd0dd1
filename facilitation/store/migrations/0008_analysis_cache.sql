-- Analyses (forecasts, ...) cached by what they were computed from. Derived data: written
-- without events, not rebuilt by replay (facilitation.store.replay.DERIVED_TABLES), and
-- safe to empty at any time. One row per analysis, subject and settings: a change of the
-- subject's history replaces it (until then a screen can show it, marked as recomputing).
CREATE TABLE analysis_cache (
    analysis TEXT NOT NULL,          -- e.g. 'forecast'
    subject_kind TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    settings TEXT NOT NULL,          -- JSON: the method's settings (e.g. the period)
    data_version TEXT NOT NULL,      -- digest of the history the analysis read
    code_version INTEGER NOT NULL,   -- the analysis code's version when computed
    result TEXT NOT NULL,            -- JSON ('null': nothing to show)
    computed_at TEXT NOT NULL,
    PRIMARY KEY (analysis, subject_kind, subject_name, settings)
);
