"""Issue 21: `shop-sync sync customers` killed (SIGKILL) once its bulk update of linked
customers was started, then run again, ends as a run that was not killed: Shopify holds each
edit once, the app's mirror and agreed values hold what Shopify does, no update is written
twice (one bulk update operation in all, no `customerUpdate`), and a third run sends nothing.
The demo shop (`shop-sync demo-shop serve`, on loopback, its request log saying when the bulk
update began) and each `shop-sync` run are processes of their own, the latter SIGKILLed.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from bulk_write_harness import (
    CUSTOMERS,
    KILL_CASES,
    LOCAL,
    finish_served_bulk_mutations,
    kill_sync_at,
    local_csv,
    operation_names,
    process_shop,
    slow_served_shop,
)
from bulk_write_harness import served_gql as _gql
from demo_process import run_cli as _cli

pytestmark = pytest.mark.slow



def _setup(tmp: Path, url: str) -> tuple[dict[str, str], Path]:
    """Local customers created in Shopify in bulk and linked, then given new e-mails."""
    env, data = process_shop(tmp, url, "shpat_bulk_update_kill")
    first = json.loads(_cli(env, data, "--json", "sync", "customers").stdout)
    assert (first["created"], first["errors"]) == (LOCAL, [])
    _cli(env, data, "customers", "import", str(local_csv(tmp, "new.example")))
    return env, data


def _app_state(data: Path) -> dict[str, tuple[str, str, str]]:
    """Per Shopify customer: the mirror's e-mail, and the agreed local and Shopify e-mails."""
    with sqlite3.connect(data / "shop_sync.sqlite3") as con:
        mirror = dict(con.execute("SELECT shopify_id, email FROM shopify_customer"))
        agreed = {gid: (json.loads(local).get("email", ""), json.loads(shopify).get("email", ""))
                  for gid, local, shopify in con.execute(
                      "SELECT shopify_id, local_values, shopify_values FROM customer_agreed")}
    return {gid: (email, *agreed.get(gid, ("", ""))) for gid, email in mirror.items()}


@KILL_CASES
def test_a_sync_killed_during_its_bulk_update_ends_the_same_when_run_again(
        tmp_path, kill_at, finished):
    with slow_served_shop(tmp_path) as served:
        env, data = _setup(tmp_path, served.url)
        kill_sync_at(env, data, served, kill_at, nth=2)  # the first was the setup's create
        if finished:
            finish_served_bulk_mutations(served.url)
            assert sorted(c["email"] for c in _gql(served.url, CUSTOMERS)["customers"][
                "nodes"]) == sorted(f"kim{i}@new.example" for i in range(LOCAL))

        done = json.loads(_cli(env, data, "--json", "sync", "customers").stdout)
        assert (done["errors"], done["updated"]) == ([], LOCAL)

        shop = {c["id"]: c["email"] for c in _gql(served.url, CUSTOMERS)["customers"]["nodes"]}
        assert sorted(shop.values()) == sorted(f"kim{i}@new.example" for i in range(LOCAL))
        # The mirror and the agreed values hold what Shopify holds, as after an unkilled run.
        assert _app_state(data) == {gid: (email, email, email) for gid, email in shop.items()}
        names = operation_names(served)
        assert names.count("BulkOperationRunMutation") == 2, names  # the create, one update
        assert names.count("CustomerUpdate") == 0
        # Nothing is owed any more: a third run sends nothing.
        before = len(names)
        third = json.loads(_cli(env, data, "--json", "sync", "customers").stdout)
        assert (third["created"], third["updated"], third["errors"]) == (0, 0, [])
        later = operation_names(served)[before:]
        assert not {"BulkOperationRunMutation", "CustomerUpdate"} & set(later), later
