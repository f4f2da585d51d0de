"""A reduced benchmark in CI: any regression in points per record or requests fails; the
wall time is printed beside the baseline's, and checked only on demand.

In a fresh interpreter (tests/benchmarks/run_all.py's `Bench`): 2,000 Shopify customers
imported in bulk against 2,000 local ones (1,000 twins by e-mail get linked, the rest
auto-created), then a no-change re-sync. The figures are compared with
tests/benchmarks/baseline.json, recorded on the CI machine (2 CPUs) with
`SHOP_SYNC_RECORD_BASELINE=1 pytest tests/integration/test_ci_benchmark.py`: points per
record and requests may not grow at all. Speed targets belong to the benchmarks, not to the
suite: a timing assert failed this test on a busy machine (4.31 s against 1.60 s while other
work shared the 2 CPUs), so the wall time (at most twice the baseline, twice 0.25 s for the
shorter no-change run) is checked only with `SHOP_SYNC_CHECK_TIME=1`. The figures are printed
(pytest -s, or in the failure text).
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BASELINE = REPO / "tests" / "benchmarks" / "baseline.json"
sys.path.insert(0, str(REPO / "tests" / "benchmarks"))

import run_all  # noqa: E402

CUSTOMERS = 2_000
TIME_FACTOR = 2.0
#: Baselines below this are raised to it before doubling: the no-change re-sync takes about
#: 60 ms, where a scheduler hiccup of a shared CI machine alone would double it.
TIME_FLOOR_S = 0.25


async def measure_here() -> dict[str, dict[str, float]]:
    """The figures, measured in this process."""
    rows = await run_all.customers_rows(CUSTOMERS, CUSTOMERS, incremental=False, later=False)
    full, again = rows
    return {
        "bulk_import": {"seconds": full.wall_s, "points_per_record": full.per_record,
                        "requests": full.requests, "records": full.records},
        "no_change": {"seconds": again.wall_s, "points": again.points,
                      "requests": again.requests},
    }


async def measure() -> dict[str, dict[str, float]]:
    """The figures, measured in a fresh interpreter: the import ends with one full garbage
    collection, whose cost grows with the heap, and the heap of this pytest process holds
    whatever the tests before this one left (2,400 of them: the no-change run measured
    0.58-0.72 s here, 0.10-0.15 s in a process of its own)."""
    code = ("import asyncio, json, sys; sys.path.insert(0, sys.argv[1]); "
            "import test_ci_benchmark as b; print(json.dumps(asyncio.run(b.measure_here())))")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(REPO), str(REPO / "tests" / "benchmarks"),
                                          os.environ.get("PYTHONPATH", "")])}
    done = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-c", code, str(Path(__file__).parent)],
        env=env, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def regressions(now: dict, base: dict, *, time: bool = True) -> list[str]:
    """Every way `now` is worse than `base` beyond the allowed margins (the wall time too
    when `time`)."""
    found = []
    for name in ("bulk_import", "no_change"):
        allowed = TIME_FACTOR * max(base[name]["seconds"], TIME_FLOOR_S)
        if time and now[name]["seconds"] > allowed:
            found.append(f"{name}: {now[name]['seconds']:.2f} s > {allowed:.2f} s allowed "
                         f"(baseline {base[name]['seconds']:.2f} s)")
        if now[name]["requests"] > base[name]["requests"]:
            found.append(f"{name}: {now[name]['requests']} requests > {base[name]['requests']}")
    if now["bulk_import"]["points_per_record"] > base["bulk_import"]["points_per_record"] + 1e-9:
        found.append(f"bulk_import: {now['bulk_import']['points_per_record']:.4f} points per "
                     f"record > {base['bulk_import']['points_per_record']:.4f}")
    if now["no_change"]["points"] > base["no_change"]["points"]:
        found.append(f"no_change: {now['no_change']['points']} points > "
                     f"{base['no_change']['points']}")
    return found


def test_control_a_doubled_time_or_a_point_more_is_caught() -> None:
    base = {"bulk_import": {"seconds": 1.0, "points_per_record": 0.006, "requests": 3},
            "no_change": {"seconds": 0.05, "points": 22, "requests": 1}}
    slower = json.loads(json.dumps(base))
    slower["bulk_import"]["seconds"] = 2.01
    costlier = json.loads(json.dumps(base))
    costlier["bulk_import"]["points_per_record"] = 0.0061
    assert regressions(base, base) == []
    assert len(regressions(slower, base)) == 1
    assert regressions(slower, base, time=False) == []
    assert len(regressions(costlier, base, time=False)) == 1


async def test_reduced_benchmark_against_the_baseline() -> None:
    now = await measure()
    print("\nCI benchmark:", json.dumps(now, indent=1))
    if os.environ.get("SHOP_SYNC_RECORD_BASELINE"):
        BASELINE.write_text(json.dumps({"machine": run_all.machine(), **now}, indent=1) + "\n")
        pytest.skip(f"baseline recorded in {BASELINE}")
    base = json.loads(BASELINE.read_text("utf-8"))
    assert now["bulk_import"]["records"] == CUSTOMERS
    assert now["no_change"]["requests"] == 1
    for name in ("bulk_import", "no_change"):
        print(f"{name}: {now[name]['seconds']:.3f} s, baseline {base[name]['seconds']:.3f} s, "
              f"ratio {now[name]['seconds'] / base[name]['seconds']:.2f}")
    problems = regressions(now, base, time=bool(os.environ.get("SHOP_SYNC_CHECK_TIME")))
    assert problems == [], (problems, now, base)
