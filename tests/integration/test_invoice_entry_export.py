"""A sales invoice entered locally (File > New sales invoice…, `documents add-invoice`;
issue 18) and posted is what the posted-invoice sync sends to Shopify as an order: here
against a demo shop served on a loopback socket (real HTTP), then through the command line.

Control: without `sync.invoice_entry.add_invoice` (and `documents add-invoice`) these tests
fail at their first step; a saved but unposted invoice is never exported.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from json_cli import JsonCli

from desktop_app.shopify.auth import StaticToken
from desktop_app.shopify.client import ShopifyClient
from desktop_app.store import invoices, items, shops
from desktop_app.store import orders as order_store
from desktop_app.store.gl_accounts import TABLE as ACCOUNTS
from desktop_app.store.invoice_entry import EntryLine, InvoiceEntryError
from desktop_app.store.models import Customer, Shop, ShopifyCustomer
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.invoice_entry import add_invoice
from desktop_app.sync.invoices import sync_invoices
from desktop_app.sync.results import SyncResult

SHOP = "S1"
SETTINGS = {"customer_import": "none", "default_customer_no": "WEB", "auto_create_items": True,
            "create_invoices_from_orders": True, "shipping_charges_account": "6100",
            "posted_invoice_sync": True}


async def _token() -> str:
    return "shpat_invoice_entry_test"


async def _sync_invoices(served) -> SyncResult:
    result = SyncResult("invoices")
    async with ShopifyClient(served.address, StaticToken(_token)) as client:
        await sync_invoices(JobContext(SHOP, client, result, NullReporter(), 0))
    return result


def _local_data(served) -> str:
    """Shop card S1 (posted-invoice sync on), customer C100 linked to a Shopify customer, an
    item and an account; returns the Shopify customer's id."""
    shops.create_shop(SHOP, is_demo=True, settings=SETTINGS)
    # what Test connection (and each sync) caches of the Shopify shop
    shops.save_shop_info(SHOP, {"currency": served.backend.state.shop.currency_code})
    Customer.create(no="WEB", name="Web shop")
    shopify_customer = next(iter(served.backend.state.customers.values()))
    customer = Customer.create(no="C100", name="Linked Ltd", city="Lyon", country="FR")
    ShopifyCustomer.create(shop=Shop.get(Shop.code == SHOP), shopify_id=shopify_customer.gid,
                           customer=customer)
    items.upsert_items([{"no": "I100", "description": "Blue mug", "unit_price": "12.50"}])
    ACCOUNTS.add("6100", "Freight")
    return shopify_customer.gid


async def test_a_posted_local_invoice_becomes_a_shopify_order(db, served_demo_shop):
    served = await served_demo_shop(seed=7, customers=5)
    customer_gid = _local_data(served)
    lines = [EntryLine("item", "I100", Decimal(2), Decimal("12.50")),
             EntryLine("gl_account", "6100", Decimal(1), Decimal(5), "Freight to Lyon")]
    unposted = add_invoice(SHOP, "C100", lines)
    posted = add_invoice(SHOP, "C100", lines, post=True, remaining=Decimal(0))
    assert unposted.posted is None and posted.posted is not None
    assert posted.posted.shopify_order_id == invoices.TO_EXPORT
    assert (posted.posted.total, posted.posted.currency) == (Decimal("30.00"), "CAD")

    result = await _sync_invoices(served)
    assert (result.created, result.failed, result.skipped) == (1, 0, 0), result.errors
    row = invoices.get_posted_invoice(posted.no)
    assert row.shopify_order_id.startswith("gid://shopify/Order/")
    order = served.backend.state.orders[int(row.shopify_order_id.rsplit("/", 1)[1])]
    assert f"gid://shopify/Customer/{order.customer_id}" == customer_gid
    assert [(ln.title, ln.quantity) for ln in order.line_items] == [
        ("I100 Blue mug", 2), ("6100 Freight to Lyon", 1)]
    assert order.total_after_edits.shop == Decimal("30.00")
    assert order.display_financial_status == "PAID"
    assert order.po_number == posted.no
    # The unposted one stays local; the order came back linked to the invoice (no second
    # document from the next orders sync).
    assert len(served.backend.state.orders) == 1
    assert order_store.get_order(SHOP, row.shopify_order_id).document_no == posted.no
    again = await _sync_invoices(served)
    assert again.created == 0 and len(served.backend.state.orders) == 1


async def test_refused_values_name_their_field_and_save_nothing(db, served_demo_shop):
    served = await served_demo_shop(seed=7, customers=5)
    _local_data(served)
    with pytest.raises(InvoiceEntryError) as refused:
        add_invoice(SHOP, "", [EntryLine("item", "I100", Decimal(0), Decimal(1)),
                               EntryLine("item", "NOPE", Decimal(1), Decimal(-1)),
                               EntryLine("gl_account", "6100", Decimal(1), Decimal(0))])
    assert [(p.field, p.code, p.line) for p in refused.value.problems] == [
        ("customer", "required", 0), ("quantity", "not_positive", 1), ("no", "unknown", 2),
        ("unit_price", "negative", 2), ("unit_price", "not_positive", 3)]
    shops.save_shop_info(SHOP, {"currency": ""})  # never connected: no currency known
    with pytest.raises(InvoiceEntryError) as refused:
        add_invoice(SHOP, "C100", [EntryLine("item", "I100", Decimal(1), Decimal(1))])
    assert [(p.field, p.code) for p in refused.value.problems] == [("currency", "unknown")]
    assert [d for d in order_store.documents_for_cli() if d["type"] == "invoice"] == []


def test_documents_add_invoice_on_the_command_line(capsys, monkeypatch, tmp_path):
    cli = JsonCli(capsys, monkeypatch, tmp_path / "data")
    cli.ok("shop", "add", SHOP, "--demo")
    (tmp_path / "c.csv").write_text("no,name,email\nC100,Ada Lovelace,ada@example.com\n",
                                    encoding="utf-8")
    (tmp_path / "i.csv").write_text("no,description,sku,unit_price\nI100,Blue mug,M1,12.50\n",
                                    encoding="utf-8")
    cli.ok("customers", "import", str(tmp_path / "c.csv"))
    cli.ok("items", "import", str(tmp_path / "i.csv"))
    code, _data, err = cli.run("documents", "add-invoice", "C100", "I100=0")
    assert code != 0 and "line 1: the quantity must be more than 0" in err
    assert "the currency is not known" in err  # the card was never connected
    cli.ok("shop", "set", SHOP, "currency_code=EUR")
    saved = cli.ok("documents", "add-invoice", "C100", "I100=2", "I100=1@10")
    assert (saved["type"], saved["customer_no"], saved["status"], saved["total"],
            saved["currency"]) == ("invoice", "C100", "open", "35.00", "EUR")
    assert [(ln["no"], ln["quantity"], ln["unit_price"]) for ln in saved["lines"]] == [
        ("I100", "2", "12.50"), ("I100", "1", "10.00")]
    posted = cli.ok("documents", "add-invoice", "C100", "I100=1", "--post", "--remaining", "0")
    assert posted["status"] == "posted"
    listed = cli.ok("documents", "list")
    assert [d["no"] for d in listed] == [saved["no"], posted["no"]]
    assert set(listed[0]) >= {"no", "type", "customer_no", "shopify_order_id", "total",
                              "currency", "lines"}
