"""Version 14: the tax area codes, and a county source per country (issue 17, setup pages).

- `tax_area_code`: the local tax areas (code, description) that customer templates, the
  per-country templates and the county rows name. Until now a tax area was only a code typed
  into those rows; every code already in use becomes a row, so nothing a merchant typed is
  lost and every row still names an existing tax area.
- `shop_customer_template.county_source`: how the county of an address of that country is
  read ('code' or 'name'); blank follows the Shop Card's `county_source`.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 14

_STATEMENTS = (
    """
    CREATE TABLE tax_area_code (
        id INTEGER NOT NULL PRIMARY KEY,
        code VARCHAR(20) NOT NULL,
        description VARCHAR(100) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX tax_area_code_code ON tax_area_code (code)",
    """
    INSERT OR IGNORE INTO tax_area_code (code)
    SELECT code FROM (
        SELECT tax_area AS code FROM customer_template
        UNION SELECT tax_area FROM shop_customer_template
        UNION SELECT tax_area_code FROM tax_area
    ) AS used WHERE code != '' ORDER BY code
    """,
    "ALTER TABLE shop_customer_template ADD COLUMN county_source VARCHAR(10) NOT NULL "
    "DEFAULT ''",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Add `tax_area_code` (filled with the codes in use) and the per-country county source."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
