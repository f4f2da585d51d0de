"""Making an order's document reads the order the store holds once (issue 16's suite: the
money side check, the customer decided again, the refunds read in full and the document
itself each read it again, which for an order of many lines cost more than the rest of its
document). What the document is made of is unchanged: the money tests check it."""

from __future__ import annotations

from collections import Counter

import pytest
from money_shop import MoneyShop, local_net, make_shop, money

from desktop_app.store import orders as order_store
from desktop_app.store import shops
from desktop_app.sync.orders import OrderJob
from desktop_app.sync.rules.orders import OrderFilter


@pytest.fixture
def shop(db):
    made = make_shop()
    yield made
    made.close()


async def _order(shop: MoneyShop, *, refunded: bool) -> str:
    (a,) = shop.variants(1)
    order = await shop.order(
        lineItems=[{"variantId": a.gid, "quantity": 2, "priceSet": money("10.00")}],
        shippingLines=[{"title": "Standard", "priceSet": money("7.00")}])
    if refunded:  # before the import: its document takes the refund in
        await shop.refund(orderId=order["id"], refundLineItems=[
            {"lineItemId": order["lineItems"]["nodes"][0]["id"], "quantity": 1,
             "restockType": "NO_RESTOCK"}],
            transactions=[{"kind": "REFUND", "gateway": "manual", "amount": "10.00",
                           "orderId": order["id"]}])
    return order["id"]


@pytest.fixture
def reads(monkeypatch) -> Counter:
    """How many times each order is read whole from the store (`load_order_record`)."""
    counted: Counter = Counter()
    own = order_store.load_order_record

    def load(shop: str, gid: str):
        counted[gid] += 1
        return own(shop, gid)

    monkeypatch.setattr(order_store, "load_order_record", load)
    return counted


async def test_a_document_reads_its_order_once(shop, reads):
    plain, refunded = await _order(shop, refunded=False), await _order(shop, refunded=True)
    await shop.run(lambda ctx: OrderJob(ctx).pull(OrderFilter()))  # imported, no document
    reads.clear()
    made = await shop.run(lambda ctx: OrderJob(ctx).create_documents([plain, refunded]))
    assert made.failed == 0, made.errors
    assert reads == {plain: 1, refunded: 1}
    assert local_net(plain)[0] == 27 and local_net(refunded)[0] == 17  # 27 less the refund


async def test_an_order_decided_again_is_read_once(shop, reads):
    """An order without a customer fails at its import; once the shop has a default
    customer, deciding it again (its customer, then what keeps it from its document) reads
    it once."""
    shops.update_shop_settings(shop.code, {"default_customer_no": ""})
    gid = await _order(shop, refunded=True)
    first = await shop.run(lambda ctx: OrderJob(ctx).pull(OrderFilter()))
    assert first.failed == 1 and first.errors[0].field == "customer", first.errors
    assert order_store.get_order(shop.code, gid).sell_to_customer_no == ""
    shops.update_shop_settings(shop.code, {"default_customer_no": "WEB"})
    reads.clear()
    again = await shop.run(lambda ctx: OrderJob(ctx).decide_failed_again())
    assert again.failed == 0, again.errors
    assert reads == {gid: 1}
    assert order_store.get_order(shop.code, gid).sell_to_customer_no == "WEB"
