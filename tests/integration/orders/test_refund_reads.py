"""Issue 21: a first import of orders reads each refund once, for the order and its document.

`shop-sync sync orders` (in-process, the installed command's code) on a real data folder
against a generated demo shop served on loopback. The bulk export lists refunds without their
lines; the import used to read each refund's lines (RefundLineItemsPage), then the document
read the same refund again in full (RefundDetails): 1,797 of 1,879 points of a first import
of 1,000 generated orders. Now one RefundConnections read per refund serves both.

Control: on the code before, the first test fails (every refund read twice, with
RefundLineItemsPage and RefundDetails, none with RefundConnections); the second runs the same
import the old way (the refunds' lines only, `_document_follows` off) and asserts the same
documents and lines: the one read changes nothing the merchant sees.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

from json_cli import JsonCli

from desktop_app.sync.orders import OrderJob

SEED, CUSTOMERS, ORDERS = "20", "10", "120"
ACCOUNTS = ("6100", "6200", "2400", "6300", "6310")
REFUNDS_OF_OPEN_ORDERS = """query R($after: String) {
  orders(first: 100, after: $after, query: "status:open") {
    pageInfo { hasNextPage endCursor } nodes { id refunds { id } } } }"""


def _first_import(capsys, monkeypatch, data: Path, url: str) -> JsonCli:
    """A new card on the served shop (documents made automatically, every order for WEB),
    then its first orders sync; returns the session."""
    cli = JsonCli(capsys, monkeypatch, data, url)
    cli.ok("shop", "add", "B", "--api-url", url)
    cli.ok("token", "set", "B", stdin="shpat_test\n")
    (data.parent / "c.csv").write_text("no,name,email,phone,country\nWEB,Web shop,,,CA\n",
                                       "utf-8")
    cli.ok("customers", "import", str(data.parent / "c.csv"))
    for account in ACCOUNTS:
        cli.ok("accounts", "add", account)
    cli.ok("shop", "set", "B", "customer_import=none", "default_customer_no=WEB",
           "auto_create_orders=true", "auto_create_items=true",
           "shipping_charges_account=6100", "tip_account=6200",
           "sold_gift_card_account=2400", "refund_account=6300",
           "refund_account_non_restock=6310")
    code, result, err = cli.run("sync", "orders")
    # The generated shop's usual failures (CLI.md: exit 1 when some records failed): B2B
    # orders of companies with no local customer, lines without a SKU.
    assert code == 1 and result["failed"] > 0, (err, result)
    assert {e["code"] for e in result["errors"]} == {"no_company", "record_error"}, result
    return cli


def _refunds_of_open_orders(cli: JsonCli) -> list[str]:
    found: list[str] = []
    after = None
    while True:
        page = cli.gql(REFUNDS_OF_OPEN_ORDERS, {"after": after})["orders"]
        found += [r["id"] for order in page["nodes"] for r in order["refunds"]]
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def _documents(cli: JsonCli) -> list[tuple[Any, ...]]:
    """Each document of the data folder (order, type, total) with its lines."""
    heads = {d["no"]: (d["shopify_order_id"], d["type"], d["total"], d["currency"])
             for d in cli.ok("documents", "list")}
    with sqlite3.connect(cli.data / "shop_sync.sqlite3") as db:
        rows = db.execute(
            "SELECT d.no, l.line_no, l.type, l.no, l.description, l.quantity, l.unit_price, "
            "l.shopify_line_gid FROM sales_line l JOIN sales_document d ON d.id = l.document_id"
        ).fetchall()
    lines: dict[str, list[tuple[Any, ...]]] = {}
    for no, *line in rows:
        lines.setdefault(no, []).append(tuple(line))
    # Document nos. are given in the order the documents were made: compare by order.
    return sorted((*head, tuple(sorted(lines.get(no, [])))) for no, head in heads.items())


def test_a_first_import_reads_each_refund_once(capsys, monkeypatch, tmp_path, memory_keyring,
                                               demo_server):
    served = demo_server("--seed", SEED, "--customers", CUSTOMERS, "--orders", ORDERS)
    cli = _first_import(capsys, monkeypatch, tmp_path / "data", served.url)
    refunds = _refunds_of_open_orders(cli)
    assert len(refunds) >= 5  # the generated shop refunds some of its orders
    sent = Counter(e["operationName"] for e in served.request_entries())
    read = Counter(e["variables"]["id"] for e in served.request_entries()
                   if e["operationName"] == "RefundConnections")
    assert read == Counter(refunds), sent
    assert sent["RefundDetails"] == 0 and sent["RefundLineItemsPage"] == 0, sent
    assert any(d["type"] == "order" for d in cli.ok("documents", "list"))


def test_the_documents_are_those_of_two_reads(capsys, monkeypatch, tmp_path, memory_keyring,
                                              demo_server):
    new_way = _first_import(capsys, monkeypatch, tmp_path / "new" / "data", demo_server(
        "--seed", SEED, "--customers", CUSTOMERS, "--orders", ORDERS).url)
    with monkeypatch.context() as old:
        old.setattr(OrderJob, "_document_follows", lambda self, gid: False)
        served = demo_server("--seed", SEED, "--customers", CUSTOMERS, "--orders", ORDERS)
        old_way = _first_import(capsys, monkeypatch, tmp_path / "old" / "data", served.url)
        sent = Counter(e["operationName"] for e in served.request_entries())
    assert sent["RefundDetails"] > 0 and sent["RefundConnections"] == 0, sent  # the old way
    documents = _documents(new_way)
    assert len(documents) >= 20
    assert documents == _documents(old_way)
