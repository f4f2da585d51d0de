"""Version 11: the order lifecycle (issue 14): when the app closed an order in Shopify.

"Close processed orders in Shopify" closes a fulfilled, paid order whose invoice is posted,
once: an order the merchant opens again in Shopify afterwards is left open. The mark cannot
live with the order's imported facts (each import rewrites them), so it gets its own column.
Orders imported before this version have none (NULL: never closed by the app).
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 11


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Add `shopify_order.closed_by_app_at` (UTC ISO text, NULL until the app closed it)."""
    db.execute_sql("ALTER TABLE shopify_order ADD COLUMN closed_by_app_at TEXT")
