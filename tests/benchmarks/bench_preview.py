"""Benchmark: a customers sync preview against the sync's own reading time (issue 19).

    .venv/bin/python tests/benchmarks/bench_preview.py [--customers 10000] [--plan standard]
                     [--two-way]

Issue 19's goal: "a preview of 10,000 customers takes no more than 1.5 times the sync's own
reading time". A demo shop of N generated customers is served on 127.0.0.1 by another
process (`shop-sync demo-shop serve`); one data folder, shop card BENCH (import all, create
customers from a template, Shopify can update customers; with `--two-way` the export's
direction too, so every linked customer is also compared for export), the token from the
environment. The
command line runs in this process (`desktop_app.cli.main`, `--json`), so that its phases can
be timed:

1. `sync customers --preview` of the first sync (after one preview not timed: the served
   shop's first bulk export and this process's first run are slower) (every customer read by a bulk export,
   decided and "created"): its whole wall time, the throw-away copy included;
2. the real first sync, right after (the preview changed nothing): its wall time, and its
   own reading time: that wall time less the time spent writing (every mutation sent to
   Shopify, its whole exchange, but the bulk export's start; every local INSERT, UPDATE,
   DELETE and commit; the customers sync's batch writes as a whole: staging, creates,
   updates, links, last exchanges; the run's record). What is left is reading from Shopify
   (the bulk export's start, polls and download, the pages), reading the store and deciding,
   for the import and for the export alike: what a preview does too;
3. the same two for a no-change re-sync (one request; the copy of the now larger database is
   most of its preview).

Prints one row each with the ratio preview / reading time, and exits 1 when the first
sync's ratio is over 1.5 or the preview's counts differ from the sync's.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import re
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import peewee

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests"), str(REPO / "tests" / "integration")]
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
os.environ["SHOP_SYNC_TOKEN_BENCH"] = "shpat_bench"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from demo_process import served_demo_shop  # noqa: E402
from run_all import machine  # noqa: E402

from desktop_app.cli import main  # noqa: E402
from desktop_app.cli.output import Output  # noqa: E402
from desktop_app.shopify import operations  # noqa: E402
from desktop_app.shopify.client import ShopifyClient  # noqa: E402
from desktop_app.store import agreed, bulk_customers, runs, snapshot  # noqa: E402

GOAL = 1.5


class Clock:
    """Seconds spent in the timed calls, summed over threads; a timed call inside another
    (a write statement inside a timed batch write) is counted once, in the outer one."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._lock = threading.Lock()
        self._depth = threading.local()

    def add(self, seconds: float) -> None:
        with self._lock:
            self.seconds += seconds

    def timed(self, function: Callable[..., Any],
              counts: Callable[..., bool] = lambda *a, **k: True) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            depth = getattr(self._depth, "n", 0)
            if depth or not counts(*args, **kwargs):
                return function(*args, **kwargs)
            self._depth.n = 1
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(time.perf_counter() - started)
                self._depth.n = 0
        return wrapper

    def timed_async(self, function: Callable[..., Any],
                    counts: Callable[..., bool]) -> Callable[..., Any]:
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not counts(*args, **kwargs):
                return await function(*args, **kwargs)
            started = time.perf_counter()
            try:
                return await function(*args, **kwargs)
            finally:
                self.add(time.perf_counter() - started)
        return wrapper


