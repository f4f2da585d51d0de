"""Benchmark: a burst of customer edits, then no-change runs, with the customers' watermark
taken the way before issue 21 and the way after it, side by side.

Not a test (pytest ignores tests/benchmarks): it prints figures. For each way, a fresh demo
shop generated from the same seed (in-process, the `standard` plan, its leaky bucket on the
real clock) and a fresh database (`run_all.Bench`, the real `SyncService`):

1. the first customers sync (bulk import of every customer);
2. ten shop-minutes later, N customers edited in one burst (`customerUpdate`, as a merchant's
   other app would: through its own bucket, on the `plus` plan so that no edit is throttled;
   every edit is checked to have moved its customer's `updatedAt`), and five shop-minutes
   later the run that reads them;
3. three no-change runs, each five shop-minutes after the last (`Bench.later`: the shop's
   clock moves on and the bucket gets the time to refill, as for a scheduled run);
4. with `--back-to-back`, a second burst read at once, three more no-change runs right after
   each other, then two five shop-minutes apart: what a merchant clicking Sync again and again
   meets (a run that follows one started within `OVERLAP` of the burst reads it again: the
   safety margin; the first run after one started later than that reads nothing).

The ways:
- `before`: the watermark is the newest `updatedAt` the read saw (what `ReadStart` falls back
  to without a `Date` header; the code before issue 21);
- `after`: Shopify's time at the start of the read (`sync.watermarks.ReadStart`).

Run: .venv/bin/python tests/benchmarks/bench_customer_watermark.py [--customers 1000]
     [--back-to-back]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

from run_all import Bench, Row, _edit_customers, machine, render

from desktop_app.demo_shop import DemoShop, ShopBackend
from desktop_app.sync import watermarks
from desktop_app.sync.results import Resource

LATER_MIN = 5


async def _burst(backend: ShopBackend, count: int) -> None:
    """`count` customers edited at once by another app (its own bucket: none throttled)."""
    before = {c.id: c.updated_at for c in backend.state.customers.values()}
    other_app = DemoShop(backend, plan="plus")
    try:
        await _edit_customers(other_app, backend, count)
    finally:
        other_app.close()
    moved = sum(1 for c in backend.state.customers.values() if c.updated_at != before[c.id])
    assert moved == count, f"{moved} of {count} edits went through"


def _newest_seen(_self: watermarks.ReadStart, newest: dt.datetime | None
                 ) -> dt.datetime | None:
    return newest


async def one_way(way: str, customers: int, back_to_back: bool) -> list[Row]:
    original = watermarks.ReadStart.watermark
    if way == "before":
        watermarks.ReadStart.watermark = _newest_seen  # type: ignore[method-assign]
    backend = ShopBackend.generate(seed=11, customers=customers)
    bench = Bench(Path(tempfile.mkdtemp(prefix="bench-watermark-")), backend, 0)
    rows = []
    try:
        rows.append(await bench.run(f"{way}: first import (bulk)", Resource.CUSTOMERS))
        backend.advance_clock(dt.timedelta(minutes=10))
        await _burst(backend, customers)
        await bench.later(LATER_MIN)
        rows.append(await bench.run(f"{way}: run reading the burst", Resource.CUSTOMERS))
        for k in range(1, 4):
            await bench.later(LATER_MIN)
            rows.append(await bench.run(f"{way}: no-change run {k} (+{LATER_MIN} min)",
                                        Resource.CUSTOMERS))
        if back_to_back:
            await bench.later(LATER_MIN)
            await _burst(backend, customers)
            rows.append(await bench.run(f"{way}: burst read at once", Resource.CUSTOMERS))
            for k in range(1, 4):
                rows.append(await bench.run(f"{way}: back-to-back run {k}",
                                            Resource.CUSTOMERS))
            for k in range(1, 3):
                await bench.later(LATER_MIN)
                rows.append(await bench.run(f"{way}: then +{LATER_MIN * k} min",
                                            Resource.CUSTOMERS))
    finally:
        watermarks.ReadStart.watermark = original  # type: ignore[method-assign]
        await bench.close()
        backend.close()
    return rows


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=1_000)
    parser.add_argument("--back-to-back", action="store_true")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    rows = []
    for way in ("before", "after"):
        rows += await one_way(way, args.customers, args.back_to_back)
    print(machine())
    print(f"{args.customers} customers edited in one burst; 'records' counts the customers "
          "each run read (created + updated + skipped)")
    print(render(rows))
    idle = {way: [r for r in rows if r.name.startswith(f"{way}: no-change")]
            for way in ("before", "after")}
    spent = {way: sum(r.points for r in idle[way]) for way in idle}
    asked = {way: sum(r.requests for r in idle[way]) for way in idle}
    print(f"three no-change runs: before {spent['before']:.0f} points / {asked['before']} "
          f"requests, after {spent['after']:.0f} / {asked['after']}; ratio "
          f"{spent['before'] / max(spent['after'], 1e-9):.0f}x")
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
