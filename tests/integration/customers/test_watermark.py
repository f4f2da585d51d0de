"""Issue 21: the customers' watermark is Shopify's time at the start of the read, as the
orders' is (`sync.watermarks`), not the newest `updatedAt` seen.

The real `SyncService` against an in-process demo shop and a real SQLite store (the
`harness`); Shopify's side is changed only with the demo shop's own `customerUpdate`, and its
clock (the `Date` of every answer, the `updatedAt` of every edit) is moved as a scheduled run
some minutes later would find it (`ShopBackend.advance_clock`).

The command line too: `shop-sync --json sync customers` (in-process) against `shop-sync
demo-shop serve` (a real process on loopback, its own clock and `Date` headers), a shop whose
customers were all edited in one burst ten minutes before the first sync.

Controls, each checked by hand on the code before issue 21 or on a wrong variant:
- the burst: with the newest `updatedAt` as the watermark, the run after the one that read
  the burst reads all of it again (2 pages, `skipped` 260) and so does every later run; on
  the command line the second sync reads the 300 customers again (2 requests);
- the edit between pages: with the watermark taken from the read's LAST answer instead of
  its first, the next window starts after the edit and the next run does not list it
  (`skipped` 0);
- the edit during the first run's bulk export: without `ReadStart`'s correction by this
  machine's clock (the bulk read is dated at its first record, after the polls), the
  watermark is two minutes after the edit and the next run does not list it.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

import httpx
from json_cli import JsonCli

from desktop_app.demo_shop import ShopBackend
from desktop_app.store import customers, runs, shopify_customers

BURST = 260  # more than one page (250)
LATER = dt.timedelta(minutes=5)


async def _shop_with_a_synced_burst(h) -> list[str]:
    """BURST Shopify customers, imported; ten minutes later all edited in one burst."""
    h.settings(auto_create_customers=True, customer_template="WEB",
               shopify_can_update_customers=True)
    gids = [await h.shopify_customer(email=f"c{i}@example.com", firstName=f"C{i}")
            for i in range(BURST)]
    first = await h.sync()
    assert first.created == BURST and first.failed == 0, first.errors
    h.backend.advance_clock(dt.timedelta(minutes=10))
    for i, gid in enumerate(gids):
        await h.shopify_update(gid, lastName=f"Burst{i}")
    return gids


def _pages(h) -> int:
    return h.transport.count()["CustomersPage"]


async def test_a_burst_of_edits_is_read_once_then_no_more(harness):
    h = harness
    gids = await _shop_with_a_synced_burst(h)
    h.backend.advance_clock(LATER)

    reading = await h.sync()

    assert reading.updated == BURST and reading.failed == 0, reading.errors
    assert _pages(h) == 2
    checked = runs.get_sync_state(h.code, "customers").watermark

    for _ in range(2):  # the next scheduled runs: nothing changed, nothing listed
        h.backend.advance_clock(LATER)
        idle = await h.sync()
        assert (idle.created, idle.updated, idle.skipped, idle.failed) == (0, 0, 0, 0)
        assert idle.requests == 1 and list(h.transport.count().items()) == [("CustomersPage", 1)]
    # "Read through" the start of the reading run: after every edit of the burst.
    assert checked is not None and checked > max(
        shopify_customers.get_shopify_customer(h.code, g).updated_at for g in gids)
    assert customers.get_customer(
        shopify_customers.get_shopify_customer(h.code, gids[7]).customer_no).name == "C7 Burst7"


async def test_an_edit_made_while_a_run_reads_is_listed_by_the_next_run(harness):
    h = harness
    gids = await _shop_with_a_synced_burst(h)
    h.backend.advance_clock(LATER)
    edited = gids[0]  # on the first page: the oldest of the burst
    forward = h.transport.handle_async_request
    edits: list[str] = []

    async def edit_between_pages(request: httpx.Request) -> httpx.Response:
        body: dict[str, Any] = json.loads(await request.aread() or b"{}")
        if (body.get("operationName") == "CustomersPage"
                and (body.get("variables") or {}).get("after") and not edits):
            edits.append(edited)
            await h.shopify_update(edited, firstName="Edited")
            h.backend.advance_clock(dt.timedelta(minutes=2))  # a long read
        return await forward(request)

    h.transport.handle_async_request = edit_between_pages  # type: ignore[method-assign]
    reading = await h.sync()
    del h.transport.handle_async_request
    assert edits == [edited] and _pages(h) == 2 and reading.failed == 0, reading.errors

    h.backend.advance_clock(LATER)
    after = await h.sync()

    # The edit is after the start of the read: in the next window, whatever the read saw.
    assert _pages(h) == 1 and after.failed == 0, after.errors
    assert after.updated + after.skipped == 1
    local = customers.get_customer(shopify_customers.get_shopify_customer(h.code, edited)
                                   .customer_no)
    assert local.name == "Edited Burst0"
    h.backend.advance_clock(LATER)
    idle = await h.sync()
    assert (idle.updated, idle.skipped, idle.requests) == (0, 0, 1)


async def test_an_edit_made_while_the_first_bulk_export_runs_is_listed_by_the_next_run(
        harness):
    h = harness
    h.settings(auto_create_customers=True, customer_template="WEB",
               shopify_can_update_customers=True)
    gids = [await h.shopify_customer(email=f"c{i}@example.com", firstName=f"C{i}")
            for i in range(3)]
    h.backend.advance_clock(dt.timedelta(minutes=10))  # made well before the first run
    client = await h.service.client_for(h.code)
    offset = [0.0]
    client.clock = lambda: time.monotonic() + offset[0]
    forward = h.transport.handle_async_request
    edits: list[str] = []

    async def edit_while_exporting(request: httpx.Request) -> httpx.Response:
        body: dict[str, Any] = json.loads(await request.aread() or b"{}")
        if body.get("operationName") == "BulkOperationStatus" and not edits:
            edits.append(gids[1])
            await h.shopify_update(gids[1], firstName="Edited")
            # A long export: two minutes pass, by Shopify's clock and by this machine's.
            h.backend.advance_clock(dt.timedelta(minutes=2))
            offset[0] += 120.0
        return await forward(request)

    h.transport.handle_async_request = edit_while_exporting  # type: ignore[method-assign]
    first = await h.sync()
    del h.transport.handle_async_request
    assert edits == [gids[1]] and first.created == 3 and first.failed == 0, first.errors
    assert h.transport.count()["BulkOperationRunQuery"] == 1

    h.backend.advance_clock(LATER)
    offset[0] += LATER.total_seconds()
    after = await h.sync()

    assert _pages(h) == 1 and after.failed == 0, after.errors
    assert after.updated + after.skipped == 1
    assert customers.get_customer(shopify_customers.get_shopify_customer(h.code, gids[1])
                                  .customer_no).name == "Edited"


def test_the_command_line_lists_a_burst_once(capsys, monkeypatch, tmp_path, memory_keyring,
                                             demo_server):
    backend = ShopBackend.generate(seed=3, customers=300)
    burst = dt.datetime.now(dt.UTC).replace(microsecond=0) - dt.timedelta(minutes=10)
    for k, customer in enumerate(backend.state.customers.values()):
        customer.updated_at = burst + dt.timedelta(seconds=k // 100)  # 3 s, 100 a second
    state = tmp_path / "burst.json"
    state.write_text(json.dumps(backend.to_json()), "utf-8")
    backend.close()
    shop = demo_server("--state", str(state))
    s = JsonCli(capsys, monkeypatch, tmp_path / "data", shop.url)
    s.ok("shop", "add", "W", "--api-url", shop.url)
    code, _, err = s.run("token", "set", "W", stdin="shpat_test\n")
    assert code == 0, err
    s.ok("shop", "set", "W", "customer_import=all")

    first = s.ok("sync", "customers")
    again = s.ok("sync", "customers")

    assert first["skipped"] + first["created"] + first["updated"] + first["failed"] == 300
    assert (again["requests"], again["skipped"], again["updated"], again["failed"]) == (
        1, 0, 0, 0), again
    assert again["api_cost"] <= 2, again
