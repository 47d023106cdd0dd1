"""Every change is an event with enough payload to redo it: replay rebuilds the database."""

from __future__ import annotations

from facilitation.demo.build import build_demo
from facilitation.plan.plans import rename_plan
from facilitation.store.replay import DERIVED_TABLES, LIVE_STATE_TABLES, replay


def table_rows(conn, table: str) -> list[tuple]:
    return [tuple(r) for r in conn.execute(f"SELECT * FROM [{table}] ORDER BY id")]


def data_tables(conn) -> list[str]:
    names = conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return sorted(n[0] for n in names if n[0] != "events" and n[0] not in LIVE_STATE_TABLES
                  and n[0] not in DERIVED_TABLES)


def test_replaying_the_whole_demo_log_rebuilds_every_table(tmp_path):
    store = build_demo(tmp_path / "demo.sqlite")
    rebuilt = replay(store)
    tables = data_tables(store.conn)
    assert "plans" in tables
    assert table_rows(store.conn, "forecast_ledger")  # the demo sessions' forecasts
    for table in tables:
        assert table_rows(rebuilt, table) == table_rows(store.conn, table), table


def test_derived_tables_are_not_events_and_replay_leaves_them_empty(tmp_path):
    store = build_demo(tmp_path / "demo.sqlite")
    assert store.query("SELECT count(*) FROM analysis_cache")[0][0] > 0  # the demo's forecasts
    rebuilt = replay(store)
    for table in DERIVED_TABLES:
        assert rebuilt.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0] == 0


def test_replay_up_to_an_event_shows_the_past(store, plan_id):
    created = store.query("SELECT max(seq) FROM events")[0][0]
    rename_plan(store, plan_id, "North-East")
    past = replay(store, upto=created)
    assert past.execute("SELECT subject_name FROM plans").fetchone()[0] == "North"
    now = replay(store)
    assert now.execute("SELECT subject_name FROM plans").fetchone()[0] == "North-East"
