"""Benchmark: what the per-record history (issue 19) costs a customers sync.

Runs run_all.py's customers rows (a bulk full import of N Shopify customers against L local
ones, then the incremental and no-change syncs) twice in separate processes: with the history
(the change list of the jobs, stored with the run) and without it (`SyncResult.record_change`
and `record_history.add_changes` made to do nothing), and prints both tables: wall seconds
and peak memory of each row.

Run: .venv/bin/python tests/benchmarks/bench_record_history.py [--customers 100000]
     (one side only: --side on|off)
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parents[1]))


def _without_history() -> None:
    from desktop_app.store import record_history
    from desktop_app.sync.results import SyncResult

    SyncResult.record_change = lambda self, change: None  # type: ignore[method-assign]
    record_history.add_changes = lambda run_id, changes, at=None: 0  # type: ignore[assignment]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, default=20_000)
    parser.add_argument("--side", choices=("on", "off"))
    args = parser.parse_args()
    rows = ["--customers", str(args.customers), "--local", str(args.customers),
            "--skip", "orders,stall,table"]
    if args.side is None:
        for side in ("off", "on"):
            subprocess.run([sys.executable, __file__, "--side", side,
                            "--customers", str(args.customers)], check=True)
        return 0
    if args.side == "off":
        _without_history()
    import run_all

    print(f"per-record history: {args.side.upper()}", flush=True)
    return asyncio.run(run_all.main(rows))


if __name__ == "__main__":
    sys.exit(main())
