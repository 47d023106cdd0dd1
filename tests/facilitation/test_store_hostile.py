"""Databases spip must not use or must not break: locks held too long, damaged schemas,
pipes and devices, other applications' files; and lists numbered right under concurrency."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from facilitation.contingency.risks import add_risk, list_risks, move_risk
from facilitation.store import database
from facilitation.store.database import Store, explain
from facilitation.store.errors import StoreBusy, StoreError
from facilitation.store.schema import APPLICATION_ID


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def short_timeout(monkeypatch):
    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    monkeypatch.setattr(database, "WRITE_PATIENCE_SECONDS", 0.5)


def hold_write_lock(path: Path) -> sqlite3.Connection:
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    return other


def test_an_edit_meeting_a_lock_held_too_long_says_busy_and_changes_nothing(
        db_path, plan_id, short_timeout):
    store = Store.open(db_path)
    other = hold_write_lock(db_path)
    try:
        with pytest.raises(StoreBusy, match="is busy: another spip or another program .* "
                                            "nothing was changed; try again"):
            add_risk(store, plan_id, "Our biggest client leaves")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert list_risks(store, plan_id) == []
    add_risk(store, plan_id, "Our biggest client leaves")  # the store still works
    store.close()


def test_spip_import_meeting_a_lock_prints_one_line_and_exits_non_zero(
        db_path, store, tmp_path, short_timeout, monkeypatch, capsys):
    from spip_tui import cli

    csv = tmp_path / "sales.csv"
    csv.write_text("date,rep,amount\n2024-01-01,Ann,5\n", encoding="utf-8")
    other = hold_write_lock(db_path)
    monkeypatch.setattr(sys, "argv", ["spip", "--db", str(db_path), "import", str(csv)])
    try:
        with pytest.raises(SystemExit) as exited:
            cli.main()
    finally:
        other.execute("ROLLBACK")
        other.close()
    err = capsys.readouterr().err
    assert exited.value.code == 1
    assert err.count("\n") == 1 and "is busy" in err and "Traceback" not in err
    assert store.query("SELECT count(*) FROM imports")[0][0] == 0


def test_an_exclusive_lock_is_reported_as_busy_not_damaged(db_path, short_timeout):
    Store.open(db_path).close()
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError) as caught:
            Store.open(db_path)
    finally:
        other.close()
    assert "busy" in str(caught.value) and "damaged" not in str(caught.value)


def test_a_read_only_folder_is_named_as_the_problem_not_damage(tmp_path):
    message = str(explain(tmp_path / "x.sqlite",
                          sqlite3.OperationalError("attempt to write a readonly database")))
    assert "read-only" in message and "damaged" not in message


def test_a_spip_database_missing_a_table_is_refused_untouched(db_path, plan_id, store):
    store.close()
    conn = sqlite3.connect(db_path)
    conn.execute("DROP TABLE risks")
    conn.commit()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(db_path)
    with pytest.raises(StoreError, match="damaged \\(its risks table is missing\\)"):
        Store.open(db_path)
    assert digest(db_path) == before


def test_a_named_pipe_is_refused_without_hanging(tmp_path):
    fifo = tmp_path / "pipe.sqlite"
    os.mkfifo(fifo)
    code = ("from facilitation.store.database import Store\n"
            "from facilitation.store.errors import StoreError\n"
            f"try:\n    Store.open({str(fifo)!r})\nexcept StoreError as e:\n    print(e)\n")
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True,
                          text=True,
                          timeout=60)
    assert "not a regular file" in done.stdout


def test_dev_null_is_refused_and_no_journal_appears_beside_it():
    with pytest.raises(StoreError, match="not a regular file"):
        Store.open("/dev/null")
    assert not Path("/dev/null-journal").exists()
    assert not Path("/dev/null-wal").exists()


@pytest.mark.parametrize("user_version", [0, 7])
def test_another_applications_sqlite_file_is_refused_untouched(tmp_path, user_version):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute(f"PRAGMA user_version = {user_version}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="an SQLite database but not a spip one"):
        Store.open(path)
    assert digest(path) == before


def test_a_blank_sqlite_file_becomes_a_spip_database(tmp_path):
    path = tmp_path / "blank.db"
    sqlite3.connect(path).close()
    store = Store.open(path)
    assert store.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    store.close()


def test_a_saved_edit_is_synced_to_disk_before_it_returns(store):
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def _add_risks(path: str, plan_id: int, count: int, start: multiprocessing.Event) -> None:
    database.WRITE_PATIENCE_SECONDS = 600  # a loaded machine may make a writer wait long
    store = Store.open(path)
    start.wait()
    for n in range(count):
        risk_id = add_risk(store, plan_id, f"Risk {os.getpid()} {n}")
        if n % 2:
            move_risk(store, risk_id, -1)
    store.close()


def test_risks_added_and_moved_by_several_processes_at_once_keep_distinct_positions(
        db_path, plan_id):
    context = multiprocessing.get_context("spawn")
    start = context.Event()
    workers = [context.Process(target=_add_risks, args=(str(db_path), plan_id, 10, start))
               for _ in range(4)]
    for worker in workers:
        worker.start()
    start.set()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    store = Store.open(db_path)
    positions = [r.position for r in list_risks(store, plan_id)]
    store.close()
    assert len(positions) == 40
    assert sorted(positions) == list(range(1, 41))
