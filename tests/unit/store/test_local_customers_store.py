"""Issue 14 in the store: schema step 10 (ticks per shop card, the demo's customers marked),
and what removing a demo card removes (its documents, its untouched sample customers)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee
import pytest

from desktop_app.store import (
    customer_scope,
    customers,
    local_customers,
    shop_removal,
    shopify_customers,
    shops,
)
from desktop_app.store.database import close_database, open_database
from desktop_app.store.migrations import MIGRATIONS, runner
from desktop_app.store.order_models import SalesDocument

STAMP = "2025-01-02 03:04:05.000000"


def _v9_database(path: Path, shops: list[tuple[str, int]]) -> None:
    """A file at version 9 (before ticks belonged to a card) with these shops (code,
    is_demo), the sample K0001 and K0002 (K0002 renamed by the merchant), C1 and C2 (the
    merchant's), D1 made by the demo's sync; K0001, C1 and D1 ticked."""
    db = peewee.SqliteDatabase(str(path), pragmas={"foreign_keys": 1})
    db.connect()
    runner.migrate(db, path, MIGRATIONS[:9])
    for code, demo in shops:
        db.execute_sql("INSERT INTO shop (code, name, is_demo, settings, created_at) "
                       "VALUES (?, ?, ?, '{}', ?)", (code, code, demo, STAMP))
    for no, name, ticked in (("K0001", "Lucas Jansen", 1), ("K0002", "Renamed", 0),
                             ("C1", "Ann", 1), ("C2", "Bob", 0), ("D1", "Made by demo", 1)):
        db.execute_sql("INSERT INTO customer (no, name, web_upload, created_at, updated_at) "
                       "VALUES (?, ?, ?, ?, ?)", (no, name, ticked, STAMP, STAMP))
    demo = db.execute_sql("SELECT id FROM shop WHERE is_demo = 1 ORDER BY id").fetchone()
    if demo:
        db.execute_sql(
            "INSERT INTO shopify_customer (shop_id, shopify_id, customer_id, match_reason, "
            "fetched_at) SELECT ?, 'gid://shopify/Customer/1', id, 'created', ? FROM customer "
            "WHERE no = 'D1'", (demo[0], STAMP))
    db.close()


def _ticks(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT s.code, c.no FROM customer_web_upload w JOIN shop s ON s.id = w.shop_id "
            "JOIN customer c ON c.id = w.customer_id ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


def _owned(path: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(path)
    try:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(customer)")]
        assert "web_upload" not in columns and "demo_shop_id" in columns
        return conn.execute("SELECT c.no, s.code FROM customer c JOIN shop s "
                            "ON s.id = c.demo_shop_id ORDER BY 1").fetchall()
    finally:
        conn.close()


@pytest.mark.parametrize(("shops", "ticks"), [
    # One real card: its ticks stay (the demo's samples are never a real card's).
    ([("WEB", 0)], [("WEB", "C1"), ("WEB", "D1"), ("WEB", "K0001")]),
    ([("DEMO", 1), ("WEB", 0)],
     [("DEMO", "C1"), ("DEMO", "D1"), ("DEMO", "K0001"), ("WEB", "C1")]),
    # Two real cards: no one can tell which store a tick was for, so none gets it.
    ([("DEMO", 1), ("EU", 0), ("US", 0)], [("DEMO", "C1"), ("DEMO", "D1"), ("DEMO", "K0001")]),
    ([("EU", 0), ("US", 0)], []),
])
def test_step_10_keeps_ticks_only_where_no_store_can_be_surprised(tmp_path, shops, ticks):
    path = tmp_path / "old.sqlite3"
    _v9_database(path, shops)
    open_database(path)
    close_database()
    assert _ticks(path) == ticks
    demo = any(is_demo for _code, is_demo in shops)
    # The untouched sample and the customer the demo's sync created are the demo's.
    assert _owned(path) == ([("D1", "DEMO"), ("K0001", "DEMO")] if demo else [])


def test_removing_a_demo_card_removes_its_documents_and_untouched_customers(db):
    shops.create_shop("DEMO", is_demo=True)
    shops.create_shop("WEB", domain="web.myshopify.com")
    with customer_scope.acting_for("DEMO"):
        customers.upsert_customers([{"no": f"K{n}", "name": f"Sample {n}"} for n in range(1, 5)])
    customers.upsert_customers([{"no": "M1", "name": "Mine"}])
    local_customers.set_customer("K2", {"city": "Lyon"})  # the merchant changed it
    customers.upsert_customers([{"no": "K4", "name": "Sample 4, renamed"}])  # by CSV, too
    customers.upsert_customers([{"no": "K1", "name": "Sample 1"}])  # the same values: no change
    for no, shop, customer in (("SO1", "DEMO", "K1"), ("SO2", "DEMO", "M1"),
                               ("SO3", "WEB", "K3")):
        SalesDocument.create(no=no, type="order", shop=shops.get_shop(shop).id,
                             sell_to_customer_no=customer, bill_to_customer_no=customer,
                             document_date="2026-12-07")
    assert [c.no for c in customers.list_customers(shop="WEB")] == ["M1"]

    removal = shop_removal.delete_shop("DEMO")

    assert removal.documents_removed == 2  # the demo's orders' documents, whoever they name
    assert [d.no for d in SalesDocument.select()] == ["SO3"]
    # K2 and K4 changed by the merchant, K3 named by a real card's document: kept, now the
    # merchant's; K1 (its documents were the demo's) goes.
    assert removal.customers_kept == ("K2", "K3", "K4") and removal.customers_removed == 1
    assert [c.no for c in customers.list_customers(shop="WEB")] == ["K2", "K3", "K4", "M1"]


def test_linking_for_a_real_card_never_offers_or_matches_the_demos_customers(db):
    from desktop_app.records.customers import CustomerRecord
    from desktop_app.sync import linking

    shops.create_shop("DEMO", is_demo=True)
    shops.create_shop("WEB", domain="web.myshopify.com")
    with customer_scope.acting_for("DEMO"):
        customers.upsert_customers([{"no": "K1", "name": "Ann Lee", "email": "ann@example.org",
                                   "phone": "+14165550100"}])
    gid = "gid://shopify/Customer/7"
    for shop in ("DEMO", "WEB"):
        shopify_customers.upsert_shopify_customers(shop, [CustomerRecord(
            shopify_id=gid, first_name="Ann", last_name="Lee", email="ann@example.org",
            phone="+14165550100")])

    staged = shopify_customers.get_shopify_customer("WEB", gid)
    assert [c.key for c in linking.local_candidates("DEMO", gid)] == ["K1"]
    assert linking.local_candidates("WEB", gid) == []
    assert linking.review_candidates("WEB", staged) == []
    assert linking.review_candidates_many("WEB", [staged]) == [[]]
    assert linking.find_mapping("WEB", gid).customer_no is None
    assert linking.find_mapping("DEMO", gid).customer_no == "K1"
    with pytest.raises(customer_scope.DemoCustomerError, match="demo shop DEMO"):
        shopify_customers.link_customer("WEB", "K1", gid)
