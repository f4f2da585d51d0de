"""Benchmark: importing every customer from a shop, paginated and in bulk, against the demo shop.

Not a test (pytest ignores tests/benchmarks): it prints a table. The demo shop runs
in-process (DemoShopTransport, no socket) with the chosen plan's leaky bucket on the real
clock, so the paginated import is paced exactly as Shopify would pace it. For each way it
prints wall time, requests (HTTP attempts), API points (actual, as the shop charged them),
points per customer, the cost-bound minimum time (actual points / restore rate) and the ratio
of wall time to that minimum. A model row gives Business Central's connector for comparison:
one 200-id page, then one query per customer, about 12 points per customer (issue 2).

The minimum ignores the bucket's initial credit (2,000 points on the standard plan), so a
small import can finish in less than its "minimum"; the "-credit s" column, (points - bucket
size) / restore rate, is the true floor when the bucket starts full. Past a few bucket-fulls
the two agree.

Run: .venv/bin/python tests/benchmarks/bench_api_import.py [--customers 100000]
     [--plan standard] [--only paged|bulk] [--seed 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import platform
import resource
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from desktop_app.demo_shop import DemoShop, DemoShopTransport, ShopBackend
from desktop_app.demo_shop.cost import PLANS
from desktop_app.shopify import ShopAddress, ShopifyClient, StaticToken, paginate, run_bulk_query
from desktop_app.shopify.bulk import CHILDREN_KEY

log = logging.getLogger(__name__)

#: Business Central's Shopify connector, per customer (issue 2): its share of a 200-id page
#: plus one customer query of about 12 points.
BC_POINTS_PER_CUSTOMER = 12.0
BC_PAGE_SIZE = 200
BENCH_TOKEN = "bench-token-not-a-secret"


@dataclass
class Row:
    """One line of the table."""

    name: str
    customers: int
    addresses: int
    wall_s: float | None
    requests: int
    points: float
    restore_rate: float
    bucket: float
    throttle_wait_s: float = 0.0
    throttled_after_first: int = 0
    measured: bool = True

    @property
    def per_customer(self) -> float:
        return self.points / self.customers if self.customers else 0.0

    @property
    def minimum_s(self) -> float:
        return self.points / self.restore_rate

    @property
    def ratio(self) -> float | None:
        if self.wall_s is None or self.minimum_s <= 0:
            return None
        return self.wall_s / self.minimum_s

    @property
    def after_credit_s(self) -> float:
        """The minimum once the bucket's initial credit is spent: (points - bucket) / rate."""
        return max(0.0, self.points - self.bucket) / self.restore_rate


async def _token() -> str:
    return BENCH_TOKEN


def _client(shop: DemoShop) -> ShopifyClient:
    return ShopifyClient(
        ShopAddress.loopback(), StaticToken(_token), transport=DemoShopTransport(shop)
    )


def _throttled_after_first(request_log: Path) -> int:
    lines = [json.loads(line) for line in request_log.read_text("utf-8").splitlines()]
    return sum(1 for entry in lines[1:] if entry["throttled"])


async def paged_import(backend: ShopBackend, plan: str, folder: Path) -> Row:
    """Every customer through CustomersPage at the largest page the cost allows."""
    request_log = folder / "paged-requests.jsonl"
    shop = DemoShop(backend, plan=plan, request_log=request_log)
    customers = addresses = 0
    try:
        async with _client(shop) as client:
            started = time.monotonic()
            async for nodes in paginate(client, "CustomersPage", {}, ("customers",)):
                customers += len(nodes)
                addresses += sum(1 for node in nodes if node.get("defaultAddress"))
                log.debug("%s customers so far", customers)
            wall = time.monotonic() - started
            stats = client.stats
    finally:
        shop.close()
    return Row(
        "paginated (CustomersPage)", customers, addresses, wall, stats.attempts,
        stats.points_actual, shop.plan.restore_rate, shop.plan.maximum, stats.throttle_wait,
        _throttled_after_first(request_log),
    )


