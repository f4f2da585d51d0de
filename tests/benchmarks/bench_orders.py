"""Benchmark: orders from a generated demo shop into local sales documents.

Not a test (pytest ignores tests/benchmarks): it prints figures. The demo shop runs in
process (its real HTTP surface, cost model and leaky bucket, on the Plus plan so pacing does
not dominate), the app syncs orders with Auto Create on and the document no. written back.

Figures: API points per order (actual cost charged, staging + import + write-back; Business
Central's connector spends over 100), requests per order, local seconds (wall time minus the
time the client waited for the bucket), peak Python memory (tracemalloc), documents made.

Run: .venv/bin/python tests/benchmarks/bench_orders.py [orders=20000]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from desktop_app.demo_shop import DemoShop, DemoShopTransport, ShopBackend
from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import StaticToken
from desktop_app.shopify.client import ShopifyClient
from desktop_app.store import queries
from desktop_app.store.database import close_database, open_database
from desktop_app.store.models import Customer
from desktop_app.store.order_models import SalesDocument, SalesLine, ShopifyOrderLine
from desktop_app.sync.orders import sync_orders
from desktop_app.sync.results import SyncResult
from desktop_app.sync.service import JobContext, NullReporter


async def _token() -> str:
    return "bench-token"


async def main(count: int) -> None:
    t_gen = time.perf_counter()
    backend = ShopBackend.generate(seed=20, customers=max(50, count // 20), orders=count)
    gen_seconds = time.perf_counter() - t_gen
    shop = DemoShop(backend, plan="plus")
    folder = Path(tempfile.mkdtemp(prefix="bench_orders_"))
    open_database(folder / "db.sqlite3")
    try:
        queries.create_shop("B", is_demo=True, settings={
            "customer_import": "none", "default_customer_no": "WEB",
            "auto_create_orders": True, "auto_create_items": True,
            "shipping_charges_account": "6100", "tip_account": "6200",
            "sold_gift_card_account": "2400",
        })
        Customer.create(no="WEB", name="Web shop")
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
        orders = ShopifyOrderLine.select(ShopifyOrderLine.order).distinct().count()
        lines = ShopifyOrderLine.select().count()
        docs = SalesDocument.select().count()
        per_doc = [d.lines.count() for d in SalesDocument.select().limit(2000)]
        throttle = stats.get("throttle_wait", 0.0)
        print(f"generated shop: {count} orders in {gen_seconds:.1f} s")
        print(f"imported orders: {orders}, order lines: {lines} "
              f"({lines / max(orders, 1):.2f} per order); documents: {docs} "
              f"(median {statistics.median(per_doc) if per_doc else 0} lines); "
              f"failed: {result.failed}")
        print(f"API points: {stats['points_actual']:.0f} actual = "
              f"{stats['points_actual'] / max(orders, 1):.1f} per imported order; "
              f"requests {stats['attempts']:.0f} = {stats['attempts'] / max(orders, 1):.2f} "
              "per order")
        print(f"time: {wall:.1f} s wall, {throttle:.1f} s waiting for the bucket, "
              f"{wall - throttle:.1f} s local+server ({(wall - throttle) / max(orders, 1) * 1000:.1f} "
              "ms per order)")
        print(f"peak Python memory (tracemalloc): {peak / 2**20:.1f} MiB")
        if result.errors:
            kinds: dict[str, int] = {}
            for e in result.errors:
                key = e.message.split(":")[0][:60]
                kinds[key] = kinds.get(key, 0) + 1
            print("errors by kind:", kinds)
        _ = SalesLine  # the lines are counted through the documents above
    finally:
        close_database()
        backend.close()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 20000))
