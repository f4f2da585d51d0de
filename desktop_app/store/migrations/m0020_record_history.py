"""Version 20: the per-record history (issue 19).

- `record_change`: one record one run changed on one side (key `KIND:ID`, the record as the
  merchant knows it, side, action, the fields NAME -> [old, new] as JSON, when); removed with
  its run (the history retention prunes them first, in batches).
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 20

_STATEMENTS = (
    """
    CREATE TABLE record_change (
        id INTEGER NOT NULL PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES sync_run (id) ON DELETE CASCADE,
        "key" VARCHAR(255) NOT NULL,
        record VARCHAR(255) NOT NULL DEFAULT '',
        side VARCHAR(10) NOT NULL,
        action VARCHAR(10) NOT NULL,
        fields TEXT NOT NULL DEFAULT '{}',
        at TEXT NOT NULL
    )
    """,
    'CREATE INDEX record_change_key ON record_change ("key")',
    "CREATE INDEX record_change_run_id ON record_change (run_id)",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Add the per-record history."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
