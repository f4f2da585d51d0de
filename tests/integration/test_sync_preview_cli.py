"""Issue 19, the sync preview, with the command line against a served demo shop.

`shop-sync sync RESOURCE --preview --json` for every resource: nothing reaches Shopify that
changes it (the request log holds no mutation but a bulk export's start), the database file
is the same row for row, the Shopify side reads the same, and the `sync` right after reports
the very counts the preview gave, with no `changed_since_preview` warning (it compares its
own change list with the kept plan), also where the real run writes in bulk (the document
nos. written back: the preview, which never starts a bulk write, plans them one by one).
When Shopify changes in between, the run says so, naming the record.

Each command runs in-process through `cli.main --json` on a real SQLite data folder; the store
is a `shop-sync demo-shop serve` process on loopback.

Controls (checked by hand while writing, see the report): without the throw-away copy
(`service.sync` running the job on the file) the database comparison fails at the first
resource; without the held mutations the request log shows CustomerCreate; without
`check_against_plan` the last test finds no warning.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from json_cli import JsonCli
from test_real_store_cli_e2e import _mutations

SEED, CUSTOMERS, ORDERS = "19", "12", "12"
COUNTS = ("created", "updated", "skipped", "failed")


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path: Path, memory_keyring) -> JsonCli:
    monkeypatch.setenv("SHOP_SYNC_TOKEN_WEB", "shpat_preview")
    return JsonCli(capsys, monkeypatch, tmp_path / "data")


def _rows(data: Path) -> list[str]:
    """Every row of every table of the data folder's database, as SQL text."""
    (path,) = data.glob("*.sqlite3")
    with sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True) as db:
        return list(db.iterdump())


def _shopify(cli: JsonCli) -> dict[str, object]:
    """What the shop holds that a sync may write: customers with their addresses, companies
    with their locations, orders with their attributes, fulfillments and state."""
    customers = cli.gql("{ customers(first: 40) { nodes { id email firstName lastName phone "
                        "updatedAt addressesV2(first: 2) { nodes { address1 city zip } } } } }",
                        {})
    companies = cli.gql("{ companies(first: 10) { nodes { id name externalId updatedAt "
                        "locations(first: 5) { nodes { id externalId } } } } }", {})
    orders = cli.gql("{ orders(first: 40) { nodes { id updatedAt closed customAttributes "
                     "{ key value } fulfillments(first: 10) { id } } } }", {})
    return {"customers": customers, "companies": companies, "orders": orders}


def _preview_then_sync(cli: JsonCli, served, resource: str) -> tuple[dict, dict]:
    """Preview `resource` (proving it changed nothing), then sync it (proving it did what the
    preview said); both results."""
    rows, shop = _rows(cli.data), _shopify(cli)
    sent = len(served.request_entries())
    code, preview, err = cli.run("sync", resource, "--preview")
    assert code in (0, 1), err
    assert preview["preview"] is True and preview["resource"] == resource
    assert _mutations(served.request_entries()[sent:]) == [], resource
    assert _rows(cli.data) == rows, f"the preview of {resource} changed the database"
    assert _shopify(cli) == shop, f"the preview of {resource} changed Shopify"
    sent = len(served.request_entries())
    code, real, err = cli.run("sync", resource)
    assert code == (1 if preview["failed"] else 0), err
    real["sent"] = _mutations(served.request_entries()[sent:])
    assert {k: real[k] for k in COUNTS} == {k: preview[k] for k in COUNTS}, resource
    assert [w for w in real["warnings"] if w["code"] == "changed_since_preview"] == [], resource
    return preview, real


@pytest.mark.slow  # about 17 s: a preview and a sync of each of the six resources
def test_a_preview_of_each_resource_changes_nothing_and_the_sync_after_matches_it(
        cli, demo_server, tmp_path):
    served = demo_server("--seed", SEED, "--customers", CUSTOMERS, "--orders", ORDERS)
    cli.url = served.url
    cli.ok("shop", "add", "WEB", "--api-url", served.url)
    cli.ok("templates", "add", "RETAIL")
    for account in ("6100", "6200", "2400", "6300"):
        cli.ok("accounts", "add", account, f"name=Account {account}")
    cli.ok("shop", "set", "WEB", "auto_create_customers=true", "customer_import=all",
           "customer_template=RETAIL", "auto_create_items=true", "auto_create_orders=true",
           "export_customers=true", "shipping_charges_account=6100", "tip_account=6200",
           "sold_gift_card_account=2400", "refund_account=6300", "bulk_write_threshold=2")
    people = tmp_path / "people.csv"
    people.write_text("no,name,address,city,post_code,country,email,template\n"
                      "L1,Ann Local,5 Main St,Toronto,M5H 1A1,CA,ann.local@example.com,RETAIL\n"
                      "L2,Bob Local,6 Main St,Toronto,M5H 1A1,CA,bob.local@example.com,RETAIL\n",
                      "utf-8")
    cli.ok("customers", "import", str(people))
    cli.ok("customers", "assign-web-upload", "L1", "L2", "--shop", "WEB")

    previews = {}
    preview, real = _preview_then_sync(cli, served, "customers")
    previews["customers"] = preview
    # the two local customers are planned and made in Shopify; the shop's come in
    made = {c["record"] for c in preview["changes"]
            if c["side"] == "shopify" and c["action"] == "create"}
    assert made == {"L1", "L2"}, preview["changes"]
    assert preview["held"].get("CustomerCreate") == 2
    assert real["created"] >= int(CUSTOMERS)
    assert all(c["shopify_id"] for c in cli.ok("customers", "list")
               if c["no"] in ("L1", "L2"))

    previews["companies"] = _preview_then_sync(cli, served, "companies")[0]
    previews["orders"], real = _preview_then_sync(cli, served, "orders")
    assert previews["orders"]["created"] > 0
    # the real run wrote the document nos. back in bulk (threshold 2); the preview, which
    # never starts a bulk write, planned the same per order, one by one
    assert "BulkOperationRunMutation" in real["sent"], real["sent"]
    assert "BulkOperationRunMutation" not in previews["orders"]["held"]
    # documents were planned, with numbers the preview did not consume (the sync used them)
    documents = cli.ok("documents", "list")
    assert documents
    assert previews["orders"]["held"].get("OrderUpdateAttributes", 0) >= 2

    # a posted shipment and a posted invoice, for the two syncs that send them
    orders = {o["document_no"]: o for o in cli.ok("orders", "list") if o["document_no"]}
    unfulfilled = [no for no, o in orders.items()
                   if o["fulfillment_status"] in ("UNFULFILLED", None, "")]
    assert unfulfilled
    cli.ok("documents", "post-shipment", unfulfilled[0])
    shipments, _ = _preview_then_sync(cli, served, "shipments")
    assert (shipments["created"], shipments["held"]) == (1, {"FulfillmentCreate": 1})
    for resource in ("invoices", "gift-cards"):
        previews[resource] = _preview_then_sync(cli, served, resource)[0]
    assert previews["gift-cards"]["created"] > 0


