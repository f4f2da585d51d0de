"""Version 7: payment terms, due date and ship-to address of a sales document.

A sales order or invoice made from a Shopify order now keeps what the order carried: the
payment terms code (a B2B order's company location terms, mapped to the local code), the due
date those terms give (ISO, '' when they give none), and the ship-to: the local ship-to code
of a B2B order's location ('' = the customer's own address or none) and the address the goods
go to. Documents made before this version keep '' in every new column.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 7

#: (column, width) of the new text columns, all NOT NULL DEFAULT ''.
COLUMNS = (
    ("payment_terms_code", 20),
    ("due_date", 10),
    ("ship_to_code", 10),
    ("ship_to_name", 100),
    ("ship_to_name_2", 50),
    ("ship_to_contact", 100),
    ("ship_to_address", 100),
    ("ship_to_address_2", 50),
    ("ship_to_city", 30),
    ("ship_to_post_code", 20),
    ("ship_to_county", 30),
    ("ship_to_country", 2),
    ("ship_to_phone", 30),
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Add the payment terms, due date and ship-to columns to `sales_document`."""
    for column, width in COLUMNS:
        db.execute_sql(f"ALTER TABLE sales_document ADD COLUMN {column} "
                       f"VARCHAR({width}) NOT NULL DEFAULT ''")
