"""Version 3: Shopify orders (staging and imported), their lines, shipping lines,
transactions, refunds and returns; local sales documents and their lines; shipment method
mappings and number series.

Plain SQL, frozen here like version 1, so later model changes cannot alter this step.
Money is DECIMAL with the currency beside it; every Shopify amount is kept twice, in the
shop currency and in the buyer's presentment currency (the `_p` columns). Timestamps are UTC
text, dates ISO `YYYY-MM-DD`.

Room left for shipments, posted invoices, refunds and gift cards (issue 7): refunds carry a
`credit_memo_no` and `processed` flag, transactions a `gift_card_id`, order lines their
Shopify ids (fulfillment-order lines point at them), and sales documents have a `status`
that later steps can move on.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 3

_MONEY = "DECIMAL(18, 4) NOT NULL DEFAULT 0"

_STATEMENTS = (
    f"""
    CREATE TABLE shopify_order_to_import (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        name VARCHAR(50) NOT NULL DEFAULT '',
        shopify_created_at TEXT,
        shopify_updated_at TEXT,
        closed INTEGER NOT NULL DEFAULT 0,
        cancelled INTEGER NOT NULL DEFAULT 0,
        test INTEGER NOT NULL DEFAULT 0,
        financial_status VARCHAR(30) NOT NULL DEFAULT '',
        fulfillment_status VARCHAR(30) NOT NULL DEFAULT '',
        fully_paid INTEGER NOT NULL DEFAULT 0,
        high_risk INTEGER NOT NULL DEFAULT 0,
        channel VARCHAR(100) NOT NULL DEFAULT '',
        ship_to_country VARCHAR(2) NOT NULL DEFAULT '',
        bill_to_country VARCHAR(2) NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        total {_MONEY},
        currency VARCHAR(3) NOT NULL DEFAULT '',
        item_quantity INTEGER NOT NULL DEFAULT 0,
        action VARCHAR(10) NOT NULL DEFAULT 'new' CHECK (action IN ('new', 'update')),
        has_error INTEGER NOT NULL DEFAULT 0,
        error_message TEXT NOT NULL DEFAULT '',
        staged_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX shopify_order_to_import_shop_shopify_id "
    "ON shopify_order_to_import (shop_id, shopify_id)",
    f"""
    CREATE TABLE shopify_order (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        name VARCHAR(50) NOT NULL DEFAULT '',
        email VARCHAR(254) NOT NULL DEFAULT '',
        phone VARCHAR(30) NOT NULL DEFAULT '',
        customer_gid VARCHAR(100) NOT NULL DEFAULT '',
        shopify_created_at TEXT,
        shopify_updated_at TEXT,
        cancelled_at TEXT,
        cancel_reason VARCHAR(30) NOT NULL DEFAULT '',
        closed INTEGER NOT NULL DEFAULT 0,
        test INTEGER NOT NULL DEFAULT 0,
        financial_status VARCHAR(30) NOT NULL DEFAULT '',
        fulfillment_status VARCHAR(30) NOT NULL DEFAULT '',
        fully_paid INTEGER NOT NULL DEFAULT 0,
        currency VARCHAR(3) NOT NULL DEFAULT '',
        presentment_currency VARCHAR(3) NOT NULL DEFAULT '',
        taxes_included INTEGER NOT NULL DEFAULT 0,
        tax_exempt INTEGER NOT NULL DEFAULT 0,
        subtotal {_MONEY}, subtotal_p {_MONEY},
        shipping {_MONEY}, shipping_p {_MONEY},
        tax {_MONEY}, tax_p {_MONEY},
        discount {_MONEY}, discount_p {_MONEY},
        total {_MONEY}, total_p {_MONEY},
        outstanding {_MONEY}, outstanding_p {_MONEY},
        risk_level VARCHAR(20) NOT NULL DEFAULT '',
        high_risk INTEGER NOT NULL DEFAULT 0,
        channel VARCHAR(100) NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        po_number VARCHAR(100) NOT NULL DEFAULT '',
        discount_codes TEXT NOT NULL DEFAULT '',
        attributes TEXT NOT NULL DEFAULT '{{}}',
        tax_lines TEXT NOT NULL DEFAULT '{{}}',
        ship_to TEXT NOT NULL DEFAULT '{{}}',
        bill_to TEXT NOT NULL DEFAULT '{{}}',
        item_quantity INTEGER NOT NULL DEFAULT 0,
        sell_to_customer_no VARCHAR(20) NOT NULL DEFAULT '',
        bill_to_customer_no VARCHAR(20) NOT NULL DEFAULT '',
        customer_manual INTEGER NOT NULL DEFAULT 0,
        document_type VARCHAR(20) NOT NULL DEFAULT ''
            CHECK (document_type IN ('', 'order', 'invoice')),
        document_no VARCHAR(20) NOT NULL DEFAULT '',
        processed_at TEXT,
        processed_snapshot TEXT NOT NULL DEFAULT '{{}}',
        doc_no_written INTEGER NOT NULL DEFAULT 0,
        has_error INTEGER NOT NULL DEFAULT 0,
        error_message TEXT NOT NULL DEFAULT '',
        conflict INTEGER NOT NULL DEFAULT 0,
        conflict_message TEXT NOT NULL DEFAULT '',
        imported_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX shopify_order_shop_shopify_id ON shopify_order (shop_id, shopify_id)",
    "CREATE INDEX shopify_order_document_no ON shopify_order (document_no) "
    "WHERE document_no <> ''",
    f"""
    CREATE TABLE shopify_order_line (
        id INTEGER NOT NULL PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES shopify_order (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        title VARCHAR(255) NOT NULL DEFAULT '',
        variant_title VARCHAR(255) NOT NULL DEFAULT '',
        sku VARCHAR(100) NOT NULL DEFAULT '',
        variant_gid VARCHAR(100) NOT NULL DEFAULT '',
        product_gid VARCHAR(100) NOT NULL DEFAULT '',
        quantity INTEGER NOT NULL DEFAULT 0,
        current_quantity INTEGER NOT NULL DEFAULT 0,
        unit_price {_MONEY}, unit_price_p {_MONEY},
        discount {_MONEY}, discount_p {_MONEY},
        tax {_MONEY}, tax_p {_MONEY},
        tax_lines TEXT NOT NULL DEFAULT '{{}}',
        attributes TEXT NOT NULL DEFAULT '{{}}',
        is_gift_card INTEGER NOT NULL DEFAULT 0,
        is_tip INTEGER NOT NULL DEFAULT 0,
        requires_shipping INTEGER NOT NULL DEFAULT 1,
        item_no VARCHAR(20) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX shopify_order_line_order_shopify_id "
    "ON shopify_order_line (order_id, shopify_id)",
    f"""
    CREATE TABLE shopify_shipping_line (
        id INTEGER NOT NULL PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES shopify_order (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        title VARCHAR(255) NOT NULL DEFAULT '',
        code VARCHAR(255) NOT NULL DEFAULT '',
        source VARCHAR(100) NOT NULL DEFAULT '',
        is_removed INTEGER NOT NULL DEFAULT 0,
        amount {_MONEY}, amount_p {_MONEY},
        discount {_MONEY}, discount_p {_MONEY},
        tax {_MONEY}, tax_p {_MONEY}
    )
    """,
    "CREATE INDEX shopify_shipping_line_order ON shopify_shipping_line (order_id)",
    f"""
    CREATE TABLE shopify_order_transaction (
        id INTEGER NOT NULL PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES shopify_order (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        kind VARCHAR(30) NOT NULL DEFAULT '',
        status VARCHAR(30) NOT NULL DEFAULT '',
        gateway VARCHAR(100) NOT NULL DEFAULT '',
        amount {_MONEY}, amount_p {_MONEY},
        gift_card_id VARCHAR(100) NOT NULL DEFAULT '',
        parent_id VARCHAR(100) NOT NULL DEFAULT '',
        processed_at TEXT
    )
    """,
    "CREATE INDEX shopify_order_transaction_order ON shopify_order_transaction (order_id)",
    f"""
    CREATE TABLE shopify_refund (
        id INTEGER NOT NULL PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES shopify_order (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        shopify_created_at TEXT,
        shopify_updated_at TEXT,
        note TEXT NOT NULL DEFAULT '',
        return_gid VARCHAR(100) NOT NULL DEFAULT '',
        total_refunded {_MONEY}, total_refunded_p {_MONEY},
        processed INTEGER NOT NULL DEFAULT 0,
        credit_memo_no VARCHAR(20) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX shopify_refund_order_shopify_id ON shopify_refund (order_id, shopify_id)",
    f"""
    CREATE TABLE shopify_refund_line (
        id INTEGER NOT NULL PRIMARY KEY,
        refund_id INTEGER NOT NULL REFERENCES shopify_refund (id) ON DELETE CASCADE,
        line_gid VARCHAR(100) NOT NULL DEFAULT '',
        quantity INTEGER NOT NULL DEFAULT 0,
        restock_type VARCHAR(20) NOT NULL DEFAULT '',
        location_gid VARCHAR(100) NOT NULL DEFAULT '',
        subtotal {_MONEY}, subtotal_p {_MONEY},
        tax {_MONEY}, tax_p {_MONEY}
    )
    """,
    "CREATE INDEX shopify_refund_line_refund ON shopify_refund_line (refund_id)",
    """
    CREATE TABLE shopify_return (
        id INTEGER NOT NULL PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES shopify_order (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        name VARCHAR(50) NOT NULL DEFAULT '',
        status VARCHAR(30) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX shopify_return_order_shopify_id ON shopify_return (order_id, shopify_id)",
    f"""
    CREATE TABLE sales_document (
        id INTEGER NOT NULL PRIMARY KEY,
        no VARCHAR(20) NOT NULL,
        type VARCHAR(20) NOT NULL CHECK (type IN ('order', 'invoice', 'credit_memo')),
        shop_id INTEGER REFERENCES shop (id) ON DELETE SET NULL,
        shopify_order_gid VARCHAR(100) NOT NULL DEFAULT '',
        sell_to_customer_no VARCHAR(20) NOT NULL DEFAULT '',
        bill_to_customer_no VARCHAR(20) NOT NULL DEFAULT '',
        document_date TEXT NOT NULL,
        currency VARCHAR(3) NOT NULL DEFAULT '',
        prices_including_tax INTEGER NOT NULL DEFAULT 0,
        status VARCHAR(20) NOT NULL DEFAULT 'open',
        external_document_no VARCHAR(100) NOT NULL DEFAULT '',
        shipment_method VARCHAR(20) NOT NULL DEFAULT '',
        amount {_MONEY},
        tax_amount {_MONEY},
        total {_MONEY},
        created_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX sales_document_no ON sales_document (no)",
    "CREATE INDEX sales_document_shopify_order ON sales_document (shopify_order_gid) "
    "WHERE shopify_order_gid <> ''",
    f"""
    CREATE TABLE sales_line (
        id INTEGER NOT NULL PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES sales_document (id) ON DELETE CASCADE,
        line_no INTEGER NOT NULL,
        type VARCHAR(20) NOT NULL CHECK (type IN ('item', 'gl_account', 'comment')),
        no VARCHAR(20) NOT NULL DEFAULT '',
        description VARCHAR(255) NOT NULL DEFAULT '',
        quantity DECIMAL(18, 4) NOT NULL DEFAULT 0,
        unit_price {_MONEY},
        line_discount {_MONEY},
        amount {_MONEY},
        tax_amount {_MONEY},
        location_code VARCHAR(20) NOT NULL DEFAULT '',
        shopify_line_gid VARCHAR(100) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX sales_line_document_line_no ON sales_line (document_id, line_no)",
    """
    CREATE TABLE shipment_method_mapping (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        title VARCHAR(255) NOT NULL,
        shipment_method_code VARCHAR(20) NOT NULL DEFAULT '',
        charge_type VARCHAR(20) NOT NULL DEFAULT ''
            CHECK (charge_type IN ('', 'gl_account', 'item')),
        charge_no VARCHAR(20) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX shipment_method_mapping_shop_title "
    "ON shipment_method_mapping (shop_id, title)",
    """
    CREATE TABLE no_series (
        id INTEGER NOT NULL PRIMARY KEY,
        code VARCHAR(20) NOT NULL,
        last_no INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE UNIQUE INDEX no_series_code ON no_series (code)",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Create the order and sales document tables."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
