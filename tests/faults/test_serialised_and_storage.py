"""Two syncs of one shop at once are serialised; a full disk or a locked database fails cleanly.

- Two `shop-sync sync` processes (and a third for the other resource) started together on one
  data folder: their runs in the sync history never overlap in time.
- A full disk (`PRAGMA max_page_count`, see db_limits_cli.py) and a database held locked by
  another connection past the busy timeout: exit 2, the typed error's text on stderr, no
  traceback, and the customer tables exactly as before (no partial write). After the disk has
  room again, the same sync gives the clean result.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from demo_process import REPO, served_demo_shop
from fault_harness import SHOP_ARGS, Scenario, Template, differences

pytestmark = pytest.mark.slow

HERE = Path(__file__).resolve().parent
LIMITED_CLI = [sys.executable, str(HERE / "db_limits_cli.py")]


def overlapping(runs: list[dict]) -> list[tuple[int, int]]:
    """Pairs of run ids whose [started_at, finished_at] intervals overlap."""
    spans = sorted(
        (datetime.fromisoformat(r["started_at"]), datetime.fromisoformat(r["finished_at"]),
         r["id"]) for r in runs)
    return [(a[2], b[2]) for a, b in zip(spans, spans[1:]) if b[0] < a[1]]


def test_overlap_check_control() -> None:
    runs = [{"id": 1, "started_at": "2026-01-01T10:00:00+00:00",
             "finished_at": "2026-01-01T10:00:05+00:00"},
            {"id": 2, "started_at": "2026-01-01T10:00:04+00:00",
             "finished_at": "2026-01-01T10:00:09+00:00"}]
    assert overlapping(runs) == [(1, 2)]
    runs[1]["started_at"] = "2026-01-01T10:00:05+00:00"
    assert overlapping(runs) == []


def test_two_syncs_of_one_shop_are_serialised(tmp_path: Path, template: Template) -> None:
    with served_demo_shop(*SHOP_ARGS) as served:
        s = template.scenario(tmp_path, served.url)
        processes = [s.popen("--json", "sync", name, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
                     for name in ("customers", "customers", "orders")]
        outputs = [p.communicate(timeout=180) for p in processes]
        assert all(p.returncode in (0, 1) for p in processes), [o[1][-1500:] for o in outputs]
        # The shop's runs (the set-up's `customers import` is a run of no shop).
        runs = json.loads(s.cli("--json", "log", "--last", "10", "--shop", "S").stdout)
    assert len(runs) == 3 and all(r["finished_at"] for r in runs), runs
    assert overlapping(runs) == [], runs


def _tables(db: Path) -> dict[str, list]:
    with sqlite3.connect(db) as con:
        return {name: con.execute(f"SELECT * FROM {name} ORDER BY id").fetchall()
                for name in ("customer", "shopify_customer", "shopify_address")}


def _limited(s: Scenario, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*LIMITED_CLI, "--data-dir", str(s.data), *args],
                          env={**s.env, **env}, capture_output=True, text=True, timeout=120,
                          cwd=REPO)


@pytest.fixture(scope="module")
def customers_shop():
    """One served shop for the tests below that sync customers only: with the scenario's
    settings that sync only reads the shop (a bulk export; nothing is created or updated in
    it), so each test finds the shop as generated."""
    with served_demo_shop(*SHOP_ARGS) as served:
        yield served


def test_full_disk_is_reported_and_writes_nothing(tmp_path: Path, template: Template,
                                                  customers_shop, clean_run: dict) -> None:
    s = template.scenario(tmp_path, customers_shop.url)
    before = _tables(s.db_path)
    done = _limited(s, {"FAULT_DB_SPARE_PAGES": "3"}, "sync", "customers")
    assert done.returncode == 2, done.stderr[-2000:]
    assert "disk holding the database is full" in done.stderr, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert _tables(s.db_path) == before
    # Control: the same limit with room to spare lets the sync through.
    roomy = _limited(s, {"FAULT_DB_SPARE_PAGES": "5000"}, "sync", "customers")
    assert roomy.returncode in (0, 1), roomy.stderr[-2000:]
    assert differences(clean_run["customers_only"], s.snapshot()) == []


def test_locked_database_is_reported_and_writes_nothing(tmp_path: Path, template: Template,
                                                       customers_shop) -> None:
    s = template.scenario(tmp_path, customers_shop.url)
    before = _tables(s.db_path)
    holder = sqlite3.connect(s.db_path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another program's write lock, held throughout
        done = _limited(s, {"FAULT_DB_BUSY_TIMEOUT": "0.5"}, "sync", "customers")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert done.returncode == 2, done.stderr[-2000:]
    assert "database is in use by another" in done.stderr, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    assert _tables(s.db_path) == before


def test_a_disk_full_midway_counts_only_what_was_saved(tmp_path: Path) -> None:
    """Reliability review finding 8: after a full disk part-way through an import the run said
    "Nothing was saved" though 185 customers were committed, and its counts took in the page
    that was rolled back. The run now counts only committed pages, and its message says that
    what was saved stays saved."""
    with served_demo_shop("--seed", "3", "--customers", "1200", "--orders", "0") as served:
        s = Scenario(tmp_path, served.url)
        s.cli("shop", "add", "S", "--api-url", served.url)
        s.cli("token", "set", "S", stdin="shpat_fault_suite_not_secret\n")
        s.cli("templates", "add", "WEB")
        s.cli("shop", "set", "S", "customer_import=all", "auto_create_customers=true",
              "customer_template=WEB")
        done = _limited(s, {"FAULT_DB_SPARE_PAGES": "120"}, "sync", "customers")
        assert done.returncode == 2, done.stderr[-2000:]
        assert "Traceback" not in done.stderr
        assert "saved before that stays saved" in done.stderr
        saved = len(json.loads(s.cli("--json", "customers", "list").stdout))
        run = json.loads(s.cli("--json", "log", "--last", "1").stdout)[0]
    assert 0 < saved < 1200  # the disk filled part-way (a control of the set-up)
    assert run["status"] == "failed" and run["created"] == saved
    assert "disk" in run["message"]
