"""Issue 17, first done-when, with the command line alone: from an empty data folder a
real-store card is added (its secret tested before anything is stored), configured (tax area,
customer templates, a country template, Shop Card codes: an unknown code refused, naming the
field), given items from a CSV, synced end to end, its orders turned into documents; a second
`sync all` changes nothing, and `log` shows every run.

Each command runs in-process through `cli.main --json` on a real SQLite data folder; the store
is a real `shop-sync demo-shop serve` process on loopback (added with `--api-url`, the form the
project accepts for a served shop), and its request log and GraphQL answers are the Shopify
side.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from json_cli import JsonCli

SEED, CUSTOMERS, ORDERS = "17", "12", "10"
SECRET_KEY = ("desktop_app.shopify", "WEB:token")
MUTATION_WORDS = ("mutation", "Create", "Update", "Delete")


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path: Path, memory_keyring) -> JsonCli:
    monkeypatch.delenv("SHOP_SYNC_TOKEN_WEB", raising=False)
    monkeypatch.delenv("SHOP_SYNC_CLIENT_SECRET_WEB", raising=False)
    return JsonCli(capsys, monkeypatch, tmp_path / "data")


def _shopify_ids(cli: JsonCli, root: str, search: str = "") -> set[str]:
    data = cli.gql(f"query($q: String) {{ {root}(first: 250, query: $q) {{ nodes {{ id }} }} }}",
                   {"q": search or None})
    return {node["id"] for node in data[root]["nodes"]}


def _mutations(entries: list[dict]) -> list[str]:
    """The operation names of the GraphQL mutations that write (a bulk export's start is a
    mutation that only reads) among request-log entries."""
    names = []
    for entry in entries:
        code = [line for line in entry["query"].splitlines()
                if line.strip() and not line.lstrip().startswith("#")]
        if code and code[0].lstrip().startswith("mutation") \
                and entry.get("operationName") != "BulkOperationRunQuery":
            names.append(entry.get("operationName") or code[0])
    return names


def test_a_real_store_from_an_empty_data_folder_with_the_command_line_alone(
        cli, demo_server, memory_keyring, tmp_path):
    served = demo_server("--seed", SEED, "--customers", CUSTOMERS, "--orders", ORDERS)
    cli.url = served.url
    assert not cli.data.exists()
    shopify_customers = _shopify_ids(cli, "customers")
    shopify_orders = _shopify_ids(cli, "orders", "status:open")  # a first run reads open ones
    assert 0 < len(shopify_orders) < len(_shopify_ids(cli, "orders"))
    assert len(shopify_customers) == int(CUSTOMERS)
    sold = cli.gql("query { orders(first: 20, query: \"status:open\") { nodes { lineItems("
                   "first: 10) { nodes { sku } } } } }", {})["orders"]["nodes"]
    skus = sorted({line["sku"] for order in sold for line in order["lineItems"]["nodes"]
                   if line["sku"]})
    asked_before = len(served.request_entries())

    # 1. the card: the secret is tested against the store before anything is stored
    shop = cli.ok("shop", "add", "WEB", "--api-url", served.url, "--test", stdin="shpat_ok\n")
    assert shop["connection"]["tested"] is True and shop["connection"]["secret"] == "keyring"
    assert shop["connection"]["missing_scopes"] == []
    assert memory_keyring.store[SECRET_KEY] == "shpat_ok"
    card = cli.ok("shop", "show", "WEB")
    assert (card["currency_code"], card["time_zone"]) == ("CAD", "America/Toronto")
    assert "currentAppInstallation" in served.request_entries()[asked_before]["query"]

    # 2. the tables the engine reads, from nothing
    assert cli.ok("templates", "list") == [] and cli.ok("tax-areas", "list") == []
    cli.ok("tax-areas", "add", "ON", "description=Ontario")
    assert cli.ok("templates", "add", "RETAIL", "description=Web shoppers",
                  "tax_area=ON")["created"] is True
    assert cli.ok("templates", "add", "EXPORT", "description=Outside Canada")["created"] is True
    cli.ok("country-templates", "set", "CA", "template=RETAIL", "tax_area=ON")
    assert cli.ok("country-templates", "list") == [
        {"shop": "WEB", "country": "CA", "template": "RETAIL", "default_customer_no": "",
         "tax_area": "ON", "county_source": ""}]

    for account, name in (("6100", "Shipping charges"), ("6200", "Tips"),
                          ("2400", "Gift cards sold")):
        assert cli.ok("accounts", "add", account, f"name={name}")["created"] is True

    # 3. the Shop Card: an unknown code is refused once, naming the field; then the right one
    code, data, err = cli.run("shop", "set", "WEB", "auto_create_customers=true",
                              "customer_template=NOPE")
    assert code == 2 and data is None
    assert "customer_template" in err and "NOPE" in err and len(err.strip().splitlines()) == 1
    refused = cli.ok("shop", "show", "WEB")
    assert refused["customer_template"] == "" and refused["auto_create_customers"] is False
    cli.ok("shop", "set", "WEB", "auto_create_customers=true", "customer_import=all",
           "customer_template=EXPORT", "auto_create_items=true",
           "shipping_charges_account=6100", "tip_account=6200",
           "sold_gift_card_account=2400")
    card = cli.ok("shop", "show", "WEB")
    assert (card["customer_template"], card["auto_create_customers"]) == ("EXPORT", True)

    # 4. items from a spreadsheet: two of the store's SKUs under the merchant's own numbers
    assert len(skus) >= 2
    items_csv = tmp_path / "items.csv"
    items_csv.write_text("no,description,sku,unit_price\n"
                         f"ITEM-A,Our first product,{skus[0]},10.00\n"
                         f"ITEM-B,Our second product,{skus[1]},20.00\n", "utf-8")
    cli.ok("items", "import", str(items_csv))

    # 5. the first sync: everything the store has comes in, nothing fails
    before_sync = len(served.request_entries())
    code, runs, err = cli.run("sync", "all")
    assert code == 0, (err, runs)
    by_resource = {r["resource"]: r for r in runs}
    assert sum(r["failed"] for r in runs) == 0, [r["errors"] for r in runs]
    assert by_resource["customers"]["created"] == int(CUSTOMERS)
    assert by_resource["orders"]["created"] >= len(shopify_orders) > 0
    customers = cli.ok("customers", "list")
    linked = [c for c in customers if c["shopify_id"]]
    assert {c["shopify_id"] for c in linked} == shopify_customers, customers
    assert len(linked) == int(CUSTOMERS)
    unlinked = [c for c in customers if not c["shopify_id"]]
    # the only local customers without a Shopify customer are B2B buyers of orders
    assert all(c["category"] == "organisation" for c in unlinked), unlinked
    orders = cli.ok("orders", "list")
    assert {o["shopify_id"] for o in orders} == shopify_orders
    assert all(o["error"] in (None, "") for o in orders), orders

    # the templates went where the country said: CA (and, with a warning, the customers with
    # no address: the shop's country) from RETAIL, the others from the card's EXPORT
    from desktop_app import paths
    from desktop_app.store.database import close_database, open_database
    from desktop_app.store.models import Customer
    open_database(paths.database_path(cli.data))
    try:
        made = {(c.no, c.country, c.template) for c in Customer.select()
                if c.template}
    finally:
        close_database()
    assert {t for _no, cc, t in made if cc == "CA"} == {"RETAIL"}
    assert {t for _no, cc, t in made if cc not in ("CA", "")} == {"EXPORT"}
    no_address = [w for w in by_resource["customers"]["warnings"] if w["code"] == "no_address"]
    assert all("template RETAIL of CA" in w["message"] for w in no_address)
    assert any(cc == "CA" for _no, cc, _t in made) and any(cc != "CA" for _no, cc, _t in made)

    # 6. documents for every order
    made_docs = cli.ok("orders", "create-documents", "--all")
    assert made_docs["failed"] == 0, made_docs["errors"]
    documents = cli.ok("documents", "list")
    assert documents and {d["shopify_order_id"] for d in documents} <= shopify_orders
    customer_nos = {c["no"] for c in customers}
    assert all(d["customer_no"] in customer_nos for d in documents)
    line_nos = {line["no"] for d in documents for line in d["lines"]}
    assert "6100" in line_nos  # shipping on the account set on the card
    processed = cli.ok("orders", "list")
    assert {o["state"] for o in processed} == {"processed"}, processed
    assert {o["document_no"] for o in processed} == {d["no"] for d in documents}
    # the imported items stand for their SKUs on the lines of the orders that sold them
    item_lines = {(line["no"], line["description"]) for d in documents for line in d["lines"]
                  if line["type"] == "item"}
    item_nos = {no for no, _description in item_lines}
    assert {"ITEM-A", "ITEM-B"} <= item_nos and not {skus[0], skus[1]} & item_nos
    # each document's number written back to its Shopify order (write_doc_no_to_shopify is
    # on by default), and nothing else written to the store
    written = _mutations(served.request_entries()[before_sync:])
    assert written == ["OrderUpdateAttributes"] * len(processed), written

    # 7. a second sync changes nothing, locally or in Shopify
    before_second = len(served.request_entries())
    code, again, err = cli.run("sync", "all")
    assert code == 0, err
    for run in again:
        assert (run["created"], run["updated"], run["failed"]) == (0, 0, 0), run
    assert _mutations(served.request_entries()[before_second:]) == []
    assert cli.ok("customers", "list") == customers
    assert cli.ok("documents", "list") == documents
    again_docs = cli.ok("orders", "create-documents", "--all")
    assert (again_docs["created"], again_docs["failed"]) == (0, 0)

    # 8. the log shows both runs of every resource and the documents run, newest first
    log = cli.ok("log", "--last", "50")
    resources = [r["resource"] for r in log if r["shop"] == "WEB"]
    for resource in ("customers", "companies", "orders", "shipments", "invoices", "gift-cards"):
        assert resources.count(resource) == 2, (resource, resources)
    assert "order-actions" in resources
    assert all(r["status"] == "ok" for r in log if r["resource"] != "local-setup"), [
        (r["resource"], r["status"], r["message"]) for r in log]
    assert json.dumps(log)  # plain JSON all through


def test_a_second_gift_card_sync_reports_nothing_updated(cli, demo_server):
    served = demo_server("--seed", SEED, "--customers", CUSTOMERS, "--orders", ORDERS)
    cli.ok("shop", "add", "WEB", "--api-url", served.url, "--test", stdin="shpat_ok\n")
    first = cli.ok("sync", "gift-cards")
    assert first["created"] >= 1
    again = cli.ok("sync", "gift-cards")
    assert (again["created"], again["updated"]) == (0, 0)


def test_the_b2b_buyer_made_by_the_orders_sync_shows_its_shopify_company(cli, demo_server):
    served = demo_server("--seed", SEED, "--customers", CUSTOMERS, "--orders", ORDERS)
    cli.ok("shop", "add", "WEB", "--api-url", served.url, "--test", stdin="shpat_ok\n")
    cli.ok("templates", "add", "EXPORT")
    cli.ok("shop", "set", "WEB", "auto_create_customers=true", "customer_import=all",
           "customer_template=EXPORT", "auto_create_items=true")
    cli.run("sync", "customers")
    cli.run("sync", "orders")
    rows = cli.ok("customers", "list")
    buyers = [row for row in rows if not row["shopify_id"]]
    assert buyers and all(row["category"] == "organisation" for row in buyers)
    assert all("shopify_company_id" in row for row in rows), sorted(rows[0])
    assert all(row["shopify_company_id"].startswith("gid://shopify/Company/")
               for row in buyers)


def test_locations_read_from_a_served_store_close_their_connections_cleanly(cli, demo_server):
    """`locations list|set` read Shopify in one event loop; their connections are closed in
    that loop, not in the one the command line closes its services with afterwards (which
    logged "closing after locations failed: RuntimeError: Event loop is closed")."""
    served = demo_server("--seed", SEED, "--customers", "2", "--orders", "0")
    cli.ok("shop", "add", "WEB", "--api-url", served.url, "--test", stdin="shpat_ok\n")
    rows = cli.ok("locations", "list")
    assert rows and all(r["in_shopify"] for r in rows)
    cli.ok("locations", "set", rows[0]["shopify_id"].rsplit("/", 1)[-1], "main")
    logged = "".join(p.read_text(encoding="utf-8")
                     for p in (cli.data / "logs").glob("*.log*"))
    assert "closing after locations failed" not in logged
    assert "Event loop is closed" not in logged
