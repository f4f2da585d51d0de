"""Version 15: a shop's Shopify locations linked to local location codes (issue 17).

- `shopify_location`: one row per shop and Shopify location the merchant linked: the local
  location its sales lines take (`location_code`) and the one its returned items go back to
  (`return_location_code`, blank: `location_code`). The name is Shopify's when last linked,
  so a location Shopify no longer lists still says which one it was.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 15

_STATEMENTS = (
    """
    CREATE TABLE shopify_location (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        name VARCHAR(255) NOT NULL DEFAULT '',
        location_code VARCHAR(20) NOT NULL DEFAULT '',
        return_location_code VARCHAR(20) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX shopify_location_shop_id_shopify_id ON shopify_location "
    "(shop_id, shopify_id)",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Add `shopify_location`."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
