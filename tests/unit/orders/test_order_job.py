"""The orders job on a fake order API: staging, complete paging, import, documents,
write-back, conflicts (seed 003's "Effect of order editing"), actions, kills."""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import re
from decimal import Decimal

import pytest
from orders_fake_shop import FakeOrderShop, iso, line, order, recompute, shipping

from desktop_app.errors import ShopifyError
from desktop_app.store import items, runs, shops
from desktop_app.store import orders as store
from desktop_app.store.models import Customer
from desktop_app.store.order_models import SalesDocument, SalesLine, ShopifyOrder
from desktop_app.sync import orders as orders_job
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.order_changes import conflict_changes
from desktop_app.sync.orders import OrderJob, sync_orders
from desktop_app.sync.results import SyncResult
from desktop_app.sync.rules.orders import CONFLICT_MESSAGE, DOC_NO_ATTRIBUTE

UTC = dt.timezone.utc
T0 = dt.datetime(2026, 5, 1, 12, 0, tzinfo=UTC)
SHOP = "S"


@pytest.fixture(autouse=True)
def fake_bulk(monkeypatch):
    """The job's bulk exports go to the fake shop it talks to (`FakeOrderShop.bulk_records`)."""
    monkeypatch.setattr(orders_job, "run_bulk_query",
                        lambda client, operation, **kw: client.bulk_records(operation))


@pytest.fixture
def shop(db):
    shops.create_shop(SHOP, name="Shop", is_demo=True, settings={
        "customer_import": "none", "default_customer_no": "WEB",
        "shipping_charges_account": "6100", "tip_account": "6200",
        "sold_gift_card_account": "2400", "auto_create_orders": True,
    })
    Customer.create(no="WEB", name="Web customer")
    items.upsert_items([{"no": f"I{k}", "description": f"Item {k}", "sku": f"SKU{k}",
                           "unit_price": "1"} for k in range(1, 6)])
    return FakeOrderShop(now=T0 + dt.timedelta(days=1))


def ctx_for(fake) -> JobContext:
    return JobContext(SHOP, fake, SyncResult("orders"), NullReporter(), 0)


async def run(fake) -> SyncResult:
    ctx = ctx_for(fake)
    await sync_orders(ctx)
    return ctx.result


def simple(n: int, **kw) -> dict:
    return order(n, created=T0 + dt.timedelta(minutes=n),
                 lines=kw.pop("lines", None) or [line(n * 10 + 1, "SKU1", 2, "10.00")],
                 shipping_lines=kw.pop("shipping_lines", None)
                 or [shipping(n, "Standard", "5.00")], **kw)


def doc_of(gid: str) -> SalesDocument:
    return SalesDocument.get(SalesDocument.shopify_order_gid == gid)


async def test_first_run_stages_open_orders_only_and_creates_documents(shop):
    shop.add(simple(1))
    shop.add(simple(2, closed=True))
    result = await run(shop)
    assert result.failed == 0, result.errors
    assert [r["shopify_id"] for r in store.orders_for_cli(SHOP)] == ["gid://shopify/Order/1"]
    # The first import is a bulk export of the open orders, read once: no OrderById.
    assert [v["query"] for n, v in shop.calls if n == "BulkOrders"] == ["status:open"]
    assert not [n for n, _ in shop.calls if n in ("OrdersToImport", "OrderById")]
    doc = doc_of("gid://shopify/Order/1")
    assert doc.type == "order" and doc.total == Decimal("25.00")
    lines = list(doc.lines.order_by(SalesLine.line_no))
    assert [(ln.type, ln.no, ln.amount) for ln in lines] == [
        ("item", "I1", Decimal("20.00")), ("gl_account", "6100", Decimal("5.00"))]
    # Written back, merged with what the order had.
    assert shop.orders["gid://shopify/Order/1"]["customAttributes"] == [
        {"key": DOC_NO_ATTRIBUTE, "value": doc.no}]


async def test_a_new_closed_order_is_never_staged_but_a_known_one_is_updated(shop):
    shop.add(simple(1))
    await run(shop)
    shop.add(simple(3, closed=True))
    shop.touch("gid://shopify/Order/3")
    shop.orders["gid://shopify/Order/1"]["closed"] = True
    shop.orders["gid://shopify/Order/1"]["displayFulfillmentStatus"] = "FULFILLED"
    shop.touch("gid://shopify/Order/1")
    await run(shop)
    ids = {r["shopify_id"] for r in store.orders_for_cli(SHOP)}
    assert ids == {"gid://shopify/Order/1"}
    assert store.get_order(SHOP, "gid://shopify/Order/1").fulfillment_status == "FULFILLED"


