"""Schema v9 and `store/agreed.py`: what a linked customer agreed with Shopify (issue 14)."""

from __future__ import annotations

import peewee
import pytest

from desktop_app.errors import NotFoundError
from desktop_app.store import agreed, customers, shop_removal, shopify_customers, shops
from desktop_app.store.database import close_database, open_database, transaction
from desktop_app.store.migrations import MIGRATIONS, runner
from desktop_app.store.models import Customer

GID = "gid://shopify/Customer/1"
STAMP = "2025-01-02 03:04:05.000000"


def _v8_database_with_a_link(path) -> None:
    db = peewee.SqliteDatabase(str(path), pragmas={"journal_mode": "wal", "foreign_keys": 1})
    db.connect()
    runner.migrate(db, path, MIGRATIONS[:8])
    assert db.execute_sql("PRAGMA user_version").fetchone()[0] == 8
    db.execute_sql("INSERT INTO shop (code, name, settings, created_at) "
                   f"VALUES ('OLD', 'Old shop', '{{}}', '{STAMP}')")
    db.execute_sql("INSERT INTO customer (no, name, email, phone, created_at, updated_at) "
                   f"VALUES ('C1', 'Ann Lee', 'ann@example.com', '+14165550101', '{STAMP}', "
                   f"'{STAMP}')")
    db.execute_sql(
        "INSERT INTO shopify_customer (shop_id, shopify_id, first_name, email, phone, "
        "customer_id, match_reason, fetched_at) SELECT s.id, ?, 'Ann', 'ann@example.com', "
        f"'+14165550101', c.id, 'email', '{STAMP}' FROM shop s, customer c",
        (GID,))
    db.close()


def test_upgrade_from_version_8_keeps_links_and_starts_them_without_agreed_values(tmp_path):
    path = tmp_path / "v8.sqlite3"
    _v8_database_with_a_link(path)
    db = open_database(path)
    try:
        assert db.execute_sql("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert (tmp_path / "v8.sqlite3.v8.bak").exists()
        assert shopify_customers.get_shopify_customer("OLD", GID).customer_no == "C1"
        # The link made before v9 has no agreed values: its blanks clear nothing.
        assert agreed.read_agreed("OLD", [GID]) == {}
        assert db.execute_sql("SELECT count(*) FROM customer_agreed").fetchone()[0] == 0
        with transaction():
            agreed.save_agreed("OLD", [(GID, "C1", {"name": "Ann Lee", "phone": ""},
                                        {"first_name": "Ann", "phone": None})])
        found = agreed.read_agreed("OLD", [GID])[GID]
        assert (found.customer_no, dict(found.local), dict(found.shopify)) == (
            "C1", {"name": "Ann Lee"}, {"first_name": "Ann"})
        indexes = {r[1] for r in db.execute_sql("PRAGMA index_list(customer_agreed)")}
        assert {"customer_agreed_shop_id_shopify_id", "customer_agreed_customer_id"} <= indexes
    finally:
        close_database()


def _linked(db, no: str = "C1", gid: str = GID) -> None:
    if not shops.list_shops():
        shops.create_shop("S1", name="Shop")
    customers.upsert_customers([{"no": no, "name": f"Customer {no}"}])
    shopify_customers.upsert_shopify_customers("S1", [{"shopify_id": gid, "email": f"{no}@x.com"}])
    shopify_customers.link_customer("S1", no, gid)


def test_values_follow_their_link_and_a_later_exchange_replaces_them(db):
    _linked(db)
    agreed.save_agreed("S1", [(GID, "C1", {"city": "Paris"}, {"address.city": "Paris"})])
    assert agreed.read_agreed("S1", [GID])[GID].local == {"city": "Paris"}

    # Linked by hand to another local customer: what C1 agreed is not C2's.
    _linked(db, "C2", "gid://shopify/Customer/2")
    shopify_customers.unlink_customer("S1", "C1")
    shopify_customers.link_customer("S1", "C2", GID, reason="manual")
    assert agreed.read_agreed("S1", [GID]) == {}
    agreed.save_agreed("S1", [(GID, "C2", {"city": "Lyon"}, {})])
    assert agreed.read_agreed("S1", [GID])[GID].customer_no == "C2"
    assert agreed.forget_agreed("S1", [GID]) == 1
    assert agreed.read_agreed("S1", [GID]) == {}


def test_values_go_with_their_customer_or_shop(db):
    _linked(db)
    agreed.save_agreed("S1", [(GID, "C1", {"city": "Paris"}, {})])
    with transaction():
        shopify_customers.unlink_customer("S1", "C1")
        Customer.delete().where(Customer.no == "C1").execute()
    assert db.execute_sql("SELECT count(*) FROM customer_agreed").fetchone()[0] == 0
    _linked(db)
    agreed.save_agreed("S1", [(GID, "C1", {"city": "Paris"}, {})])
    shop_removal.delete_shop("S1")
    assert db.execute_sql("SELECT count(*) FROM customer_agreed").fetchone()[0] == 0


def test_unknown_shop_or_customer_is_refused_and_nothing_written(db):
    _linked(db)
    with pytest.raises(NotFoundError):
        agreed.save_agreed("S1", [(GID, "C1", {}, {}), ("gid://shopify/Customer/9", "NOPE",
                                                       {}, {})])
    with pytest.raises(NotFoundError):
        agreed.read_agreed("NOPE", [GID])
    assert db.execute_sql("SELECT count(*) FROM customer_agreed").fetchone()[0] == 0
