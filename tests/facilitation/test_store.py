"""The store: round trips, one event per change, migrations, bad databases, crashes."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from facilitation.plan.plans import (
    PlanInput,
    create_plan,
    get_plan,
    list_plans,
    rename_plan,
    set_plan_status,
)
from facilitation.store.database import Store
from facilitation.store.errors import StoreError
from facilitation.store.events import read_events
from facilitation.store.model import relative_month
from facilitation.store.schema import latest_version

FIXTURES = Path(__file__).parent.parent / "fixtures"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_plan_round_trips_through_the_file(db_path, plan_id):
    reopened = Store.open(db_path)
    plan = get_plan(reopened, plan_id)
    assert (plan.subject_name, plan.subject_kind, plan.owner) == ("North", "territory", "Priya Raman")
    assert (plan.period_start, plan.period_end, plan.target_amount) == (
        relative_month(+1), relative_month(+3), 1_200_000)
    assert plan.status == "active"


def test_every_write_produces_exactly_one_event(store, plan_id):
    before = len(read_events(store))
    rename_plan(store, plan_id, "North-East")
    set_plan_status(store, plan_id, "archived")
    set_plan_status(store, plan_id, "active")
    events = read_events(store)
    assert len(events) == before + 3
    assert [e.kind for e in events[-3:]] == ["plan.renamed", "plan.archived", "plan.restored"]
    renamed = events[-3].payload["ops"][0]
    assert renamed["before"]["subject_name"] == "North"
    assert renamed["values"]["subject_name"] == "North-East"
    assert events[-3].actor == "tester"


def test_a_failed_change_writes_neither_the_change_nor_its_event(store, plan_id):
    events_before = len(read_events(store))
    with pytest.raises(RuntimeError):
        with store.change("plan.renamed") as change:
            change.update("plans", plan_id, {"subject_name": "Half done"})
            raise RuntimeError("power cut")
    assert get_plan(store, plan_id).subject_name == "North"
    assert len(read_events(store)) == events_before


def test_events_cannot_be_rewritten_or_deleted(store, plan_id):
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("UPDATE events SET kind = 'forged'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute("DELETE FROM events")


def test_a_new_database_is_readable_by_its_owner_only(db_path, store):
    assert db_path.stat().st_mode & 0o777 == 0o600


def test_the_store_is_in_wal_mode_with_foreign_keys(store):
    assert store.query("PRAGMA journal_mode")[0][0] == "wal"
    assert store.query("PRAGMA foreign_keys")[0][0] == 1
    with pytest.raises(sqlite3.IntegrityError):
        with store.change("session.started") as change:
            change.insert("sessions", {"plan_id": 999, "script": "full-plan", "facilitator": "x",
                                       "started_at": "2027-01-01"})


def test_another_connections_commit_changes_the_data_version(db_path, store):
    seen = store.data_version()
    other = Store.open(db_path)
    create_plan(other, PlanInput("team", "Inside Sales", "Lena", "2027-01", "2027-02", "5"))
    assert store.data_version() != seen


def test_a_v1_database_opens_and_is_upgraded(tmp_path):
    old = tmp_path / "old.sqlite"
    shutil.copy(FIXTURES / "spip-v1.sqlite", old)
    store = Store.open(old)
    assert store.schema_version == latest_version()
    plans = {s.plan.subject_name: s.plan for s in list_plans(store)}
    assert set(plans) == {"North", "Dana Whitfield"}
    assert plans["North"].status == "active"
    assert [e.kind for e in read_events(store)] == ["plan.created", "plan.created"]
    # and it keeps working as a current database
    set_plan_status(store, plans["North"].id, "archived")
    assert [s.plan.subject_name for s in list_plans(store)] == ["Dana Whitfield"]


def _refused(path: Path, expected: str) -> None:
    before = digest(path) if path.is_file() else None
    with pytest.raises(StoreError, match=expected) as info:
        Store.open(path)
    assert "\n" not in str(info.value)
    if before is not None:
        assert digest(path) == before, "the refused file was changed"
        assert not Path(f"{path}-wal").exists()


def test_a_database_from_a_newer_spip_is_refused_untouched(tmp_path):
    path = tmp_path / "newer.sqlite"
    Store.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()
    _refused(path, "newer spip")


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    path.write_text("Quarterly notes, not a database\n" * 20)
    _refused(path, "not an SQLite database")


def test_a_corrupt_database_is_refused_untouched(tmp_path):
    path = tmp_path / "corrupt.sqlite"
    store = Store.open(path)
    for n in range(200):
        create_plan(store, PlanInput("team", f"Team {n}", "Lena", "2027-01", "2027-02", "5"))
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(path.read_bytes())
    data[4096:4096 * 4] = os.urandom(4096 * 3)  # scribble over pages after the header
    path.write_bytes(bytes(data))
    _refused(path, "damaged")


def test_another_applications_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "crm.sqlite"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE deals (id INTEGER PRIMARY KEY, amount REAL)")
    conn.commit()
    conn.close()
    _refused(path, "not a spip one")


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_a_read_only_database_is_refused_untouched(tmp_path):
    path = tmp_path / "ro.sqlite"
    Store.open(path).close()
    path.chmod(0o400)
    _refused(path, "read-only")


def test_a_read_only_database_is_refused_even_for_root(tmp_path, monkeypatch):
    # The check asks os.access; pretend the file is read-only as root cannot make it so.
    path = tmp_path / "ro.sqlite"
    Store.open(path).close()
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if (Path(p) == path and mode == os.W_OK)
                        else real_access(p, mode))
    _refused(path, "read-only")


def test_a_missing_folder_is_refused(tmp_path):
    path = tmp_path / "no" / "such" / "folder" / "spip.sqlite"
    _refused(path, "does not exist")
    assert not path.parent.exists()


WRITER = """
import sys
from facilitation.plan.plans import PlanInput, create_plan
from facilitation.store.database import Store
store = Store.open(sys.argv[1], actor="writer")
n = 0
while True:
    n += 1
    plan_id = create_plan(store, PlanInput("team", f"Team {n}", "Lena", "2027-01", "2027-02", "5"))
    print(plan_id, flush=True)