async def test_later_runs_use_the_watermark_with_overlap_and_skip_unchanged(shop):
    shop.add(simple(1))
    await run(shop)
    calls_before = len(shop.calls)
    result = await run(shop)  # nothing changed (the write-back's own echo included)
    # The light check alone: the echo is in the window but has the updatedAt we wrote.
    assert [n for n, _ in shop.calls[calls_before:]] == ["OrderChanges"]
    later = shop.calls[calls_before][1]["query"]
    checked = runs.get_sync_state(SHOP, "orders").watermark
    assert checked == shop.now - dt.timedelta(seconds=1)  # the check's server time
    assert later.startswith("updated_at:>='")
    assert result.created == result.updated == result.failed == 0


async def test_every_page_of_every_connection_is_read(shop):
    many_lines = [line(100 + k, f"SKU{1 + k % 5}", 1, "1.00") for k in range(23)]
    many_ship = [shipping(200 + k, f"Ship {k}", "1.00") for k in range(5)]
    node = order(1, created=T0, lines=many_lines, shipping_lines=many_ship)
    node["returns"] = [{"id": f"gid://shopify/Return/{k}", "name": f"R{k}", "status": "OPEN"}
                       for k in range(4)]
    node["transactions"] = [{"id": f"gid://shopify/OrderTransaction/{k}", "kind": "SALE",
                             "status": "SUCCESS", "gateway": "manual", "processedAt": None,
                             "parentTransaction": None, "amountSet": {"shopMoney": {
                                 "amount": "1"}, "presentmentMoney": {"amount": "1"}}}
                            for k in range(7)]
    node["refunds"] = [{"id": f"gid://shopify/Refund/{k}", "createdAt": None, "updatedAt": None,
                        "note": "", "return": None,
                        "totalRefundedSet": {"shopMoney": {"amount": "1"},
                                             "presentmentMoney": {"amount": "1"}},
                        "refundLineItems": [{"quantity": 1, "restockType": "NO_RESTOCK",
                                             "lineItem": {"id": f"gid://shopify/LineItem/{100 + j}"},
                                             "location": None,
                                             "subtotalSet": {"shopMoney": {"amount": "0.5"},
                                                             "presentmentMoney": {"amount": "0.5"}},
                                             "totalTaxSet": {"shopMoney": {"amount": "0"},
                                                             "presentmentMoney": {"amount": "0"}}}
                                            for j in range(7)]}
                       for k in range(4)]
    shop.add(node)
    result = await run(shop)
    assert result.failed == 0, result.errors
    record = store.load_order_record(SHOP, "gid://shopify/Order/1")
    assert len(record.lines) == 23
    assert len(record.shipping_lines) == 5
    assert len(record.returns) == 4
    assert len(record.transactions) == 7
    assert len(record.refunds) == 4 and all(len(r.lines) == 7 for r in record.refunds)


async def test_more_pages_without_a_cursor_refuse_the_order_rather_than_read_it_twice(
        shop, monkeypatch):
    """A connection announcing more pages without a cursor cannot be read on: reading the
    order fails, naming the connection (`complete_nodes`). Reading it again from the start
    would repeat its first page (refund lines repeated that way double a refund)."""
    shop.add(simple(1, lines=[line(10 + k, "SKU1", 1, "1.00") for k in range(12)]))
    answer = shop._OrderById

    def without_cursor(v):
        data = answer(v)
        data["order"]["lineItems"]["pageInfo"]["endCursor"] = None
        return data

    monkeypatch.setattr(shop, "_OrderById", without_cursor)
    with pytest.raises(ShopifyError, match="^lineItems: Shopify reported more pages but gave "
                                           "no cursor"):
        await OrderJob(ctx_for(shop)).fetch("gid://shopify/Order/1")
    assert [n for n, _ in shop.calls] == ["OrderById"]


async def test_unknown_sku_is_an_error_naming_it_and_no_document(shop):
    shop.add(simple(1, lines=[line(11, "NOPE-9", 1, "3.00")]))
    result = await run(shop)
    assert result.failed >= 1
    row = store.get_order(SHOP, "gid://shopify/Order/1")
    assert "NOPE-9" in row.error_message and not row.processed
    assert SalesDocument.select().count() == 0


async def test_unknown_sku_creates_the_item_when_the_shop_says_so(shop):
    shops.update_shop_settings(SHOP, {"auto_create_items": "true"})
    shop.add(simple(1, lines=[line(11, "NEW-1", 1, "3.00", title="Mug")]))
    result = await run(shop)
    assert result.failed == 0, result.errors
    assert store.items_by_sku(["NEW-1"]) == {"NEW-1": "NEW-1"}
    assert doc_of("gid://shopify/Order/1").lines.where(SalesLine.no == "NEW-1").count() == 1


async def test_fulfilled_order_becomes_an_invoice(shop):
    shop.add(simple(1, fulfillment="FULFILLED"))
    await run(shop)
    assert doc_of("gid://shopify/Order/1").type == "invoice"


