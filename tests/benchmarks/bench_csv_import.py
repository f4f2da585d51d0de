"""Benchmark: the memory and time of `customers import` of a large CSV file (issue 15).

Run as a script (not collected by pytest):

    .venv/bin/python tests/benchmarks/bench_csv_import.py [--mb 60] [--before REV]

Writes a customers CSV of about `--mb` MB (every column filled, realistic values, valid
rows), then imports it with the real `shop-sync` command line into a fresh data folder and
reports the child process's peak resident memory (`ru_maxrss`), its wall time and the ratio
of the peak to the file's size. With `--before REV` the same file is also imported by the
code of that revision (a temporary `git worktree`, put first on PYTHONPATH) and both rows are
printed side by side with their ratios. The goal: a 60 MB file within 400 MB.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

HEADER = ("no,name,name_2,contact,address,address_2,city,post_code,county,country,phone,"
          "email,template,category\n")


def write_csv(path: Path, megabytes: float) -> int:
    target = int(megabytes * 1024 * 1024)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(HEADER)
        while handle.tell() < target:
            i = rows
            handle.write(
                f"B{i:07d},Customer number {i} Trading,Branch {i % 97},Kim Lee {i},"
                f"{i % 900 + 1} Main Street,Unit {i % 40},Toronto,M5H 1A1,ON,CA,"
                f"+1416{200 + (i // 10_000) % 700}{i % 10_000:04d},customer{i}@example.com,,person\n")
            rows += 1
    return rows


def run_import(csv_path: Path, pythonpath: Path) -> tuple[float, float, int]:
    """(peak RSS MB, seconds, exit code) of one import in a fresh child process."""
    data = Path(tempfile.mkdtemp(prefix="bench-csv-data-"))
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "QT_QPA_PLATFORM": "offscreen"}
    code = ("import sys, resource; from desktop_app.cli import main; rc = main(sys.argv[1:]); "
            "print('PEAK_KB', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "
            "file=sys.stderr); sys.exit(rc)")
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, "--data-dir", str(data), "customers",
                           "import", str(csv_path)], env=env, capture_output=True, text=True,
                          cwd=pythonpath)  # "" on sys.path is the cwd: that code, not ours
    seconds = time.perf_counter() - started
    peak_kb = next((int(line.split()[1]) for line in done.stderr.splitlines()
                    if line.startswith("PEAK_KB")), 0)
    subprocess.run(["rm", "-rf", str(data)], check=False)
    if done.returncode not in (0, 1):
        print(done.stderr[-2000:], file=sys.stderr)
    return peak_kb / 1024, seconds, done.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=60.0)
    parser.add_argument("--before", metavar="REV", help="also measure this git revision")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-csv-") as folder:
        csv_path = Path(folder) / "customers.csv"
        rows = write_csv(csv_path, args.mb)
        size_mb = csv_path.stat().st_size / (1024 * 1024)
        print(f"file: {size_mb:.1f} MB, {rows:,} customers")
        runs = [("now", REPO)]
        worktree = None
        if args.before:
            worktree = Path(folder) / "before"
            subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach",
                            str(worktree), args.before], check=True, capture_output=True)
            runs.insert(0, (args.before, worktree))
        try:
            print(f"{'code':>10} {'peak RSS MB':>12} {'x file':>7} {'seconds':>8} {'exit':>5}")
            for name, path in runs:
                peak, seconds, rc = run_import(csv_path, path)
                print(f"{name:>10} {peak:>12.0f} {peak / size_mb:>7.1f} {seconds:>8.1f} {rc:>5}")
        finally:
            if worktree is not None:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force",
                                str(worktree)], check=False, capture_output=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
