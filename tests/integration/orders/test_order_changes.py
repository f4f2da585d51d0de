"""Issue 9: the orders change check against the demo shop (in process, its real HTTP surface,
Date header, search and cost model), on a hand-moved shop clock.

A no-change re-sync is one request once a check has seen the run's own write-backs from more
than `OVERLAP` later; an edit is read with the check plus one OrdersToImport page; and an
edit is never missed: made by someone else between our import and our write-back, in the
same second as the check, or hidden from the search index for up to a minute.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.demo_shop import DemoShop, DemoShopTransport, ShopBackend
from desktop_app.demo_shop.shop import DemoRequest
from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import StaticToken
from desktop_app.shopify.client import ShopifyClient
from desktop_app.store import orders as store
from desktop_app.store import shops
from desktop_app.store.models import Customer
from desktop_app.store.order_models import SalesDocument, ShopifyOrder
from desktop_app.sync import orders as orders_job
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.orders import sync_orders
from desktop_app.sync.results import SyncResult

START = dt.datetime(2026, 5, 4, 9, 30, tzinfo=dt.UTC)
Hook = Callable[[dict[str, Any]], Awaitable[None]]


class ShopClock:
    """The demo shop's clock, moved by hand (`ShopBackend.clock`)."""

    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


class Recording(DemoShopTransport):
    """The in-process transport, recording each GraphQL operation's name and running hooks
    right before (`before`) or right after (`after`) the shop answers an operation."""

    def __init__(self, shop: DemoShop) -> None:
        super().__init__(shop)
        self.operations: list[tuple[str, dict[str, Any]]] = []
        self.before: dict[str, Hook] = {}
        self.after: dict[str, Hook] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(await request.aread() or b"{}")
        name, variables = body.get("operationName") or "?", body.get("variables") or {}
        self.operations.append((name, variables))
        if name in self.before:
            await self.before[name](variables)
        response = await super().handle_async_request(request)
        if name in self.after:
            await self.after[name](variables)
        return response


class Harness:
    """A generated demo shop, the local shop "D" and one sync per `run()`."""

    def __init__(self, orders: int = 40) -> None:
        self.clock = ShopClock(START)
        self.backend = ShopBackend.generate(seed=5, customers=60, orders=orders,
                                            clock=self.clock)
        self.shop = DemoShop(self.backend, plan="plus")
        self.transport = Recording(self.shop)
        self.requests = 0

    async def run(self) -> tuple[SyncResult, list[str]]:
        """One orders sync; its result and the operations it sent, in order."""
        before = len(self.transport.operations)
        client = ShopifyClient(ShopAddress.loopback(), StaticToken(_token),
                               transport=self.transport, sleep=_no_wait)
        result = SyncResult("orders")
        async with client:
            await sync_orders(JobContext("D", client, result, NullReporter(), 0))
            self.requests = int(client.stats.attempts)
        return result, [n for n, _ in self.transport.operations[before:]]

    def sent(self, name: str, last: int) -> list[dict[str, Any]]:
        """The variables of each `name` request among the last `last` requests."""
        return [v for n, v in self.transport.operations[-last:] if n == name] if last else []

    async def edit(self, gid: str, note: str) -> dt.datetime:
        """Someone else edits the order (orderUpdate of its note); its new updatedAt."""
        mutation = ("mutation E($input: OrderInput!) { orderUpdate(input: $input) "
                    "{ order { updatedAt } userErrors { message } } }")
        body = json.dumps({"query": mutation, "variables": {
            "input": {"id": gid, "note": note}}}).encode()
        response = await self.shop.handle(DemoRequest(
            "POST", f"/admin/api/{SHOPIFY_API_VERSION}/graphql.json",
            {"X-Shopify-Access-Token": "someone-else", "Content-Type": "application/json"},
            body))
        payload = response.json()["data"]["orderUpdate"]
        assert payload["userErrors"] == []
        return dt.datetime.fromisoformat(payload["order"]["updatedAt"].replace("Z", "+00:00"))

    def simple_imported_order(self) -> str:
        """An imported, processed order whose page carries it whole (no follow-up reads)."""
        for order in sorted(self.backend.state.orders.values(), key=lambda o: o.id):
            row = store.find_order("D", order.gid)
            if row is not None and row.processed and not order.refunds \
                    and len(order.line_items) <= orders_job.PAGE_LINES \
                    and len(order.shipping_lines) <= orders_job.PAGE_SHIPPING:
                return order.gid
        raise AssertionError("no simple imported order in the generated shop")

    async def steady(self) -> None:
        """Import, then the scheduled runs that see the write-backs from > 60 s later."""
        first, _ = await self.run()
        assert first.created > 0, first.errors
        self.clock.advance(minutes=15)
        await self.run()  # sees the write-back burst (light pages) from 15 minutes later
        self.clock.advance(minutes=15)

    def close(self) -> None:
        self.backend.close()


