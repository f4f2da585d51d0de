"""B2B orders (issue 8) through the orders job against the in-process demo shop: a company
with two locations on different payment terms, an order placed for each location with
orderCreate(companyLocationId), imported by the bulk export (first run) and by the
OrdersToImport pages (a later run), each taking the company's customer and its location's
ship-to and terms."""

from __future__ import annotations

import pytest

from desktop_app.store import companies as company_store
from desktop_app.store import orders as store
from desktop_app.store import customers
from desktop_app.store.order_models import SalesDocument

# b2b_shop sits beside this file (pytest puts its folder on sys.path).
from b2b_shop import NET60, acme_shop, address  # noqa: E402


@pytest.fixture
async def shop(db):
    s = await acme_shop(10, ("Warehouse", address("Toronto", "9 Dock Rd"), NET60))
    s.warehouse = s.locations["Warehouse"]
    yield s
    s.backend.close()


async def test_b2b_orders_take_the_company_and_their_locations_terms(shop):
    head_order = await shop.order(companyLocationId=shop.head_office)
    warehouse_order = await shop.order(companyLocationId=shop.warehouse)
    result = await shop.sync()  # first run: the bulk export
    assert result.failed == 0, result.errors
    company_no = company_store.get_company("B", shop.company_gid).customer_no
    assert company_no and company_no != "WEB"
    assert customers.get_customer(company_no).category == "organisation"
    head = store.get_order("B", head_order)
    warehouse = store.get_order("B", warehouse_order)
    assert (head.sell_to_customer_no, head.bill_to_customer_no) == (company_no, company_no)
    assert (warehouse.sell_to_customer_no, warehouse.bill_to_customer_no) == (
        company_no, company_no)
    # Location-specific payment terms: NET30 at the head office, NET60 at the warehouse,
    # whose ship-to is the address made from that location.
    assert (head.payment_terms_code, head.ship_to_code) == ("NET30", "")
    assert (warehouse.payment_terms_code, warehouse.ship_to_code) == ("NET60", "L1")
    assert store.load_order_record("B", warehouse_order).company_location_gid == shop.warehouse
    docs = {d.shopify_order_gid: d for d in SalesDocument.select()}
    assert docs[warehouse_order].sell_to_customer_no == company_no
    cli = {r["shopify_id"]: r for r in store.orders_for_cli("B")}
    assert cli[warehouse_order]["payment_terms"] == "NET60"

    # A later order is read by the OrdersToImport pages (not the bulk export): same result.
    later = await shop.order("B2B-2", companyLocationId=shop.warehouse)
    again = await shop.sync()
    assert again.failed == 0, again.errors
    row = store.get_order("B", later)
    assert (row.sell_to_customer_no, row.payment_terms_code, row.ship_to_code) == (
        company_no, "NET60", "L1")