_WRITES = re.compile(r"\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


def _writes_sql(_db: Any, sql: str, *_args: Any, **_kwargs: Any) -> bool:
    return bool(_WRITES.match(sql))


def _mutation(_client: Any, operation: Any, *_args: Any, **_kwargs: Any) -> bool:
    """A write to Shopify: every mutation but the start of a bulk export (a read)."""
    op = operations.load(operation) if isinstance(operation, str) else operation
    return op.kind == "mutation" and op.name != "BulkOperationRunQuery"


@contextlib.contextmanager
def writing_clock() -> Iterator[Clock]:
    """Time the writes of the block: the mutations sent to Shopify (their whole exchange),
    the local write statements and commits, and the store's batch writes of the customers
    sync (staging, creates, updates, links, last exchanges) as a whole."""
    clock = Clock()
    replaced: list[tuple[Any, str, Any]] = [
        (ShopifyClient, "execute", clock.timed_async(ShopifyClient.execute, _mutation)),
        (peewee.Database, "execute_sql", clock.timed(peewee.Database.execute_sql,
                                                     _writes_sql)),
        (peewee.Database, "commit", clock.timed(peewee.Database.commit)),
    ]
    for module, names in ((bulk_customers, ("stage_shopify_customers_batch",
                                            "create_customers_batch", "update_customers_batch",
                                            "apply_matches_batch")),
                          (agreed, ("save_agreed",)), (runs, ("finish_run",))):
        replaced += [(module, n, clock.timed(getattr(module, n))) for n in names]
    saved = [(owner, name, getattr(owner, name)) for owner, name, _ in replaced]
    for owner, name, value in replaced:
        setattr(owner, name, value)
    try:
        yield clock
    finally:
        for owner, name, value in saved:
            setattr(owner, name, value)


@contextlib.contextmanager
def copy_clock() -> Iterator[list[float]]:
    """The seconds and bytes of each throw-away copy made in the block."""
    made: list[float] = []
    original = snapshot._make_copy

    def timed(db: Any) -> Any:
        conn, info = original(db)
        made.extend((info.seconds, info.bytes / 1e6))
        return conn, info

    snapshot._make_copy = timed
    try:
        yield made
    finally:
        snapshot._make_copy = original


def cli(data: Path, *args: str) -> tuple[dict[str, Any], float]:
    """`shop-sync --json ARGS` in this process: its JSON and its wall seconds."""
    out = io.StringIO()
    started = time.perf_counter()
    with contextlib.redirect_stdout(out):
        code = main(["--data-dir", str(data), "--json", *args])
    seconds = time.perf_counter() - started
    if code not in (0, 1):  # 1: done, some records failed (counted in the row)
        raise SystemExit(f"shop-sync {' '.join(args)} exited {code}: {out.getvalue()[:500]}")
    text = out.getvalue().strip()
    return (json.loads(text) if text else {}), seconds


def counts(result: dict[str, Any]) -> tuple[int, ...]:
    return tuple(result[k] for k in ("created", "updated", "skipped", "failed"))


@contextlib.contextmanager
def printing_clock() -> Iterator[Clock]:
    """The seconds the command line spends printing its result (`Output.result`)."""
    clock = Clock()
    original = Output.result
    Output.result = clock.timed(original)  # type: ignore[method-assign]
    try:
        yield clock
    finally:
        Output.result = original  # type: ignore[method-assign]


def measure(data: Path, name: str) -> tuple[str, float, bool]:
    cli(data, "sync", "customers", "--preview")  # warm-up: the server's first bulk export
    with copy_clock() as copies, printing_clock() as printing:
        preview, preview_s = cli(data, "sync", "customers", "--preview")
    with writing_clock() as writes:
        synced, sync_s = cli(data, "sync", "customers")
    reading = sync_s - writes.seconds
    ratio = preview_s / reading
    same = counts(preview) == counts(synced)
    copy_s, copy_mb = (copies[0], copies[1]) if copies else (0.0, 0.0)
    line = (f"{name:<28} {synced['created'] + synced['updated'] + synced['skipped']:>8} "
            f"{sync_s:>7.2f} {reading:>9.2f} {preview_s:>10.2f} {printing.seconds:>8.2f} "
            f"{copy_s:>7.2f} "
            f"{copy_mb:>8.1f} {ratio:>6.2f}  failed {synced['failed']}, "
            f"{'same counts' if same else 'COUNTS DIFFER'}")
    return line, ratio, same


def run(customers: int, plan: str, two_way: bool) -> int:
    folder = Path(tempfile.mkdtemp(prefix="bench-preview-"))
    data = folder / "data"
    with served_demo_shop("--seed", "11", "--customers", str(customers), "--orders", "0",
                          "--plan", plan) as shop:
        cli(data, "shop", "add", "BENCH", "--api-url", shop.url)
        cli(data, "templates", "add", "RETAIL")
        cli(data, "shop", "set", "BENCH", "customer_import=all", "auto_create_customers=true",
            "customer_template=RETAIL", "shopify_can_update_customers=true",
            f"can_update_shopify_customers={'true' if two_way else 'false'}")
        print(f"Machine: {machine()}")
        print(f"{customers} Shopify customers served on 127.0.0.1 ({plan} plan), "
              f"{'two-way' if two_way else 'import only'}\n")
        head = (f"{'sync':<28} {'records':>8} {'sync s':>7} {'reading s':>9} "
                f"{'preview s':>10} {'print s':>8} {'copy s':>7} {'copy MB':>8} {'ratio':>6}")
        print(head)
        print("-" * (len(head) + 14))
        first, ratio, same = measure(data, "customers first sync")
        print(first, flush=True)
        time.sleep(1.1)  # later edits are not the first sync's own (seconds in Shopify)
        again, _, same_again = measure(data, "customers no-change")
        print(again)
    print(f"\ngoal: the first sync's preview <= {GOAL} x its reading time: "
          f"{'met' if ratio <= GOAL else 'NOT met'}")
    return 0 if ratio <= GOAL and same and same_again else 1


def main_() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=10_000)
    parser.add_argument("--plan", default="standard")
    parser.add_argument("--two-way", action="store_true")
    args = parser.parse_args()
    return run(args.customers, args.plan, args.two_way)


if __name__ == "__main__":
    sys.exit(main_())
