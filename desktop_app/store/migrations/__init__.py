"""Numbered schema migrations, one module per step (`m0001_initial.py`, `m0002_...`).

Each module defines `VERSION` (its number) and `upgrade(migrator, db)`. The list below is
explicit rather than discovered, so a frozen (PyInstaller) build sees every step; a test
checks that every `mNNNN_*.py` file of this folder is listed. Never edit a step that has
shipped: add the next one.
"""

from __future__ import annotations

from desktop_app.store.migrations import (
    m0001_initial,
    m0002_shop_country,
    m0003_orders,
    m0004_sync_schedule,
    m0005_companies,
    m0006_shipments_invoices_gift_cards,
    m0007_document_terms_ship_to,
    m0008_customer_search_index,
    m0009_customer_agreed_values,
    m0010_local_customers_per_shop,
    m0011_orders_lifecycle,
    m0012_runs_without_shop_and_warnings,
    m0013_schedule_claims,
    m0014_setup_tables,
    m0015_shopify_locations,
    m0016_document_tax_area,
    m0017_gl_accounts,
    m0018_payment_methods,
    m0019_customer_merge_notes,
    m0020_record_history,
    m0021_field_conflicts,
    m0022_run_sides,
)

MIGRATIONS = (
    m0001_initial,
    m0002_shop_country,
    m0003_orders,
    m0004_sync_schedule,
    m0005_companies,
    m0006_shipments_invoices_gift_cards,
    m0007_document_terms_ship_to,
    m0008_customer_search_index,
    m0009_customer_agreed_values,
    m0010_local_customers_per_shop,
    m0011_orders_lifecycle,
    m0012_runs_without_shop_and_warnings,
    m0013_schedule_claims,
    m0014_setup_tables,
    m0015_shopify_locations,
    m0016_document_tax_area,
    m0017_gl_accounts,
    m0018_payment_methods,
    m0019_customer_merge_notes,
    m0020_record_history,
    m0021_field_conflicts,
    m0022_run_sides,
)
