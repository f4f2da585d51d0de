"""Version 22: which way a run's records went, kept with the run (issue 18).

- `sync_run.sides`: the per-side breakdown of the run's result as JSON, `{"shopify":
  {"created", "updated", "linked"}, "local": {...}, "conflicts"}` (`SyncResult.shopify`,
  `.local`, `.conflicts`), what the history dialog and `shop-sync log` show ("Shopify: 7
  created · Local: 87 linked"). NULL for the runs recorded before this version and for runs
  whose result counts no sides: they show their totals, as before.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 22


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Add `sync_run.sides` (NULL in every existing row)."""
    db.execute_sql("ALTER TABLE sync_run ADD COLUMN sides TEXT")
