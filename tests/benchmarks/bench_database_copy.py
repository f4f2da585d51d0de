"""Benchmark: `shop-sync database copy --to URL` of a 100,000-customer SQLite file (issue 22).

    .venv/bin/python tests/benchmarks/bench_database_copy.py [--customers 100000]
                     [--linked 50000] [--to sqlite]

Generates a data folder with N local customers (the rows of bench_customers_table.py, with a
Toronto address) and K of them linked to staged Shopify customers, starts a real PostgreSQL
server in a temporary folder (tests/postgres.py), and runs the real command line in a child
process: `database copy --to postgresql://...` into an empty database. Prints the seconds,
rows a second and the child's peak resident memory, and checks the counts: the report's
per table against the source's, and the target's own `count(*)` read with psycopg.
`--to sqlite` copies into a second SQLite file instead (no server needed).
Exits 1 if the copy fails or any count differs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO), str(REPO / "tests")]
SHOP = "BENCH"


def populate(data: Path, count: int, linked: int) -> float:
    """The source data folder: `count` customers, `linked` of them linked (seconds taken)."""
    from desktop_app import paths
    from desktop_app.records.customers import CustomerRecord
    from desktop_app.store import customers, shopify_customers
    from desktop_app.store.database import close_database, open_database
    from desktop_app.store.shops import create_shop

    started = time.perf_counter()
    data.mkdir(parents=True, exist_ok=True)
    open_database(paths.database_path(data))
    try:
        create_shop(SHOP, domain="bench.myshopify.com")
        for start in range(0, count, 10_000):
            customers.upsert_customers([
                {"no": f"C{i:06d}", "name": f"Name{i} Surname{i % 977}",
                 "email": f"user{i}@example.com", "phone": f"+1416{i:07d}", "country": "CA",
                 "address": f"{i % 900 + 1} Main Street", "city": "Toronto",
                 "post_code": "M5H 1A1"} for i in range(start, min(count, start + 10_000))])
        for start in range(0, linked, 10_000):
            shopify_customers.upsert_shopify_customers(SHOP, [
                CustomerRecord(f"gid://shopify/Customer/{i}", first_name=f"Name{i}",
                               email=f"user{i}@example.com")
                for i in range(start, min(linked, start + 10_000))])
    finally:
        close_database()
    return time.perf_counter() - started


def source_counts(data: Path) -> dict[str, int]:
    from desktop_app import paths

    with sqlite3.connect(paths.database_path(data)) as con:
        names = [n for (n,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name NOT LIKE 'customer_search%'")]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def run_copy(data: Path, url: str) -> tuple[float, float, int, dict, str]:
    """(peak RSS MB, seconds, exit code, JSON report, stderr) of the copy in a child process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    code = ("import sys, resource; from desktop_app.cli import main; rc = main(sys.argv[1:]); "
            "print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "file=sys.stderr); sys.exit(rc)")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "--data-dir", str(data), "--json",
                           "database", "copy", "--to", url], env=env, capture_output=True,
                          text=True, cwd=REPO, timeout=3600)
    seconds = time.perf_counter() - started
    peak_kb = next((int(line.split()[1]) for line in done.stderr.splitlines()
                    if line.startswith("PEAK_KB")), 0)
    report = json.loads(done.stdout) if done.returncode == 0 else {}
    return peak_kb / 1024, seconds, done.returncode, report, done.stderr


def target_counts(url: str, tables: list[str]) -> dict[str, int]:
    if url.startswith("sqlite:"):
        with sqlite3.connect(url.removeprefix("sqlite://")) as con:
            return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    import psycopg

    with psycopg.connect(url) as con:
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--linked", type=int, default=None, help="default: half")
    parser.add_argument("--to", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--keep", metavar="DIR", type=Path,
                        help="keep the source data folder in DIR and reuse it when it exists "
                             "(the generation takes minutes at 100,000)")
    args = parser.parse_args()
    linked = args.customers // 2 if args.linked is None else args.linked
    folder = Path(tempfile.mkdtemp(prefix="bench-db-copy-"))
    data = args.keep or folder / "data"
    made = 0.0 if args.keep and args.keep.exists() else populate(data, args.customers, linked)
    size_mb = (data / "shop_sync.sqlite3").stat().st_size / 2**20
    counts = source_counts(data)
    print(f"source: {counts['customer']:,} customers, {counts['shopify_customer']:,} linked, "
          f"{sum(counts.values()):,} rows, {size_mb:.1f} MB, made in {made:.1f} s")
    if args.to == "sqlite":
        from contextlib import nullcontext

        server_context = nullcontext(None)
    else:
        from postgres import running_server

        server_context = running_server()
    with server_context as server:
        url = server.create_database() if server else f"sqlite://{folder}/copy.sqlite3"
        if args.keep:  # the copy's own run is recorded in the source: leave it as it was
            shutil.copy2(data / "shop_sync.sqlite3", folder / "source.sqlite3")
        peak, seconds, code, report, err = run_copy(data, url)
        if code != 0:
            print(f"copy failed (exit {code}):\n{err[-3000:]}", file=sys.stderr)
            return 1
        reported = {t["table"]: t["rows"] for t in report["tables"]}
        stored = target_counts(url, list(reported))
    rows = report["rows"]
    wanted = {t: n for t, n in counts.items() if t in reported or n}
    ok = reported == wanted and stored == reported
    print(f"copy to {args.to}: {rows:,} rows in {len(reported)} tables, {seconds:.1f} s wall "
          f"(process), {report['seconds']:.1f} s copy and check, "
          f"{rows / report['seconds']:,.0f} rows/s, peak RSS {peak:.0f} MB")
    print("counts match: " + ("yes" if ok else "NO"))
    if not ok:
        for t in sorted(set(wanted) | set(reported)):
            if (wanted.get(t), reported.get(t), stored.get(t)) != (wanted.get(t),) * 3:
                print(f"  {t}: source {wanted.get(t)}, reported {reported.get(t)}, "
                      f"stored {stored.get(t)}")
    progress = [line for line in err.splitlines() if line.endswith(("copied", "checked"))]
    print(f"progress lines on stderr: {len(progress)}"
          + (f" (last: {progress[-1]})" if progress else ""))
    if args.keep:
        shutil.copy2(folder / "source.sqlite3", data / "shop_sync.sqlite3")
    subprocess.run(["rm", "-rf", str(folder)], check=False)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
