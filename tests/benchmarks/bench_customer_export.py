"""Benchmark: the first export of N new local customers to Shopify, one by one and in bulk,
side by side in one run (issue 21).

Not a test (pytest ignores tests/benchmarks): it prints figures. For each way, a fresh demo
shop with no customers is served on 127.0.0.1 by a `shop-sync demo-shop serve` process (real HTTP, its cost model and leaky bucket on
the real clock, the `standard` plan by default: 2,000 points restoring 100 a second) and a
fresh local database holds N customers (e-mail, phone, an address each) with Export Customers
on; one customers sync sends them:
- `one by one`: `bulk_write_threshold` out of reach: per customer a search, customerCreate,
  customerAddressCreate and a CustomerById read-back (the way before issue 21);
- `bulk`: the default threshold (50): one bulk export of Shopify's e-mails and phones, one
  staged upload, one bulk customerCreate mutation per 10,000 customers.

Columns: customers created and linked, actual points (the demo shop's request log), points
per customer, requests, seconds, the longest stall of the event loop (a 10 ms timer's worst
lateness; the shop runs in a process of its own, so only the app's work counts; the
collector's full passes held back as the window's engine does while it syncs); then the ratios one by one / bulk. The one-by-one way is
skipped above `--one-by-one-max` customers (100,000 of them would take about eight hours):
its figures are then extrapolated from a run of that many, and marked so.

With `--updates`, the same for an update run instead: the N customers are first created
and linked (in bulk, not measured), then each is given a new e-mail locally, and the run that
sends those edits is measured: one by one a customerUpdate and a CustomerById read-back per
customer; in bulk one staged upload and one bulk customerUpdate mutation (no read-back).

Run: .venv/bin/python tests/benchmarks/bench_customer_export.py [customers=1000]
     [--plan standard] [--one-by-one-max 1000] [--updates]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
from collections.abc import Awaitable

from served_shop import served_process

from desktop_app.shopify.client import ShopifyClient
from desktop_app.shopify.operations import Operation
from desktop_app.store import customers, shops
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.customers import sync_customers
from desktop_app.sync.results import SyncResult

SHOP = "B"


def _local_customers(count: int) -> None:
    rows = []
    for i in range(count):
        rows.append({
            "no": f"C{i:06d}", "name": f"Shop {i}", "contact": f"Kim Lee{i}",
            "email": f"kim{i}@local.example",
            "phone": f"+1416{555 + i // 10000:03d}{i % 10000:04d}",
            "address": f"{i} Main St", "city": "Toronto", "post_code": "M5H 1A1",
            "county": "ON", "country": "CA",
        })
    for start in range(0, len(rows), 5000):
        customers.upsert_customers(rows[start:start + 5000])


async def _shop_count(client: ShopifyClient) -> int:
    data = await client.execute(Operation.from_text("query Count { customersCount(limit: null) { count } }"))
    return int(data["customersCount"]["count"])


async def _longest_stall(done: asyncio.Event) -> float:
    """The longest a 10 ms timer of the event loop came late until `done`, in seconds."""
    worst = 0.0
    while not done.is_set():
        asked = time.perf_counter()
        await asyncio.sleep(0.01)
        worst = max(worst, time.perf_counter() - asked - 0.01)
    return worst


async def timed(work: Awaitable[None]) -> tuple[float, float]:
    """Await `work` (a sync); its seconds and the event loop's longest stall meanwhile."""
    done = asyncio.Event()
    stall = asyncio.create_task(_longest_stall(done))
    # The window's engine holds the collector's full passes back while it syncs
    # (sync/collector.py); the stall measured is the one the window would see.
    thresholds = gc.get_threshold()
    gc.set_threshold(thresholds[0], thresholds[1], 1 << 30)
    started = time.time()
    try:
        await work
    finally:
        seconds = time.time() - started
        done.set()
        longest = await stall  # before the figures are read (that blocks the loop too)
        gc.set_threshold(*thresholds)
    return seconds, longest


def _edited(count: int) -> None:
    """A new e-mail for each local customer (a `customerUpdate` of one field each)."""
    rows = [{"no": f"C{i:06d}", "name": f"Shop {i}", "email": f"new{i}@local.example"}
            for i in range(count)]
    for start in range(0, len(rows), 5000):
        customers.upsert_customers(rows[start:start + 5000])


