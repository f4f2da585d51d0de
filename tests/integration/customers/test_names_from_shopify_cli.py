"""Issue 20 on the command line: against a demo shop served on loopback (which, like real
Shopify, stores the customer's names on an address made without any and keeps them there
through renames), a customer renamed in Shopify is renamed locally by `shop-sync sync
customers` run as a process (`rules.name_origin`), while its address still holds the old names.

Control: with `name_origin.copied_names` returning False (Business Central's rule alone) the
local name stays "Ann Lee": the second sync updates nothing and the test fails there.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from customer_harness import CREATE, UPDATE
from demo_process import REPO, child_env, shop_sync_command
from json_cli import JsonCli
from test_record_history_cli import served  # noqa: F401 (the fixture)

pytestmark = pytest.mark.slow  # a served demo shop and CLI processes

READ = """query R($id: ID!) { customer(id: $id) {
  defaultAddress { firstName lastName } } }"""


def _cli(data: Path, *args: str) -> Any:
    """`shop-sync --json ...`, a real process (the token from the environment, as in an
    unattended run with no system keyring: the machine's keyring, locked or not, is not
    this test's)."""
    done = subprocess.run(
        [*shop_sync_command(), "--data-dir", str(data), "--json", *args],
        env=child_env({"SHOP_SYNC_TOKEN_DIR": "shpat_test",
                       "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}),
        capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def _name(s: JsonCli, gid: str) -> str:
    return next(c["name"] for c in _cli(s.data, "customers", "list") if c["shopify_id"] == gid)


def test_a_rename_in_shopify_comes_down_over_the_addresss_copied_names(served):  # noqa: F811
    s = served
    made = s.gql(CREATE, {"input": {
        "firstName": "Ann", "lastName": "Lee", "email": "ann@names.example",
        "addresses": [{"address1": "10 King St", "city": "Toronto", "zip": "M5H 1A1",
                       "countryCode": "CA", "provinceCode": "ON"}]}})
    gid = made["customerCreate"]["customer"]["id"]
    s.ok("templates", "add", "RETAIL")
    s.ok("shop", "set", "DIR", "customer_import=all", "auto_create_customers=true",
         "customer_template=RETAIL", "shopify_can_update_customers=true")
    assert _cli(s.data, "sync", "customers")["failed"] == 0
    assert _name(s, gid) == "Ann Lee"
    assert s.gql(READ, {"id": gid})["customer"]["defaultAddress"] == {
        "firstName": "Ann", "lastName": "Lee"}

    time.sleep(1.1)  # Shopify's times are in seconds: not in the second of the run's writes
    renamed = s.gql(UPDATE, {"input": {"id": gid, "lastName": "Roe"}})
    assert renamed["customerUpdate"]["userErrors"] == []
    result = _cli(s.data, "sync", "customers")
    assert (result["failed"], result["local"]["updated"]) == (0, 1), result
    assert _name(s, gid) == "Ann Roe"
    assert s.gql(READ, {"id": gid})["customer"]["defaultAddress"] == {
        "firstName": "Ann", "lastName": "Lee"}  # Shopify's address kept the first names