async def test_a_failed_document_leaves_nothing_behind(shop, monkeypatch):
    shop.add(simple(1))
    shops.update_shop_settings(SHOP, {"auto_create_orders": "false"})
    await run(shop)
    original = store.link_document

    def broken(*args, **kwargs):
        raise store.StoreError("disk trouble (test)")

    monkeypatch.setattr(store, "link_document", broken)
    job = OrderJob(ctx_for(shop))
    assert await job.create_documents(["gid://shopify/Order/1"]) == []
    assert SalesDocument.select().count() == 0 and SalesLine.select().count() == 0
    row = store.get_order(SHOP, "gid://shopify/Order/1")
    assert row.has_error and "disk trouble" in row.error_message and not row.processed
    monkeypatch.setattr(store, "link_document", original)
    assert len(await job.create_documents(["gid://shopify/Order/1"])) == 1
    assert not store.get_order(SHOP, "gid://shopify/Order/1").has_error


async def test_write_back_happens_only_after_the_document_and_merges(shop):
    node = simple(1)
    node["customAttributes"] = [{"key": "gift_note", "value": "Happy birthday"}]
    shop.add(node)
    shop.fail_on = {"OrderUpdateAttributes"}
    result = await run(shop)
    doc = doc_of("gid://shopify/Order/1")  # the document exists although the write failed
    assert any("could not be written" in e.message for e in result.errors)
    assert not store.get_order(SHOP, "gid://shopify/Order/1").doc_no_written
    shop.fail_on = set()
    await run(shop)  # retried
    assert shop.orders["gid://shopify/Order/1"]["customAttributes"] == [
        {"key": "gift_note", "value": "Happy birthday"},
        {"key": DOC_NO_ATTRIBUTE, "value": doc.no}]


# --- seed 003 "Effect of order editing" ------------------------------------------------------


def _edit(shop, gid, change) -> None:
    change(shop.orders[gid])
    recompute(shop.orders[gid])
    shop.touch(gid)


def _zero_refund(o, line_id: str) -> None:
    o["refunds"].append({"id": f"gid://shopify/Refund/{len(o['refunds']) + 1}",
                         "createdAt": None, "updatedAt": None, "note": "", "return": None,
                         "totalRefundedSet": {"shopMoney": {"amount": "0"},
                                              "presentmentMoney": {"amount": "0"}},
                         "refundLineItems": [{"quantity": 1, "restockType": "NO_RESTOCK",
                                              "lineItem": {"id": line_id}, "location": None,
                                              "subtotalSet": {"shopMoney": {"amount": "0"},
                                                              "presentmentMoney": {"amount": "0"}},
                                              "totalTaxSet": {"shopMoney": {"amount": "0"},
                                                              "presentmentMoney": {"amount": "0"}}}]})


def _increase(o):
    o["lineItems"][0]["quantity"] += 1
    o["lineItems"][0]["currentQuantity"] += 1


def _decrease(o):
    o["lineItems"][0]["currentQuantity"] -= 1
    _zero_refund(o, o["lineItems"][0]["id"])


def _remove(o):
    o["lineItems"][1]["currentQuantity"] = 0
    _zero_refund(o, o["lineItems"][1]["id"])


def _add(o):
    o["lineItems"].append(line(99, "SKU3", 1, "4.00"))


def _fulfill_and_pay(o):
    o["displayFulfillmentStatus"] = "FULFILLED"
    o["displayFinancialStatus"] = "PAID"


def _cancel_paid(o):
    o["cancelledAt"] = o["updatedAt"]
    o["refunds"].append({"id": "gid://shopify/Refund/77", "createdAt": None, "updatedAt": None,
                         "note": "", "return": None,
                         "totalRefundedSet": {"shopMoney": {"amount": "35"},
                                              "presentmentMoney": {"amount": "35"}},
                         "refundLineItems": []})


def _cancel_unpaid(o):
    o["cancelledAt"] = o["updatedAt"]
    for ln in o["lineItems"]:
        ln["currentQuantity"] = 0
    _zero_refund(o, o["lineItems"][0]["id"])


def _shipping(o):
    o["shippingLines"][0]["discountedPriceSet"] = {"shopMoney": {"amount": "9.00"},
                                                   "presentmentMoney": {"amount": "9.00"}}
    o["shippingLines"][0]["originalPriceSet"] = o["shippingLines"][0]["discountedPriceSet"]


EDITS = [
    # (edit, conflict when processed, what the unprocessed import shows)
    ("increase quantity", _increase, True, lambda r: r.item_quantity == 4),
    ("decrease quantity", _decrease, True, lambda r: r.item_quantity == 2),
    ("remove item", _remove, True, lambda r: [ln.current_quantity for ln in r.lines] == [2, 0]),
    ("add item", _add, True, lambda r: len(r.lines) == 3),
    ("fulfill, update payment", _fulfill_and_pay, False,
     lambda r: r.fulfillment_status == "FULFILLED"),
    ("cancel paid order", _cancel_paid, True, lambda r: r.cancelled_at is not None),
    ("cancel unpaid order", _cancel_unpaid, True, lambda r: r.item_quantity == 0),
    ("shipping changed", _shipping, True, lambda r: r.shipping_lines[0].amount.shop == 9),
]