"""


def test_killing_a_writer_loses_no_committed_change(db_path):
    Store.open(db_path).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(db_path)],
                              stdout=subprocess.PIPE, text=True)
    committed = []
    try:
        for line in writer.stdout:
            committed.append(int(line))
            if len(committed) == 150:
                break
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    store = Store.open(db_path)
    assert store.query("PRAGMA integrity_check")[0][0] == "ok"
    ids = {row[0] for row in store.query("SELECT id FROM plans")}
    assert set(committed) <= ids
    # every plan that exists came with its event, and no event without its plan
    assert len(read_events(store)) == len(ids)


CONCURRENT_WRITER = """
import sys
from facilitation.plan.plans import PlanInput, create_plan
from facilitation.store.database import Store
store = Store.open(sys.argv[1], actor=sys.argv[2])
for n in range(40):
    create_plan(store, PlanInput("team", f"{sys.argv[2]} {n}", "Lena", "2027-01", "2027-02", "5"))
"""


def test_several_processes_writing_at_once_lose_nothing(db_path):
    Store.open(db_path).close()
    writers = [subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, str(db_path), f"p{i}"],
                                stderr=subprocess.PIPE, text=True) for i in range(4)]
    errors = [w.communicate(timeout=120)[1] for w in writers]
    assert all(w.returncode == 0 for w in writers), errors
    store = Store.open(db_path)
    assert store.query("SELECT count(*) FROM plans")[0][0] == 160
    actors = [e.actor for e in read_events(store)]
    assert sorted(set(actors)) == ["p0", "p1", "p2", "p3"] and len(actors) == 160


def test_a_second_connection_in_the_process_does_not_cost_the_first_its_writes(db_path):
    # Closing any descriptor of the file drops the process's SQLite locks; if opening a
    # second connection read the header that way, another process closing its connection
    # would delete the live WAL and later commits would be lost.
    first = Store.open(db_path)
    create_plan(first, PlanInput("team", "Before", "Lena", "2027-01", "2027-02", "5"))
    first.reopen().close()
    subprocess.run([sys.executable, "-c", "import sqlite3, sys; sqlite3.connect(sys.argv[1])"
                    ".execute('select count(*) from plans').fetchall()", str(db_path)], check=True)
    create_plan(first, PlanInput("team", "After", "Lena", "2027-01", "2027-02", "5"))
    names = subprocess.run(
        [sys.executable, "-c", "import sqlite3, sys; print(sorted(r[0] for r in sqlite3.connect("
         "sys.argv[1]).execute('select subject_name from plans')))", str(db_path)],
        capture_output=True, text=True, check=True).stdout
    assert names.strip() == "['After', 'Before']"


def test_changes_name_their_plan_and_session(store, plan_id):
    from facilitation.plan.plans import rename_plan
    from facilitation.store.events import ChangeBatch, last_seq, read_changes
    from facilitation.workshop.scripts import get_script
    from facilitation.workshop.sessions import end_session, start_session

    seen = last_seq(store)
    rename_plan(store, plan_id, "North-East")
    session_id = start_session(store, plan_id, get_script("self-review"), "Ana")
    end_session(store, session_id)
    changes = read_changes(store, seen)
    assert [(c.kind, c.plan_id, c.session_id) for c in changes] == [
        ("plan.renamed", plan_id, None), ("session.started", plan_id, session_id),
        ("session.ended", plan_id, session_id)]    # the session's plan, from the session
    batch = ChangeBatch(tuple(changes))
    assert batch.last_seq == last_seq(store) and batch.touches_session(session_id)
    assert batch.touches_plan(plan_id) and not batch.touches_plan(plan_id + 1)
    assert batch.has_kind("session.") and not batch.has_kind("kpi.")
    assert read_changes(store, batch.last_seq) == []


def test_the_expected_schema_is_kept_for_the_next_start_and_rebuilt_when_damaged(
        tmp_path, monkeypatch):
    from facilitation.store import schema

    monkeypatch.setattr(schema, "_schema_cache_folder", lambda: tmp_path / "cache")
    schema.expected_schema.cache_clear()
    built = schema.expected_schema()
    assert {"plans", "events", "sales_history"} <= set(built)
    [kept] = (tmp_path / "cache").glob("schema-*.json")
    schema.expected_schema.cache_clear()
    assert schema.expected_schema() == built                      # read from the file
    kept.write_text('{"plans": 3')                                  # cut short
    schema.expected_schema.cache_clear()
    assert schema.expected_schema() == built                      # built again
    schema.expected_schema.cache_clear()
