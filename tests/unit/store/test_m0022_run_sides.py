"""Migration 22: a run keeps which way its records went (`sync_run.sides`, issue 18).

A version 21 file keeps every run as it was; its runs read back with no sides (the history
shows their totals, as before), and a run finished after the upgrade keeps its per-side
counts, which `shop-sync log --json` gives as `shopify`, `local` and `conflicts`.
Control: without m0022 (and `finish_run` keeping `run_sides`) the last test reads no sides.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest

from desktop_app.store import runs
from desktop_app.store.database import close_database, open_database
from desktop_app.store.migrations import MIGRATIONS, runner
from desktop_app.sync.results import LINKED, LOCAL, SHOPIFY, SyncResult

V21 = MIGRATIONS[:21]


def _rows(path: Path) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT * FROM sync_run ORDER BY id").fetchall()
    finally:
        conn.close()


@pytest.fixture
def v21_file(tmp_path) -> Path:
    """A version 21 database with a shop and two runs."""
    assert V21[-1].VERSION == 21
    path = tmp_path / "old.sqlite3"
    old = peewee.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    with old.connection_context():
        runner.migrate(old, path, V21)
        old.execute_sql("INSERT INTO shop (id, code, name, settings, created_at) VALUES "
                        "(1, 'MAIN', 'Main', '{}', '2025-01-02 03:04:05.000000')")
        old.execute_sql(
            "INSERT INTO sync_run (id, shop_id, resource, started_at, finished_at, status, "
            "created, updated, skipped, failed, api_cost, requests, message) VALUES "
            "(4, 1, 'customers', '2025-03-04 10:00:00.000000', '2025-03-04 10:01:00.000000', "
            "'ok', 7, 90, 1, 0, 12.5, 4, ''), "
            "(5, 1, 'customers', '2025-03-05 10:00:00.000000', '2025-03-05 10:01:00.000000', "
            "'ok', 7, 90, 1, 0, 12.5, 4, '')")
    return path


@pytest.fixture
def upgraded(v21_file):
    """The version 21 file opened (so upgraded) by this version; its rows before."""
    before = _rows(v21_file)
    open_database(v21_file)
    yield v21_file, before
    close_database()


def test_old_runs_are_kept_and_show_their_totals(upgraded):
    path, before = upgraded
    assert _rows(path) == [(*row, None) for row in before]
    assert (path.parent / "old.sqlite3.v21.bak").exists()
    found = runs.find_runs(runs.RunFilter(shop="MAIN"))
    assert [(r.id, r.created, r.updated, dict(r.sides)) for r in found] == [
        (5, 7, 90, {}), (4, 7, 90, {})]
    data = runs.as_dict(found[0])
    assert (data["created"], data["updated"]) == (7, 90)
    assert (data["shopify"], data["local"], data["conflicts"]) == (None, None, None)


def test_a_run_finished_after_the_upgrade_keeps_its_sides(upgraded):
    result = SyncResult("customers", skipped=2)
    result.count(SHOPIFY, "created", 7)
    result.count(LOCAL, LINKED, 87)
    result.count(LOCAL, "updated", 3)
    result.conflicts = 1
    run_id = runs.start_run("MAIN", "customers")
    runs.finish_run(run_id, "ok", result)
    row = runs.find_runs(runs.RunFilter(shop="MAIN", limit=1))[0]
    assert row.id == run_id
    assert dict(row.sides) == {
        "shopify": {"created": 7, "updated": 0, "linked": 0},
        "local": {"created": 0, "updated": 3, "linked": 87}, "conflicts": 1}
    data = runs.as_dict(row)
    assert (data["created"], data["updated"]) == (7, 90)
    assert data["shopify"] == {"created": 7, "updated": 0, "linked": 0}
    assert data["local"] == {"created": 0, "updated": 3, "linked": 87}
    assert data["conflicts"] == 1
    # A local command's counts name no side: nothing is invented.
    local = runs.start_run(None, "local-customers")
    runs.finish_run(local, "ok", {"created": 2})
    assert dict(runs.find_runs(runs.RunFilter(limit=1))[0].sides) == {}