def _two_line_order() -> dict:
    return order(1, created=T0, lines=[line(11, "SKU1", 2, "10.00"),
                                       line(12, "SKU2", 1, "10.00")],
                 shipping_lines=[shipping(1, "Standard", "5.00")], financial="PENDING")


@pytest.mark.parametrize("name,edit,conflict,check", EDITS, ids=[e[0] for e in EDITS])
async def test_edit_of_a_processed_order(shop, name, edit, conflict, check):
    gid = "gid://shopify/Order/1"
    shop.add(_two_line_order())
    await run(shop)
    doc_no = store.get_order(SHOP, gid).document_no
    assert doc_no
    lines_before = SalesLine.select().count()
    _edit(shop, gid, edit)
    await run(shop)
    row = store.get_order(SHOP, gid)
    assert row.conflict is conflict
    # What changed, then what to do (issue 18).
    assert (bool(conflict_changes(row.conflict_message))
            and row.conflict_message.endswith(CONFLICT_MESSAGE) if conflict
            else row.conflict_message == "")
    assert row.document_no == doc_no and SalesLine.select().count() == lines_before
    assert check(store.load_order_record(SHOP, gid))  # the Shopify mirror is up to date
    if conflict:  # marked until resolved, even after another sync
        await run(shop)
        assert store.get_order(SHOP, gid).conflict


@pytest.mark.parametrize("name,edit,conflict,check", EDITS, ids=[e[0] for e in EDITS])
async def test_edit_of_an_unprocessed_order(shop, name, edit, conflict, check):
    shops.update_shop_settings(SHOP, {"auto_create_orders": "false"})
    gid = "gid://shopify/Order/1"
    shop.add(_two_line_order())
    await run(shop)
    _edit(shop, gid, edit)
    await run(shop)
    row = store.get_order(SHOP, gid)
    assert not row.conflict and not row.processed
    assert check(store.load_order_record(SHOP, gid))


async def test_unlink_leaves_no_stale_link_and_one_live_document(shop):
    # Issue 14: the kept document stops a second one; deleting it allows a new one.
    from desktop_app.store import order_lifecycle

    gid = "gid://shopify/Order/1"
    shop.add(simple(1))
    await run(shop)
    first = store.get_order(SHOP, gid).document_no
    assert order_lifecycle.unlink_documents(SHOP, gid) == [first]
    row = store.get_order(SHOP, gid)
    assert not row.processed and not row.conflict
    assert SalesDocument.get(SalesDocument.no == first).shopify_order_gid == ""
    assert store.orders_for_cli(SHOP)[0]["state"] == "imported"
    job = OrderJob(ctx_for(shop))
    assert await job.create_documents([gid]) == []
    assert first in job.ctx.result.errors[0].message
    done = order_lifecycle.unlink_order(SHOP, gid, delete_document=True)
    assert done.deleted == [first] and SalesDocument.get_or_none(SalesDocument.no == first) is None
    (second,) = await OrderJob(ctx_for(shop)).create_documents([gid])
    assert second != first and store.documents_for_order(gid) == [second]


async def test_manual_customer_survives_reimport(shop):
    gid = "gid://shopify/Order/1"
    shops.update_shop_settings(SHOP, {"auto_create_orders": "false"})
    Customer.create(no="C77", name="Chosen by hand")
    shop.add(simple(1))
    await run(shop)
    store.set_manual_customer(SHOP, gid, "C77", "")
    shop.touch(gid)
    await run(shop)
    row = store.get_order(SHOP, gid)
    assert (row.sell_to_customer_no, row.bill_to_customer_no) == ("C77", "C77")


async def test_mark_paid_and_cancel_reread_the_order(shop):
    gid = "gid://shopify/Order/1"
    shop.add(simple(1, financial="PENDING"))
    shops.update_shop_settings(SHOP, {"auto_create_orders": "false"})
    await run(shop)
    job = OrderJob(ctx_for(shop))
    await job.mark_paid(gid)
    assert store.get_order(SHOP, gid).financial_status == "PAID"
    await job.cancel(gid, reason="customer", restock=True)
    assert store.get_order(SHOP, gid).cancelled
    cancel = next(v for n, v in shop.calls if n == "OrderCancel")
    assert cancel["reason"] == "CUSTOMER" and cancel["restock"] is True


async def test_filters_leave_other_orders_staged(shop):
    from desktop_app.sync.orders import set_order_filter
    from desktop_app.sync.rules.orders import OrderFilter

    shop.add(simple(1, tags=["Wholesale", "vip"]))
    shop.add(simple(2, tags=["retail"]))
    set_order_filter(SHOP, OrderFilter(tags="@*VIP*"))
    await run(shop)
    states = {r["shopify_id"]: r["state"] for r in store.orders_for_cli(SHOP)}
    assert states == {"gid://shopify/Order/1": "processed", "gid://shopify/Order/2": "staged"}


