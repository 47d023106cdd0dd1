-- A progress review sets a tactic done, late or dropped with a note: 'late' becomes a
-- stored status (SQLite cannot change a CHECK, so the table is rebuilt with its rows), and
-- each tactic keeps the note of its latest status change. A held review records who held it.
CREATE TABLE tactics_rebuilt (
    id INTEGER PRIMARY KEY,
    strategy_id INTEGER NOT NULL REFERENCES strategies(id),
    plan_id INTEGER NOT NULL REFERENCES plans(id),
    action TEXT NOT NULL,
    owner TEXT NOT NULL DEFAULT '',
    due_date TEXT,
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'doing', 'late', 'done', 'dropped')),
    position INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    status_note TEXT NOT NULL DEFAULT ''
);
INSERT INTO tactics_rebuilt (id, strategy_id, plan_id, action, owner, due_date, status,
                             position, created_at, updated_at)
    SELECT id, strategy_id, plan_id, action, owner, due_date, status, position, created_at,
           updated_at FROM tactics;
DROP TABLE tactics;
ALTER TABLE tactics_rebuilt RENAME TO tactics;
CREATE INDEX tactics_strategy ON tactics(strategy_id, position);
CREATE INDEX tactics_plan ON tactics(plan_id);

ALTER TABLE review_meetings ADD COLUMN held_by TEXT NOT NULL DEFAULT '';
