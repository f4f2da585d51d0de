"""Version 4: recurring syncs, one interval per shop and resource (`store/schedules.py`).

A resource without a row is not scheduled ("off"). The interval is in minutes; when the next
run is due is worked out from the sync history, so nothing here moves on every run.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 4

_STATEMENTS = (
    """
    CREATE TABLE sync_schedule (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        resource VARCHAR(30) NOT NULL,
        interval_minutes INTEGER NOT NULL CHECK (interval_minutes > 0),
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX sync_schedule_shop_resource ON sync_schedule (shop_id, resource)",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Create the `sync_schedule` table."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
