"""Schema v7: a sales document's payment terms, due date and ship-to columns, added to every
earlier version's file; documents made before keep '' in them."""

from __future__ import annotations

import sqlite3

import peewee
import pytest

from desktop_app.store import orders as store
from desktop_app.store.database import close_database, open_database
from desktop_app.store.migrations import MIGRATIONS, m0007_document_terms_ship_to, runner
from desktop_app.store.order_models import SalesDocument
from desktop_app.store.order_views import read_documents

LATEST = len(MIGRATIONS)
NEW_COLUMNS = {column for column, _width in m0007_document_terms_ship_to.COLUMNS}


def test_version_7_is_the_seventh_step():
    assert m0007_document_terms_ship_to.VERSION == 7
    assert MIGRATIONS[6] is m0007_document_terms_ship_to


@pytest.mark.parametrize("start", range(0, 7))
def test_upgrade_from_each_earlier_version_adds_the_columns(tmp_path, start):
    path = tmp_path / "old.sqlite3"
    db = peewee.SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    db.connect()
    runner.migrate(db, path, MIGRATIONS[:start])
    if start >= 3:  # the sales_document table exists: a document made by an older app
        db.execute_sql("INSERT INTO shop (code, name, settings, created_at) VALUES "
                       "('OLD', 'Old', '{}', '2025-01-02 03:04:05.000000')")
        db.execute_sql(
            "INSERT INTO sales_document (no, type, shop_id, shopify_order_gid, "
            "sell_to_customer_no, bill_to_customer_no, document_date, currency, "
            "prices_including_tax, status, external_document_no, shipment_method, amount, "
            "tax_amount, total, created_at) VALUES ('SO000001', 'order', 1, "
            "'gid://shopify/Order/1', 'C1', 'C1', '2025-01-02', 'EUR', 0, 'open', '', '', "
            "10, 2, 12, '2025-01-02 03:04:05.000000')")
    db.close()

    open_database(path)
    try:
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("PRAGMA user_version").fetchone()[0] == LATEST
            columns = {r[1]: r for r in conn.execute("PRAGMA table_info(sales_document)")}
        finally:
            conn.close()
        assert NEW_COLUMNS <= set(columns)
        assert all(columns[c][3] == 1 for c in NEW_COLUMNS), "NOT NULL"
        if start >= 3:
            doc = SalesDocument.get(SalesDocument.no == "SO000001")
            assert (doc.payment_terms_code, doc.due_date, doc.ship_to_code,
                    doc.ship_to_name, doc.ship_to_city) == ("", "", "", "", "")
            [view] = read_documents("OLD")
            assert view.ship_to.empty and view.payment_terms_code == ""
            [cli] = store.documents_for_cli()
            assert (cli["payment_terms"], cli["due_date"], cli["ship_to"]) == (None, None, None)
        if start:
            assert list(tmp_path.glob(f"*.v{start}.bak")), "backed up first"
    finally:
        close_database()
