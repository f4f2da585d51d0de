"""Money adds up (issue 14): for an order refunded before its import, between its import
and its document, or after it, the local documents minus its credit memos equal Shopify's
net total; a fully refunded order is skipped with a note, not failed at every sync."""

from __future__ import annotations

from decimal import Decimal

import pytest
from money_shop import REFUND_CREATE, MoneyShop, dec, local_net, make_shop, money, shopify_net

from desktop_app.store import orders as order_store
from desktop_app.store.order_models import SalesDocument, SalesLine
from desktop_app.sync.jobs import sync_orders_and_refunds
from desktop_app.sync.orders import OrderJob
from desktop_app.sync.rules.orders import OrderFilter


@pytest.fixture
def shop(db):
    made = make_shop()
    yield made
    made.close()


async def _two_mugs(shop: MoneyShop, shipping: str = "7.00") -> dict:
    (a,) = shop.variants(1)
    return await shop.order(
        lineItems=[{"variantId": a.gid, "quantity": 2, "priceSet": money("10.00")}],
        shippingLines=[{"title": "Standard", "priceSet": money(shipping)}])


async def test_a_refund_before_the_import_is_not_credited_twice(shop):
    """The bug of issue 14: an order refunded in part before its import got a sales order
    for the remaining mug AND a credit memo for the refunded one."""
    order = await _two_mugs(shop)
    line = order["lineItems"]["nodes"][0]["id"]
    await shop.refund(orderId=order["id"], refundLineItems=[
        {"lineItemId": line, "quantity": 1, "restockType": "NO_RESTOCK"}],
        transactions=[{"kind": "REFUND", "gateway": "manual", "amount": "10.00",
                       "orderId": order["id"]}])
    result = await shop.run(sync_orders_and_refunds)
    assert result.failed == 0, result.errors
    net, currency, docs = local_net(order["id"])
    node = await shop.shopify_money(order["id"])
    assert (net, currency) == (shopify_net(node, False), "CAD") == (Decimal("17.00"), "CAD")
    assert net == dec(node["currentTotalPriceSet"]["shopMoney"]["amount"])
    assert [d.type for d in docs] == ["order"]  # no credit memo for the absorbed refund
    again = await shop.run(sync_orders_and_refunds)  # re-imported: still no memo
    assert again.failed == 0 and local_net(order["id"])[0] == Decimal("17.00")


async def test_shipping_and_a_restocking_fee_before_the_import(shop):
    """Refunded shipping comes off the document's shipping line; money kept from a
    refunded line (a restocking fee) stays on the document as a refund-account line."""
    order = await _two_mugs(shop)
    line = order["lineItems"]["nodes"][0]["id"]
    await shop.refund(orderId=order["id"], shipping={"fullRefund": True}, refundLineItems=[
        {"lineItemId": line, "quantity": 1, "restockType": "RETURN"}],
        transactions=[{"kind": "REFUND", "gateway": "manual", "amount": "15.00",
                       "orderId": order["id"]}])
    result = await shop.run(sync_orders_and_refunds)
    assert result.failed == 0, result.errors
    net, _, docs = local_net(order["id"])
    node = await shop.shopify_money(order["id"])
    assert net == shopify_net(node, False) == Decimal("12.00")  # 27 - 15
    (doc,) = docs
    lines = [(ln.type, ln.no, Decimal(ln.amount)) for ln in doc.lines.order_by(SalesLine.line_no)]
    assert ("gl_account", "6100", Decimal("7.00")) not in lines  # shipping refunded
    assert ("gl_account", "6900", Decimal("2.00")) in lines  # kept of the refunded mug


async def import_only(ctx) -> None:
    """The orders import without documents (Orders to Import, then Import)."""
    await OrderJob(ctx).pull(OrderFilter())


@pytest.mark.parametrize("reimported", [True, False])
async def test_refunds_between_import_and_document_and_after_it(shop, reimported):
    """A refund made after the import and before the document: with the order read again
    first, the document takes it in; without (the stored order is older than the refund),
    the document is for the whole order and the refund gets its credit memo."""
    order = await _two_mugs(shop)
    line = order["lineItems"]["nodes"][0]["id"]
    await shop.run(import_only)  # imported, no document
    await shop.refund(orderId=order["id"], refundLineItems=[
        {"lineItemId": line, "quantity": 1, "restockType": "RETURN"}],
        transactions=[{"kind": "REFUND", "gateway": "manual", "amount": "10.00",
                       "orderId": order["id"]}])
    if reimported:
        await shop.run(import_only)  # read again, with its refund
    created = await shop.run(lambda ctx: OrderJob(ctx).create_documents([order["id"]]))
    assert created.failed == 0, created.errors
    await shop.refund(orderId=order["id"], shipping={"amount": "3.00"},
                      transactions=[{"kind": "REFUND", "gateway": "manual",
                                     "amount": "3.00", "orderId": order["id"]}])
    result = await shop.run(sync_orders_and_refunds)
    assert result.failed == 0, result.errors
    net, _, docs = local_net(order["id"])
    node = await shop.shopify_money(order["id"])
    assert net == shopify_net(node, False) == Decimal("14.00")  # 27 - 10 - 3
    assert sorted(d.type for d in docs) == ["credit_memo"] * (1 if reimported else 2) \
        + ["order"]


