"""Which way records went, on the command line run as a process against a demo shop served on
loopback (issue 18): the history keeps a run's per-side counts (m0022) and `log --json` gives
them (`shopify`, `local`, `conflicts`, as a sync's JSON); `log`, `scheduler` and the order
actions say them as `sync` does ("Local: 6 created"), and count in English ("1 document").

Controls: before, `scheduler --once` said "6 created, 0 updated, 0 skipped, 0 failed", `log`
the same, `log --json` had no `local` key, and `orders create-documents` said "4 document(s)
created" with no side.
"""

from __future__ import annotations

import json
import re
import subprocess

import pytest
from demo_process import child_env, shop_sync_command

pytestmark = pytest.mark.slow  # about fifteen processes

GOOD_TOKEN = "shpat_0123456789abcdef0123456789abcdef"


def test_log_scheduler_and_order_actions_say_which_way_records_went(tmp_path, demo_server):
    served = demo_server("--seed", "17", "--customers", "6", "--orders", "4", request_log=False)
    env = child_env({"PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
                     "SHOP_SYNC_TOKEN_S": GOOD_TOKEN})
    data = str(tmp_path / "data")

    def run(*args: str) -> str:
        done = subprocess.run([*shop_sync_command(), "--data-dir", data, *args], env=env,
                              capture_output=True, text=True, timeout=60)
        assert done.returncode in (0, 1), (args, done.stdout, done.stderr)
        return done.stdout

    run("shop", "add", "S", "--api-url", served.url)
    run("templates", "add", "RETAIL")
    for code in ("6100", "6200", "2400"):
        run("accounts", "add", code)
    run("shop", "set", "S", "customer_import=all", "auto_create_customers=true",
        "customer_template=RETAIL", "auto_create_items=true", "auto_create_orders=false",
        "shipping_charges_account=6100", "tip_account=6200", "sold_gift_card_account=2400")
    run("schedules", "add", "customers", "--every", "5")

    said = run("scheduler", "--once")
    found = re.search(r"^S customers \(schedule 1\): ok: Local: (\d+) created \((\d+) requests?,",
                      said, re.M)
    assert found, said
    created = int(found[1])
    assert created == 6

    last, = json.loads(run("--json", "log", "--last", "1"))
    assert (last["resource"], last["created"]) == ("customers", created)
    assert last["local"] == {"created": created, "updated": 0, "linked": 0}
    assert last["shopify"] == {"created": 0, "updated": 0, "linked": 0}
    assert last["conflicts"] == 0
    assert re.search(rf" S customers ok: Local: {created} created$",
                     run("log", "--last", "1"), re.M)

    run("sync", "orders")
    orders = json.loads(run("--json", "orders", "list"))
    made = run("orders", "create-documents", "--all")
    lines = made.splitlines()
    documents = len([o for o in orders if o["state"] != "processed"])
    noun = "document" if documents == 1 else "documents"
    assert lines[0].startswith(f"{documents} {noun} created: "), made
    assert lines[1].strip().startswith("Local: "), made  # which way they went
    assert "(s)" not in made
