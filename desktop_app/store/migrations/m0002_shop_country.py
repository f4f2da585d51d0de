"""Version 2: the shop's own country (from Test connection), the default phone region."""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 2


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Add `shop.country` (ISO code, NULL until the shop has been asked)."""
    migrator.migrate(migrator.add_column("shop", "country", peewee.CharField(max_length=2, null=True)))