async def bulk_import(backend: ShopBackend, plan: str, folder: Path) -> Row:
    """Every customer and all its addresses through a bulk operation (BulkCustomers)."""
    request_log = folder / "bulk-requests.jsonl"
    shop = DemoShop(backend, plan=plan, request_log=request_log)
    customers = addresses = 0
    try:
        async with _client(shop) as client:
            started = time.monotonic()
            async for record in run_bulk_query(client, "BulkCustomers"):
                customers += 1
                addresses += len(record[CHILDREN_KEY])
            wall = time.monotonic() - started
            stats = client.stats
    finally:
        shop.close()
    return Row(
        "bulk (BulkCustomers)", customers, addresses, wall, stats.attempts + 1,  # + download
        stats.points_actual, shop.plan.restore_rate, shop.plan.maximum, stats.throttle_wait,
        _throttled_after_first(request_log),
    )


def bc_model(customers: int, restore_rate: float, bucket: float) -> Row:
    """Business Central's connector as issue 2 describes it (a model, not a measurement)."""
    requests = -(-customers // BC_PAGE_SIZE) + customers
    return Row(
        "Business Central (model)", customers, 0, None, requests,
        BC_POINTS_PER_CUSTOMER * customers, restore_rate, bucket, measured=False,
    )


def table(rows: list[Row]) -> str:
    head = (
        f"{'import':<28} {'customers':>9} {'addresses':>9} {'wall s':>9} {'requests':>8} "
        f"{'points':>9} {'pts/cust':>8} {'min s':>9} {'wall/min':>8} {'-credit s':>9} "
        f"{'paced s':>8} "
        f"{'THROTTLED':>9}"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        wall = f"{r.wall_s:9.1f}" if r.wall_s is not None else f"{'-':>9}"
        ratio = f"{r.ratio:8.2f}" if r.ratio is not None else f"{'-':>8}"
        paced = f"{r.throttle_wait_s:8.1f}" if r.measured else f"{'-':>8}"
        throttled = f"{r.throttled_after_first:9d}" if r.measured else f"{'-':>9}"
        addresses = f"{r.addresses:9d}" if r.measured else f"{'-':>9}"
        lines.append(
            f"{r.name:<28} {r.customers:9d} {addresses} {wall} {r.requests:8d} "
            f"{r.points:9.0f} {r.per_customer:8.3f} {r.minimum_s:9.1f} {ratio} "
            f"{r.after_credit_s:9.1f} {paced} "
            f"{throttled}"
        )
    return "\n".join(lines)


def machine() -> str:
    """nproc, CPU model and Python version, for the README."""
    import os

    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--plan", choices=sorted(PLANS), default="standard")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=("paged", "bulk"), default=None)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")

    print(f"machine: {machine()}")
    started = time.monotonic()
    backend = ShopBackend.generate(seed=args.seed, customers=args.customers)
    print(f"generated {args.customers} customers (seed {args.seed}) in "
          f"{time.monotonic() - started:.1f} s; plan {args.plan}: bucket "
          f"{PLANS[args.plan].maximum:.0f} points, {PLANS[args.plan].restore_rate:.0f}/s")
    rows: list[Row] = []
    try:
        with tempfile.TemporaryDirectory(prefix="bench_api_") as tmp:
            folder = Path(tmp)
            if args.only in (None, "bulk"):
                rows.append(await bulk_import(backend, args.plan, folder))
                print(table(rows[-1:]).splitlines()[-1], flush=True)
            if args.only in (None, "paged"):
                rows.append(await paged_import(backend, args.plan, folder))
                print(table(rows[-1:]).splitlines()[-1], flush=True)
    finally:
        backend.close()
    plan = PLANS[args.plan]
    rows.append(bc_model(args.customers, plan.restore_rate, plan.maximum))
    print()
    print(table(rows))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory (max RSS) {peak_mb:.0f} MB; total {time.monotonic() - started:.0f} s")
    goal_ok = True
    for row in rows:
        if row.name.startswith("paginated") and row.per_customer > 2.0 + 0.01:
            print(f"GOAL MISSED: {row.per_customer:.3f} points per customer paginated (goal 2)")
            goal_ok = False
        if row.measured and row.customers != args.customers:
            print(f"WRONG COUNT: {row.name} saw {row.customers} of {args.customers} customers")
            goal_ok = False
    return 0 if goal_ok else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
