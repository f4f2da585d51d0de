"""Version 12: runs of commands without a shop, and warnings kept with their run (issue 15).

Every command that changes data is a recorded run, also those that belong to no shop
(`customers import/set/delete`, `items import`, `documents post-shipment/post-invoice`):
`sync_run.shop_id` becomes nullable. SQLite cannot drop a NOT NULL constraint, so the table
is rebuilt the documented way (new table, rows copied with their ids, old table dropped, new
one renamed, its indexes created again); `sync_error` keeps pointing at it by name, and the
runner checks the foreign keys after the step. PostgreSQL drops the constraint in place.

`sync_error` (the `RunError` model) gets a `level` ('error' or 'warning': done, but the
merchant should look, such as `field_cut` or `fully_refunded`) and the warning's stable
`code` (a partial index finds the warnings of a run). Every row written before this version
is an error with no code.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

from desktop_app.store.engines import is_postgres

VERSION = 12

_NEW_RUN_TABLE = """
    CREATE TABLE sync_run_v12 (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER REFERENCES shop (id) ON DELETE CASCADE,
        resource VARCHAR(30) NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status VARCHAR(20) NOT NULL DEFAULT 'running'
            CHECK (status IN ('running', 'ok', 'partial', 'failed', 'cancelled')),
        created INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        api_cost REAL NOT NULL DEFAULT 0,
        requests INTEGER NOT NULL DEFAULT 0,
        message TEXT NOT NULL DEFAULT ''
    )
"""

_RUN_COLUMNS = ("id, shop_id, resource, started_at, finished_at, status, created, updated, "
                "skipped, failed, api_cost, requests, message")


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Rebuild `sync_run` with a nullable `shop_id` (rows, ids and indexes kept); add
    `sync_error.level` and `sync_error.code`, and the index of the warnings."""
    if is_postgres(db):
        db.execute_sql("ALTER TABLE sync_run ALTER COLUMN shop_id DROP NOT NULL")
    else:
        _rebuild_runs(db)
    db.execute_sql("ALTER TABLE sync_error ADD COLUMN level VARCHAR(10) NOT NULL "
                   "DEFAULT 'error' CHECK (level IN ('error', 'warning'))")
    db.execute_sql("ALTER TABLE sync_error ADD COLUMN code VARCHAR(50) NOT NULL DEFAULT ''")
    # The history counts each run's warnings from this (small) index and its errors as all
    # rows less those: a count of one level over `sync_error_run` read every row of a run.
    db.execute_sql("CREATE INDEX sync_error_warnings ON sync_error (run_id) "
                   "WHERE level = 'warning'")


def _rebuild_runs(db: peewee.SqliteDatabase) -> None:
    indexes = [sql for (sql,) in db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'sync_run' "
        "AND sql IS NOT NULL")]
    db.execute_sql(_NEW_RUN_TABLE)
    db.execute_sql(f"INSERT INTO sync_run_v12 ({_RUN_COLUMNS}) "
                   f"SELECT {_RUN_COLUMNS} FROM sync_run")
    db.execute_sql("DROP TABLE sync_run")
    db.execute_sql("ALTER TABLE sync_run_v12 RENAME TO sync_run")
    for sql in indexes:
        db.execute_sql(sql)
