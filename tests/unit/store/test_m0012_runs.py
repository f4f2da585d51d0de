"""Migration 12: `sync_run` rebuilt with a nullable shop (runs of commands without a shop) and
`sync_error` with a level and a code (warnings kept with their run); a version 11 file with
runs and errors keeps every row, id, index and foreign key."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest

from desktop_app.store import runs
from desktop_app.store.database import close_database, open_database
from desktop_app.store.migrations import MIGRATIONS, runner
from desktop_app.store.models import RunError, Shop, SyncRun

V11 = MIGRATIONS[:11]


def _rows(path: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"SELECT * FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()


def _schema(path: Path, table: str) -> tuple[list[str], list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        indexes = sorted(r[0] for r in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL", (table,)))
        keys = [tuple(r[2:5]) + (r[6],) for r in conn.execute(
            f"PRAGMA foreign_key_list({table})")]
        return indexes, keys
    finally:
        conn.close()


@pytest.fixture
def v11_file(tmp_path) -> Path:
    """A version 11 database with two shops, five runs and their errors."""
    path = tmp_path / "old.sqlite3"
    db = peewee.SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    db.connect()
    runner.migrate(db, path, V11)
    for shop_id, code in ((1, "MAIN"), (2, "EU")):
        db.execute_sql("INSERT INTO shop (id, code, name, settings, created_at) VALUES "
                       "(?, ?, ?, '{}', '2025-01-02 03:04:05.000000')", (shop_id, code, code))
    statuses = ["ok", "partial", "failed", "running", "cancelled"]
    for run_id, status in enumerate(statuses, start=7):  # ids kept, not renumbered
        db.execute_sql(
            "INSERT INTO sync_run (id, shop_id, resource, started_at, finished_at, status, "
            "created, updated, skipped, failed, api_cost, requests, message) VALUES "
            "(?, ?, 'customers', ?, ?, ?, 3, 2, 1, ?, 12.5, 4, ?)",
            (run_id, 1 + run_id % 2, f"2025-03-0{run_id - 6} 10:00:00.000000",
             None if status == "running" else f"2025-03-0{run_id - 6} 10:01:00.000000",
             status, run_id - 7, f"message {run_id}"))
        for n in range(run_id - 7):
            db.execute_sql("INSERT INTO sync_error (run_id, record, field, message, resolved) "
                           "VALUES (?, ?, 'email', 'bad e-mail', ?)",
                           (run_id, f"C{run_id}-{n}", n % 2))
    db.close()
    return path


def test_upgrade_keeps_every_run_error_index_and_foreign_key(v11_file):
    runs_before = _rows(v11_file, "sync_run")
    errors_before = _rows(v11_file, "sync_error")
    run_schema = _schema(v11_file, "sync_run")
    error_schema = _schema(v11_file, "sync_error")
    assert len(runs_before) == 5 and len(errors_before) == 10

    open_database(v11_file)
    try:
        # (Later versions add columns at the end: m0022's `sides`, NULL in old runs.)
        assert [row[:len(runs_before[0])] for row in _rows(v11_file, "sync_run")] == (
            runs_before)
        # Every old row is an error with no code: the two new columns at the end.
        assert _rows(v11_file, "sync_error") == [(*row, "error", "") for row in errors_before]
        assert _schema(v11_file, "sync_run") == run_schema
        indexes, keys = _schema(v11_file, "sync_error")
        assert keys == error_schema[1]
        assert indexes == sorted([*error_schema[0], "CREATE INDEX sync_error_warnings ON "
                                  "sync_error (run_id) WHERE level = 'warning'"])

        # The history reads the old rows as before.
        found = runs.find_runs(runs.RunFilter(shop="MAIN"), with_errors=True)
        assert [(r.id, r.status, r.error_count, r.warning_count) for r in found] == [
            (10, "running", 3, 0), (8, "partial", 1, 0)]
        assert runs.unresolved_error_records("MAIN", "customers") == ["C10-0", "C10-2",
                                                                      "C8-0"]

        # Now a run may belong to no shop, and keep warnings.
        local = runs.start_run(None, "local-customers")
        runs.finish_run(local, "ok", {"created": 1, "warnings": [
            {"record": "C1", "field": "name", "code": "field_cut", "message": "cut"}]})
        row = runs.find_runs(runs.RunFilter(limit=1), with_errors=True)[0]
        assert (row.id, row.shop, row.warning_count, row.error_count) == (local, None, 1, 0)
        assert runs.as_dict(row)["warnings"] == [
            {"record": "C1", "field": "name", "code": "field_cut", "message": "cut"}]

        # The foreign keys still cascade: a shop card's removal takes its runs and errors.
        Shop.delete().where(Shop.code == "MAIN").execute()
        assert sorted(r.id for r in SyncRun.select()) == [7, 9, 11, local]
        assert {e.run_id for e in RunError.select()} == {9, 11, local}
    finally:
        close_database()
    assert (v11_file.parent / "old.sqlite3.v11.bak").exists()


def test_the_rebuild_refuses_a_run_of_an_unknown_shop(v11_file):
    """The rebuilt table still checks its shop reference."""
    open_database(v11_file)
    try:
        with pytest.raises(peewee.IntegrityError):
            SyncRun.create(shop=99, resource="customers")
    finally:
        close_database()