async def _token() -> str:
    return "integration-token"


async def _no_wait(_seconds: float) -> None:
    """The client's sleep (bulk polling): the shop's clock is moved by hand anyway."""
    await asyncio.sleep(0)


def imported_note(gid: str) -> str:
    return store.load_order_record("D", gid).note


@pytest.fixture
def harness(db):
    shops.create_shop("D", is_demo=True, settings={
        "customer_import": "none", "default_customer_no": "WEB", "auto_create_orders": True,
        "auto_create_items": True, "shipping_charges_account": "6100",
        "tip_account": "6200", "sold_gift_card_account": "2400",
    })
    Customer.create(no="WEB", name="Web shop")
    h = Harness()
    yield h
    h.close()


async def test_re_syncs_read_only_the_light_check_and_then_cost_one_request(
        harness, monkeypatch):
    monkeypatch.setattr(orders_job, "MAX_PAGE_SIZE", 10)  # the check pages, 10 a page
    first, _ = await harness.run()
    imported, docs = ShopifyOrder.select().count(), SalesDocument.select().count()
    assert first.created > 0 and imported > 10
    written = [r for r in ShopifyOrder.select() if r.doc_no_written]
    assert len(written) > 10  # every document no. written back: each order's updatedAt moved

    # (i) Right after: the write-backs are in the window; each is found unchanged by the
    # light check alone, page after page; nothing is read or imported.
    harness.clock.advance(seconds=5)
    again, operations = await harness.run()
    assert set(operations) == {"OrderChanges"} and len(operations) >= 2
    assert harness.requests == len(operations)
    assert (again.created, again.updated, again.failed) == (0, 0, 0)
    assert (ShopifyOrder.select().count(), SalesDocument.select().count()) == (imported, docs)

    # A scheduled run 15 minutes later still lists the burst once: the previous check ran
    # within OVERLAP of it, so changes next to it may not have been indexed then.
    harness.clock.advance(minutes=15)
    later, operations = await harness.run()
    assert set(operations) == {"OrderChanges"}
    assert (later.created, later.updated, later.failed) == (0, 0, 0)

    # (ii) From then on a no-change re-sync is exactly one request.
    for _ in range(2):
        harness.clock.advance(minutes=15)
        idle, operations = await harness.run()
        assert operations == ["OrderChanges"] and harness.requests == 1
        assert (idle.created, idle.updated, idle.failed, idle.skipped) == (0, 0, 0, 0)


async def test_an_order_edited_in_the_shop_is_imported_with_two_requests(harness):
    await harness.steady()
    await harness.run()
    gid = harness.simple_imported_order()
    harness.clock.advance(minutes=3)
    await harness.edit(gid, "Leave at the back door")
    harness.clock.advance(minutes=2)
    result, operations = await harness.run()
    # (iii) The check, then the changed order's own page (`id:N`), which carries it whole.
    assert operations == ["OrderChanges", "OrdersToImport"], operations
    assert harness.sent("OrdersToImport", 1)[0]["query"] == f"id:{gid.rsplit('/', 1)[1]}"
    assert result.updated == 1 and result.failed == 0
    assert imported_note(gid) == "Leave at the back door"
    harness.clock.advance(minutes=15)
    _, operations = await harness.run()  # the edit is in the window, and known now
    assert operations == ["OrderChanges"]