# --- many orders, exactly once, killed and re-run --------------------------------------------


def _generated_shop(count: int, seed: int) -> FakeOrderShop:
    rng = random.Random(seed)
    start = dt.datetime(2025, 1, 1, tzinfo=UTC)
    fake = FakeOrderShop(now=start + dt.timedelta(days=401))
    for n in range(1, count + 1):
        created = start + dt.timedelta(seconds=rng.randrange(400 * 86400))
        lines = [line(n * 10 + k, f"SKU{rng.randint(1, 5)}", rng.randint(1, 3),
                      f"{rng.randint(100, 9999) / 100:.2f}") for k in range(rng.randint(1, 4))]
        node = order(n, created=created, lines=lines,
                     shipping_lines=[shipping(n, "Standard", "4.90")],
                     closed=rng.random() < 0.3,
                     fulfillment=rng.choice(["FULFILLED", "UNFULFILLED"]))
        fake.add(node)
    return fake


@pytest.mark.parametrize("count", [
    pytest.param(300, marks=pytest.mark.slow),
    pytest.param(2000, marks=[pytest.mark.slow, pytest.mark.heavy]),
])
async def test_many_orders_imported_exactly_once_even_when_killed(shop, count):
    """300 orders by default; 2,000 (about 40 s) with the heavy tests (SHOP_SYNC_HEAVY=1)."""
    # The fake shop has no bulk operations: this is the one-by-one write-back, killed; the
    # bulk one is killed against the demo shop (tests/integration/orders/test_bulk_write_back).
    shops.update_shop_settings(SHOP, {"bulk_write_threshold": str(10**6)})
    fake = _generated_shop(count, seed=7)
    open_ids = {gid for gid, o in fake.orders.items() if not o["closed"]}
    rng = random.Random(3)
    kills = 0
    while True:
        task = asyncio.ensure_future(run(fake))
        # Kill the run after a random number of API calls (50-400 of 2,000 orders' run, in
        # proportion for fewer), at most a few times.
        budget = rng.randint(50, 400) * count // 2000 if kills < 4 else 10**9
        start_calls = len(fake.calls)
        while not task.done():
            await asyncio.sleep(0)
            if len(fake.calls) - start_calls >= budget:
                task.cancel()
                break
        try:
            await task
        except asyncio.CancelledError:
            kills += 1
            continue
        break
    assert kills == 4
    await run(fake)  # and once more: nothing new
    imported = {r.shopify_id for r in ShopifyOrder.select()}
    assert imported == open_ids
    assert ShopifyOrder.select().count() == len(open_ids)
    docs = list(SalesDocument.select())
    assert len(docs) == len(open_ids)
    assert len({d.shopify_order_gid for d in docs}) == len(docs)
    for gid in open_ids:  # each order's attribute written exactly once
        attrs = fake.orders[gid]["customAttributes"]
        assert [a["key"] for a in attrs] == [DOC_NO_ATTRIBUTE]


# --- one read per order, customers, errors, money sides ------------------------------------


async def test_a_later_run_reads_changed_orders_from_the_pages_without_order_by_id(shop):
    shop.add(simple(1))
    shop.add(simple(2))
    await run(shop)
    before = len(shop.calls)
    _edit(shop, "gid://shopify/Order/2", _increase)
    result = await run(shop)
    names = [n for n, _ in shop.calls[before:]]
    assert names.count("OrderChanges") == 1 and names.count("OrdersToImport") == 1
    assert "OrderById" not in names and "BulkOrders" not in names
    # Only the changed order is read, by its id.
    assert [v["query"] for n, v in shop.calls[before:] if n == "OrdersToImport"] == ["id:2"]
    assert result.updated == 1, result.errors
    assert store.load_order_record(SHOP, "gid://shopify/Order/2").item_quantity == 3


async def test_nothing_changed_costs_the_light_check_alone(shop):
    shops.update_shop_settings(SHOP, {"write_doc_no_to_shopify": "false"})
    shop.add(simple(1))
    shop.touch("gid://shopify/Order/1")  # inside the next run's overlap
    await run(shop)
    before = len(shop.calls)
    result = await run(shop)
    # The overlap (60 s before the watermark) still finds the order, unchanged: the check
    # alone, and nothing imported again.
    assert [n for n, _ in shop.calls[before:]] == ["OrderChanges"]
    assert shop.calls[before][1]["first"] == 250
    assert (result.created, result.updated, result.failed) == (0, 0, 0)
    shop.now += dt.timedelta(days=1)  # a run a day later: an empty window
    before = len(shop.calls)
    await run(shop)
    assert [n for n, _ in shop.calls[before:]] == ["OrderChanges"]
    assert runs.get_sync_state(SHOP, "orders").watermark == \
        shop.now - dt.timedelta(seconds=1)


