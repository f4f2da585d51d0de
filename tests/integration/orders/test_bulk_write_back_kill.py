"""Issue 21: `shop-sync sync orders` killed (SIGKILL) while its bulk write-back runs, then run
again, ends with every document no. in Shopify exactly once and recorded as written, and
Shopify ran one bulk mutation in all (the second run adopts the first's, or finds the nos.
already there).

Everything is a real process: `shop-sync demo-shop serve` on a loopback port (its request log
tells when the bulk mutation was started) and the command line with its own data folder.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from demo_process import SHORT_WAITS, child_env, served_demo_shop
from demo_process import run_cli as _cli
from kill_process import kill_when

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.sync.rules.orders import DOC_NO_ATTRIBUTE

pytestmark = pytest.mark.slow

ORDERS_QUERY = "{ orders(first: 250) { nodes { id customAttributes { key value } } } }"


def _setup(tmp: Path, url: str) -> tuple[dict[str, str], Path]:
    env = child_env({"SHOP_SYNC_TOKEN_S": "shpat_bulk_kill_test", **SHORT_WAITS,
                     "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"})
    data = tmp / "data"
    _cli(env, data, "shop", "add", "S", "--api-url", url)
    csv = tmp / "web.csv"
    csv.write_text("no,name,country\nWEB,Web shop,CA\n", "utf-8")
    _cli(env, data, "customers", "import", str(csv))
    for code in ("6100", "6200", "2400"):
        _cli(env, data, "accounts", "add", code)
    _cli(env, data, "shop", "set", "S", "customer_import=none", "default_customer_no=WEB",
         "auto_create_orders=true", "auto_create_items=true", "shipping_charges_account=6100",
         "tip_account=6200", "sold_gift_card_account=2400", "bulk_write_threshold=5")
    return env, data


def _kill_when_started(env: dict[str, str], data: Path, served) -> bool:  # type: ignore[no-untyped-def]
    """Run the sync and SIGKILL it as soon as the shop logged its bulk mutation's start;
    True when it was killed (False: it ended first)."""
    return kill_when(env, data, ["--json", "sync", "orders"], lambda: any(
        e.get("operationName") == "BulkOperationRunMutation" for e in served.request_entries()))


def test_a_sync_killed_during_its_bulk_write_back_ends_the_same_when_run_again(tmp_path):
    log = tmp_path / "requests.jsonl"
    with served_demo_shop("--seed", "20", "--orders", "40", "--customers", "20",
                          request_log=log) as served:
        env, data = _setup(tmp_path, served.url)
        assert _kill_when_started(env, data, served)
        orders = json.loads(_cli(env, data, "--json", "orders", "list").stdout)
        with_doc = {o["shopify_id"]: o["document_no"] for o in orders if o["document_no"]}
        assert len(with_doc) >= 5  # documents made before the kill, their nos. not recorded

        _cli(env, data, "--json", "sync", "orders", ok=(0, 1))

        orders = json.loads(_cli(env, data, "--json", "orders", "list").stdout)
        after = {o["shopify_id"]: o["document_no"] for o in orders if o["document_no"]}
        assert after == with_doc  # no document made twice, none lost
        shop = httpx.post(f"{served.url}/admin/api/{SHOPIFY_API_VERSION}/graphql.json",
                          headers={"X-Shopify-Access-Token": "admin"},
                          json={"query": ORDERS_QUERY}).json()["data"]["orders"]["nodes"]
        in_shopify = {o["id"]: [a["value"] for a in o["customAttributes"]
                                if a["key"] == DOC_NO_ATTRIBUTE] for o in shop}
        for gid, no in after.items():
            assert in_shopify[gid] == [no], (gid, in_shopify[gid])
        entries = served.request_entries()
        names = [e.get("operationName") for e in entries]
        assert names.count("BulkOperationRunMutation") == 1, names  # adopted, or found done
        assert names.count("OrderUpdateAttributes") == 0
        # Every no. is recorded as written: a third run reads nothing to write them again.
        _cli(env, data, "--json", "sync", "orders", ok=(0, 1))
        third = served.request_entries()[len(entries):]
        assert not [e for e in third if e.get("operationName") == "OrderCustomAttributes"
                    or "BulkOrderAttributes" in json.dumps(e.get("variables"))], third
