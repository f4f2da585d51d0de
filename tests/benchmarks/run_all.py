"""All of issue 9's benchmarks in one command, printed as one table.

    .venv/bin/python tests/benchmarks/run_all.py                # small sizes (about a minute)
    .venv/bin/python tests/benchmarks/run_all.py --customers 20000 --orders 2000
    .venv/bin/python tests/benchmarks/run_all.py --full         # 100,000 / 20,000 / 100,000

Rows (each a real SyncService run on a temp database, against the in-process demo shop on
the standard plan, its leaky bucket and the client's polling on the real clock):

- customers full import (bulk), N Shopify customers against L local ones (half of them
  twins by e-mail: linked; the rest of Shopify's are auto-created);
- customers incremental: 1 % of the Shopify customers edited, then a sync;
- customers no-change re-sync (goal: one request, under 1 s);
- orders full import of M orders, a re-sync right after it, one 15 shop-minutes later and
  an orders no-change re-sync 15 shop-minutes after that (goal: one request, under 1 s);
- event loop's longest stall: a 10 ms QTimer's worst lateness (and its p50/p99) while the
  real main window runs a customers sync (bulk import of N) on the qasync loop, against a demo
  shop served by another process on 127.0.0.1 (bench_window_stall.py; goal < 50 ms);
- the customer table with L local customers (at least 1,000): bench_customers_table.py run as
  a child process: opening the tab, its slowest search and its slowest other filter, each
  until the viewport painted the rows (goals 1 s and 100 ms at 100,000).

Columns: wall s; API requests (HTTP attempts); points (actual cost); points per record;
min s = points / restore rate (the cost-bound floor, ignoring the bucket's initial credit)
and wall/min; local rec/s = records / (wall - time waiting for the API); peak MB = the
process's peak RSS during that row (Linux VmHWM, reset before each row).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from desktop_app.demo_shop import DemoShop, DemoShopTransport, ShopBackend  # noqa: E402
from desktop_app.demo_shop.cost import PLANS  # noqa: E402
from desktop_app.store import shops  # noqa: E402
from desktop_app.store.customers import upsert_customers  # noqa: E402
from desktop_app.store.database import close_database, open_database  # noqa: E402
from desktop_app.sync.results import Resource  # noqa: E402
from desktop_app.sync.service import SyncService  # noqa: E402

PLAN = "standard"
SHOP = "B"
SETTINGS = {"customer_import": "all", "auto_create_customers": True, "customer_template": "WEB",
            "auto_create_items": True, "auto_create_orders": True, "default_customer_no": "",
            "shipping_charges_account": "6100", "tip_account": "6200",
            "sold_gift_card_account": "2400", "refund_account": "6300",
            "refund_account_non_restock": "6310"}


@dataclass
class Row:
    name: str
    records: int
    wall_s: float
    requests: int
    points: float
    api_wait_s: float = 0.0
    peak_mb: float = 0.0
    note: str = ""
    #: False for rows that time something other than records flowing (stall, table).
    rated: bool = True

    @property
    def per_record(self) -> float:
        return self.points / self.records if self.records else 0.0

    @property
    def minimum_s(self) -> float:
        return self.points / PLANS[PLAN].restore_rate

    @property
    def local_rate(self) -> float:
        if not self.rated:
            return 0.0
        local = self.wall_s - self.api_wait_s
        return self.records / local if local > 0 and self.records else 0.0


def _proc_mb(key: str) -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _reset_peak() -> None:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"nproc {os.cpu_count()}, {model}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


def local_customers(backend: ShopBackend, count: int) -> list[dict]:
    """`count` local customers: half twins of Shopify customers by e-mail, half unrelated."""
    with_email = [c for c in sorted(backend.state.customers.values(), key=lambda c: c.id)
                  if c.email]
    half = min(count // 2, len(with_email))
    rows = [{"no": f"L{i:06d}", "name": f"Twin {i}", "email": c.email.upper(), "country": "CA"}
            for i, c in enumerate(with_email[:half])]
    rows += [{"no": f"L{i:06d}", "name": f"Local {i}", "email": f"local{i}@bench.example",
              "country": "CA"} for i in range(half, count)]
    return rows


class Bench:
    """One temp database and one demo shop; runs syncs and turns each into a Row."""

    def __init__(self, folder: Path, backend: ShopBackend, locals_: int) -> None:
        self.folder = folder
        self.backend = backend
        open_database(folder / "shop_sync.sqlite3")
        rows = local_customers(backend, locals_)
        for start in range(0, len(rows), 10_000):
            upsert_customers(rows[start:start + 10_000])
        shops.create_shop(SHOP, is_demo=True)
        shops.update_shop_settings(SHOP, SETTINGS)
        shops.save_shop_info(SHOP, {"country": "CA"})
        self.shop = DemoShop(backend, plan=PLAN)
        self.transport = DemoShopTransport(self.shop)
        self.service = SyncService(vault=None, data_dir=folder,
                                   transport_for=lambda _s: self.transport)

    async def run(self, name: str, resource: Resource, records: int | None = None,
                  note: str = "") -> Row:
        client = await self.service.client_for(SHOP)
        before = client.stats.as_dict()
        _reset_peak()
        started = time.perf_counter()
        result = await self.service.sync(SHOP, resource)
        wall = time.perf_counter() - started
        after = client.stats.as_dict()
        count = records if records is not None else result.created + result.updated + \
            result.skipped + result.failed
        # Time spent on the API: pacing, backoff, and the bulk polling sleeps (the client
        # sleeps on its own clock; the bulk waits are counted from the requests log below).
        waited = (after["throttle_wait"] - before["throttle_wait"]
                  + after["backoff_wait"] - before["backoff_wait"])
        return Row(name, count, wall, int(after["attempts"] - before["attempts"]),
                   after["points_actual"] - before["points_actual"], waited,
                   _proc_mb("VmHWM"), note or f"created {result.created} updated "
                   f"{result.updated} failed {result.failed}")

    async def later(self, minutes: int) -> None:
        """`minutes` pass for the shop: its clock moves on, and its bucket (on the real clock)
        is given the time to refill, as it would have in that time."""
        self.backend.advance_clock(dt.timedelta(minutes=minutes))
        plan = PLANS[PLAN]
        await asyncio.sleep(plan.maximum / plan.restore_rate)

    async def close(self) -> None:
        await self.service.aclose()
        self.shop.close()
        close_database()


async def _edit_customers(shop: DemoShop, backend: ShopBackend, count: int) -> None:
    """Edit `count` Shopify customers through customerUpdate, as a merchant would."""
    from desktop_app.demo_shop import DemoRequest

    mutation = ("mutation U($input: CustomerInput!) { customerUpdate(input: $input) "
                "{ customer { id } userErrors { message } } }")
    for customer in sorted(backend.state.customers.values(), key=lambda c: c.id)[:count]:
        body = json.dumps({"query": mutation, "variables": {"input": {
            "id": customer.gid, "note": f"edited {time.time()}"}}}).encode()
        response = await shop.handle(DemoRequest(
            "POST", "/admin/api/2026-07/graphql.json",
            {"X-Shopify-Access-Token": "bench", "Content-Type": "application/json"}, body))
        assert response.status == 200, response.body[:300]


async def customers_rows(customers: int, locals_: int, incremental: bool = True,
                         later: bool = True) -> list[Row]:
    backend = ShopBackend.generate(seed=11, customers=customers)
    bench = Bench(Path(tempfile.mkdtemp(prefix="bench-all-")), backend, locals_)
    rows = []
    try:
        rows.append(await bench.run("customers full import (bulk)", Resource.CUSTOMERS,
                                    customers))
        if incremental:
            edited = max(1, customers // 100)
            await asyncio.sleep(1.1)  # the watermark is taken from the server's clock
            await _edit_customers(bench.shop, backend, edited)
            rows.append(await bench.run(f"customers incremental ({edited} edited)",
                                        Resource.CUSTOMERS, edited))
        rows.append(await bench.run("customers no-change re-sync", Resource.CUSTOMERS, 0))
        # As a schedule would run it: the bucket the rows above drained has refilled. (The
        # customers' watermark is Shopify's time at the start of the last read, issue 21: the
        # edits of the 60 s before it are listed again by a run within the overlap only.)
        if later:
            await bench.later(15)
            rows.append(await bench.run("customers no-change 15 min later",
                                        Resource.CUSTOMERS, 0))
    finally:
        await bench.close()
        backend.close()
    return rows


async def orders_rows(orders: int) -> list[Row]:
    backend = ShopBackend.generate(seed=20, customers=max(50, orders // 20), orders=orders)
    bench = Bench(Path(tempfile.mkdtemp(prefix="bench-orders-")), backend, 0)
    rows = []
    try:
        # Customers first, as a merchant does (and as the orders sync on a fresh shop with
        # auto-create failed on "Customer C000nn already exists" when this was written).
        await bench.run("customers for the orders", Resource.CUSTOMERS)
        rows.append(await bench.run("orders full import", Resource.ORDERS))
        # Right after the import: the document numbers written back moved every order's
        # updatedAt; the light change check lists them (1 point each, 250 a request) and
        # reads none of them again.
        rows.append(await bench.run("orders re-sync right after import", Resource.ORDERS, 0))
        # A scheduled run later: the shop's clock moves 15 minutes (its bucket refills on the
        # real clock, so wait for that as 15 minutes would). The first later run still sees
        # the write-back burst inside its 60 s overlap; from then on nothing is listed.
        await bench.later(15)
        rows.append(await bench.run("orders re-sync 15 min later", Resource.ORDERS, 0))
        await bench.later(15)
        rows.append(await bench.run("orders no-change re-sync", Resource.ORDERS, 0))
    finally:
        await bench.close()
        backend.close()
    return rows


def stall_row(customers: int) -> Row:
    """The event loop's stalls while the main window syncs customers: bench_window_stall.py
    as a child process, against a demo shop served by a third process (as Shopify would be:
    an in-process demo shop shares the window's GIL and shows up as the app's stalls)."""
    done = subprocess.run([sys.executable, str(HERE / "bench_window_stall.py"),
                           "--customers", str(customers), "--json"], capture_output=True,
                          text=True, timeout=3600, cwd=REPO,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    line = next((ln for ln in reversed(done.stdout.splitlines()) if ln.startswith("{")), None)
    if line is None:
        return Row("event loop stall (window sync)", customers, 0, 0, 0, rated=False,
                   note=f"FAILED: {done.stderr[-400:]}")
    data = json.loads(line)
    return Row("event loop stall (window sync)", customers, data["wall"], 0, 0, rated=False,
               note=f"longest stall {data['worst_ms']:.0f} ms (goal < 50 ms); lateness p50 "
                    f"{data['p50_ms']:.1f} / p99 {data['p99_ms']:.1f} ms over {data['ticks']} "
                    f"ticks, {data['over_50ms']} of them 50 ms or more late; load average "
                    f"{data['load_before']:.1f} -> {data['load_after']:.1f}")


def table_rows(local: int) -> list[Row]:
    """bench_customers_table.py as a child process: opening the tab, its slowest search and
    its slowest other filter or sort (each until the viewport painted its rows)."""
    done = subprocess.run([sys.executable, str(HERE / "bench_customers_table.py"),
                           "--customers", str(local),
                           "--linked", str(min(5_000, local // 2))], capture_output=True, text=True,
                          timeout=3600, cwd=REPO,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    timed = [(label.strip(), int(ms)) for label, ms in
             re.findall(r"^(.+?)\s+(\d+) ms", done.stdout, re.M)]
    if done.returncode != 0 or not timed:
        return [Row("customer table", local, 0, 0, 0, rated=False,
                    note=f"FAILED: {done.stderr[-300:]}")]
    opened = [t for t in timed if t[0].startswith("open")]
    searches = [t for t in timed if t[0].startswith("search '") and "Check all" not in t[0]]
    others = [t for t in timed if t[0].startswith(("link state", "web upload", "sort", "clear"))]
    rows = []
    if opened:
        rows.append(Row("customer table: open", local, opened[0][1] / 1000, 0, 0, rated=False,
                        note="until the first rows are painted (goal < 1 s)"))
    for name, found in (("customer table: slowest search", searches),
                        ("customer table: slowest other filter", others)):
        if found:
            label, ms = max(found, key=lambda f: f[1])
            rows.append(Row(name, local, ms / 1000, 0, 0, rated=False,
                            note=f"{label} (goal < 100 ms)"))
    return rows


def render(rows: list[Row]) -> str:
    head = (f"{'measure':<36} {'records':>8} {'wall s':>8} {'requests':>8} {'points':>8} "
            f"{'pts/rec':>8} {'min s':>7} {'wall/min':>8} {'local rec/s':>11} {'peak MB':>7}  note")
    lines = [head, "-" * len(head)]
    for r in rows:
        ratio = f"{r.wall_s / r.minimum_s:8.1f}" if r.minimum_s > 0 else f"{'-':>8}"
        rate = f"{r.local_rate:11.0f}" if r.local_rate else f"{'-':>11}"
        lines.append(f"{r.name:<36} {r.records:8d} {r.wall_s:8.2f} {r.requests:8d} "
                     f"{r.points:8.0f} {r.per_record:8.3f} {r.minimum_s:7.1f} {ratio} {rate} "
                     f"{r.peak_mb:7.0f}  {r.note}")
    return "\n".join(lines)


async def _done(rows: list[Row]) -> list[Row]:
    return rows


async def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true",
                        help="100,000 customers, 20,000 orders, 100,000 local customers")
    parser.add_argument("--customers", type=int, default=5_000)
    parser.add_argument("--orders", type=int, default=500)
    parser.add_argument("--local", type=int, default=None, help="local customers (default: "
                        "as many as Shopify customers)")
    parser.add_argument("--skip", default="", help="comma list of: customers,orders,stall,table")
    parser.add_argument("--json", type=Path, help="also write the rows to this JSON file")
    args = parser.parse_args(argv)
    if args.full:
        args.customers, args.orders, args.local = 100_000, 20_000, 100_000
    local = args.local if args.local is not None else args.customers
    skip = set(filter(None, args.skip.split(",")))
    print(f"machine: {machine()}")
    print(f"sizes: {args.customers} Shopify customers, {local} local, {args.orders} orders; "
          f"plan {PLAN}", flush=True)
    started = time.perf_counter()
    rows: list[Row] = []
    phases = [("customers", lambda: customers_rows(args.customers, local)),
              ("orders", lambda: orders_rows(args.orders)),
              ("stall", lambda: _done([stall_row(args.customers)])),
              ("table", lambda: _done(table_rows(max(local, 1_000))))]
    for name, phase in phases:
        if name in skip:
            continue
        phase_started = time.perf_counter()
        rows += await phase()
        print(f"{name}: done in {time.perf_counter() - phase_started:.0f} s", flush=True)
    print()
    print(render(rows))
    print(f"\ntotal {time.perf_counter() - started:.0f} s")
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in rows], indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
