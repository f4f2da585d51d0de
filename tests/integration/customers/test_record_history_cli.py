"""Issue 19, per-record history on the command line: a customers sync against a demo shop
served on loopback changes one customer locally (a phone changed in Shopify) and another in
Shopify (a phone changed here), and `shop-sync customers history NO`, run as a process, shows
each change on its side with the old and the new value, newest first; a preview stores none.
`shop-sync orders history NAME` finds an order by its name, GID or number: its import and
its document (number, total).

Controls: with `record_history.add_changes` doing nothing (no change stored with the run)
both histories are empty and the test fails at the first history assertion; with
`SyncResult.record_change` doing nothing (the jobs' change list left out) it fails already at
the preview's list.
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

pytestmark = pytest.mark.slow  # a served demo shop, several syncs and CLI processes


def _history(data: Path, *args: str, json_output: bool = True) -> Any:
    """`shop-sync [--json] customers|orders history ...`, a real process."""
    done = subprocess.run(
        [*shop_sync_command(), "--data-dir", str(data), *(["--json"] if json_output else []),
         *args], env=child_env(), capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout) if json_output else done.stdout


@pytest.fixture
def served(capsys, monkeypatch, tmp_path, memory_keyring, demo_server) -> JsonCli:
    shop = demo_server("--seed", "3", "--customers", "2", "--orders", "4")
    s = JsonCli(capsys, monkeypatch, tmp_path / "data", shop.url)
    s.ok("shop", "add", "DIR", "--api-url", shop.url)
    code, _, err = s.run("token", "set", "DIR", stdin="shpat_test\n")
    assert code == 0, err
    return s


def test_the_history_shows_each_sides_change_old_to_new(served, tmp_path):
    s = served
    made = s.gql(CREATE, {"input": {"firstName": "Sam", "lastName": "Shop", "email":
                                    "sam@shop.example", "phone": "+14165550111"}})
    gid = made["customerCreate"]["customer"]["id"]
    (tmp_path / "c.csv").write_text(
        "no,name,email,phone,address,city,post_code,country\n"
        "U1,Una Upload,una@upload.example,+14165550100,2 Main St,Toronto,M5H 1A1,CA\n",
        "utf-8")
    s.ok("customers", "import", str(tmp_path / "c.csv"))
    s.ok("customers", "assign-web-upload", "U1", "--shop", "DIR")
    s.ok("templates", "add", "RETAIL")
    s.ok("shop", "set", "DIR", "customer_import=all", "auto_create_customers=true",
         "customer_template=RETAIL", "shopify_can_update_customers=true")
    first = s.ok("sync", "customers")
    assert first["shopify"]["created"] == 1 and first["local"]["created"] == 3, first
    no = next(c["no"] for c in s.ok("customers", "list") if c["shopify_id"] == gid)

    # Shopify -> local: a phone changed in Shopify comes down. (Shopify's times are in
    # seconds: an edit in the second of the run's own writes would be taken for its echo.)
    time.sleep(1.1)
    data = s.gql(UPDATE, {"input": {"id": gid, "phone": "+14165550123"}})
    assert data["customerUpdate"]["userErrors"] == []
    assert s.ok("sync", "customers")["local"]["updated"] == 1

    # Local -> Shopify: a phone changed here goes up.
    s.ok("shop", "set", "DIR", "shopify_can_update_customers=false",
         "can_update_shopify_customers=true")
    s.ok("customers", "set", "U1", "phone=+14165550199")
    third = s.run("sync", "customers")[1]
    assert third["shopify"]["updated"] == 1, third

    # A preview plans a change and stores none: the history's newest entry of U1 stays
    # the local edit (`customers set`), not the Shopify update the preview lists.
    s.ok("customers", "set", "U1", "city=Ottawa")
    preview = s.run("sync", "customers", "--preview")[1]
    assert any(c["record"] == "U1" and c["side"] == "shopify" for c in preview["changes"])
    came_down = _history(s.data, "customers", "history", no)
    assert [(e["side"], e["action"]) for e in came_down] == [
        ("local", "update"), ("local", "create")], came_down
    assert came_down[0]["fields"] == {"phone": ["+14165550111", "+14165550123"]}
    assert came_down[0]["key"] == f"customer:{no}" and came_down[0]["shop"] == "DIR"
    assert came_down[1]["fields"]["name"] == [None, "Sam Shop"]
    assert came_down[1]["fields"]["phone"] == [None, "+14165550111"]
    assert came_down[0]["run"] > came_down[1]["run"]

    went_up = _history(s.data, "customers", "history", "U1")
    assert [(e["side"], e["action"], e["resource"]) for e in went_up] == [
        ("local", "update", "local-customers"),  # city: `customers set`, a run of no shop
        ("shopify", "update", "customers"), ("local", "update", "local-customers"),
        ("shopify", "create", "customers"),
        ("local", "create", "local-customers")], went_up  # the CSV import's row
    assert went_up[0]["fields"] == {"city": ["Toronto", "Ottawa"]}
    assert went_up[1]["fields"] == {"phone": ["+14165550100", "+14165550199"]}
    assert went_up[2]["fields"] == {"phone": ["+14165550100", "+14165550199"]}
    assert went_up[3]["fields"]["email"] == [None, "una@upload.example"]
    assert went_up[4]["fields"]["city"] == [None, "Toronto"]

    text = _history(s.data, "customers", "history", "U1", json_output=False)
    assert "shopify update  U1" in text
    assert "phone: '+14165550100' -> '+14165550199'" in text
    assert _history(s.data, "customers", "history", "NOBODY", json_output=False).strip() == \
        "No change of customer NOBODY recorded."


def test_orders_history_finds_an_order_by_name_newest_first(served):
    s = served
    for account in ("6100", "6200", "2400"):
        s.ok("accounts", "add", account, f"name=Account {account}")
    s.ok("templates", "add", "RETAIL")
    s.ok("shop", "set", "DIR", "customer_import=all", "auto_create_customers=true",
         "customer_template=RETAIL", "auto_create_items=true", "auto_create_orders=true",
         "shipping_charges_account=6100", "tip_account=6200", "sold_gift_card_account=2400")
    s.run("sync", "customers")
    synced = s.run("sync", "orders")[1]
    assert synced["created"] > 0, synced
    orders = s.ok("orders", "list")
    done = next(o for o in orders if o["document_no"])
    order = next(o for o in orders if o["shopify_id"] != done["shopify_id"])
    entries = _history(s.data, "orders", "history", done["name"])
    assert entries and all(e["key"] == f"order:{done['shopify_id']}" for e in entries)
    assert [e["run"] for e in entries] == sorted((e["run"] for e in entries), reverse=True)
    documents = [e for e in entries if "document_no" in e["fields"]
                 and e["fields"]["document_no"][0] is None and e["action"] == "create"]
    assert any(e["fields"]["document_no"][1] == done["document_no"] for e in documents)
    # By its GID and by its number alone too; another order's history is its own.
    number = done["shopify_id"].rsplit("/", 1)[1]
    assert _history(s.data, "orders", "history", number) == entries
    assert _history(s.data, "orders", "history", done["shopify_id"]) == entries
    other = _history(s.data, "orders", "history", order["name"])
    assert other and all(e["key"] == f"order:{order['shopify_id']}" for e in other)
