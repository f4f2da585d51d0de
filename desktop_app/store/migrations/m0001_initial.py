"""Version 1: shops, local customers, templates, items, locations, the Shopify customer
mirror and the sync bookkeeping.

Written as plain SQL, a frozen copy independent of `models.py`, so later changes to the
models cannot change what this step creates. Timestamps are UTC text
(`YYYY-MM-DD HH:MM:SS.ffffff`), booleans 0/1, money DECIMAL with a currency code beside it.
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 1

_STATEMENTS = (
    """
    CREATE TABLE shop (
        id INTEGER NOT NULL PRIMARY KEY,
        code VARCHAR(20) NOT NULL CHECK (length(code) BETWEEN 1 AND 20),
        name VARCHAR(100) NOT NULL DEFAULT '',
        domain VARCHAR(255),
        api_url VARCHAR(255),
        is_demo INTEGER NOT NULL DEFAULT 0,
        auth_method VARCHAR(20) NOT NULL DEFAULT 'token'
            CHECK (auth_method IN ('token', 'client_credentials')),
        client_id VARCHAR(255),
        settings TEXT NOT NULL DEFAULT '{}',
        shopify_name VARCHAR(255),
        plan VARCHAR(100),
        currency VARCHAR(3),
        timezone VARCHAR(100),
        api_version VARCHAR(20),
        scopes TEXT,
        info_checked_at TEXT,
        created_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX shop_code ON shop (code)",
    """
    CREATE TABLE customer_template (
        id INTEGER NOT NULL PRIMARY KEY,
        code VARCHAR(20) NOT NULL,
        description VARCHAR(100) NOT NULL DEFAULT '',
        country VARCHAR(2) NOT NULL DEFAULT '',
        tax_area VARCHAR(20) NOT NULL DEFAULT '',
        tax_liable INTEGER NOT NULL DEFAULT 0,
        payment_terms VARCHAR(20) NOT NULL DEFAULT '',
        currency VARCHAR(3) NOT NULL DEFAULT '',
        category VARCHAR(20) NOT NULL DEFAULT 'person'
            CHECK (category IN ('person', 'organisation')),
        customer_posting_group VARCHAR(20) NOT NULL DEFAULT '',
        gen_bus_posting_group VARCHAR(20) NOT NULL DEFAULT '',
        vat_bus_posting_group VARCHAR(20) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX customer_template_code ON customer_template (code)",
    """
    CREATE TABLE shop_customer_template (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        country_code VARCHAR(2) NOT NULL,
        default_customer_no VARCHAR(20) NOT NULL DEFAULT '',
        template_code VARCHAR(20) NOT NULL DEFAULT '',
        tax_area VARCHAR(20) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX shop_customer_template_shop_country "
    "ON shop_customer_template (shop_id, country_code)",
    """
    CREATE TABLE tax_area (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        country_code VARCHAR(2) NOT NULL,
        county_code VARCHAR(10) NOT NULL DEFAULT '',
        county_name VARCHAR(100) NOT NULL DEFAULT '',
        tax_area_code VARCHAR(20) NOT NULL DEFAULT '',
        tax_liable INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE UNIQUE INDEX tax_area_shop_country_county "
    "ON tax_area (shop_id, country_code, county_code)",
    """
    CREATE TABLE customer (
        id INTEGER NOT NULL PRIMARY KEY,
        no VARCHAR(20) NOT NULL,
        name VARCHAR(100) NOT NULL,
        name_2 VARCHAR(50) NOT NULL DEFAULT '',
        contact VARCHAR(100) NOT NULL DEFAULT '',
        address VARCHAR(100) NOT NULL DEFAULT '',
        address_2 VARCHAR(50) NOT NULL DEFAULT '',
        city VARCHAR(30) NOT NULL DEFAULT '',
        post_code VARCHAR(20) NOT NULL DEFAULT '',
        county VARCHAR(30) NOT NULL DEFAULT '',
        country VARCHAR(2) NOT NULL DEFAULT '',
        phone VARCHAR(30) NOT NULL DEFAULT '',
        phone_ext VARCHAR(10) NOT NULL DEFAULT '',
        email VARCHAR(254) NOT NULL DEFAULT '',
        email_key VARCHAR(254) NOT NULL DEFAULT '',
        template VARCHAR(20) NOT NULL DEFAULT '',
        category VARCHAR(20) NOT NULL DEFAULT 'person'
            CHECK (category IN ('person', 'organisation')),
        web_upload INTEGER NOT NULL DEFAULT 0,
        blocked INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX customer_no ON customer (no)",
    "CREATE INDEX customer_name ON customer (name COLLATE NOCASE)",
    "CREATE INDEX customer_email_key ON customer (email_key)",
    "CREATE INDEX customer_phone ON customer (phone)",
    "CREATE INDEX customer_web_upload ON customer (web_upload) WHERE web_upload = 1",
    "CREATE INDEX customer_updated_at ON customer (updated_at)",
    """
    CREATE TABLE item (
        id INTEGER NOT NULL PRIMARY KEY,
        no VARCHAR(20) NOT NULL,
        description VARCHAR(100) NOT NULL DEFAULT '',
        sku VARCHAR(50) NOT NULL DEFAULT '',
        unit_price DECIMAL(18, 4) NOT NULL DEFAULT 0,
        currency VARCHAR(3) NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX item_no ON item (no)",
    "CREATE UNIQUE INDEX item_sku ON item (sku) WHERE sku <> ''",
    """
    CREATE TABLE location (
        id INTEGER NOT NULL PRIMARY KEY,
        code VARCHAR(20) NOT NULL,
        name VARCHAR(100) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX location_code ON location (code)",
    """
    CREATE TABLE shopify_customer (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        first_name VARCHAR(100) NOT NULL DEFAULT '',
        last_name VARCHAR(100) NOT NULL DEFAULT '',
        email VARCHAR(254) NOT NULL DEFAULT '',
        phone VARCHAR(30) NOT NULL DEFAULT '',
        company VARCHAR(255) NOT NULL DEFAULT '',
        state VARCHAR(20) NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        shopify_created_at TEXT,
        shopify_updated_at TEXT,
        last_updated_by_app TEXT,
        customer_id INTEGER REFERENCES customer (id) ON DELETE SET NULL,
        match_reason VARCHAR(20) NOT NULL DEFAULT '',
        review_state VARCHAR(20) NOT NULL DEFAULT ''
            CHECK (review_state IN ('', 'ambiguous', 'error')),
        review_note TEXT NOT NULL DEFAULT '',
        fetched_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX shopify_customer_shop_shopify_id "
    "ON shopify_customer (shop_id, shopify_id)",
    "CREATE INDEX shopify_customer_customer ON shopify_customer (customer_id)",
    "CREATE INDEX shopify_customer_email ON shopify_customer (shop_id, lower(email))",
    "CREATE INDEX shopify_customer_phone ON shopify_customer (shop_id, phone)",
    "CREATE INDEX shopify_customer_review ON shopify_customer (shop_id, review_state) "
    "WHERE review_state <> ''",
    """
    CREATE TABLE shopify_address (
        id INTEGER NOT NULL PRIMARY KEY,
        shopify_customer_id INTEGER NOT NULL
            REFERENCES shopify_customer (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        is_default INTEGER NOT NULL DEFAULT 0,
        first_name VARCHAR(100) NOT NULL DEFAULT '',
        last_name VARCHAR(100) NOT NULL DEFAULT '',
        company VARCHAR(255) NOT NULL DEFAULT '',
        address1 VARCHAR(255) NOT NULL DEFAULT '',
        address2 VARCHAR(255) NOT NULL DEFAULT '',
        city VARCHAR(100) NOT NULL DEFAULT '',
        province VARCHAR(100) NOT NULL DEFAULT '',
        province_code VARCHAR(10) NOT NULL DEFAULT '',
        zip VARCHAR(20) NOT NULL DEFAULT '',
        country VARCHAR(100) NOT NULL DEFAULT '',
        country_code VARCHAR(2) NOT NULL DEFAULT '',
        phone VARCHAR(30) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX shopify_address_customer_shopify_id "
    "ON shopify_address (shopify_customer_id, shopify_id)",
    """
    CREATE TABLE sync_state (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        resource VARCHAR(30) NOT NULL,
        watermark TEXT,
        cursor TEXT,
        bulk_operation_id VARCHAR(100),
        data TEXT NOT NULL DEFAULT '{}',
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX sync_state_shop_resource ON sync_state (shop_id, resource)",
    """
    CREATE TABLE sync_run (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        resource VARCHAR(30) NOT NULL,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        status VARCHAR(20) NOT NULL DEFAULT 'running'
            CHECK (status IN ('running', 'ok', 'partial', 'failed', 'cancelled')),
        created INTEGER NOT NULL DEFAULT 0,
        updated INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        failed INTEGER NOT NULL DEFAULT 0,
        api_cost REAL NOT NULL DEFAULT 0,
        requests INTEGER NOT NULL DEFAULT 0,
        message TEXT NOT NULL DEFAULT ''
    )
    """,
    "CREATE INDEX sync_run_shop_started ON sync_run (shop_id, started_at)",
    """
    CREATE TABLE sync_error (
        id INTEGER NOT NULL PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES sync_run (id) ON DELETE CASCADE,
        record VARCHAR(255) NOT NULL DEFAULT '',
        field VARCHAR(100) NOT NULL DEFAULT '',
        message TEXT NOT NULL,
        resolved INTEGER NOT NULL DEFAULT 0
    )
    """,
    "CREATE INDEX sync_error_run ON sync_error (run_id)",
    "CREATE INDEX sync_error_unresolved ON sync_error (record) WHERE resolved = 0",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Create the version 1 schema in an empty database."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