async def test_a_backlog_over_the_threshold_is_read_by_a_bulk_export(shop, monkeypatch):
    monkeypatch.setattr(orders_job, "BULK_THRESHOLD", 3)
    shop.add(simple(1))
    await run(shop)
    for n in range(2, 7):
        shop.add(simple(n))
        shop.touch(f"gid://shopify/Order/{n}")
    before = len(shop.calls)
    result = await run(shop)
    names = [n for n, _ in shop.calls[before:]]
    assert "BulkOrders" in names and "OrdersToImport" not in names and "OrderById" not in names
    assert result.created == 5 + 5 and result.failed == 0  # 5 orders, 5 documents


# --- the light change check (issue 9) -------------------------------------------------------


async def test_a_window_over_one_page_is_checked_page_by_page_then_only_changes_read(
        shop, monkeypatch):
    monkeypatch.setattr(orders_job, "MAX_PAGE_SIZE", 2)
    for n in range(1, 6):
        shop.add(simple(n))
    await run(shop)
    for n in range(1, 6):
        shop.touch(f"gid://shopify/Order/{n}")  # five in the window...
    shop.orders["gid://shopify/Order/4"]["note"] = "gift wrap"  # ... all "edited"
    await run(shop)  # imports the five once
    shop.touch("gid://shopify/Order/4")  # then only #4 changes again
    before = len(shop.calls)
    result = await run(shop)
    checks = [v for n, v in shop.calls[before:] if n == "OrderChanges"]
    assert len(checks) == 3  # 5 orders, 2 a page
    assert [v.get("count", True) for v in checks] == [True, False, False]  # counted once
    assert [v["query"] for n, v in shop.calls[before:] if n == "OrdersToImport"] == ["id:4"]
    assert result.updated == 1 and result.failed == 0


async def test_a_window_too_large_to_check_by_pages_is_exported_in_bulk(shop, monkeypatch):
    monkeypatch.setattr(orders_job, "MAX_PAGE_SIZE", 2)
    monkeypatch.setattr(orders_job, "CHECK_PAGING_LIMIT", 3)
    for n in range(1, 6):
        shop.add(simple(n))
    await run(shop)
    for n in range(1, 6):
        shop.touch(f"gid://shopify/Order/{n}")
    before = len(shop.calls)
    await run(shop)
    names = [n for n, _ in shop.calls[before:]]
    assert names[:2] == ["OrderChanges", "BulkOrders"]  # no second check page
    assert "OrdersToImport" not in names


async def test_a_new_closed_order_in_the_window_is_not_read(shop):
    shop.add(simple(1))
    await run(shop)
    shop.add(simple(2, closed=True))
    shop.touch("gid://shopify/Order/2")
    before = len(shop.calls)
    await run(shop)
    assert [n for n, _ in shop.calls[before:]] == ["OrderChanges"]
    assert store.find_order(SHOP, "gid://shopify/Order/2") is None


async def test_the_check_refuses_orders_without_a_usable_id_by_name_once_and_reads_on(
        shop, monkeypatch):
    """An order the check sees without a usable id cannot be read by id: the check names it
    (its name, else its updatedAt, else its place) with the field `id`, once a run even when
    paging shows it twice, and the other changed orders are read and imported."""
    monkeypatch.setattr(orders_job, "MAX_PAGE_SIZE", 2)
    shop.add(simple(1))
    await run(shop)
    t = shop.now.replace(microsecond=0)
    broken = [(None, "#9001", iso(t)), ("", None, iso(t + dt.timedelta(seconds=1))),
              ("gid://shopify/Order/", "  ", iso(t + dt.timedelta(seconds=2))),
              (880005, None, "not a date")]  # (an unreadable date matches every window)
    for k, (bad_id, name, updated) in enumerate(broken):
        node = simple(20 + k)
        node["id"], node["name"], node["updatedAt"] = bad_id, name, updated
        shop.orders[f"broken-{k}"] = node
    real_search = shop._search
    monkeypatch.setattr(shop, "_search", lambda q: [*real_search(q), shop.orders["broken-0"]]
                        if "updated_at" in q else real_search(q))  # #9001 on two pages
    shop.add(simple(2))
    shop.touch("gid://shopify/Order/2", seconds=10)
    result = await run(shop)
    refused = sorted((e.record, e.field) for e in result.errors)
    assert re.fullmatch(r"\(order without id or name, \d of the change check\)", refused[0][0])
    assert refused[1:3] == [
        (f"(order without id or name, updated {t:%Y-%m-%d %H:%M}:{t.second + 1:02} UTC)",
         "id"),
        (f"(order without id or name, updated {t:%Y-%m-%d %H:%M}:{t.second + 2:02} UTC)",
         "id")], result.errors
    assert refused[3:] == [("order #9001", "id")], result.errors
    messages = {e.record: e.message for e in result.errors}
    assert messages["order #9001"].startswith("no id, though Shopify promises one")
    assert "880005 is not a Shopify order id" in messages[refused[0][0]]
    # The rest goes through; an unusable id is never asked for.
    assert store.find_order(SHOP, "gid://shopify/Order/2") is not None
    assert [v["query"] for n, v in shop.calls if n == "OrdersToImport"] == ["id:2"]