async def one_way(count: int, plan: str, threshold: int,
                  updates: bool = False) -> dict[str, float]:
    async with served_process(["--customers", "0", "--plan", plan],
                              "bench_customer_export_") as served:
        shops.create_shop(SHOP, settings={"customer_import": "none", "export_customers": True,
                                          "bulk_write_threshold": threshold})
        _local_customers(count)
        skip = (0.0, 0)
        if updates:  # created and linked in bulk first; only the update run is measured
            shops.update_shop_settings(SHOP, {"bulk_write_threshold": 50,
                                              "can_update_shopify_customers": True})
            first = SyncResult("customers")
            await sync_customers(JobContext(SHOP, served.client, first, NullReporter(), 0))
            assert first.created == count, first.errors[:3]
            shops.update_shop_settings(SHOP, {"bulk_write_threshold": threshold})
            _edited(count)
            skip = (served.points(), len(served.entries()))
        result = SyncResult("customers")
        seconds, longest = await timed(
            sync_customers(JobContext(SHOP, served.client, result, NullReporter(), 0)))
        figures = {"points": served.points() - skip[0],
                   "requests": len(served.entries()) - skip[1]}
        linked = sum(1 for c in customers.list_customers(limit=None) if c.shopify_id)
        return {
            "customers": count, "created": result.updated if updates else result.created,
            "linked": linked,
            "failed": result.failed, "in_shopify": await _shop_count(served.client),
            "seconds": seconds, "stall_ms": longest * 1000, **figures,
        }


def _scaled(figures: dict[str, float], factor: float) -> dict[str, float]:
    return {k: v * factor for k, v in figures.items()}


COLUMNS = (("created", "created", 8, 0), ("linked", "linked", 7, 0), ("failed", "failed", 6, 0),
           ("points", "points", 9, 0), ("pts/cust", "per_customer", 8, 2),
           ("requests", "requests", 8, 0), ("s", "seconds", 8, 1),
           ("stall ms", "stall_ms", 8, 0))


def _row(name: str, figures: dict[str, float]) -> str:
    figures = {**figures, "per_customer": figures["points"] / max(figures["customers"], 1)}
    return f"{name:14}" + "".join(f" {figures[key]:{width}.{digits}f}"
                                  for _, key, width, digits in COLUMNS)


async def main(count: int, plan: str, one_by_one_max: int, updates: bool = False) -> int:
    measured = min(count, one_by_one_max)
    one = await one_way(measured, plan, 1_000_000, updates)
    if measured < count:
        one = {**_scaled(one, count / measured), "stall_ms": one["stall_ms"]}
    bulk = await one_way(count, plan, 50, updates)
    title = (f"{count} linked customers with a new e-mail each, plan {plan}" if updates else
             f"{count} new local customers, an empty shop, plan {plan}")
    return compare(title, count, measured, one, bulk, "customers",
                   "updated" if updates else "created")


def compare(title: str, count: int, measured: int, one: dict[str, float],
            bulk: dict[str, float], noun: str, done: str = "created") -> int:
    """Print both ways side by side (`one` scaled when `measured` < `count`) and their ratios
    (also for bench_company_export); 0 when the bulk way wrote every one of the `count`
    `noun` exactly once."""
    lines = [f"{title}, served on 127.0.0.1",
             f"{'way':14}" + "".join(f" {title:>{width}}" for title, _, width, _ in COLUMNS
                                     ).replace(" created", f" {done}"),
             _row("one by one" + ("*" if measured < count else ""), one), _row("bulk", bulk)]
    if measured < count:
        lines.append(f"* measured with {measured} {noun}, scaled by {count / measured:g}")
    ratios = {key: one[key] / max(bulk[key], 1e-9) for key in ("points", "requests", "seconds")}
    lines.append("ratio one by one / bulk: " + ", ".join(
        f"{key} {value:.1f}x" for key, value in ratios.items()))
    print("\n".join(lines))
    every_once = bulk["created"] == bulk["linked"] == bulk["in_shopify"] == count
    if not every_once:
        print(f"BULK DID NOT WRITE EVERY ONE OF THE {noun.upper()} EXACTLY ONCE:", bulk)
    return 0 if every_once else 1


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("customers", nargs="?", type=int, default=1000)
    parser.add_argument("--plan", default="standard", choices=("standard", "advanced", "plus"))
    parser.add_argument("--one-by-one-max", type=int, default=1000,
                        help="above this many customers the one-by-one way is extrapolated")
    parser.add_argument("--updates", action="store_true",
                        help="measure a run updating linked customers instead of creating them")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = _arguments()
    sys.exit(asyncio.run(main(arguments.customers, arguments.plan, arguments.one_by_one_max,
                              arguments.updates)))
