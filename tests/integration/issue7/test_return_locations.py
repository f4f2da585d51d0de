"""A Shopify location linked to a local return location (issue 17, `locations set --return`):
an item a refund restocks there comes back to that location on the credit memo, when the Shop
Card's return location priority is "original_then_default"."""

from __future__ import annotations

import pytest
from issue7_harness import REFUND_CREATE, SHOP, make_harness

from desktop_app.store.order_models import SalesDocument, SalesLine
from desktop_app.sync import setup_runs
from desktop_app.sync.jobs import sync_orders_and_refunds


@pytest.fixture
def h(db):
    harness = make_harness(return_processing="auto_credit_memo",
                           return_location_priority="original_then_default")
    yield harness
    harness.backend.close()


async def _returned_item_location(h, restock_gid: str) -> str:
    (a,) = h.variants(1)
    order = await h.order([(a, 2)])
    await h.run(sync_orders_and_refunds)
    line_gid = order["lineItems"]["nodes"][0]["id"]
    refund = (await h.gql(REFUND_CREATE, {"input": {
        "orderId": order["id"],
        "refundLineItems": [{"lineItemId": line_gid, "quantity": 1, "restockType": "RETURN",
                             "locationId": restock_gid}],
        "transactions": [{"kind": "REFUND", "gateway": "manual", "amount": "1.00",
                          "orderId": order["id"]}],
    }}))["refundCreate"]
    assert refund["userErrors"] == []
    for txn in refund["refund"]["transactions"]["nodes"]:
        if txn["status"] == "PENDING":
            h.backend.settle_transaction(txn["id"], "SUCCESS")
    result = await h.run(sync_orders_and_refunds)
    assert result.failed == 0, result.errors
    memo = SalesDocument.get(SalesDocument.type == "credit_memo")
    items = [ln.location_code for ln in memo.lines.order_by(SalesLine.line_no)
             if ln.type == "item"]
    assert len(items) == 1, items
    return items[0]


def _locations(h) -> list[str]:
    return [f"gid://shopify/Location/{i}" for i in sorted(h.backend.state.locations)]


async def test_a_linked_return_location_goes_on_the_credit_memo(h):
    east, west = _locations(h)[:2]
    setup_runs.set_location(SHOP, east, "East", "EAST-SALES")
    setup_runs.set_location(SHOP, east, "East", "EAST-RET", return_location=True)
    setup_runs.set_location(SHOP, west, "West", "WEST")
    assert await _returned_item_location(h, east) == "EAST-RET"


async def test_the_default_code_serves_when_no_return_location_is_set(h):
    east = _locations(h)[0]
    setup_runs.set_location(SHOP, east, "East", "EAST")
    assert await _returned_item_location(h, east) == "EAST"


async def test_control_without_a_link_the_shop_cards_return_location(h):
    assert await _returned_item_location(h, _locations(h)[0]) == "RETURNS"


async def test_a_location_left_without_any_code_is_unlinked(h):
    east = _locations(h)[0]
    setup_runs.set_location(SHOP, east, "East", "EAST")
    _link, (old, new) = setup_runs.set_location(SHOP, east, "East", "")
    assert (old, new) == ("EAST", "")
    from desktop_app.store.shopify_locations import list_location_links
    assert list_location_links(SHOP) == []
    assert await _returned_item_location(h, east) == "RETURNS"
