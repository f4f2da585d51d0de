"""Benchmark: the document nos. written back after a first orders import, one by one and in
bulk, side by side (issue 21).

Not a test (pytest ignores tests/benchmarks): it prints figures. For each way, a fresh demo
shop generated from the same seed is served on 127.0.0.1 (real HTTP, its cost model and leaky
bucket on the real clock, the `standard` plan by default: 2,000 points restoring 100 a
second) and a fresh local database makes its first orders sync with Auto Create on and the
write-back on:
- `one by one`: `bulk_write_threshold` out of reach: OrderCustomAttributes + orderUpdate per
  order (the way before issue 21);
- `bulk`: the default threshold: one bulk export of the orders' attributes, one staged
  upload, one bulk mutation.

Figures for the whole sync and for its write-back alone (the requests from the first one the
write-back sends: it is the run's last step): actual points (the demo shop's request log),
requests, seconds; points per imported order; the requests and points of each operation; and
the ratio of the one-by-one way to bulk.

Run: .venv/bin/python tests/benchmarks/bench_write_back.py [orders=1000] [--plan standard]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench_orders import create_local_shop

from desktop_app.demo_shop import DemoShop, ShopBackend
from desktop_app.demo_shop.server import serve, stop
from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import StaticToken
from desktop_app.shopify.client import ShopifyClient
from desktop_app.store.database import close_database, open_database
from desktop_app.store.order_models import ShopifyOrder
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.orders import sync_orders
from desktop_app.sync.results import SyncResult

WRITE_BACK_STARTS = ("OrderCustomAttributes",)


async def _token() -> str:
    return "bench-token"


def _stamp(entry: dict[str, Any]) -> float:
    return dt.datetime.fromisoformat(entry["ts"].replace("Z", "+00:00")).timestamp()


def _is_write_back(entry: dict[str, Any]) -> bool:
    name = entry.get("operationName") or ""
    variables = entry.get("variables") or {}
    return name in WRITE_BACK_STARTS or (
        name == "BulkOperationRunQuery" and "BulkOrderAttributes" in str(variables.get("query")))


async def one_way(count: int, plan: str, threshold: int, seed: int,
                  by_operation: dict[str, tuple[int, float]]) -> dict[str, float]:
    backend = ShopBackend.generate(seed=seed, customers=max(50, count // 20), orders=count)
    folder = Path(tempfile.mkdtemp(prefix="bench_write_back_"))
    request_log = folder / "requests.jsonl"
    shop = DemoShop(backend, plan=plan, request_log=request_log)
    server, port = await serve(shop, "127.0.0.1", 0)
    open_database(folder / "db.sqlite3")
    try:
        create_local_shop("B", bulk_write_threshold=threshold)
        client = ShopifyClient(ShopAddress.parse(f"http://127.0.0.1:{port}"),
                               StaticToken(_token))
        result = SyncResult("orders")
        started = time.time()
        async with client:
            await sync_orders(JobContext("B", client, result, NullReporter(), 0))
        ended = time.time()
        entries = [json.loads(x) for x in request_log.read_text("utf-8").splitlines()]
        first = next((i for i, e in enumerate(entries) if _is_write_back(e)), len(entries))
        tail = entries[first:]
        written = sum(1 for r in ShopifyOrder.select() if r.doc_no_written)
        for e in entries:  # where the points go, by operation (issue 21)
            name = e.get("operationName") or "?"
            by_operation[name] = (by_operation.get(name, (0, 0.0))[0] + 1,
                                  by_operation.get(name, (0, 0.0))[1]
                                  + float(e.get("actualQueryCost") or 0))
        return {
            "orders": ShopifyOrder.select().count(), "written": written,
            "failed": result.failed,
            "points": sum(float(e.get("actualQueryCost") or 0) for e in entries),
            "requests": len(entries), "seconds": ended - started,
            "wb_points": sum(float(e.get("actualQueryCost") or 0) for e in tail),
            "wb_requests": len(tail),
            "wb_seconds": ended - _stamp(tail[0]) if tail else 0.0,
        }
    finally:
        close_database()
        await stop(server)
        shop.close()
        backend.close()


async def main(count: int, plan: str, seed: int) -> int:
    operations: dict[str, dict[str, tuple[int, float]]] = {"one by one": {}, "bulk": {}}
    ways = {"one by one": await one_way(count, plan, 10**6, seed, operations["one by one"]),
            "bulk": await one_way(count, plan, 50, seed, operations["bulk"])}
    print(f"{count} generated orders (seed {seed}), plan {plan}, served on 127.0.0.1")
    header = (f"{'way':12} {'imported':>8} {'written':>7} {'points':>8} {'pts/order':>9} "
              f"{'requests':>8} {'s':>7} | {'write-back points':>17} {'requests':>8} {'s':>7}")
    print(header)
    for name, f in ways.items():
        print(f"{name:12} {f['orders']:8.0f} {f['written']:7.0f} {f['points']:8.0f} "
              f"{f['points'] / max(f['orders'], 1):9.2f} {f['requests']:8.0f} "
              f"{f['seconds']:7.1f} | {f['wb_points']:17.0f} {f['wb_requests']:8.0f} "
              f"{f['wb_seconds']:7.1f}")
    for name, f in ways.items():
        print(f"{name}, by operation (requests, points):")
        for operation, (requests, points) in sorted(operations[name].items(),
                                                    key=lambda kv: -kv[1][1]):
            print(f"  {operation:32} {requests:6d} {points:8.0f}")
    one, bulk = ways["one by one"], ways["bulk"]
    print(f"ratio one by one / bulk: whole sync points {one['points'] / max(bulk['points'], 1):.1f}"
          f"x, seconds {one['seconds'] / max(bulk['seconds'], 1e-9):.1f}x; write-back points "
          f"{one['wb_points'] / max(bulk['wb_points'], 1):.1f}x, requests "
          f"{one['wb_requests'] / max(bulk['wb_requests'], 1):.1f}x, seconds "
          f"{one['wb_seconds'] / max(bulk['wb_seconds'], 1e-9):.1f}x")
    if one["written"] != bulk["written"]:
        print("DIFFERENT END STATES: written", one["written"], "vs", bulk["written"])
        return 1
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("orders", nargs="?", type=int, default=1000)
    parser.add_argument("--plan", default="standard", choices=("standard", "advanced", "plus"))
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    sys.exit(asyncio.run(main(args.orders, args.plan, args.seed)))
