"""`store.lookups.order_row` reads an order with one fixed statement (issue 16's suite: the
query peewee built at each of its 8,166 calls for 880 orders cost more than running it). The
row it gives is the row peewee's own query gives, every field converted the same way (JSON,
dates, amounts, flags); another shop's order or a missing one is a `NotFoundError`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import peewee
import pytest

from desktop_app.errors import NotFoundError
from desktop_app.store import shops
from desktop_app.store.lookups import order_row
from desktop_app.store.models import Shop
from desktop_app.store.order_models import ShopifyOrder


def _peewee_query(shop: str, gid: str) -> ShopifyOrder | None:
    return (ShopifyOrder.select().join(Shop)
            .where((Shop.code == shop) & (ShopifyOrder.shopify_id == gid)).first())


def test_order_row_is_the_row_peewee_reads(db):
    for code in ("A", "B"):
        shops.create_shop(code, name=code, api_url="https://x.example/admin/api/2026-07")
    at = dt.datetime(2026, 12, 7, 21, 5, 3, tzinfo=dt.UTC)
    for code in ("A", "B"):
        ShopifyOrder.create(
            shop=Shop.get(Shop.code == code), shopify_id="gid://shopify/Order/1",
            name=f"#{code}1", shopify_created_at=at, closed=True, fully_paid=code == "A",
            attributes={"gift": "yes", "note": code}, ship_to={"city": "Montréal"},
            item_quantity=3, processed_at=at + dt.timedelta(hours=1), note="<b>x</b>",
            **{f.name: Decimal("12.34") for f in ShopifyOrder._meta.sorted_fields
               if isinstance(f, peewee.DecimalField)})
    for code in ("A", "B"):
        row = order_row(code, "gid://shopify/Order/1")
        expected = _peewee_query(code, "gid://shopify/Order/1")
        assert row.__data__ == expected.__data__
        assert row.name == f"#{code}1" and row.shop.code == code
        assert row.attributes == {"gift": "yes", "note": code}
        assert row.shopify_created_at == at and row.closed is True
    with pytest.raises(NotFoundError) as missing:
        order_row("A", "gid://shopify/Order/2")
    assert "gid://shopify/Order/2" in str(missing.value)
    with pytest.raises(NotFoundError):
        order_row("C", "gid://shopify/Order/1")  # no such shop: no order of it either
