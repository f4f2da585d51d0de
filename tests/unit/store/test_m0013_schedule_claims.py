"""Migration 13: schedules get their claim and note columns; a version 12 schedule keeps its
next run where it was (its last change plus the interval, unless a later run moved it)."""

from __future__ import annotations

import datetime as dt

import peewee

from desktop_app.store import schedules
from desktop_app.store.database import close_database, open_database
from desktop_app.store.migrations import MIGRATIONS, runner

V12 = MIGRATIONS[:12]
UTC = dt.UTC


def test_a_version_12_schedule_keeps_its_next_run(tmp_path):
    path = tmp_path / "old.sqlite3"
    db = peewee.SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    db.connect()
    runner.migrate(db, path, V12)
    db.execute_sql("INSERT INTO shop (id, code, name, settings, created_at) VALUES "
                   "(1, 'MAIN', 'MAIN', '{}', '2025-01-02 03:04:05.000000')")
    db.execute_sql("INSERT INTO sync_schedule (id, shop_id, resource, interval_minutes, "
                   "updated_at) VALUES (4, 1, 'customers', 60, '2026-11-02 08:00:00.000000'), "
                   "(5, 1, 'orders', 15, '2026-11-02 08:00:00.000000')")
    db.execute_sql("INSERT INTO sync_run (shop_id, resource, started_at, status) VALUES "
                   "(1, 'orders', '2026-11-02 09:00:00.000000', 'ok')")
    db.close()

    open_database(path)
    try:
        customers, orders = schedules.list_schedules("MAIN")
        changed = dt.datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
        assert (customers.id, customers.added_at, customers.last_started_at) == (
            4, changed, changed)
        assert customers.next_run == changed + dt.timedelta(minutes=60)  # as in version 12
        assert orders.next_run == dt.datetime(2026, 11, 2, 9, 15, tzinfo=UTC)  # moved by a run
        assert (customers.note, customers.claimed_by, customers.note_at) == ("", "", None)
        assert schedules.claim(customers, changed + dt.timedelta(hours=1), "scheduler")
    finally:
        close_database()
