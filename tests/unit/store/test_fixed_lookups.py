"""`store.statements` runs the statements peewee builds for small reads and multi-row inserts,
built once per shape (issue 16's suite: building the text of these statements at every call
cost more than running them). The rows read are peewee's own, field for field and in the same
order; a None is peewee's `IS NULL`; each shape (fields, order, row count) keeps its own
statement; the rows inserted are those peewee's `insert_many` inserts, defaults included.
Run on PostgreSQL too (tests/integration/postgres/test_pg_store_suite.py).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee
import pytest

from desktop_app.errors import NotFoundError
from desktop_app.store import lookups, shops, statements
from desktop_app.store.models import Customer, Shop
from desktop_app.store.order_models import (
    OrderToImport,
    ShopifyOrder,
    ShopifyOrderLine,
    ShopifyRefund,
    ShopifyRefundLine,
)

AT = dt.datetime(2026, 12, 8, 1, 2, 3, tzinfo=dt.UTC)


@pytest.fixture
def two_shops(db) -> dict[str, Shop]:
    rows = {}
    for code in ("A", "B"):
        shops.create_shop(code, name=f"Shop {code}",
                          api_url="https://x.example/admin/api/2026-07")
        rows[code] = Shop.get(Shop.code == code)
    for code, shop in rows.items():
        for n in (1, 2):
            order = ShopifyOrder.create(
                shop=shop, shopify_id=f"gid://shopify/Order/{n}", name=f"#{code}{n}",
                shopify_created_at=AT, cancelled_at=AT if n == 2 else None,
                attributes={"note": f"{code}{n}"}, total=Decimal(f"{n}0.05"), closed=n == 1)
            for position in (2, 0, 1):  # ids in another order than positions
                ShopifyOrderLine.create(order=order, shopify_id=f"L{code}{n}{position}",
                                        position=position, title=f"line {position}",
                                        unit_price=Decimal("1.25"), tax_lines={"lines": []})
            refund = ShopifyRefund.create(order=order, shopify_id=f"R{code}{n}",
                                          shopify_created_at=AT)
            for quantity in (3, 1):
                ShopifyRefundLine.create(refund=refund, quantity=quantity, line_gid="x")
        OrderToImport.create(shop=shop, shopify_id="gid://shopify/Order/3", name=f"#{code}3",
                             total=Decimal("7.50"), staged_at=AT)
    return rows


def test_first_where_is_the_row_peewee_reads(two_shops):
    for code, shop in two_shops.items():
        for n in (1, 2, 9):
            gid = f"gid://shopify/Order/{n}"
            expected = ShopifyOrder.get_or_none(
                (ShopifyOrder.shop == shop) & (ShopifyOrder.shopify_id == gid))
            row = statements.first_where(ShopifyOrder, shop=shop, shopify_id=gid)
            if n == 9:
                assert expected is None and row is None
                continue
            assert row.__data__ == expected.__data__
            assert row.name == f"#{code}{n}" and row.attributes == {"note": f"{code}{n}"}
            assert row.total == Decimal(f"{n}0.05") and row.closed is (n == 1)
            # by the shop's id as well as by its row
            assert statements.first_where(ShopifyOrder, shop=shop.id, shopify_id=gid).id == row.id
        staged = statements.first_where(OrderToImport, shop=shop,
                                     shopify_id="gid://shopify/Order/3")
        assert staged.__data__ == OrderToImport.get(OrderToImport.shop == shop).__data__
        assert statements.first_where(Shop, code=code).__data__ == shop.__data__
        assert lookups.shop_row(code).__data__ == shop.__data__
        assert shops.shop_by_code(code).__data__ == shop.__data__
    assert statements.first_where(Shop, code="C") is None
    with pytest.raises(NotFoundError, match="There is no shop C"):
        lookups.shop_row("C")


def test_a_none_is_peewees_is_null(two_shops):
    shop = two_shops["B"]
    row = statements.first_where(ShopifyOrder, shop=shop, cancelled_at=None)
    assert row is not None and row.shopify_id == "gid://shopify/Order/1"
    row = statements.first_where(ShopifyOrder, shop=shop, cancelled_at=AT)  # same shape, a value
    assert row is not None and row.shopify_id == "gid://shopify/Order/2"
    assert statements.first_where(ShopifyOrder, shop=shop, cancelled_at=None).shopify_id == (
        "gid://shopify/Order/1")


def test_rows_where_are_peewees_rows_in_its_order(two_shops):
    for shop in two_shops.values():
        for order in ShopifyOrder.select().where(ShopifyOrder.shop == shop):
            expected = list(order.lines.order_by(ShopifyOrderLine.position))
            rows = statements.rows_where(ShopifyOrderLine, (ShopifyOrderLine.position,),
                                      order=order)
            assert [r.__data__ for r in rows] == [r.__data__ for r in expected]
            assert [r.position for r in rows] == [0, 1, 2]
            by_id = statements.rows_where(ShopifyOrderLine, (ShopifyOrderLine.id,), order=order)
            assert [r.position for r in by_id] == [2, 0, 1]  # another order, its own statement
            (refund,) = statements.rows_where(ShopifyRefund, (ShopifyRefund.id,), order=order)
            assert refund.__data__ == order.refunds.get().__data__
            lines = statements.rows_where(ShopifyRefundLine, (ShopifyRefundLine.id,), refund=refund)
            assert [r.quantity for r in lines] == [3, 1]
    assert statements.rows_where(ShopifyOrderLine, (ShopifyOrderLine.id,), order=10_000) == []


def _lines(order: ShopifyOrder, tag: str, count: int, **more: object) -> list[dict[str, object]]:
    return [dict(order=order, shopify_id=f"{tag}{i}", position=i, title=f"Thé {tag} {i}",
                 quantity=i + 1, unit_price=Decimal(f"{i}.10"),
                 attributes={"items": [["gift", "oui"]]} if i % 2 else {}, **more)
            for i in range(count)]


def _stored(order: ShopifyOrder, tag: str) -> list[dict[str, object]]:
    rows = (ShopifyOrderLine.select().where((ShopifyOrderLine.order == order)
                                            & ShopifyOrderLine.shopify_id.startswith(tag))
            .order_by(ShopifyOrderLine.position))
    return [{k: v for k, v in r.__data__.items() if k != "id"} for r in rows]


def test_insert_many_inserts_the_rows_peewee_inserts(two_shops):
    order = ShopifyOrder.get(ShopifyOrder.name == "#A1")
    for count in (1, 3, 3, 2):  # a shape again (3 rows), then another row count
        tag = f"N{count}x{len(_stored(order, f'N{count}'))}-"
        statements.insert_many(ShopifyOrderLine, _lines(order, tag, count))
        ShopifyOrderLine.insert_many(_lines(order, "P" + tag, count)).execute()
        mine, peewees = _stored(order, tag), _stored(order, "P" + tag)
        assert len(mine) == count
        for a, b in zip(mine, peewees):
            assert a == {**b, "shopify_id": b["shopify_id"][1:], "title": b["title"].replace(
                "PN", "N")}
        assert mine[0]["tax_lines"] == {} and mine[0]["requires_shipping"] is True  # defaults
        assert mine[-1]["unit_price"] == Decimal(f"{count - 1}.10")
    # rows of other keys (a column more), by id, and the FK given as an id: their own shapes
    statements.insert_many(ShopifyOrderLine, _lines(order.id, "S", 2, sku="X-1"))
    assert [r["sku"] for r in _stored(order, "S")] == ["X-1", "X-1"]
    mixed = _lines(order, "M", 2)
    mixed[1]["sku"] = "only-here"  # rows of different keys: peewee's own insert
    statements.insert_many(ShopifyOrderLine, mixed)
    assert [r["sku"] for r in _stored(order, "M")] == ["", "only-here"]


def test_a_shape_is_built_once(two_shops, monkeypatch):
    """peewee builds each shape's text once (the point of the module): a statement run again
    with other values builds no select or insert of peewee's."""
    order = ShopifyOrder.get(ShopifyOrder.name == "#B2")
    shop = two_shops["B"]
    monkeypatch.setattr(statements, "_TEXTS", {})  # none kept by an earlier test
    built: list[str] = []
    for kind in (peewee.ModelSelect, peewee.Insert):
        own = kind.__sql__
        monkeypatch.setattr(kind, "__sql__", lambda self, ctx, own=own, kind=kind: (
            built.append(kind.__name__), own(self, ctx))[1])

    def once(run) -> list[str]:
        built.clear()
        run("1")
        first = list(built)
        built.clear()
        run("2")
        assert built == [], built
        return first

    assert once(lambda n: statements.insert_many(
        ShopifyOrderLine, _lines(order, f"once{n}", 4))) == ["Insert"]
    assert once(lambda n: statements.first_where(
        ShopifyOrder, shop=shop, shopify_id=f"gid://shopify/Order/{n}")) == ["ModelSelect"]
    assert once(lambda n: statements.rows_where(
        ShopifyOrderLine, (ShopifyOrderLine.title,), order=order, sku=n)) == ["ModelSelect"]
    assert once(lambda n: statements.tuples_where(
        Customer, (Customer.no, Customer.name), (Customer.no,), 5, phone=n)) == ["ModelSelect"]


