"""Version 5: business customers (issue 8).

Local side: `business_details` (an organisation's registration and VAT registration numbers
and payment terms), `ship_to_address` (a customer's further addresses, one per company
location), `payment_terms_mapping` (Shopify's payment terms templates -> local codes).
Shopify mirror: `shopify_company` (with its link to a local organisation customer) and
`shopify_company_location` (with its link to the customer's main address, `ship_to_code` '',
or to one of its ship-to addresses, and optional Sell-to/Bill-to overrides).
"""

from __future__ import annotations

import peewee
from playhouse.migrate import SqliteMigrator

VERSION = 5

_STATEMENTS = (
    """
    CREATE TABLE business_details (
        id INTEGER NOT NULL PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        registration_no VARCHAR(30) NOT NULL DEFAULT '',
        vat_registration_no VARCHAR(30) NOT NULL DEFAULT '',
        payment_terms VARCHAR(20) NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX business_details_customer ON business_details (customer_id)",
    "CREATE INDEX business_details_registration ON business_details (registration_no)",
    "CREATE INDEX business_details_vat ON business_details (vat_registration_no)",
    """
    CREATE TABLE ship_to_address (
        id INTEGER NOT NULL PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customer (id) ON DELETE CASCADE,
        code VARCHAR(10) NOT NULL,
        name VARCHAR(100) NOT NULL DEFAULT '',
        name_2 VARCHAR(50) NOT NULL DEFAULT '',
        contact VARCHAR(100) NOT NULL DEFAULT '',
        address VARCHAR(100) NOT NULL DEFAULT '',
        address_2 VARCHAR(50) NOT NULL DEFAULT '',
        city VARCHAR(30) NOT NULL DEFAULT '',
        post_code VARCHAR(20) NOT NULL DEFAULT '',
        county VARCHAR(30) NOT NULL DEFAULT '',
        country VARCHAR(2) NOT NULL DEFAULT '',
        phone VARCHAR(30) NOT NULL DEFAULT '',
        email VARCHAR(254) NOT NULL DEFAULT '',
        payment_terms VARCHAR(20) NOT NULL DEFAULT '',
        tax_registration_no VARCHAR(30) NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX ship_to_address_customer_code ON ship_to_address (customer_id, code)",
    """
    CREATE TABLE payment_terms_mapping (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        name VARCHAR(100) NOT NULL DEFAULT '',
        terms_type VARCHAR(20) NOT NULL DEFAULT '',
        due_in_days INTEGER,
        payment_terms_code VARCHAR(20) NOT NULL DEFAULT ''
    )
    """,
    "CREATE UNIQUE INDEX payment_terms_mapping_shop_id ON payment_terms_mapping (shop_id, shopify_id)",
    """
    CREATE TABLE shopify_company (
        id INTEGER NOT NULL PRIMARY KEY,
        shop_id INTEGER NOT NULL REFERENCES shop (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        name VARCHAR(255) NOT NULL DEFAULT '',
        external_id VARCHAR(64) NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        main_contact_id VARCHAR(100) NOT NULL DEFAULT '',
        main_contact_customer_id VARCHAR(100) NOT NULL DEFAULT '',
        main_contact_first_name VARCHAR(100) NOT NULL DEFAULT '',
        main_contact_last_name VARCHAR(100) NOT NULL DEFAULT '',
        main_contact_email VARCHAR(254) NOT NULL DEFAULT '',
        main_contact_phone VARCHAR(30) NOT NULL DEFAULT '',
        shopify_created_at TEXT,
        shopify_updated_at TEXT,
        last_updated_by_app TEXT,
        customer_id INTEGER REFERENCES customer (id) ON DELETE SET NULL,
        match_reason VARCHAR(20) NOT NULL DEFAULT '',
        review_state VARCHAR(20) NOT NULL DEFAULT '',
        review_note TEXT NOT NULL DEFAULT '',
        fetched_at TEXT NOT NULL
    )
    """,
    "CREATE UNIQUE INDEX shopify_company_shop_id ON shopify_company (shop_id, shopify_id)",
    "CREATE INDEX shopify_company_customer ON shopify_company (customer_id)",
    """
    CREATE TABLE shopify_company_location (
        id INTEGER NOT NULL PRIMARY KEY,
        company_id INTEGER NOT NULL REFERENCES shopify_company (id) ON DELETE CASCADE,
        shopify_id VARCHAR(100) NOT NULL,
        name VARCHAR(255) NOT NULL DEFAULT '',
        external_id VARCHAR(64) NOT NULL DEFAULT '',
        phone VARCHAR(30) NOT NULL DEFAULT '',
        tax_registration_id VARCHAR(50) NOT NULL DEFAULT '',
        tax_exempt INTEGER NOT NULL DEFAULT 0,
        payment_terms_id VARCHAR(100) NOT NULL DEFAULT '',
        payment_terms_name VARCHAR(100) NOT NULL DEFAULT '',
        payment_terms_type VARCHAR(20) NOT NULL DEFAULT '',
        due_in_days INTEGER,
        billing_address TEXT NOT NULL DEFAULT '{}',
        shipping_address TEXT NOT NULL DEFAULT '{}',
        ship_to_code VARCHAR(10),
        sell_to_no VARCHAR(20) NOT NULL DEFAULT '',
        bill_to_no VARCHAR(20) NOT NULL DEFAULT '',
        shopify_updated_at TEXT
    )
    """,
    "CREATE UNIQUE INDEX shopify_company_location_company_id "
    "ON shopify_company_location (company_id, shopify_id)",
)


def upgrade(migrator: SqliteMigrator, db: peewee.SqliteDatabase) -> None:
    """Create the business customer tables."""
    for statement in _STATEMENTS:
        db.execute_sql(statement)
