"""Version 16: a sales document's tax area and tax liability (issue 17).

`sales_document.tax_area_code` and `tax_liable`: what the Shop Card's tax area priority
found for the document's addresses in the shop's county table (bc_connector §1.11). Existing
documents keep none, as they were made.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 16

_STATEMENTS = (
    "ALTER TABLE sales_document ADD COLUMN tax_area_code VARCHAR(20) NOT NULL DEFAULT ''",
    "ALTER TABLE sales_document ADD COLUMN tax_liable INTEGER NOT NULL DEFAULT 0",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Add the document's tax area columns."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