async def test_a_fully_refunded_order_is_skipped_with_a_note_once(shop):
    order = await _two_mugs(shop)
    line = order["lineItems"]["nodes"][0]["id"]
    await shop.refund(orderId=order["id"], shipping={"fullRefund": True}, refundLineItems=[
        {"lineItemId": line, "quantity": 2, "restockType": "NO_RESTOCK"}],
        transactions=[{"kind": "REFUND", "gateway": "manual", "amount": "27.00",
                       "orderId": order["id"]}])
    first = await shop.run(sync_orders_and_refunds)
    assert first.failed == 0, first.errors
    assert [(w.record, w.code) for w in first.warnings] == [(order["name"], "fully_refunded")]
    assert SalesDocument.select().count() == 0
    row = order_store.get_order("M", order["id"])
    assert not row.has_error and "in full before its document" in row.sync_note
    second = await shop.run(sync_orders_and_refunds)
    assert second.failed == 0 and second.warnings == [], (second.errors, second.warnings)
    assert local_net(order["id"])[0] == shopify_net(await shop.shopify_money(order["id"]),
                                                    False) == 0


async def test_rounding_across_currencies_is_credited_with_a_note(shop):
    """Three lines of 10.01 CAD sold as 6.81 EUR each; the full refund of 20.43 EUR is
    30.04 CAD at Shopify's rate, a cent over the 30.03 CAD the order was worth (one line's
    rounding): credited as Shopify refunded it, with a note, not refused."""
    variants = shop.variants(3)
    order = await shop.order(presentmentCurrency="EUR", lineItems=[
        {"variantId": v.gid, "quantity": 1, "priceSet": money("10.01", ("6.81", "EUR"))}
        for v in variants])
    await shop.run(sync_orders_and_refunds)
    await shop.refund(orderId=order["id"], refundLineItems=[
        {"lineItemId": n["id"], "quantity": 1, "restockType": "NO_RESTOCK"}
        for n in order["lineItems"]["nodes"]],
        transactions=[{"kind": "REFUND", "gateway": "manual", "amount": "20.43",
                       "orderId": order["id"]}])
    result = await shop.run(sync_orders_and_refunds)
    assert result.failed == 0, result.errors
    # A refund that takes every line to 0 is a credit memo, not an edit: no conflict.
    assert [(w.record, w.field, w.code) for w in result.warnings] == [
        (order["name"], "totalRefundedSet", "currency_rounding")]
    node = await shop.shopify_money(order["id"])
    assert dec(node["totalRefundedSet"]["shopMoney"]["amount"]) == Decimal("30.04")
    net, currency, docs = local_net(order["id"])
    assert (net, currency) == (shopify_net(node, False), "CAD") == (Decimal("-0.01"), "CAD")
    assert sorted(d.type for d in docs) == ["credit_memo", "order"]


async def test_a_refund_pending_before_the_import_is_credited_once_it_went_through(shop):
    """A refund still pending at the payment provider when the document is made is not
    taken in: the document still counts the refunded mug, and the credit memo comes once
    the money went back. Shopify's refunded total counts it only then too."""
    order = await _two_mugs(shop)
    line = order["lineItems"]["nodes"][0]["id"]
    refund = (await shop.gql(REFUND_CREATE, {"input": {
        "orderId": order["id"], "refundLineItems": [
            {"lineItemId": line, "quantity": 1, "restockType": "NO_RESTOCK"}],
        "transactions": [{"kind": "REFUND", "gateway": "paypal", "amount": "10.00",
                          "orderId": order["id"]}]}}))["refundCreate"]
    assert refund["userErrors"] == []
    first = await shop.run(sync_orders_and_refunds)
    assert first.failed == 0, first.errors
    node = await shop.shopify_money(order["id"])
    assert local_net(order["id"])[0] == shopify_net(node, False) == Decimal("27.00")
    (txn,) = shop.backend.state.orders[int(order["id"].rsplit("/", 1)[1])].refunds[0] \
        .transactions
    shop.backend.settle_transaction(txn.gid, "SUCCESS")
    await shop.run(sync_orders_and_refunds)
    net, _, docs = local_net(order["id"])
    node = await shop.shopify_money(order["id"])
    assert net == shopify_net(node, False) == Decimal("17.00")
    assert sorted(d.type for d in docs) == ["credit_memo", "order"]


async def test_a_fully_refunded_order_failed_by_an_older_version_is_settled_at_the_next_sync(
        shop):
    """A database from before issue 14 holds the order failed with "nothing left to
    invoice": the next sync decides it again and settles it with the note, once."""
    order = await _two_mugs(shop)
    line = order["lineItems"]["nodes"][0]["id"]
    await shop.refund(orderId=order["id"], shipping={"fullRefund": True}, refundLineItems=[
        {"lineItemId": line, "quantity": 2, "restockType": "NO_RESTOCK"}],
        transactions=[{"kind": "REFUND", "gateway": "manual", "amount": "27.00",
                       "orderId": order["id"]}])
    await shop.run(import_only)
    order_store.set_order_error("M", order["id"], f"order {order['name']} has nothing left "
                                "to invoice")
    result = await shop.run(sync_orders_and_refunds)
    assert result.failed == 0, result.errors
    assert [w.code for w in result.warnings] == ["fully_refunded"]
    assert not order_store.get_order("M", order["id"]).has_error
    assert (await shop.run(sync_orders_and_refunds)).warnings == []
