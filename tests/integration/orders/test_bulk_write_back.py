"""Issue 21: document nos. written back to Shopify in bulk, against the demo shop (in
process, its real HTTP surface: staged upload target, bulk mutation lifecycle, result file).

From the Shop Card's `bulk_write_threshold` orders at once, the write-back is one bulk export
of the orders' attributes and one bulk mutation, not two requests per order; each result line
is its order's outcome; a run stopped while the bulk mutation runs is picked up by the next
run (the operation adopted, nothing written twice).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import httpx
import pytest
from demo_shops import InProcessShop
from hooked_transport import HookedTransport as Hooked
from hooked_transport import die

from desktop_app.demo_shop import DemoShop, ShopBackend
from desktop_app.store import orders as store
from desktop_app.store import shops
from desktop_app.store.models import Customer
from desktop_app.store.order_models import ShopifyOrder
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.orders import sync_orders
from desktop_app.sync.results import SyncResult
from desktop_app.sync.rules.orders import DOC_NO_ATTRIBUTE

SHOP = "D"
ORDERS = 40  # about 25 of them get a document: above the threshold the tests set (5)
THRESHOLD = "5"
DELETE = """mutation D($id: ID!) { orderDelete(orderId: $id) { deletedId userErrors { message } } }"""
SET_ATTRIBUTES = """mutation A($input: OrderInput!) {
  orderUpdate(input: $input) { order { id } userErrors { message } } }"""


@pytest.fixture
def shop(db):
    shops.create_shop(SHOP, is_demo=True, settings={
        "customer_import": "none", "default_customer_no": "WEB", "auto_create_orders": True,
        "auto_create_items": True, "shipping_charges_account": "6100",
        "tip_account": "6200", "sold_gift_card_account": "2400",
        "bulk_write_threshold": THRESHOLD,
    })
    Customer.create(no="WEB", name="Web shop")
    backend = ShopBackend.generate(seed=5, customers=40, orders=ORDERS)
    made = InProcessShop(backend, DemoShop(backend, plan="plus"))
    made._transport = Hooked(made.shop)
    yield made
    made.close()


async def _no_wait(_seconds: float) -> None:
    await asyncio.sleep(0)


async def run(shop: InProcessShop) -> tuple[SyncResult, Counter[str], float]:
    """One orders sync; its result, the operations it sent and the points its write-back
    spent (from the bulk export of the orders' attributes, or the first
    OrderCustomAttributes, on: the write-back is the run's last step)."""
    before = len(shop.transport.operations)
    result = SyncResult("orders")
    async with shop.client(sleep=_no_wait) as client:
        await sync_orders(JobContext(SHOP, client, result, NullReporter(), 0))
    sent = shop.transport.operations[before:]
    start = next((i for i, (name, variables) in enumerate(
        zip(sent, shop.transport.variables[before:], strict=True))
        if name == "OrderCustomAttributes" or "BulkOrderAttributes" in str(
            variables.get("query", ""))), len(sent))
    return result, Counter(sent), sum(shop.transport.costs[before + start:])


def write_back_failures(result: SyncResult) -> list[Any]:
    return [e for e in result.errors if e.code == "write_back_failed"]


def attributes(shop: InProcessShop, gid: str) -> list[tuple[str, str]]:
    order = shop.backend.state.orders[int(gid.rsplit("/", 1)[-1])]
    return [(a["key"], a["value"]) for a in order.custom_attributes]


def assert_every_doc_no_written_once(shop: InProcessShop) -> int:
    rows = [r for r in ShopifyOrder.select() if r.document_no]
    for row in rows:
        assert row.doc_no_written, row.name
        doc_keys = [v for k, v in attributes(shop, row.shopify_id) if k == DOC_NO_ATTRIBUTE]
        assert doc_keys == [row.document_no], (row.name, attributes(shop, row.shopify_id))
    return len(rows)


async def test_many_document_nos_go_back_in_one_bulk_write_keeping_other_attributes(shop):
    first_open = min(o.gid for o in shop.backend.state.orders.values() if not o.closed_at)
    await shop.admin_gql(SET_ATTRIBUTES, {"input": {"id": first_open, "customAttributes": [
        {"key": "gift_wrap", "value": "yes"}]}})
    result, sent, points = await run(shop)
    written = assert_every_doc_no_written_once(shop)
    assert written >= 10 and not write_back_failures(result), result.errors
    # One bulk export of the attributes, one staged upload, one bulk mutation; no orderUpdate.
    assert sent["OrderUpdateAttributes"] == 0 and sent["OrderCustomAttributes"] == 0
    assert sent["StagedUploadsCreate"] == 1 and sent["BulkOperationRunMutation"] == 1
    assert ("gift_wrap", "yes") in attributes(shop, first_open)
    assert points < 60, points  # a fixed few points, whatever the count


async def test_below_the_threshold_each_order_is_written_on_its_own(shop):
    shops.update_shop_settings(SHOP, {"bulk_write_threshold": "1000"})
    result, sent, points = await run(shop)
    written = assert_every_doc_no_written_once(shop)
    assert sent["OrderUpdateAttributes"] == written and sent["BulkOperationRunMutation"] == 0
    assert points >= 11 * written  # about 11 points an order (OrderCustomAttributes + update)
    assert not write_back_failures(result)


async def test_a_line_shopify_refuses_is_that_order_s_failure_and_is_retried(shop):
    victim: list[str] = []

    async def delete_one() -> None:  # someone deletes an order while the write is staged
        row = next(r for r in ShopifyOrder.select() if r.document_no)
        victim.append(row.shopify_id)
        await shop.admin_gql(DELETE, {"id": row.shopify_id})

    shop.transport.after["StagedUploadsCreate"] = delete_one
    result, sent, _ = await run(shop)
    assert sent["BulkOperationRunMutation"] == 1
    (gid,) = victim
    failures = write_back_failures(result)
    assert [e.record for e in failures] == [gid], result.errors
    assert "Order does not exist" in failures[0].message
    assert not store.get_order(SHOP, gid).doc_no_written  # still waiting: tried next time
    others = [r for r in ShopifyOrder.select() if r.document_no and r.shopify_id != gid]
    assert others and all(r.doc_no_written for r in others)


async def test_a_run_stopped_while_the_bulk_write_runs_is_adopted_by_the_next(shop):
    shop.transport.after["BulkOperationRunMutation"] = die  # started; the run dies at once
    with pytest.raises(asyncio.CancelledError):
        await run(shop)
    waiting = store.orders_waiting_for_write_back(SHOP)
    assert len(waiting) >= 10  # nothing recorded as written: the run died
    started = [op for op in shop.backend.state.bulk_operations.values() if op.type == "MUTATION"]
    assert len(started) == 1 and started[0].running

    result, sent, _ = await run(shop)
    assert not write_back_failures(result), result.errors
    # The unfinished operation of this very batch was adopted: no second upload or start.
    assert sent["StagedUploadsCreate"] == 0 and sent["BulkOperationRunMutation"] == 0
    assert len([op for op in shop.backend.state.bulk_operations.values()
                if op.type == "MUTATION"]) == 1
    assert assert_every_doc_no_written_once(shop) == len(waiting)
    assert store.orders_waiting_for_write_back(SHOP) == []


async def test_a_run_stopped_after_shopify_wrote_does_not_write_again(shop):
    async def die_at_the_write_results() -> None:
        if any(op.type == "MUTATION" for op in shop.backend.state.bulk_operations.values()):
            await die()  # Shopify wrote every line; the run dies before reading them
        shop.transport.after["download"] = die_at_the_write_results

    shop.transport.after["download"] = die_at_the_write_results
    with pytest.raises(asyncio.CancelledError):
        await run(shop)
    waiting = store.orders_waiting_for_write_back(SHOP)
    assert len(waiting) >= 10  # written in Shopify, not recorded here

    result, sent, _ = await run(shop)
    assert not write_back_failures(result), result.errors
    assert sent["BulkOperationRunMutation"] == 0 and sent["OrderUpdateAttributes"] == 0
    assert assert_every_doc_no_written_once(shop) == len(waiting)
    assert store.orders_waiting_for_write_back(SHOP) == []


async def test_a_broken_result_download_fails_each_order_and_the_next_run_records_them(shop):
    async def break_the_write_results() -> None:
        if any(op.type == "MUTATION" for op in shop.backend.state.bulk_operations.values()):
            raise httpx.ReadError("connection reset")
        shop.transport.after["download"] = break_the_write_results

    shop.transport.after["download"] = break_the_write_results
    result, _, _ = await run(shop)  # the run goes on: each order's failure is recorded
    waiting = store.orders_waiting_for_write_back(SHOP)
    failures = write_back_failures(result)
    assert len(waiting) >= 10 and sorted(e.record for e in failures) == sorted(waiting)
    assert all("broke off" in e.message for e in failures)

    again, sent, _ = await run(shop)  # Shopify has them: recorded, not written again
    assert not write_back_failures(again)
    assert sent["BulkOperationRunMutation"] == 0 and sent["OrderUpdateAttributes"] == 0
    assert assert_every_doc_no_written_once(shop) == len(waiting)
