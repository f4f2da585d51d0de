"""Benchmark: orders from a generated demo shop into local sales documents.

Not a test (pytest ignores tests/benchmarks): it prints figures. The demo shop runs in
process (its real HTTP surface, cost model and leaky bucket), the app syncs orders with Auto
Create on and the document no. written back.

Figures: API points per order (actual cost charged, staging + import + write-back; Business
Central's connector spends over 100), requests per order, wall time, the time the client
waited for the cost bucket, peak Python memory (tracemalloc), documents made, and the points
and requests of each GraphQL operation (from the demo shop's request log).

Paths (`--path`):
- `first`: a fresh shop's first sync (the bulk export of the open orders, when the job has one);
- `pages`: every order of the shop read by the OrdersToImport pages (a watermark before the
  oldest order, and the bulk threshold out of reach), i.e. the incremental path, per order.

Run: .venv/bin/python tests/benchmarks/bench_orders.py [orders=20000] [--plan plus]
     [--path first|pages]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import statistics
import tempfile
import time
import tracemalloc
from collections import defaultdict
from pathlib import Path

from desktop_app.demo_shop import DemoShop, DemoShopTransport, ShopBackend
from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import StaticToken
from desktop_app.shopify.client import ShopifyClient
from desktop_app.store import runs, shops
from desktop_app.store.database import close_database, open_database
from desktop_app.store.models import Customer
from desktop_app.store.order_models import SalesDocument, ShopifyOrder, ShopifyOrderLine
from desktop_app.sync import orders as orders_job
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.orders import sync_orders
from desktop_app.sync.results import SyncResult


async def _token() -> str:
    return "bench-token"


def _by_operation(log_file: Path) -> dict[str, list[float]]:
    """Requests and actual points of each operation in the demo shop's request log."""
    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for line in log_file.read_text("utf-8").splitlines():
        entry = json.loads(line)
        name = entry.get("operationName") or "?"
        totals[name][0] += 1
        totals[name][1] += float(entry.get("actualQueryCost") or 0)
    return dict(totals)


def create_local_shop(code: str, **settings: object) -> None:
    """The local shop card the orders benchmarks sync into: documents made automatically,
    no customers imported (every order goes to the default customer WEB), plus `settings`."""
    shops.create_shop(code, is_demo=True, settings={
        "customer_import": "none", "default_customer_no": "WEB",
        "auto_create_orders": True, "auto_create_items": True,
        "shipping_charges_account": "6100", "tip_account": "6200",
        "sold_gift_card_account": "2400", **settings,
    })
    Customer.create(no="WEB", name="Web shop")


async def main(count: int, plan: str, path: str) -> None:
    t_gen = time.perf_counter()
    backend = ShopBackend.generate(seed=20, customers=max(50, count // 20), orders=count)
    gen_seconds = time.perf_counter() - t_gen
    folder = Path(tempfile.mkdtemp(prefix="bench_orders_"))
    request_log = folder / "requests.jsonl"
    shop = DemoShop(backend, plan=plan, request_log=request_log)
    open_database(folder / "db.sqlite3")
    try:
        create_local_shop("B")
        if path == "pages":
            runs.set_sync_state("B", "orders",
                                   watermark=dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc))
            if hasattr(orders_job, "BULK_THRESHOLD"):
                orders_job.BULK_THRESHOLD = 10**9
        client = ShopifyClient(ShopAddress.loopback(), StaticToken(_token),
                               transport=DemoShopTransport(shop))
        result = SyncResult("orders")
        tracemalloc.start()
        started = time.perf_counter()
        async with client:
            await sync_orders(JobContext("B", client, result, NullReporter(), 0))
        wall = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        stats = client.stats.as_dict()
        orders = ShopifyOrder.select().count()
        lines = ShopifyOrderLine.select().count()
        docs = SalesDocument.select().count()
        per_doc = [d.lines.count() for d in SalesDocument.select().limit(2000)]
        throttle = stats.get("throttle_wait", 0.0)
        print(f"path {path}, plan {plan}; generated shop: {count} orders in {gen_seconds:.1f} s")
        print(f"imported orders: {orders}, order lines: {lines} "
              f"({lines / max(orders, 1):.2f} per order); documents: {docs} "
              f"(median {statistics.median(per_doc) if per_doc else 0} lines); "
              f"failed: {result.failed}")
        print(f"API points: {stats['points_actual']:.0f} actual = "
              f"{stats['points_actual'] / max(orders, 1):.1f} per imported order; "
              f"requests {stats['attempts']:.0f} = {stats['attempts'] / max(orders, 1):.2f} "
              "per order")
        print(f"time: {wall:.1f} s wall, {throttle:.1f} s waiting for the bucket, "
              f"{wall - throttle:.1f} s local+server "
              f"({(wall - throttle) / max(orders, 1) * 1000:.1f} ms per order)")
        print(f"peak Python memory (tracemalloc): {peak / 2**20:.1f} MiB")
        print("by operation (requests, actual points):")
        for name, (requests, points) in sorted(_by_operation(request_log).items(),
                                               key=lambda kv: -kv[1][1]):
            print(f"  {name:28} {requests:6.0f} {points:9.0f}")
        if result.errors:
            kinds: dict[str, int] = {}
            for e in result.errors:
                key = e.message.split(":")[0][:60]
                kinds[key] = kinds.get(key, 0) + 1
            print("errors by kind:", kinds)
    finally:
        close_database()
        backend.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("orders", nargs="?", type=int, default=20000)
    parser.add_argument("--plan", default="plus", choices=("standard", "advanced", "plus"))
    parser.add_argument("--path", default="first", choices=("first", "pages"))
    args = parser.parse_args()
    asyncio.run(main(args.orders, args.plan, args.path))
