"""The sales document of a B2B order carries its location's payment terms with the due date
they give, and its ship-to code and address (demo shop orders placed at company locations,
imported and turned into documents by the real orders job)."""

from __future__ import annotations

import datetime as dt

import pytest

from desktop_app.store import companies as company_store
from desktop_app.store import orders as store
from desktop_app.store.order_models import SalesDocument
from desktop_app.store.order_views import read_documents

# b2b_shop sits beside this file (pytest puts its folder on sys.path).
from b2b_shop import NET60, RECEIPT, acme_shop, address  # noqa: E402


@pytest.fixture
async def shop(db):
    """Acme with three locations: the head office on NET30, the warehouse on NET60, the
    depot due on receipt; auto-created as an organisation by the first B2B order."""
    s = await acme_shop(5, ("Warehouse", address("Toronto", "9 Dock Rd"), NET60),
                        ("Depot", address("Gatineau", "3 Quai", "QC"), RECEIPT))
    s.warehouse, s.depot = s.locations["Warehouse"], s.locations["Depot"]
    yield s
    s.backend.close()


def _document(gid: str) -> SalesDocument:
    return SalesDocument.get(SalesDocument.shopify_order_gid == gid)


async def test_a_net30_location_gives_net30_terms_due_in_30_days_and_the_ship_to(shop):
    order = await shop.order(companyLocationId=shop.head_office, shippingAddress={
        "firstName": "Ann", "lastName": "Lee", "company": "Acme Supply Inc.",
        "address1": "1 Bank St", "address2": "Dock 4", "city": "Ottawa", "zip": "K1P 1J1",
        "provinceCode": "ON", "countryCode": "CA", "phone": "+16135550100"})

    result = await shop.sync()

    assert result.failed == 0, result.errors
    company_no = company_store.get_company("B", shop.company_gid).customer_no
    doc = _document(order)
    assert doc.sell_to_customer_no == company_no
    assert doc.payment_terms_code == "NET30"
    date = dt.date.fromisoformat(doc.document_date)
    assert doc.due_date == (date + dt.timedelta(days=30)).isoformat()
    # The order's shipping address, as local fields (name sources: company, then the person).
    assert (doc.ship_to_code, doc.ship_to_name, doc.ship_to_name_2, doc.ship_to_contact) == (
        "", "Acme Supply Inc.", "Ann Lee", "Ann Lee")
    assert (doc.ship_to_address, doc.ship_to_address_2, doc.ship_to_city,
            doc.ship_to_post_code, doc.ship_to_county, doc.ship_to_country,
            doc.ship_to_phone) == (
        "1 Bank St", "Dock 4", "Ottawa", "K1P 1J1", "ON", "CA", "+16135550100")

    # As the window and the CLI read it: the Shopify terms' name, the due date, the ship-to.
    [view] = [d for d in read_documents("B") if d.shopify_order_gid == order]
    assert (view.payment_terms_code, view.payment_terms_name, view.due_date) == (
        "NET30", "Net 30", doc.due_date)
    assert (view.ship_to.name, view.ship_to.city) == ("Acme Supply Inc.", "Ottawa")
    [cli] = [d for d in store.documents_for_cli() if d["shopify_order_id"] == order]
    assert (cli["payment_terms"], cli["due_date"]) == ("NET30", doc.due_date)
    assert cli["ship_to"]["address"] == "1 Bank St" and cli["ship_to"]["code"] == ""


async def test_an_order_without_shipping_address_ships_to_its_locations_ship_to(shop):
    order = await shop.order(companyLocationId=shop.warehouse)

    result = await shop.sync()

    assert result.failed == 0, result.errors
    doc = _document(order)
    assert doc.payment_terms_code == "NET60"
    date = dt.date.fromisoformat(doc.document_date)
    assert doc.due_date == (date + dt.timedelta(days=60)).isoformat()
    company_no = company_store.get_company("B", shop.company_gid).customer_no
    [warehouse] = [s for s in company_store.ship_to_addresses(company_no)
                   if s.address == "9 Dock Rd"]
    assert (doc.ship_to_code, doc.ship_to_name, doc.ship_to_address, doc.ship_to_city,
            doc.ship_to_county, doc.ship_to_country) == (
        warehouse.code, "Warehouse", "9 Dock Rd", "Toronto", "ON", "CA")


async def test_due_on_receipt_is_due_on_the_document_date(shop):
    order = await shop.order(companyLocationId=shop.depot, shippingAddress={
        "address1": "3 Quai", "city": "Gatineau", "provinceCode": "QC", "zip": "J8X 1A1",
        "countryCode": "CA"})
    result = await shop.sync()
    assert result.failed == 0, result.errors
    doc = _document(order)
    assert doc.payment_terms_code == "RECEIPT"
    assert doc.due_date == doc.document_date
    assert doc.ship_to_code != "" and doc.ship_to_city == "Gatineau"


async def test_a_consumer_order_has_no_terms_but_its_ship_to(shop):
    order = await shop.order(email="walk-in@example.com", shippingAddress={
        "firstName": "Bo", "lastName": "Ng", "address1": "8 Elm St", "city": "Ottawa",
        "provinceCode": "ON", "zip": "K1A 0B1", "countryCode": "CA"})

    result = await shop.sync()

    assert result.failed == 0, result.errors
    doc = _document(order)
    assert (doc.payment_terms_code, doc.due_date, doc.ship_to_code) == ("", "", "")
    assert (doc.ship_to_name, doc.ship_to_address, doc.ship_to_city) == (
        "Bo Ng", "8 Elm St", "Ottawa")
