"""Version 18: payment methods (issue 17; bc_connector §1.11 "Payment method mapping").

- `payment_method` (code, description): the local payment methods.
- `payment_method_mapping`: per shop, a Shopify payment gateway and the payment method it
  stands for.
- `sales_document.payment_method_code`: the payment method of the order's gateway. Existing
  documents keep none, as they were made.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 18

_STATEMENTS = (
    """
    CREATE TABLE payment_method (
        id INTEGER NOT NULL PRIMARY KEY,
        code VARCHAR(20) NOT NULL,
        description VARCHAR(100) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX payment_method_code ON payment_method (code)",
    """
    CREATE TABLE payment_method_mapping (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        gateway VARCHAR(100) NOT NULL,
        payment_method_code VARCHAR(20) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX payment_method_mapping_shop_id_gateway ON payment_method_mapping "
    "(shop_id, gateway)",
    "ALTER TABLE sales_document ADD COLUMN payment_method_code VARCHAR(20) NOT NULL "
    "DEFAULT ''",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Add the payment methods, their mappings and the document's payment method."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
