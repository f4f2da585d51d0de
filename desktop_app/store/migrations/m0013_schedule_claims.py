"""Version 13: schedules run without the window too (`shop-sync scheduler`, issue 17).

A schedule is claimed in the database before it runs, so the window and any number of
`shop-sync scheduler` processes never start the same due schedule twice, and the reason a
due schedule was skipped (its shop busy) or failed is kept with it:

- `added_at`: when the schedule was added; it is due at once, then every interval. Runs of
  the resource from before it was added do not count.
- `last_started_at`: when a scheduler last claimed (started) it; with the history's latest
  run of the resource, the anchor of the next run.
- `claimed_by`: who claimed it last ("window, process 4312", "scheduler, process 977").
- `note`, `note_at`: what happened to it last, for `schedules list` and the log.

Rows from before this version keep their next run where it was: `added_at` and
`last_started_at` take `updated_at` (the next run is `updated_at` plus the interval unless
a later run moved it, as before).
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 13

_STATEMENTS = (
    "ALTER TABLE sync_schedule ADD COLUMN added_at TEXT",
    "ALTER TABLE sync_schedule ADD COLUMN last_started_at TEXT",
    "ALTER TABLE sync_schedule ADD COLUMN claimed_by VARCHAR(100) NOT NULL DEFAULT ''",
    "ALTER TABLE sync_schedule ADD COLUMN note TEXT NOT NULL DEFAULT ''",
    "ALTER TABLE sync_schedule ADD COLUMN note_at TEXT",
    "UPDATE sync_schedule SET added_at = updated_at, last_started_at = updated_at",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Add the claim and note columns to `sync_schedule`."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
