"""The Shopify client against the demo shop: paging through faults, cost pacing, cost per customer.

Issue 2's "Done when" list, proven against a real `shop-sync demo-shop serve` process on a
loopback socket (real clock, real retries and sleeps) where it is affordable, and in-process
with one virtual clock shared by the shop's bucket and the client's pacing where real time
would make CI slow (the standard plan restores 100 points a second).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import os
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest
from demo_process import SHORT_WAITS

from desktop_app.demo_shop import DemoShop, DemoShopTransport, ShopBackend
from desktop_app.shopify import (
    ShopAddress,
    ShopifyClient,
    StaticToken,
    paginate,
    run_bulk_query,
)
from desktop_app.shopify.bulk import CHILDREN_KEY, PARENT_KEY
from desktop_app.shopify.pagination import MAX_PAGE_SIZE

log = logging.getLogger(__name__)

CANARY = "shpat_CANARY" + "7e3a9c04b1d25f68" * 2
MAX_ATTEMPTS = 6
CUSTOMER_GID = "gid://shopify/Customer/"


async def _canary_token() -> str:
    return CANARY


def _ok(entry: dict[str, Any]) -> bool:
    """A request-log line that answered with data (a slow answer is still an answer)."""
    return entry["status"] == 200 and not entry["throttled"] and entry["fault"] in (None, "slow")


async def _page_through(
    client: ShopifyClient, page_size: int | None = None
) -> tuple[list[str], int]:
    ids: list[str] = []
    pages = 0
    async for nodes in paginate(client, "CustomersPage", {}, ("customers",), page_size):
        pages += 1
        ids += [node["id"] for node in nodes]
    return ids, pages


# --- 1. paging and bulk through injected faults, over a socket ----------------------------


@pytest.mark.slow
async def test_pages_and_bulk_through_faults_over_a_socket(demo_server, monkeypatch) -> None:
    """10,000 customers at a 20 % fault rate: each id once, every failure retried in bound.

    The plus plan is used so that the run is bounded by faults and backoff, not by the
    bucket (at the standard plan's 100 points/s 20,000 points alone would take 3 minutes).
    The client's own jittered back-off is shortened (SHORT_WAITS); the shop's hints (a 429's
    Retry-After, a THROTTLED answer's restore time) and slow answers are waited in full.
    """
    for name, value in SHORT_WAITS.items():
        monkeypatch.setenv(name, value)
    served = demo_server(
        "--customers", "10000", "--fault-rate", "0.2", "--seed", "7", "--plan", "plus"
    )
    address = ShopAddress.parse(served.url)
    started = time.monotonic()
    async with ShopifyClient(
        address, StaticToken(_canary_token), max_attempts=MAX_ATTEMPTS
    ) as client:
        ids, pages = await _page_through(client)
        paged = time.monotonic() - started
        stats = dataclasses.replace(client.stats)  # a snapshot: the bulk run adds to it

        assert len(ids) == 10_000
        assert len(set(ids)) == 10_000, "a customer came twice"
        assert all(i.startswith(CUSTOMER_GID) for i in ids)
        assert pages == 40  # 250 a page: the cost allows Shopify's largest page
        assert stats.requests == pages
        assert stats.retries > 0, "no fault was met: the test proves nothing"
        assert stats.attempts == stats.requests + stats.retries
        assert stats.attempts <= pages * MAX_ATTEMPTS

        entries = served.request_entries()
        assert len(entries) == stats.attempts  # every attempt reached the shop, once
        faults = Counter(e["fault"] for e in entries if e["fault"])
        assert sum(faults.values()) >= 5, faults
        by_cursor: dict[Any, list[dict[str, Any]]] = defaultdict(list)
        for entry in entries:
            assert entry["operationName"] == "CustomersPage"
            by_cursor[(entry["variables"] or {}).get("after")].append(entry)
        assert len(by_cursor) == pages
        for cursor, tries in by_cursor.items():
            assert len(tries) <= MAX_ATTEMPTS, cursor
            assert [_ok(t) for t in tries].count(True) == 1, (cursor, tries)
            assert _ok(tries[-1]), "the page's last attempt must be the one that answered"

        bulk_started = time.monotonic()
        customers: dict[str, int] = {}
        addresses = 0
        async for record in run_bulk_query(client, "BulkCustomers", poll_interval=0.2):
            assert record["id"] not in customers
            children = record[CHILDREN_KEY]
            assert all(child[PARENT_KEY] == record["id"] for child in children)
            customers[record["id"]] = len(children)
            addresses += len(children)
        bulked = time.monotonic() - bulk_started

    assert set(customers) == set(ids)
    assert addresses > 8_000  # most generated customers have at least one address
    assert sum(1 for n in customers.values() if n == 0) > 0  # and some have none
    log_text = served.request_log.read_text("utf-8")
    assert CANARY not in log_text
    log.info(
        "10,000 customers through faults %s: paged in %.1f s (%s attempts, %.1f s backoff), "
        "bulk in %.1f s",
        dict(faults), paged, stats.attempts, stats.backoff_wait, bulked,
    )
    print(
        f"\nfaults {dict(faults)}; paging {paged:.1f} s, {stats.attempts} attempts for "
        f"{pages} pages, backoff {stats.backoff_wait:.1f} s; bulk {bulked:.1f} s"
    )


# --- 2. cost pacing at the standard plan ---------------------------------------------------


class VirtualClock:
    """One clock for the shop's bucket and the client's pacing; sleeping moves it forward."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        self.slept += max(0.0, seconds)
        await asyncio.sleep(0)


def _assert_paced(entries: list[dict[str, Any]], client: ShopifyClient, pages: int) -> None:
    """No THROTTLED answer after the first page, and the client waited for points instead."""
    assert entries, "the request log is empty"
    assert all(e["operationName"] == "CustomersPage" for e in entries)
    later = [e for e in entries[1:] if e["throttled"]]
    assert later == [], f"{len(later)} THROTTLED answers after the first page"
    assert all(e["variables"]["first"] == MAX_PAGE_SIZE for e in entries)
    assert len(entries) <= pages + 1  # at most the first page was repeated
    assert client.stats.throttle_wait > 0, "the bucket never ran low: nothing was paced"


async def test_standard_plan_pacing_with_a_virtual_clock(tmp_path: Path) -> None:
    """5,000 customers at full pages against the standard bucket (2,000 points, 100/s).

    The pages ask for 10,040 points: after the first four, every page must wait about 5 s
    for its 502 points. One virtual clock drives both sides, so this takes real seconds
    only for the work, and the result does not depend on the machine's speed.
    """
    clock = VirtualClock()
    backend = ShopBackend.generate(seed=3, customers=5000)
    request_log = tmp_path / "requests.jsonl"
    shop = DemoShop(backend, plan="standard", request_log=request_log, clock=clock,
                    sleep=clock.sleep)
    try:
        async with ShopifyClient(
            ShopAddress.loopback(), StaticToken(_canary_token),
            transport=DemoShopTransport(shop), clock=clock, sleep=clock.sleep,
        ) as client:
            ids, pages = await _page_through(client)
    finally:
        shop.close()
        backend.close()
    assert len(ids) == len(set(ids)) == 5000
    assert pages == 20
    entries = [json.loads(line) for line in request_log.read_text("utf-8").splitlines()]
    _assert_paced(entries, client, pages)
    requested = sum(e["requestedQueryCost"] for e in entries)
    # The wait is what the bucket demands, not more than a second or so beyond it.
    minimum = (requested - 2000) / 100
    assert minimum - 1 <= client.stats.throttle_wait <= minimum + 2, (
        client.stats.throttle_wait, minimum)


@pytest.mark.slow
async def test_standard_plan_pacing_over_a_socket(demo_server) -> None:
    """The same over a socket and the real clock, small enough for CI (about 5 s of waiting).

    Set SHOP_SYNC_PACING_CUSTOMERS=5000 to run it at issue 2's size (about 80 s).
    """
    count = int(os.environ.get("SHOP_SYNC_PACING_CUSTOMERS", "1200"))
    served = demo_server("--customers", str(count), "--seed", "11", "--plan", "standard")
    started = time.monotonic()
    async with ShopifyClient(ShopAddress.parse(served.url), StaticToken(_canary_token)) as client:
        ids, pages = await _page_through(client)
    elapsed = time.monotonic() - started
    assert len(ids) == len(set(ids)) == count
    entries = served.request_entries()
    _assert_paced(entries, client, pages)
    print(
        f"\n{count} customers, standard plan, real clock: {pages} pages in {elapsed:.1f} s, "
        f"paced {client.stats.throttle_wait:.1f} s, THROTTLED {client.stats.throttled}"
    )


# --- 5. the cost goal: at most about 2 points per customer, paginated ----------------------


async def test_paginated_import_costs_at_most_2_1_points_per_customer() -> None:
    """A deterministic count of points, not a timing: 500 customers with addresses."""
    backend = ShopBackend.generate(seed=5, customers=500)
    shop = DemoShop(backend, plan="standard")
    try:
        async with ShopifyClient(
            ShopAddress.loopback(), StaticToken(_canary_token), transport=DemoShopTransport(shop)
        ) as client:
            records: list[dict[str, Any]] = []
            async for nodes in paginate(client, "CustomersPage", {}, ("customers",)):
                records += nodes
    finally:
        shop.close()
        backend.close()
    assert len({r["id"] for r in records}) == len(records) == 500
    per_customer = client.stats.points_actual / 500
    assert client.stats.points_actual > 0
    assert per_customer <= 2.1, f"{per_customer:.2f} points per customer"
    # The page carries what the sync needs: the default address, when there is one.
    assert any(r["defaultAddress"] for r in records)
    assert any(r["defaultAddress"] is None for r in records)


# --- starting a bulk export through a lost answer -----------------------------------------


async def test_bulk_import_survives_a_5xx_on_its_start() -> None:
    backend = ShopBackend.generate(seed=5, customers=50)
    shop = DemoShop(backend)
    shop.faults.force("http_503")  # the demo shop fails before executing: nothing started
    try:
        async with ShopifyClient(
            ShopAddress.loopback(), StaticToken(_canary_token), transport=DemoShopTransport(shop)
        ) as client:
            records = [r async for r in run_bulk_query(client, "BulkCustomers", poll_interval=0.05)]
    finally:
        shop.close()
        backend.close()
    assert len(records) == 50


@pytest.mark.parametrize("fault", ["http_503", "drop_after_execute"])
async def test_bulk_start_with_a_lost_answer_runs_exactly_one_export(fault: str) -> None:
    """A 503 before the shop ran the mutation: started again; a connection dropped after it ran:
    the running export is found by its query text and adopted, never started twice."""
    backend = ShopBackend.generate(seed=5, customers=30)
    shop = DemoShop(backend)
    shop.faults.force(fault)
    try:
        async with ShopifyClient(
            ShopAddress.loopback(), StaticToken(_canary_token), transport=DemoShopTransport(shop)
        ) as client:
            records = [r async for r in run_bulk_query(client, "BulkCustomers", poll_interval=0.05)]
    finally:
        shop.close()
        backend.close()
    assert len(records) == 30
    assert len(backend.state.bulk_operations) == 1
    assert [op.status for op in backend.state.bulk_operations.values()] == ["COMPLETED"]

