"""The per-record history's store (issue 19, schema v20): a run's record changes are stored
when the run finishes, read back newest first by record key, and pruned with their run."""

from __future__ import annotations

import datetime as dt
import sqlite3

import peewee
import pytest

from desktop_app.store import record_history, shops
from desktop_app.store.database import close_database, open_database
from desktop_app.store.migrations import MIGRATIONS, runner
from desktop_app.store.models import SyncRun
from desktop_app.store.runs import PruneResult, Retention, finish_run, prune_runs, start_run
from desktop_app.sync.results import RecordChange, SyncResult

UTC = dt.timezone.utc
NOW = dt.datetime(2026, 11, 2, 8, 0, tzinfo=UTC)


@pytest.fixture
def shop(db):
    shops.create_shop("MAIN", is_demo=True)
    return "MAIN"


def _run_with(shop: str, *changes: RecordChange, started: dt.datetime | None = None) -> int:
    result = SyncResult("customers")
    for change in changes:
        result.record_change(change)
    run_id = start_run(shop, "customers")
    finish_run(run_id, "ok", result)
    if started is not None:
        SyncRun.update(started_at=started, finished_at=started).where(
            SyncRun.id == run_id).execute()
    return run_id


def test_the_model_matches_the_migrated_schema(db):
    table = record_history.RecordChangeRow._meta.table_name
    columns = {row[1] for row in db.execute_sql(f"PRAGMA table_info({table})")}
    assert columns == {f.column_name for f in record_history.RecordChangeRow._meta.sorted_fields}
    indexes = {row[1] for row in db.execute_sql(f"PRAGMA index_list({table})")}
    assert "record_change_key" in indexes


def _file_at_v19(path, *rows: str):
    """A database file at schema v19 (before the history) holding `rows` (INSERTs)."""
    old = peewee.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    with old.connection_context():
        runner.migrate(old, path, MIGRATIONS[:19])
        for row in rows:
            old.execute_sql(row)
        tables = {r[0] for r in old.execute_sql("SELECT name FROM sqlite_master")}
    return tables


def test_v20_adds_the_table_to_a_v19_file_and_keeps_its_runs(tmp_path):
    path = tmp_path / "old.sqlite3"
    before = _file_at_v19(
        path, "INSERT INTO shop (code, name, settings, created_at) VALUES ('S', 'S', '{}', "
        "'2025-01-01 00:00:00.000000')",
        "INSERT INTO sync_run (shop_id, resource, started_at, status) VALUES "
        "(1, 'customers', '2025-01-01 00:00:00.000000', 'ok')")
    assert "record_change" not in before
    open_database(path)
    try:
        stored = record_history.add_changes(1, [RecordChange(
            "C1", "local", "update", "customer:C1", {"phone": ("+1", "+2")})])
        assert stored == 1
        [entry] = record_history.history("customer:C1")
        assert (entry.run_id, entry.shop, entry.resource) == (1, "S", "customers")
        assert entry.fields == {"phone": ("+1", "+2")}
    finally:
        close_database()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


def test_a_finished_run_stores_its_changes_and_the_history_reads_newest_first(shop):
    first = _run_with(shop, RecordChange("C1", "local", "create", "customer:C1",
                                         {"name": (None, "Ann"), "city": (None, "Lyon")}),
                      RecordChange("C2", "local", "create", "customer:C2",
                                   {"name": (None, "Bob")}))
    second = _run_with(shop, RecordChange("C1", "shopify", "update", "customer:C1",
                                          {"city": ("Lyon", "Paris")}))

    entries = record_history.history("customer:C1")

    assert [(e.run_id, e.side, e.action) for e in entries] == [
        (second, "shopify", "update"), (first, "local", "create")]
    assert entries[0].fields == {"city": ("Lyon", "Paris")}
    assert entries[1].fields == {"name": (None, "Ann"), "city": (None, "Lyon")}
    assert entries[0].as_json()["fields"] == {"city": ["Lyon", "Paris"]}
    assert [e.record for e in record_history.history("customer:C2")] == ["C2"]
    assert record_history.history("customer:C3") == []


def test_a_run_finished_without_changes_stores_none(shop):
    run_id = _run_with(shop)
    assert record_history.count_changes(run_id) == 0


def test_the_retention_prunes_the_changes_with_their_runs(shop):
    change = RecordChange("C1", "local", "update", "customer:C1", {"phone": ("+1", "+2")})
    old = [_run_with(shop, change, change, started=NOW - dt.timedelta(days=100 - i))
           for i in range(3)]
    kept = _run_with(shop, change, started=NOW - dt.timedelta(days=1))

    result = prune_runs(shop, Retention(days=90, runs=1000), now=NOW, batch_errors=4)

    assert result == PruneResult(runs=3, errors=0, complete=True, changes=6)
    assert [e.run_id for e in record_history.history("customer:C1")] == [kept]
    assert all(record_history.count_changes(r) == 0 for r in old)


def test_a_run_deleted_otherwise_takes_its_changes_along(shop):
    run_id = _run_with(shop, RecordChange("C1", "local", "update", "customer:C1", {}))
    SyncRun.delete().where(SyncRun.id == run_id).execute()
    assert record_history.count_changes() == 0