def test_the_sync_after_a_preview_says_what_changed_in_shopify_in_between(cli, demo_server):
    served = demo_server("--seed", SEED, "--customers", "4", "--orders", "0")
    cli.url = served.url
    cli.ok("shop", "add", "WEB", "--api-url", served.url)
    cli.ok("templates", "add", "RETAIL")
    cli.ok("shop", "set", "WEB", "auto_create_customers=true", "customer_import=all",
           "customer_template=RETAIL")
    preview = cli.ok("sync", "customers", "--preview")
    planned = {c["record"] for c in preview["changes"]}
    made = cli.gql("mutation($i: CustomerInput!) { customerCreate(input: $i) { customer { id } "
                   "userErrors { message } } }",
                   {"i": {"email": "late.comer@example.com", "firstName": "Late",
                          "lastName": "Comer", "addresses": [{"address1": "1 King St",
                          "city": "Toronto", "zip": "M5H 1A1", "countryCode": "CA"}]}})
    assert made["customerCreate"]["userErrors"] == []
    real = cli.ok("sync", "customers")
    assert real["created"] == preview["created"] + 1
    warnings = [w for w in real["warnings"] if w["code"] == "changed_since_preview"]
    named = {w["record"] for w in warnings}
    assert named - planned, warnings  # the newcomer's customer, not in the preview
    assert any(w["field"] == "created" and f"{preview['created']} planned" in w["message"]
               for w in warnings), warnings
    # the plan is used once: a second sync has nothing to compare with
    again = cli.ok("sync", "customers")
    assert [w for w in again["warnings"] if w["code"] == "changed_since_preview"] == []


def test_preview_text_lists_the_planned_changes_and_says_nothing_was_changed(
        capsys, monkeypatch, tmp_path, memory_keyring, demo_server):
    from desktop_app.cli import main

    served = demo_server("--seed", SEED, "--customers", "3", "--orders", "0")
    monkeypatch.setenv("SHOP_SYNC_TOKEN_WEB", "shpat_preview")
    data = ["--data-dir", str(tmp_path / "data")]
    assert main([*data, "shop", "add", "WEB", "--api-url", served.url]) == 0
    assert main([*data, "templates", "add", "RETAIL"]) == 0
    assert main([*data, "shop", "set", "WEB", "auto_create_customers=true",
                 "customer_import=all", "customer_template=RETAIL"]) == 0
    capsys.readouterr()
    assert main([*data, "sync", "customers", "--preview"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("customers preview: Local: 3 created"), text
    assert text.count("  Local  create  ") == 3, text
    assert "preview: nothing was changed in Shopify or here" in text
    assert main([*data, "--json", "sync", "all", "--preview"]) == 0
    every = json.loads(capsys.readouterr().out)
    assert [r["resource"] for r in every] == [
        "customers", "companies", "orders", "shipments", "invoices", "gift-cards"]
    assert all(r["preview"] is True and "changes" in r for r in every)
    assert main([*data, "--json", "customers", "list"]) == 0
    assert json.loads(capsys.readouterr().out) == []  # still nothing here


def test_a_record_that_would_fail_is_listed_with_its_reason_not_as_a_field_value(tmp_path):
    """A failure writes nothing: "fail" entries carry no fields, and say the field, code and
    message as "errors" do (the message was given as the new value of the field before)."""
    from desktop_app.sync.preview import preview_json
    from desktop_app.sync.results import RecordChange, SyncResult

    result = SyncResult("customers")
    result.record_change(RecordChange("C00001", "shopify", "update", "customer:C00001",
                                      {"phone": ["+14165550100", "+14165550101"]}))
    result.fail("gid://shopify/Customer/1", "customer_template",
                "no customer template is set for US or the shop", code="no_template")
    changes = preview_json(result)["changes"]
    assert changes[0]["fields"] == {"phone": ["+14165550100", "+14165550101"]}
    assert changes[1] == {"record": "gid://shopify/Customer/1", "side": "local",
                          "action": "fail", "key": "", "fields": {},
                          "field": "customer_template", "code": "no_template",
                          "message": "no customer template is set for US or the shop"}