async def test_a_first_run_with_no_open_order_is_the_check_alone(shop):
    shop.add(simple(1, closed=True))
    await run(shop)
    assert [n for n, _ in shop.calls] == ["OrderChanges"]
    assert shop.calls[0][1]["first"] == 1  # it only dates the run
    assert runs.get_sync_state(SHOP, "orders").watermark == \
        shop.now - dt.timedelta(seconds=1)


async def test_without_a_date_header_the_watermark_is_the_newest_update_seen(shop):
    shop.dated = False
    shop.add(simple(1))
    shop.add(simple(2))
    newest = dt.datetime.fromisoformat(shop.orders["gid://shopify/Order/2"]["updatedAt"]
                                       .replace("Z", "+00:00"))
    await run(shop)  # (its write-backs move updatedAt later, after the read)
    assert runs.get_sync_state(SHOP, "orders").watermark == newest
    shop.touch("gid://shopify/Order/1")
    result = await run(shop)
    assert result.updated == 1 and result.failed == 0


async def test_an_edit_between_import_and_write_back_is_read_by_the_next_run(shop):
    shop.add(simple(1))
    shop.add(simple(2))
    original = shop._OrderCustomAttributes
    edited = []

    def someone_edits_first(v):
        if v["id"] == "gid://shopify/Order/2" and not edited:
            edited.append(v["id"])
            order2 = shop.orders["gid://shopify/Order/2"]
            order2["displayFulfillmentStatus"] = "FULFILLED"
            shop.touch(order2["id"])
        return original(v)

    shop._OrderCustomAttributes = someone_edits_first
    await run(shop)
    assert edited
    assert store.get_order(SHOP, "gid://shopify/Order/2").fulfillment_status == "UNFULFILLED"
    before = len(shop.calls)
    await run(shop)
    # Our write-back came after the edit, but did not hide it: #2 is read, #1 is not.
    assert [v["query"] for n, v in shop.calls[before:] if n == "OrdersToImport"] == ["id:2"]
    assert store.get_order(SHOP, "gid://shopify/Order/2").fulfillment_status == "FULFILLED"


@pytest.mark.parametrize("dated", [True, False])
async def test_future_dates_are_judged_by_shopifys_clock_when_its_answer_is_dated(
        db, dated):
    """An order date more than FUTURE_TOLERANCE ahead is refused. "Ahead" of Shopify's own
    clock (`last_server_time`, which stamped the date) when the answer has a Date header,
    whatever this machine's clock says; of this machine's clock without one."""
    shops.create_shop(SHOP, name="Shop", is_demo=True, settings={
        "customer_import": "none", "default_customer_no": "WEB",
        "shipping_charges_account": "6100", "auto_create_orders": True})
    Customer.create(no="WEB", name="Web customer")
    items.upsert_items([{"no": "I1", "description": "Item 1", "sku": "SKU1",
                           "unit_price": "1"}])
    local = dt.datetime.now(UTC).replace(microsecond=0)
    days = dt.timedelta(days=1)
    # Shopify's clock 60 days ahead of this machine's: #1 (40 days ahead of this machine,
    # past for Shopify) is an order, #2 (20 days ahead of Shopify) is not.
    ahead = FakeOrderShop(now=local + 60 * days, dated=dated)
    ahead.add(simple(1) | {"createdAt": iso(local + 40 * days),
                           "updatedAt": iso(local + 40 * days)})
    ahead.add(simple(2) | {"createdAt": iso(local + 80 * days),
                           "updatedAt": iso(local + 80 * days)})
    result = await run(ahead)
    refused = {e.record: e for e in result.errors}
    if dated:
        assert set(refused) == {"gid://shopify/Order/2"}, result.errors
        assert store.find_order(SHOP, "gid://shopify/Order/1") is not None
    else:
        assert set(refused) == {"gid://shopify/Order/1", "gid://shopify/Order/2"}
    assert {e.field for e in refused.values()} == {"createdAt"}
    assert all("in the future" in e.message for e in refused.values())


def _customer_without_address(n: int) -> dict:
    return {"id": f"gid://shopify/Customer/{n}", "firstName": "Ann", "lastName": "Lee",
            "email": f"ann{n}@example.com", "phone": None, "locale": "en", "note": None,
            "tags": [], "taxExempt": False, "state": "ENABLED", "verifiedEmail": True,
            "createdAt": "2026-01-01T00:00:00Z", "updatedAt": "2026-01-01T00:00:00Z",
            "defaultAddress": None, "addressesV2": {"nodes": [], "pageInfo": {
                "hasNextPage": False, "endCursor": None}}}


