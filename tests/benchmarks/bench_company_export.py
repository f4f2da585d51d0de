"""Benchmark: the first export of N new local organisations to Shopify as companies, one by
one and in bulk, side by side in one run (issue 21).

Not a test (pytest ignores tests/benchmarks): it prints figures. For each way, a fresh demo
shop with no companies is served on 127.0.0.1 by a `shop-sync demo-shop serve` process (real
HTTP, its cost model and leaky bucket on the real clock, the `standard` plan by default) and a
fresh local database holds N organisations (a contact with an e-mail and an address each) with
Export Customers on; one companies sync sends them:
- `one by one`: `bulk_write_threshold` out of reach: per organisation a CompanySearch by
  external id, companyCreate (contact and location inside) and a CompanyById read-back;
- `bulk`: the default threshold (50): one bulk export of Shopify's company external ids, one
  staged upload, one bulk companyCreate mutation per 5,000 organisations, no read-back.

Columns as bench_customer_export (points per company in `pts/cust`). The one-by-one way is
skipped above `--one-by-one-max` organisations: its figures are then extrapolated, and marked.

Run: .venv/bin/python tests/benchmarks/bench_company_export.py [organisations=1000]
     [--plan standard] [--one-by-one-max 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from bench_customer_export import _scaled, compare, timed
from served_shop import served_process

from desktop_app.shopify.client import ShopifyClient
from desktop_app.shopify.operations import Operation
from desktop_app.store import companies, customers, shops
from desktop_app.sync.companies import sync_companies
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.results import SyncResult

SHOP = "B"
COMPANIES = Operation.from_text(
    "query Ids($after: String) { companies(first: 250, after: $after) "
    "{ nodes { id } pageInfo { hasNextPage endCursor } } }")


def _local_organisations(count: int) -> None:
    rows = [{"no": f"O{i:06d}", "name": f"Firm {i}", "contact": f"Ann Lee{i}",
             "email": f"buyer{i}@org.example", "address": f"{i} Bank St", "city": "Ottawa",
             "post_code": "K1P 1J1", "county": "ON", "country": "CA",
             "category": "organisation"} for i in range(count)]
    for start in range(0, len(rows), 5000):
        customers.upsert_customers(rows[start:start + 5000])


async def _shop_count(client: ShopifyClient) -> int:
    """How many companies Shopify holds (its demo has no companiesCount)."""
    count, after = 0, None
    while True:
        page = (await client.execute(COMPANIES, {"after": after}))["companies"]
        count += len(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            return count
        after = page["pageInfo"]["endCursor"]


async def one_way(count: int, plan: str, threshold: int) -> dict[str, float]:
    async with served_process(["--customers", "0", "--plan", plan],
                              "bench_company_export_") as served:
        shops.create_shop(SHOP, settings={"customer_import": "none", "company_import": "none",
                                          "export_customers": True,
                                          "bulk_write_threshold": threshold})
        _local_organisations(count)
        result = SyncResult("companies")
        seconds, longest = await timed(
            sync_companies(JobContext(SHOP, served.client, result, NullReporter(), 0)))
        # The sync's own cost, before the count below reads the shop.
        figures = {"points": served.points(), "requests": len(served.entries())}
        linked = sum(1 for i in range(count)
                     if companies.company_of_customer(SHOP, f"O{i:06d}"))
        return {
            "customers": count, "created": result.created, "linked": linked,
            "failed": result.failed, "in_shopify": await _shop_count(served.client),
            "seconds": seconds, "stall_ms": longest * 1000, **figures,
        }


async def main(count: int, plan: str, one_by_one_max: int) -> int:
    measured = min(count, one_by_one_max)
    one = await one_way(measured, plan, 1_000_000)
    if measured < count:
        one = {**_scaled(one, count / measured), "stall_ms": one["stall_ms"]}
    bulk = await one_way(count, plan, 50)
    return compare(f"{count} new local organisations, an empty shop, plan {plan}", count,
                   measured, one, bulk, "organisations")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("organisations", nargs="?", type=int, default=1000)
    parser.add_argument("--plan", default="standard", choices=("standard", "advanced", "plus"))
    parser.add_argument("--one-by-one-max", type=int, default=1000,
                        help="above this many organisations the one-by-one way is extrapolated")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = _arguments()
    sys.exit(asyncio.run(main(arguments.organisations, arguments.plan,
                              arguments.one_by_one_max)))
