"""The store: the SQLite file, its schema and migrations, the event log and replay."""