def test_model_rows_are_raws_rows_whatever_the_columns(two_shops):
    """`model_rows` keeps peewee's reading of a result's columns by their names: a statement
    of other columns of the same model gets its own."""
    table = ShopifyOrder._meta.table_name
    for sql in (f'SELECT * FROM "{table}" ORDER BY "id"',
                f'SELECT "name", "id", "total" FROM "{table}" ORDER BY "id"',
                f'SELECT "closed", "attributes" FROM "{table}" ORDER BY "id"'):
        rows = statements.model_rows(ShopifyOrder, sql, ())
        expected = list(ShopifyOrder.raw(sql))
        assert [r.__data__ for r in rows] == [r.__data__ for r in expected] and len(rows) == 4
    assert rows[0].attributes == {"note": "A1"} and rows[0].closed is True


def test_tuples_where_are_peewees_tuples_in_its_order(db):
    """Some columns only, ascending, at most a limit: each columns/order/limit its own text."""
    for no, name, phone in (("C3", "Zoé", "+33612"), ("C1", "Ann", "+33612"),
                            ("C2", "Bob", "+33612"), ("C4", "Cy", "+4401"), ("C5", "Dé", "")):
        Customer.create(no=no, name=name, phone=phone, email=f"{name}@X.example")
    for columns in ((Customer.no, Customer.name), (Customer.name,), (Customer.id, Customer.no)):
        for order_by in ((Customer.no,), (Customer.name,)):
            for limit in (2, 5, None):
                for phone in ("+33612", "+4401", "", "+1"):
                    expected = list(Customer.select(*columns).where(Customer.phone == phone)
                                    .order_by(*order_by).limit(limit).tuples())
                    assert statements.tuples_where(Customer, columns, order_by, limit,
                                                   phone=phone) == expected
    assert statements.tuples_where(Customer, (Customer.no, Customer.name), (Customer.no,), 2,
                                   phone="+33612") == [("C1", "Ann"), ("C2", "Bob")]
    assert statements.tuples_where(Customer, (Customer.name,), (Customer.no,), None,
                                   phone="+33612", email_key=Customer.get(no="C3").email_key,
                                   ) == [("Zoé",)]
    assert statements.tuples_where(Customer, (Customer.no,), (Customer.id,), None,
                                   demo_shop=None) == [(n,) for n in ("C3", "C1", "C2", "C4",
                                                                      "C5")]
