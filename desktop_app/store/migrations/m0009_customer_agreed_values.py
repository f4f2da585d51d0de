"""Version 9: what a linked customer held on both sides at its last exchange with Shopify.

`customer_agreed` keeps, per shop and Shopify customer (and the local customer it was linked
to then), the fields of both records as they stood right after the last successful create,
update, import or link of that pair, in either direction (`store/agreed.py`). The customers
sync compares each side with them to tell a field someone changed or emptied on purpose from
a field that was simply never filled (issue 14: "a blank is not a clear").

One row per link, the fields as JSON, rather than one row per field: the first full import of
100,000 linked customers writes 100,000 rows, not 1.4 million. Links made before this step
have no row: for them a blank never clears anything, and their first exchange records it.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 9

STATEMENTS = (
    """CREATE TABLE customer_agreed (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        local_values TEXT NOT NULL,
        shopify_values TEXT NOT NULL,
        agreed_at TEXT NOT NULL
    )""",
    ("CREATE UNIQUE INDEX customer_agreed_shop_id_shopify_id "
     "ON customer_agreed (shop_id, shopify_id)"),
    "CREATE INDEX customer_agreed_customer_id ON customer_agreed (customer_id)",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Create `customer_agreed` (empty: existing links start without agreed values)."""
    for statement in STATEMENTS:
        db.execute_sql(statement)
