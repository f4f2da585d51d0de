"""Benchmark: 100,000 Shopify customers matched against 100,000 local ones, half overlapping.

Run as a script (not collected by pytest's default run):

    .venv/bin/python tests/benchmarks/bench_customer_matching.py [--customers N] [--tracemalloc]

What is measured: one real `SyncService.sync(shop, Resource.CUSTOMERS)` with customer
import "all" and auto-create on, against an in-process demo shop generated with N customers
(read through a bulk operation, exactly as a first sync does). Local customers: N/2 share the
e-mail of a Shopify customer (they get linked), N/2 are unrelated; the Shopify customers
with no local twin are created locally (those without an address are listed as errors).

- local time: time spent in `CustomerImport._apply` (staging, matching, creating, linking,
  all database writes), summed over batches; the index of local customers is built inside it;
- local CPU: the process time of the same, which other programs on the machine inflate
  less than the wall time;
- export time: `CustomerExport.run`, which here only chooses what to upload (nothing: no
  customer is ticked for web upload) and must not scan the 150,000 customers to learn that;
- API time: the rest of the run (bulk operation, polling, JSONL download, parsing);
- memory: the RSS before the sync (the demo shop holds its customers in this process), the
  peak RSS during the sync alone (Linux: VmHWM reset through /proc/self/clear_refs), the
  process's ru_maxrss, and (with --tracemalloc, a second, slower run) the peak tracemalloc
  sees during the sync.
Goal (issue 4): local processing at most 15 s and 400 MB on the CI machine.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from desktop_app.demo_shop import DemoShop, DemoShopTransport, ShopBackend  # noqa: E402
from desktop_app.store import shops  # noqa: E402
from desktop_app.store.customers import count_customers, upsert_customers  # noqa: E402
from desktop_app.store.database import DB, close_database, open_database  # noqa: E402
from desktop_app.sync.customer_export import CustomerExport  # noqa: E402
from desktop_app.sync.customer_import import CustomerImport  # noqa: E402
from desktop_app.sync.results import Resource  # noqa: E402
from desktop_app.sync.service import SyncService  # noqa: E402


async def _no_sleep(_seconds: float) -> None:
    return None


def _rss_mb(key: str) -> float:
    """VmRSS (now) or VmHWM (peak) of this process in MB, from /proc (0 where there is none)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(f"{key}:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _reset_peak_rss() -> bool:
    """Start VmHWM afresh (Linux: clear_refs 5), so the peak of the sync alone can be read."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def _locals(backend: ShopBackend, count: int) -> list[dict]:
    """count local customers: the first half twins (same e-mail, another case) of Shopify's."""
    shopify = sorted(backend.state.customers.values(), key=lambda c: c.id)
    with_email = [c for c in shopify if c.email]
    half = count // 2
    rows = []
    for i, customer in enumerate(with_email[:half]):
        rows.append({"no": f"L{i:06d}", "name": f"Twin {i}", "email": customer.email.upper(),
                     "country": "CA"})
    for i in range(half, count):
        rows.append({"no": f"L{i:06d}", "name": f"Local {i}", "email": f"local{i}@bench.example",
                     "phone": f"+1416{i:07d}"[:12], "country": "CA"})
    return rows


async def run_once(count: int, trace: bool) -> dict[str, float]:
    folder = Path(tempfile.mkdtemp(prefix="bench-customers-"))
    open_database(folder / "shop_sync.sqlite3")
    t0 = time.perf_counter()
    backend = ShopBackend.generate(seed=11, customers=count)
    generate_s = time.perf_counter() - t0
    rows = _locals(backend, count)
    for start in range(0, len(rows), 10_000):  # in slices: one upsert of all peaks at 150 MB
        upsert_customers(rows[start:start + 10_000])
    del rows
    shop = DemoShop(backend, plan="plus")
    transport = DemoShopTransport(shop)
    service = SyncService(vault=None, data_dir=folder, transport_for=lambda _s: transport)
    shops.create_shop("B", is_demo=True)
    shops.update_shop_settings("B", {"customer_import": "all", "auto_create_customers": True,
                                       "customer_template": "WEB"})
    client = await service.client_for("B")
    client.sleep = _no_sleep

    local = [0.0]
    local_cpu = [0.0]
    longest = [0.0]  # the event loop is blocked for a whole batch
    export = [0.0]
    original = CustomerImport._apply
    original_export = CustomerExport.run

    def timed_apply(self, batch, **kwargs):  # type: ignore[no-untyped-def]
        started, cpu = time.perf_counter(), time.process_time()
        try:
            return original(self, batch, **kwargs)
        finally:
            spent = time.perf_counter() - started
            local[0] += spent
            longest[0] = max(longest[0], spent)
            local_cpu[0] += time.process_time() - cpu

    async def timed_export(self):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return await original_export(self)
        finally:
            export[0] += time.perf_counter() - started

    CustomerImport._apply = timed_apply  # type: ignore[method-assign]
    CustomerExport.run = timed_export  # type: ignore[method-assign]
    if trace:
        tracemalloc.start()
    rss_before = _rss_mb("VmRSS")
    hwm_reset = _reset_peak_rss()
    started = time.perf_counter()
    try:
        result = await service.sync("B", Resource.CUSTOMERS)
        total = time.perf_counter() - started
        sync_peak = _rss_mb("VmHWM") if hwm_reset else 0.0
        # Nothing changed in Shopify: an incremental run, which still retries the records
        # that failed (customers without an address) from staging.
        first_local = local[0]
        started = time.perf_counter()
        again = await service.sync("B", Resource.CUSTOMERS)
        rerun_total = time.perf_counter() - started
        rerun_local = local[0] - first_local
        local[0] = first_local
    finally:
        CustomerImport._apply = original  # type: ignore[method-assign]
        CustomerExport.run = original_export  # type: ignore[method-assign]
        peak = tracemalloc.get_traced_memory()[1] if trace else 0
        if trace:
            tracemalloc.stop()
        await service.aclose()
        shop.close()
        backend.close()
    # Counted in SQL: `shopify_customers.list_links` builds 100,000 rows, the run's highest peak.
    (links,) = DB.execute_sql(
        'SELECT COUNT(*) FROM "shopify_customer" WHERE customer_id IS NOT NULL').fetchone()
    figures = {
        "generate_s": generate_s, "total_s": total, "local_s": local[0],
        "local_cpu_s": local_cpu[0], "longest_batch_s": longest[0], "export_s": export[0],
        "rerun_s": rerun_total,
        "rerun_local_s": rerun_local, "rerun_failed": again.failed,
        "rerun_requests": again.requests,
        "api_s": total - local[0] - export[0], "created": result.created,
        "updated": result.updated, "rss_before_mb": rss_before, "sync_peak_mb": sync_peak,
        "failed": result.failed, "links": links, "local_customers": count_customers(),
        "tracemalloc_peak_mb": peak / 2**20,
    }
    close_database()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--tracemalloc", action="store_true",
                        help="also measure the peak with tracemalloc (a second, slower run)")
    args = parser.parse_args()
    figures = asyncio.run(run_once(args.customers, trace=False))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{args.customers} Shopify customers against {args.customers} local ones "
          "(half overlapping)")
    print(f"  demo shop generated in      {figures['generate_s']:.1f} s (not counted)")
    print(f"  sync total                  {figures['total_s']:.1f} s")
    print(f"  local part (stage/match/create/link) {figures['local_s']:.1f} s  (goal <= 15 s; "
          f"CPU {figures['local_cpu_s']:.1f} s)")
    print(f"  longest batch (the event loop waits for it; the first one indexes the local "
          f"customers) {figures['longest_batch_s'] * 1000:.0f} ms")
    print(f"  export part (choosing what to upload: none here) {figures['export_s']:.1f} s")
    print(f"  API part (bulk, poll, download, parse) {figures['api_s']:.1f} s")
    print(f"  created {figures['created']}, matched/updated {figures['updated']}, "
          f"failed {figures['failed']}, links {figures['links']}, "
          f"local customers now {figures['local_customers']}")
    print(f"  re-sync, nothing changed: {figures['rerun_s']:.1f} s, local part "
          f"{figures['rerun_local_s']:.1f} s, {figures['rerun_requests']} requests, "
          f"{figures['rerun_failed']} failed records retried and listed again")
    if figures["sync_peak_mb"]:
        print(f"  RSS before the sync (demo shop with its customers, local setup) "
              f"{figures['rss_before_mb']:.0f} MB; peak during the sync "
              f"{figures['sync_peak_mb']:.0f} MB")
    print(f"  ru_maxrss (whole process, demo shop and setup included) {rss_mb:.0f} MB  "
          "(goal <= 400 MB)")
    if args.tracemalloc:
        traced = asyncio.run(run_once(args.customers, trace=True))
        print(f"  tracemalloc peak during the sync {traced['tracemalloc_peak_mb']:.0f} MB "
              f"(run with tracing: {traced['total_s']:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
