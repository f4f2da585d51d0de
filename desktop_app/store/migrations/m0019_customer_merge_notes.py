"""Version 19: the note of each customer merged into another (issue 19, duplicate customers).

- `customer_merge_note`: on the kept customer, the merged customer's number and name, when,
  and what moved (`summary`); removed with the kept customer.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 19

_STATEMENTS = (
    """
    CREATE TABLE customer_merge_note (
        id INTEGER NOT NULL PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        merged_no VARCHAR(20) NOT NULL,
        merged_name VARCHAR(100) NOT NULL DEFAULT '',
        summary TEXT NOT NULL DEFAULT '',
        merged_at TEXT NOT NULL
    )
    """,
    "CREATE INDEX customer_merge_note_customer_id ON customer_merge_note (customer_id)",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Add the merge notes."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
