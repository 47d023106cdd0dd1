-- Monthly sales history per subject, and the imports it came from.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL UNIQUE,    -- file name; re-importing it replaces its rows
    imported_at TEXT NOT NULL,
    rows_read INTEGER NOT NULL,
    months INTEGER NOT NULL
);

CREATE TABLE sales_history (
    id INTEGER PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    subject_kind TEXT NOT NULL,
    subject_name TEXT NOT NULL,
    month TEXT NOT NULL,           -- 'YYYY-MM'
    amount REAL NOT NULL,
    units REAL
);
CREATE INDEX sales_history_subject ON sales_history(subject_kind, subject_name, month);
CREATE INDEX sales_history_import ON sales_history(import_id);
