"""Issue 18: a sync's result says which way records went, counts what the tabs show, and does
not hide conflicts, through `shop-sync --json` (in-process) against a demo shop served on
loopback (`shop-sync demo-shop serve`) or the built-in demo.

- `shopify` and `local` ({created, updated, linked}) of a customers sync that exports and
  imports are what really changed in the demo shop and in the local database; the totals
  `created`/`updated` are what they were before issue 18; the text says "Shopify: 2 created ·
  Local: ...". Control: before issue 18 the result had no `shopify` nor `local` (KeyError),
  and the text said "2+N created, 1 updated" without a side.
- The demo's first orders sync reports as created the orders the Orders tab lists. Control:
  it said 104 for 103 orders: the company of the demo's B2B order, created on the side, was
  counted as an order.
(The conflicts of item 3: tests/integration/orders/test_order_lifecycle.py.)
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from customer_harness import UPDATE
from json_cli import JsonCli

from desktop_app.cli import main
from desktop_app.sync.results import SyncResult
from desktop_app.ui.result_text import result_text

CUSTOMERS = "query { customers(first: 50) { nodes { id email } } }"


@pytest.fixture
def served(capsys, monkeypatch, tmp_path, memory_keyring, demo_server
           ) -> Callable[..., JsonCli]:
    """A shop card DIR on a served demo shop (`options`), with a token."""

    def start(*options: str) -> JsonCli:
        shop = demo_server("--seed", "3", *options)
        s = JsonCli(capsys, monkeypatch, tmp_path / "data", shop.url)
        s.ok("shop", "add", "DIR", "--api-url", shop.url)
        code, _, err = s.run("token", "set", "DIR", stdin="shpat_test\n")
        assert code == 0, err
        return s

    return start


def _shopify_emails(s: JsonCli) -> dict[str, str]:
    return {n["id"]: n["email"] for n in s.gql(CUSTOMERS, {})["customers"]["nodes"]}


def _local(s: JsonCli) -> dict[str, dict[str, Any]]:
    return {c["no"]: c for c in s.ok("customers", "list")}


def test_a_customers_sync_says_what_it_did_in_shopify_and_locally(served, tmp_path, capsys):
    s = served("--customers", "5", "--orders", "0")
    in_shopify = _shopify_emails(s)
    known_gid, known_email = next(iter(in_shopify.items()))
    # One local customer is a Shopify customer already (same e-mail: linked, not created);
    # two are new and ticked for Web Upload (created in Shopify).
    (tmp_path / "c.csv").write_text(
        "no,name,email,phone,address,city,post_code,country\n"
        f"M1,Known Person,{known_email},,1 Main St,Toronto,M5H 1A1,CA\n"
        "U1,Una Upload,una@upload.example,,2 Main St,Toronto,M5H 1A1,CA\n"
        "U2,Ugo Upload,ugo@upload.example,,3 Main St,Toronto,M5H 1A1,CA\n", "utf-8")
    s.ok("customers", "import", str(tmp_path / "c.csv"))
    s.ok("customers", "assign-web-upload", "U1", "U2", "--shop", "DIR")
    s.ok("templates", "add", "RETAIL")
    s.ok("shop", "set", "DIR", "customer_import=all", "auto_create_customers=true",
         "customer_template=RETAIL", "export_customers=true",
         "shopify_can_update_customers=true")
    local_before = _local(s)

    result = s.ok("sync", "customers")

    assert result["failed"] == 0, result["errors"]
    local_after = _local(s)
    shopify_after = _shopify_emails(s)
    made_in_shopify = set(shopify_after) - set(in_shopify)
    made_locally = set(local_after) - set(local_before)
    assert {shopify_after[g] for g in made_in_shopify} == {"una@upload.example",
                                                           "ugo@upload.example"}
    assert local_after["M1"]["shopify_id"] == known_gid
    assert result["shopify"] == {"created": 2, "updated": 0, "linked": 0}
    assert result["local"] == {"created": len(made_locally), "updated": 0, "linked": 1}
    assert len(made_locally) == 4  # the other Shopify customers, auto-created
    # The totals are those of before issue 18: a link counts as updated.
    assert (result["created"], result["updated"]) == (2 + 4, 1)

    # A second run: a phone changed in Shopify comes down. (Shopify's times are in seconds:
    # an edit in the second of the first run's own writes would be taken for their echo.)
    time.sleep(1.1)
    other_gid = next(g for g in in_shopify if g != known_gid)
    data = s.gql(UPDATE, {"input": {"id": other_gid, "phone": "+14165550123"}})
    assert data["customerUpdate"]["userErrors"] == []
    again = s.ok("sync", "customers")
    assert again["failed"] == 0, again["errors"]
    changed = next(c for c in _local(s).values() if c["shopify_id"] == other_gid)
    assert changed["phone"] == "+14165550123"
    assert again["shopify"] == {"created": 0, "updated": 0, "linked": 0}
    assert again["local"] == {"created": 0, "updated": 1, "linked": 0}
    assert (again["created"], again["updated"]) == (0, 1)

    # A third, the other way: a phone changed here goes up; the text says where.
    s.ok("shop", "set", "DIR", "shopify_can_update_customers=false",
         "can_update_shopify_customers=true")
    s.ok("customers", "set", "U1", "phone=+14165550199")
    # (C00002, made here from a Shopify customer with no address, cannot be sent back: no
    # country; exit 1.)
    assert main(["--data-dir", str(s.data), "sync", "customers"]) == 1
    assert capsys.readouterr().out.startswith(
        "customers: Shopify: 1 updated · 8 skipped, 1 failed (")
    u1 = next(c for c in _local(s).values() if c["no"] == "U1")
    phone = s.gql("query Q($id: ID!) { customer(id: $id) { phone } }",
                  {"id": u1["shopify_id"]})["customer"]["phone"]
    assert phone == "+14165550199"


def test_the_result_text_names_the_sides_and_reads_right_for_one_and_many():
    result = SyncResult("customers")
    result.count("shopify", "created", 7)
    result.count("local", "linked", 87)
    result.count("local", "updated", 3)
    result.fail("C1", "email", "no e-mail")
    result.fail("C2", "email", "no e-mail")
    assert result_text(result) == "Shopify: 7 created · Local: 87 linked, 3 updated · 2 failed"
    assert (result.created, result.updated, result.failed) == (7, 90, 2)
    one = SyncResult("orders", skipped=16)
    one.count("local", "created")
    one.conflicts = 1
    assert result_text(one) == "Local: 1 created · 16 skipped · 1 conflict to resolve"
    # A run that counts no sides (set by hand) still says its counts, and 0 is not said.
    assert result_text(SyncResult("local-setup", created=1)) == "1 created"
    assert result_text(SyncResult("orders")) == "Nothing changed"


def test_the_demos_first_orders_sync_counts_the_orders_the_tab_lists(
        capsys, monkeypatch, tmp_path, memory_keyring):
    s = JsonCli(capsys, monkeypatch, tmp_path / "data")
    s.ok("shop", "add", "DEMO", "--demo", "--bare")
    s.ok("templates", "add", "RETAIL")
    s.ok("shop", "set", "DEMO", "auto_create_customers=true", "customer_template=RETAIL",
         "auto_create_items=true", "customer_import=all")
    s.ok("sync", "customers")
    orders = s.ok("sync", "orders")
    listed = s.ok("orders", "list")  # what the Orders tab shows (`store.orders.list_orders`)
    assert orders["failed"] == 0, orders["errors"]
    assert orders["created"] == len(listed) == orders["local"]["created"]
    # The B2B order's company was still made, on the side: the order has its customer.
    b2b = [o for o in listed if o["payment_terms"]]
    assert b2b and all(o["customer_no"] for o in b2b)