def _order_by_customer(shop, n: int) -> str:
    shop.customers[f"gid://shopify/Customer/{n}"] = _customer_without_address(n)
    shop.add(simple(n, customer={"id": f"gid://shopify/Customer/{n}", "firstName": "Ann",
                                 "lastName": "Lee", "email": f"ann{n}@example.com",
                                 "phone": None}))
    return f"gid://shopify/Order/{n}"


async def test_a_customer_that_cannot_be_created_gives_way_to_the_default_customer(shop):
    shops.update_shop_settings(SHOP, {"customer_import": "with_orders",
                                        "auto_create_customers": "true"})
    gid = _order_by_customer(shop, 1)
    result = await run(shop)
    assert result.failed == 0, result.errors
    row = store.get_order(SHOP, gid)
    assert (row.sell_to_customer_no, row.bill_to_customer_no, row.has_error) == (
        "WEB", "WEB", False)
    # Issue 17: the customer without a saved address takes the order's bill-to address, so
    # what stops it here is the shop without any customer template.
    assert row.sync_note == ("default customer WEB used: no customer template is set for FR "
                             "or the shop")
    assert row.processed


async def test_an_order_customer_without_a_saved_address_takes_the_orders_bill_to(shop):
    """Issue 17: a Shopify customer with no saved address (an account made with an e-mail
    only) is created from the order's bill-to address; before, every order of such a
    customer failed ("the Shopify customer has no address; and no default customer is
    set")."""
    shops.update_shop_settings(SHOP, {"customer_import": "with_orders",
                                        "auto_create_customers": "true",
                                        "default_customer_no": "", "customer_template": "WEB"})
    gid = _order_by_customer(shop, 1)
    shop.orders[gid]["billingAddress"].update(address1="9 rue du Bac", zip="75007")
    result = await run(shop)
    assert result.failed == 0, result.errors
    row = store.get_order(SHOP, gid)
    assert row.sell_to_customer_no == row.bill_to_customer_no and not row.has_error
    made = Customer.get(Customer.no == row.sell_to_customer_no)
    assert (made.address, made.city, made.country, made.email) == (
        "9 rue du Bac", "Paris", "FR", "ann1@example.com")
    assert made.post_code == "75007"


async def test_without_a_default_customer_the_error_names_the_order_and_field_once(shop):
    shops.update_shop_settings(SHOP, {"customer_import": "with_orders",
                                        "auto_create_customers": "true",
                                        "default_customer_no": ""})
    gid = _order_by_customer(shop, 1)
    shop.orders[gid]["lineItems"].append(line(19, "NOPE-1", 1, "2.00"))
    recompute(shop.orders[gid])
    result = await run(shop)
    [issue] = [e for e in result.errors if e.record == "#1001"]
    assert issue.field == "customer, sku"
    assert issue.message == ("no customer template is set for FR or the shop; and no "
                             "default customer is set; unknown SKU 'NOPE-1' (line 'Product "
                             "NOPE-1'): create the item or turn on auto create items")
    assert "customer:" not in issue.message and "gid://" not in issue.message
    row = store.get_order(SHOP, gid)
    assert row.has_error and not row.sell_to_customer_no and not row.processed


async def test_an_order_read_on_one_money_side_is_read_again_when_documents_need_the_other(
        shop):
    shops.update_shop_settings(SHOP, {"auto_create_orders": "false"})
    shop.add(simple(1))
    await run(shop)  # the bulk export: both sides
    node = order(2, created=T0 + dt.timedelta(minutes=2), currency="EUR", presentment="USD",
                 lines=[line(21, "SKU1", 2, "10.00", rate="1.1")],
                 shipping_lines=[shipping(2, "Standard", "5.00", rate="1.1")])
    shop.add(node)
    shop.touch("gid://shopify/Order/2")
    await run(shop)  # the pages: the shop side only
    record = store.load_order_record(SHOP, "gid://shopify/Order/2")
    assert record.money_side == "shop" and not record.has_side(presentment=True)
    assert record.total.presentment == Decimal("27.50")  # the total is read on both sides
    shops.update_shop_settings(SHOP, {"currency_handling": "presentment"})
    before = len(shop.calls)
    job = OrderJob(ctx_for(shop))
    (no,) = await job.create_documents(["gid://shopify/Order/2"])
    assert [n for n, _ in shop.calls[before:]][0] == "OrderById"
    doc = SalesDocument.get(SalesDocument.no == no)
    assert (doc.currency, doc.total) == ("USD", Decimal("27.50"))
    assert store.load_order_record(SHOP, "gid://shopify/Order/2").money_side == "both"
