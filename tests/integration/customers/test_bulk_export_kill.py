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
from pathlib import Path

import httpx
import pytest
from demo_process import child_env, served_demo_shop
from demo_process import run_cli as _cli
from kill_process import kill_when

from desktop_app import SHOPIFY_API_VERSION

pytestmark = pytest.mark.slow

LOCAL = 30
NOS = [f"K{i:03d}" for i in range(LOCAL)]
ENV = {"SHOP_SYNC_TOKEN_S": "shpat_bulk_export_kill",
       "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
STATUS = "query S($id: ID!) { bulkOperation(id: $id) { status } }"
OPERATIONS = "{ bulkOperations(first: 10, query: \"operation_type:mutation\") { nodes { id } } }"
CUSTOMERS = "{ customers(first: 250) { nodes { id email } } }"


def _setup(tmp: Path, url: str) -> tuple[dict[str, str], Path]:
    env, data, csv = child_env(ENV), tmp / "data", tmp / "local.csv"
    csv.write_text("\n".join([
        "no,name,contact,address,city,post_code,country,phone,email",
        *(f"{no},Shop {i},Kim Lee{i},{i} Main St,Toronto,M5H 1A1,CA,+1416777{i:04d},"
          f"kim{i}@local.example" for i, no in enumerate(NOS))]) + "\n", "utf-8")
    for args in (("shop", "add", "S", "--api-url", url), ("customers", "import", str(csv)),
                 ("customers", "assign-web-upload", *NOS),
                 ("shop", "set", "S", "customer_import=none", "bulk_write_threshold=5")):
        _cli(env, data, *args)
    return env, data


def _gql(url: str, query: str, variables: dict | None = None) -> dict:
    return httpx.post(f"{url}/admin/api/{SHOPIFY_API_VERSION}/graphql.json",
                      headers={"X-Shopify-Access-Token": "admin"},
                      json={"query": query, "variables": variables or {}}).json()["data"]


def _kill_at(env: dict[str, str], data: Path, served, operation: str) -> None:  # type: ignore[no-untyped-def]
    """Run the sync and SIGKILL it as soon as the shop logged `operation` after the bulk
    mutation's start."""

    def seen() -> bool:
        names = [e.get("operationName") for e in served.request_entries()]
        return "BulkOperationRunMutation" in names and operation in names[
            names.index("BulkOperationRunMutation"):]

    assert kill_when(env, data, ["--json", "sync", "customers"], seen, deadline_s=60), (
        "the sync ended (or hung) before it could be killed")


@pytest.mark.parametrize(("kill_at", "finished"), [
    ("BulkOperationRunMutation", False),  # maybe before the id was recorded: found by text
    ("BulkOperationStatus", False),       # the id recorded, the operation still running
    ("BulkOperationRunMutation", True),   # it finished while nothing ran
])
def test_a_sync_killed_during_its_bulk_create_ends_the_same_when_run_again(
        tmp_path, kill_at, finished):
    # Each answer 100 ms late: the kill lands in the step it aims at even on a busy machine.
    with served_demo_shop("--customers", "0", "--latency-ms", "100",
                          request_log=tmp_path / "requests.jsonl") as served:
        env, data = _setup(tmp_path, served.url)
        _kill_at(env, data, served, kill_at)
        linked = [c for c in json.loads(_cli(env, data, "--json", "customers", "list").stdout)
                  if c["shopify_id"]]
        assert linked == []  # killed before any link was recorded
        if finished:
            for node in _gql(served.url, OPERATIONS)["bulkOperations"]["nodes"]:
                for _ in range(3):  # the demo's lifecycle moves on at each read
                    _gql(served.url, STATUS, {"id": node["id"]})
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
