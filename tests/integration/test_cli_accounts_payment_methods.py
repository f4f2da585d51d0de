"""Issue 17: the G/L accounts and the payment methods, set up with the command line alone
against a served demo shop (`shop-sync demo-shop serve` on loopback standing in for the real
store; ../shared/CLI.md).

- `accounts list|add|remove`: a Shop Card account setting names a local account (exit 2
  otherwise); an account a setting or a document uses is not removed, and the refusal says
  which; every change is a recorded run.
- `payment-methods list|add|remove` and `mappings set payment-method GATEWAY CODE`: the
  document of an order paid through one gateway takes the payment method that gateway is
  mapped to (bc_connector §1.11), as Shopify's own transactions show it.
"""

from __future__ import annotations

import pytest
from json_cli import JsonCli

SEED, CUSTOMERS, ORDERS = "17", "12", "10"
#: An order's gateways as Shopify gives them (successful payments only).
TRANSACTIONS = """
query { orders(first: 50) { nodes { id transactions { kind status gateway } } } }"""


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path, memory_keyring, demo_server) -> JsonCli:
    monkeypatch.delenv("SHOP_SYNC_TOKEN_WEB", raising=False)
    served = demo_server("--seed", SEED, "--customers", CUSTOMERS, "--orders", ORDERS)
    session = JsonCli(capsys, monkeypatch, tmp_path / "data", served.url)
    session.ok("shop", "add", "WEB", "--api-url", served.url, "--test", stdin="shpat_ok\n")
    session.ok("templates", "add", "RETAIL")
    session.ok("shop", "set", "WEB", "customer_import=all", "auto_create_customers=true",
               "customer_template=RETAIL", "auto_create_items=true")
    return session


def test_accounts_are_checked_and_kept_while_a_setting_or_a_document_uses_them(cli):
    assert cli.ok("accounts", "list") == []
    # Control: before the accounts table any text was saved as an account.
    code, _out, err = cli.run("shop", "set", "WEB", "shipping_charges_account=6100")
    assert code == 2 and "shipping_charges_account" in err and "'6100'" in err, err
    made = cli.ok("accounts", "add", "6100", "name=Shipping charges")
    assert made == {"code": "6100", "name": "Shipping charges", "created": True}
    assert cli.ok("accounts", "add", "6100", "name=Freight")["created"] is False
    code, _out, err = cli.run("accounts", "add", "61 00")
    assert code == 2 and "no spaces" in err
    cli.ok("accounts", "add", "6200", "name=Tips")
    cli.ok("accounts", "add", "2400", "name=Gift cards sold")
    cli.ok("shop", "set", "WEB", "shipping_charges_account=6100", "tip_account=6200",
           "sold_gift_card_account=2400")

    code, _out, err = cli.run("accounts", "remove", "6200")
    assert code == 2 and "the Shop Card setting tip_account of shop WEB" in err, err
    cli.ok("sync", "customers")
    cli.run("sync", "orders")
    made = cli.ok("orders", "create-documents", "--all")
    assert made["failed"] == 0, made["errors"]
    shipped = sorted(d["no"] for d in cli.ok("documents", "list")
                     if any(line["no"] == "6100" for line in d["lines"]))
    assert shipped
    cli.ok("shop", "set", "WEB", "shipping_charges_account=")
    code, _out, err = cli.run("accounts", "remove", "6100")
    assert code == 2 and f"document {shipped[0]}" in err, err  # still on the documents
    rows = {r["code"]: r for r in cli.ok("accounts", "list")}
    assert rows["6100"]["name"] == "Freight" and rows["6100"]["used_by"][0].startswith(
        "document ")

    cli.ok("accounts", "add", "9999")
    assert cli.ok("accounts", "remove", "9999") == {"removed": "9999"}
    assert "9999" not in {r["code"] for r in cli.ok("accounts", "list")}
    runs = [r["message"] for r in cli.ok("log", "--last", "30", "--resource", "local-setup")]
    assert "accounts remove 9999: G/L account 9999 removed." in runs
    assert "accounts add 6100: G/L account 6100 described 'Freight'." in runs
    assert any(m.startswith("accounts remove 6100") for m in runs)  # the refusal, recorded


def test_documents_take_the_payment_method_their_gateway_is_mapped_to(cli):
    code, _out, err = cli.run("mappings", "set", "payment-method", "shopify_payments", "CARD")
    assert code == 2 and "there is no payment method 'CARD' (add it first: " \
        "payment-methods add CARD)" in err, err
    cli.ok("payment-methods", "add", "CARD", "description=Card payments")
    row = cli.ok("mappings", "set", "payment-method", "shopify_payments", "card")
    assert (row["kind"], row["shopify_value"], row["local_code"], row["changed"]) == (
        "payment-method", "shopify_payments", "CARD", {"old": "", "new": "CARD"})

    for account in ("6100", "6200", "2400"):
        cli.ok("accounts", "add", account)
    cli.ok("shop", "set", "WEB", "shipping_charges_account=6100", "tip_account=6200",
           "sold_gift_card_account=2400")
    cli.ok("sync", "customers")
    cli.run("sync", "orders")
    assert cli.ok("orders", "create-documents", "--all")["failed"] == 0
    # every gateway the orders were paid through is listed for mapping, mapped or not
    gateways = {r["shopify_value"]: r["local_code"] for r in cli.ok("mappings", "list")
                if r["kind"] == "payment-method"}
    assert gateways["shopify_payments"] == "CARD" and len(gateways) > 1, gateways

    paid_by: dict[str, set[str]] = {}
    for order in cli.gql(TRANSACTIONS, {})["orders"]["nodes"]:
        paid_by[order["id"]] = {t["gateway"] for t in order["transactions"]
                                if t["kind"] in ("SALE", "CAPTURE", "AUTHORIZATION")
                                and t["status"] == "SUCCESS"}
    documents = cli.ok("documents", "list")
    expected = {d["no"]: "CARD" if paid_by[d["shopify_order_id"]] == {"shopify_payments"}
                else None for d in documents}
    assert {d["no"]: d["payment_method"] for d in documents} == expected
    assert "CARD" in expected.values() and None in expected.values()  # both kinds seen

    code, _out, err = cli.run("payment-methods", "remove", "CARD")
    assert code == 2 and "the payment gateway 'shopify_payments' of shop WEB" in err, err
    listed = cli.ok("payment-methods", "list")
    assert listed[0]["code"] == "CARD" and listed[0]["description"] == "Card payments"
