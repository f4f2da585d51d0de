"""Issue 21: `shop-sync sync customers` killed (SIGKILL) once its bulk create of new customers
was started, then run again, ends with every local customer linked to exactly one Shopify
customer, none made twice, and Shopify ran one bulk mutation in all: the second run adopts
the first's operation (by the id the first recorded, or by its text when the kill came before
the id was recorded), running or already finished, and links from its result file.

Everything is a real process: `shop-sync demo-shop serve` on a loopback port (its request log
tells when the bulk mutation was started) and the command line with its own data folder.
"""

from __future__ import annotations

import json
import sqlite3

import pytest
from bulk_write_harness import (
    CUSTOMERS,
    KILL_CASES,
    LOCAL,
    finish_served_bulk_mutations,
    kill_sync_at,
    process_shop,
    slow_served_shop,
)
from bulk_write_harness import served_gql as _gql
from demo_process import run_cli as _cli

pytestmark = pytest.mark.slow

TOKEN = "shpat_bulk_export_kill"


@KILL_CASES
def test_a_sync_killed_during_its_bulk_create_ends_the_same_when_run_again(
        tmp_path, kill_at, finished):
    with slow_served_shop(tmp_path) as served:
        env, data = process_shop(tmp_path, served.url, TOKEN)
        kill_sync_at(env, data, served, kill_at)
        linked = [c for c in json.loads(_cli(env, data, "--json", "customers", "list").stdout)
                  if c["shopify_id"]]
        assert linked == []  # killed before any link was recorded
        if finished:
            finish_served_bulk_mutations(served.url)
            assert len(_gql(served.url, CUSTOMERS)["customers"]["nodes"]) == LOCAL

        done = _cli(env, data, "--json", "sync", "customers")
        assert json.loads(done.stdout)["errors"] == []

        listed = json.loads(_cli(env, data, "--json", "customers", "list").stdout)
        shop = _gql(served.url, CUSTOMERS)["customers"]["nodes"]
        assert sorted(c["email"] for c in shop) == sorted(
            f"kim{i}@local.example" for i in range(LOCAL))  # none twice, none lost
        by_id = {c["id"]: c["email"] for c in shop}
        assert {c["no"]: by_id.get(c["shopify_id"]) for c in listed} == {
            f"K{i:03d}": f"kim{i}@local.example" for i in range(LOCAL)}
        names = [e.get("operationName") for e in served.request_entries()]
        assert names.count("BulkOperationRunMutation") == 1, names
        assert names.count("CustomerCreate") == 0
        with sqlite3.connect(data / "shop_sync.sqlite3") as con:
            reasons = {r for (r,) in con.execute("SELECT match_reason FROM shopify_customer")}
        assert reasons == {"exported"}
        # Nothing is owed any more: a third run sends nothing.
        before = len(names)
        third = json.loads(_cli(env, data, "--json", "sync", "customers").stdout)
        assert (third["created"], third["updated"], third["errors"]) == (0, 0, [])
        later = [e.get("operationName") for e in served.request_entries()][before:]
        assert not {"BulkOperationRunMutation", "CustomerCreate", "CustomerSearch",
                    "BulkOperationRunQuery"} & set(later), later
