"""A store error during a session ends the app with one line and exit code 1, never a
traceback, and leaves the database as it was."""

from __future__ import annotations

import sqlite3

from textual.widgets import Input

from facilitation.plan.plans import get_plan
from facilitation.store import database


async def test_renaming_while_another_program_holds_the_lock_exits_with_one_line(
        app, store, plan_id, db_path, monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(database, "WRITE_PATIENCE_SECONDS", 0.5)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    messages = []
    exit_app = app.exit
    app.exit = lambda *args, **kwargs: (messages.append(str(kwargs.get("message"))),
                                        exit_app(*args, **kwargs))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("r")
            app.screen.query_one("#answer", Input).value = ""
            await pilot.press(*"North-East", "enter")
            await pilot.pause()
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert app.return_code == 1
    assert len(messages) == 1 and "\n" not in messages[0]
    assert messages[0].startswith("spip: ") and "is busy" in messages[0]
    assert get_plan(store, plan_id).subject_name == "North"
