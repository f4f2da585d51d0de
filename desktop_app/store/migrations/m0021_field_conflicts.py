"""Version 21: the fields of linked customers changed on both sides (issue 19, two-way edits).

With both customer update directions on, a field the local customer and its Shopify
customer both changed, to different values, since their last exchange (`customer_agreed`)
is neither copied nor overwritten: it becomes a row here, open until the merchant takes one
side (`conflicts resolve`, the Customers tab's Conflicts view).

- `field_conflict`: per shop and link (the Shopify customer's GID and the local customer),
  the local field (`name`, `city`, `email`...), both values when found and the value they
  last agreed on, when it was found, and once resolved, when and which side was taken
  (`local` or `shopify`). At most one open row per link and field.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 21

STATEMENTS = (
    """CREATE TABLE field_conflict (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        field VARCHAR(40) NOT NULL,
        local_value TEXT NOT NULL DEFAULT '',
        shopify_value TEXT NOT NULL DEFAULT '',
        agreed_value TEXT NOT NULL DEFAULT '',
        found_at TEXT NOT NULL,
        resolved_at TEXT,
        taken VARCHAR(10) NOT NULL DEFAULT ''
    )""",
    ("CREATE UNIQUE INDEX field_conflict_open ON field_conflict (shop_id, shopify_id, field) "
     "WHERE resolved_at IS NULL"),
    "CREATE INDEX field_conflict_customer_id ON field_conflict (customer_id)",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Create `field_conflict` (empty: no conflict existed before two-way edits)."""
    for statement in STATEMENTS:
        db.execute_sql(statement)
