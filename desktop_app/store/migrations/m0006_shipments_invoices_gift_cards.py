"""Version 6: shipments, posted invoice export, credit memo links and gift cards (issue 7).

- `shipping_agent`: local carriers (code, name, the Shopify tracking company, a tracking URL
  with `%1` standing for the number).
- `posted_shipment` / `posted_shipment_line`: what was shipped of a sales order. Its
  `fulfillment_id` is '' until synced, then the first Shopify fulfillment id, '-1' (failed)
  or '-2' (nothing to fulfil). `fulfillment_ids` lists every fulfillment made for it and
  `pending_known` (JSON, null when idle) the fulfillments the order had before a request
  whose answer may have been lost.
- `invoice_export`: the posted-invoice side of a `sales_document` of type invoice: its
  Shopify Order ID ('0' to export, the order id, '-1' failed, '-2' excluded), the remaining
  amount, the last message.
- `gift_card`: cards issued by the shop (imported or sold on orders) and their balances.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 6

_STATEMENTS = (
    """
    CREATE TABLE shipping_agent (
        id INTEGER NOT NULL PRIMARY KEY,
        code VARCHAR(10) NOT NULL,
        name VARCHAR(50) NOT NULL DEFAULT '',
        shopify_tracking_company VARCHAR(50) NOT NULL DEFAULT '',
        tracking_url VARCHAR(250) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX shipping_agent_code ON shipping_agent (code)",
    """
    CREATE TABLE posted_shipment (
        id INTEGER NOT NULL PRIMARY KEY,
        no VARCHAR(20) NOT NULL,
        order_document_no VARCHAR(20) NOT NULL,
        shop_id INTEGER REFERENCES shop (id) ON DELETE SET NULL,
        shopify_order_gid VARCHAR(100) NOT NULL DEFAULT '',
        agent_code VARCHAR(10) NOT NULL DEFAULT '',
        tracking_no VARCHAR(50) NOT NULL DEFAULT '',
        fulfillment_id VARCHAR(100) NOT NULL DEFAULT '',
        fulfillment_ids TEXT NOT NULL DEFAULT '[]',
        pending_known TEXT,
        message TEXT NOT NULL DEFAULT '',
        posted_at TEXT NOT NULL,
        synced_at TEXT
    )
    """,
    "CREATE UNIQUE INDEX posted_shipment_no ON posted_shipment (no)",
    "CREATE INDEX posted_shipment_fulfillment ON posted_shipment (fulfillment_id)",
    """
    CREATE TABLE posted_shipment_line (
        id INTEGER NOT NULL PRIMARY KEY,
        shipment_id INTEGER NOT NULL REFERENCES posted_shipment (id) ON DELETE CASCADE,
        line_no INTEGER NOT NULL,
        order_line_no INTEGER NOT NULL,
        type VARCHAR(20) NOT NULL,
        no VARCHAR(20) NOT NULL DEFAULT '',
        description VARCHAR(255) NOT NULL DEFAULT '',
        quantity DECIMAL(10, 4) NOT NULL,
        shopify_line_gid VARCHAR(100) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX posted_shipment_line_no ON posted_shipment_line (shipment_id, line_no)",
    """
    CREATE TABLE invoice_export (
        id INTEGER NOT NULL PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES sales_document (id) ON DELETE CASCADE,
        shopify_order_id VARCHAR(100) NOT NULL DEFAULT '0',
        shopify_order_name VARCHAR(50) NOT NULL DEFAULT '',
        remaining_amount DECIMAL(10, 4) NOT NULL,
        draft_order_gid VARCHAR(100) NOT NULL DEFAULT '',
        message TEXT NOT NULL DEFAULT '',
        posted_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX invoice_export_document ON invoice_export (document_id)",
    "CREATE INDEX invoice_export_order ON invoice_export (shopify_order_id)",
    """
    CREATE TABLE gift_card (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        last_characters VARCHAR(4) NOT NULL DEFAULT '',
        initial_value DECIMAL(10, 4) NOT NULL,
        balance DECIMAL(10, 4) NOT NULL,
        currency VARCHAR(3) NOT NULL DEFAULT '',
        order_gid VARCHAR(100) NOT NULL DEFAULT '',
        line_gid VARCHAR(100) NOT NULL DEFAULT '',
        enabled INTEGER NOT NULL DEFAULT 1,
        source VARCHAR(10) NOT NULL DEFAULT 'shopify',
        shopify_updated_at TEXT,
        fetched_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX gift_card_shop_id ON gift_card (shop_id, shopify_id)",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Create the shipment, invoice export and gift card tables."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
