"""The sync preview on a shared PostgreSQL database (issue 22 x 19): real `shop-sync`
processes pointed at a database served by a real PostgreSQL server (tests/postgres.py),
previewing then syncing a demo shop served on loopback.

The preview runs in a throw-away SQLite copy of the server's data (`store/snapshot.py`):
the server keeps every row as it was (also after `sync all --preview`, what the window's
Sync all runs first), the shop receives no mutation, and the sync right after does what
the preview said (the counts, no `changed_since_preview` warning).

Control (checked by hand while writing, see the report): before the snapshot knew
PostgreSQL, the preview stopped with exit code 2 (an AttributeError: the snapshot took the
server for a SQLite file), so the command's exit-code check failed.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from demo_process import run_cli
from postgres import emptied
from postgres_rows import server_rows
from test_pg_workstations import _env, _json
from test_real_store_cli_e2e import _mutations

SEED, CUSTOMERS = "22", "25"
COUNTS = ("created", "updated", "skipped", "failed")


@pytest.mark.slow  # about 25 s: eight commands, each a process
def test_a_preview_on_the_server_changes_nothing_and_the_sync_after_matches_it(
        pg_server, demo_server, tmp_path: Path):
    url = emptied(pg_server)
    served = demo_server("--seed", SEED, "--customers", CUSTOMERS, "--orders", "0")
    env, data = _env(url), tmp_path / "till"
    run_cli(env, data, "templates", "add", "RETAIL")
    run_cli(env, data, "shop", "add", "WEB", "--api-url", served.url)
    run_cli(env, data, "shop", "set", "WEB", "customer_import=all",
            "auto_create_customers=true", "customer_template=RETAIL", "export_customers=true")
    people = tmp_path / "people.csv"
    people.write_text("no,name,address,city,post_code,country,email,template\n"
                      "L1,Ann Local,5 Main St,Toronto,M5H 1A1,CA,ann.local@example.com,RETAIL\n",
                      "utf-8")
    run_cli(env, data, "customers", "import", str(people))
    run_cli(env, data, "customers", "assign-web-upload", "L1", "--shop", "WEB")
    before, sent = server_rows(url), len(served.request_entries())
    assert sum(len(rows) for rows in before.values()) > 0

    preview = _json(env, data, "sync", "customers", "--preview", ok=(0, 1))

    assert preview["preview"] is True and preview["created"] >= int(CUSTOMERS), preview
    assert {c["record"] for c in preview["changes"]
            if c["side"] == "shopify" and c["action"] == "create"} == {"L1"}
    assert preview["held"].get("CustomerCreate") == 1
    assert _mutations(served.request_entries()[sent:]) == []
    assert server_rows(url) == before, "the preview changed the server's database"
    assert not list(data.glob("*.sqlite3"))  # and wrote no database file of its own
    every = _json(env, data, "sync", "all", "--preview", ok=(0, 1))  # the window's Sync all
    assert len(every) > 1 and all(r["preview"] is True for r in every), every
    assert _mutations(served.request_entries()[sent:]) == []
    assert server_rows(url) == before, "the preview of sync all changed the server's database"

    real = _json(env, data, "sync", "customers", ok=(0, 1))
    assert {k: real[k] for k in COUNTS} == {k: preview[k] for k in COUNTS}
    assert [w for w in real["warnings"] if w["code"] == "changed_since_preview"] == []
    assert Counter(_mutations(served.request_entries()[sent:])) == preview["held"]
    customers = _json(env, data, "customers", "list")
    made_here = [c for c in preview["changes"]
                 if c["side"] != "shopify" and c["action"] == "create"]
    assert len(customers) == 1 + len(made_here) >= 1 + int(CUSTOMERS)
    assert [c["shopify_id"] for c in customers if c["no"] == "L1"] != [""]
