"""Schema v3 (orders, sales documents) and the order store's guarantees."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal

import peewee
import pytest

from desktop_app.errors import StoreError
from desktop_app.records.lines import SalesLineRecord
from desktop_app.store import orders as store
from desktop_app.store import shops
from desktop_app.store.database import close_database, open_database, transaction
from desktop_app.store.migrations import MIGRATIONS, m0003_orders, runner
from desktop_app.store.models import Shop
from desktop_app.store.order_models import ORDER_MODELS, SalesDocument, SalesLine


def test_upgrade_from_v2_keeps_rows_and_adds_the_order_tables(tmp_path):
    path = tmp_path / "v2.sqlite3"
    db = peewee.SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    db.connect()
    runner.migrate(db, path, MIGRATIONS[:2])
    db.execute_sql("INSERT INTO shop (code, name, settings, created_at, country) VALUES "
                   "('OLD', 'Old', '{}', '2025-01-02 03:04:05.000000', 'FR')")
    db.close()
    open_database(path)
    try:
        conn = sqlite3.connect(path)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        conn.close()
        assert m0003_orders.VERSION == 3
        assert {m._meta.table_name for m in ORDER_MODELS} <= tables
        assert Shop.get(Shop.code == "OLD").country == "FR"
        assert list(tmp_path.glob("*.v2.bak")), "the v2 file is backed up first"
        assert store.orders_for_cli("OLD") == []
    finally:
        close_database()


def test_order_models_match_the_migrated_schema(db):
    for model in ORDER_MODELS:
        table = model._meta.table_name
        info = {row[1]: row for row in db.execute_sql(f"PRAGMA table_info({table})")}
        fields = {f.column_name: f for f in model._meta.sorted_fields}
        assert set(info) == set(fields), table
        for column, f in fields.items():
            if not f.primary_key:
                assert bool(info[column][3]) == (not f.null), f"{table}.{column} nullability"


def _doc(**kw):
    line = SalesLineRecord("item", "I1", "Thing", Decimal(2), Decimal("1.50"), Decimal(0),
                         Decimal("3.00"), Decimal("0.60"))
    args = dict(shop="S", doc_type="order", order_gid="gid://shopify/Order/1", sell_to="C1",
                bill_to="C1", document_date=dt.date(2026, 1, 2), currency="EUR",
                prices_including_tax=False, lines=[line], amount=Decimal("3.00"),
                tax_amount=Decimal("0.60"), total=Decimal("3.60"), release=True)
    args.update(kw)
    return store.create_document(**args)


def test_document_numbers_and_cli_shape(db):
    shops.create_shop("S", is_demo=True)
    assert _doc() == "SO000001"
    assert _doc(doc_type="invoice") == "SI000001"
    assert _doc() == "SO000002"
    (doc, *_) = store.documents_for_cli()
    assert {"no", "type", "customer_no", "shopify_order_id", "total", "currency",
            "lines"} <= set(doc)
    assert doc["total"] == "3.60" and doc["type"] == "order"
    assert set(doc["lines"][0]) >= {"type", "no", "description", "quantity", "unit_price",
                                    "amount"}
    assert doc["lines"][0]["quantity"] == "2"


def test_lines_that_do_not_add_up_are_refused(db):
    shops.create_shop("S", is_demo=True)
    with pytest.raises(StoreError):
        _doc(amount=Decimal("3.01"))
    assert SalesDocument.select().count() == 0


def test_a_rolled_back_document_gives_its_number_back(db):
    shops.create_shop("S", is_demo=True)
    with pytest.raises(RuntimeError):
        with transaction():
            _doc()
            raise RuntimeError("crash after the document (test)")
    assert SalesDocument.select().count() == SalesLine.select().count() == 0
    assert _doc() == "SO000001"