async def test_an_edit_between_our_import_and_our_write_back_is_imported_next_run(harness):
    edited: dict[str, str] = {}

    async def someone_edits_first(variables: dict[str, Any]) -> None:
        if not edited:  # the first order about to get its document no. written back
            edited[variables["id"]] = "changed during the sync"
            await harness.edit(variables["id"], edited[variables["id"]])

    harness.transport.before["OrderCustomAttributes"] = someone_edits_first
    await harness.run()
    [(gid, note)] = edited.items()
    assert imported_note(gid) != note  # read before the edit...
    assert store.get_order("D", gid).doc_no_written  # ... and our write-back came after it
    del harness.transport.before["OrderCustomAttributes"]
    harness.clock.advance(seconds=5)
    result, operations = await harness.run()
    assert operations[0] == "OrderChanges" and "OrdersToImport" in operations
    assert [v["query"] for v in harness.sent("OrdersToImport", len(operations))] == [
        f"id:{gid.rsplit('/', 1)[1]}"]
    assert imported_note(gid) == note
    assert result.failed == 0


@pytest.mark.parametrize("overlap_s", [60, 0])
async def test_an_edit_in_the_same_second_as_the_check_is_imported_next_run(
        harness, monkeypatch, overlap_s):
    await harness.steady()
    # Even without the overlap: the watermark is the Date header's second minus one.
    monkeypatch.setattr(orders_job, "OVERLAP", dt.timedelta(seconds=overlap_s))
    await harness.run()
    harness.clock.advance(minutes=15)
    harness.clock.now = harness.clock.now.replace(microsecond=200_000)
    gid = harness.simple_imported_order()

    async def edit_right_after_the_check(_variables: dict[str, Any]) -> None:
        harness.clock.advance(seconds=0.5)  # same second, after the check ran
        await harness.edit(gid, "same second")
        harness.transport.after.clear()

    harness.transport.after["OrderChanges"] = edit_right_after_the_check
    result, operations = await harness.run()
    assert operations == ["OrderChanges"]  # the check did not see it
    assert imported_note(gid) != "same second"
    harness.clock.advance(minutes=15)
    result, operations = await harness.run()
    assert operations == ["OrderChanges", "OrdersToImport"]
    assert imported_note(gid) == "same second" and result.updated == 1


async def _hidden_edit_then_two_runs(harness: Harness) -> tuple[str, list[str]]:
    """An edit the search index shows only 60 s later; a run 10 s after it, one 60 s later."""
    harness.backend.search_lag = dt.timedelta(seconds=60)
    await harness.steady()
    await harness.run()
    gid = harness.simple_imported_order()
    harness.clock.advance(minutes=5)
    await harness.edit(gid, "indexed late")
    harness.clock.advance(seconds=10)
    _, operations = await harness.run()
    assert operations == ["OrderChanges"]  # invisible to `updated_at` searches yet
    assert imported_note(gid) != "indexed late"
    harness.clock.advance(seconds=60)
    _, operations = await harness.run()
    return gid, operations


async def test_an_edit_hidden_from_search_for_a_minute_is_imported_by_a_later_run(harness):
    gid, operations = await _hidden_edit_then_two_runs(harness)
    assert operations == ["OrderChanges", "OrdersToImport"]
    assert imported_note(gid) == "indexed late"


async def test_the_simulated_index_lag_is_what_the_overlap_covers(harness, monkeypatch):
    # Control: without the overlap, the same edit would be missed for good.
    monkeypatch.setattr(orders_job, "OVERLAP", dt.timedelta(0))
    gid, operations = await _hidden_edit_then_two_runs(harness)
    assert operations == ["OrderChanges"]
    assert imported_note(gid) != "indexed late"
