"""Version 17: the local G/L accounts (issue 17).

`gl_account` (code, name): the accounts the Shop Card's account settings, the documents'
account lines and the shipment method mappings' charge lines name. Until now an account was
only a code typed there; every code already in use becomes a row (spelt as it was typed, no
name), so no existing card or document names an account that does not exist.
"""

from __future__ import annotations

import json

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 17

#: The Shop Card settings that name an account (as they were when this step was written).
ACCOUNT_SETTINGS = ("shipping_charges_account", "tip_account", "sold_gift_card_account",
                    "no_item_account", "refund_account", "refund_account_non_restock")

_STATEMENTS = (
    """
    CREATE TABLE gl_account (
        id INTEGER NOT NULL PRIMARY KEY,
        code VARCHAR(20) NOT NULL,
        name VARCHAR(100) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX gl_account_code ON gl_account (code)",
    """
    INSERT OR IGNORE INTO gl_account (code)
    SELECT code FROM (
        SELECT no AS code FROM sales_line WHERE type = 'gl_account'
        UNION SELECT charge_no FROM shipment_method_mapping WHERE charge_type = 'gl_account'
    ) AS used WHERE code != '' ORDER BY code
    """,
)


def _setting_codes(db: peewee.SqliteDatabase) -> list[str]:
    codes: set[str] = set()
    for (text,) in db.execute_sql("SELECT settings FROM shop").fetchall():
        try:
            settings = json.loads(text or "{}")
        except ValueError:
            continue
        if isinstance(settings, dict):
            codes.update(str(settings.get(name) or "").strip() for name in ACCOUNT_SETTINGS)
    return sorted(codes - {""})


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Add `gl_account`, filled with the account codes in use."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
    for code in _setting_codes(db):
        db.execute_sql("INSERT OR IGNORE INTO gl_account (code) VALUES (?)", (code,))
