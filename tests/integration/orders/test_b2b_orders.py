"""B2B orders (issue 8) through the orders job against the in-process demo shop: a company
with two locations on different payment terms, an order placed for each location with
orderCreate(companyLocationId), imported by the bulk export (first run) and by the
OrdersToImport pages (a later run), each taking the company's customer and its location's
ship-to and terms."""

from __future__ import annotations

import json
from typing import Any

import pytest

from desktop_app.demo_shop import DemoRequest, DemoShop, DemoShopTransport, ShopBackend
from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import StaticToken
from desktop_app.shopify.client import ShopifyClient
from desktop_app.store import companies as company_store
from desktop_app.store import orders as store
from desktop_app.store import queries
from desktop_app.store.models import Customer
from desktop_app.store.order_models import SalesDocument
from desktop_app.sync.orders import sync_orders
from desktop_app.sync.results import SyncResult
from desktop_app.sync.service import JobContext, NullReporter

GRAPHQL_PATH = "/admin/api/2026-07/graphql.json"
NET30 = "gid://shopify/PaymentTermsTemplate/4"
NET60 = "gid://shopify/PaymentTermsTemplate/5"

COMPANY_CREATE = """
mutation C($input: CompanyCreateInput!) {
  companyCreate(input: $input) {
    company { id locations(first: 5) { nodes { id } } }
    userErrors { field message code }
  }
}"""
LOCATION_CREATE = """
mutation L($companyId: ID!, $input: CompanyLocationInput!) {
  companyLocationCreate(companyId: $companyId, input: $input) {
    companyLocation { id } userErrors { field message code }
  }
}"""
ORDER_CREATE = """
mutation O($order: OrderCreateOrderInput!) {
  orderCreate(order: $order) { order { id name } userErrors { field message } }
}"""


async def _token() -> str:
    return "integration-token"


class Shop:
    """The demo shop, its admin side (GraphQL as a merchant's other tools) and the app."""

    def __init__(self) -> None:
        self.backend = ShopBackend.generate(seed=11, customers=10, orders=0)
        self.demo = DemoShop(self.backend, plan="plus")

    async def gql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = await self.demo.handle(DemoRequest(
            "POST", GRAPHQL_PATH,
            {"X-Shopify-Access-Token": "test-admin", "Content-Type": "application/json"},
            json.dumps({"query": query, "variables": variables}).encode()))
        payload = response.json()
        assert "errors" not in payload, payload
        return payload["data"]

    async def order_at(self, location_gid: str, sku: str = "B2B-1") -> str:
        data = await self.gql(ORDER_CREATE, {"order": {
            "companyLocationId": location_gid, "currency": "CAD",
            "lineItems": [{"title": "Pallet", "sku": sku, "quantity": 2,
                           "priceSet": {"shopMoney": {"amount": "40.00",
                                                      "currencyCode": "CAD"}}}]}})
        assert data["orderCreate"]["userErrors"] == [], data
        return data["orderCreate"]["order"]["id"]

    async def sync(self) -> SyncResult:
        client = ShopifyClient(ShopAddress.loopback(), StaticToken(_token),
                               transport=DemoShopTransport(self.demo))
        result = SyncResult("orders")
        async with client:
            await sync_orders(JobContext("B", client, result, NullReporter(), 0))
        return result


def _address(city: str, street: str) -> dict:
    return {"address1": street, "city": city, "zip": "K1P 1J1", "countryCode": "CA",
            "zoneCode": "ON"}


@pytest.fixture
async def shop(db):
    queries.save_customer_template({"code": "B2B", "country": "CA",
                                    "category": "organisation"})
    queries.create_shop("B", is_demo=True, settings={
        "customer_import": "with_orders", "default_customer_no": "WEB",
        "company_import": "with_orders", "auto_create_customers": True,
        "customer_template": "B2B", "auto_create_orders": True, "auto_create_items": True,
        "write_doc_no_to_shopify": False,
    })
    Customer.create(no="WEB", name="Web shop")
    s = Shop()
    data = await s.gql(COMPANY_CREATE, {"input": {
        "company": {"name": "Acme Supply Inc."},
        "companyContact": {"email": "buyer@acme.example", "firstName": "Ann",
                           "lastName": "Lee"},
        "companyLocation": {"name": "Head office", "billingSameAsShipping": True,
                            "shippingAddress": _address("Ottawa", "1 Bank St"),
                            "buyerExperienceConfiguration": {"paymentTermsTemplateId": NET30}},
    }})
    company = data["companyCreate"]["company"]
    s.company_gid = company["id"]
    s.head_office = company["locations"]["nodes"][0]["id"]
    data = await s.gql(LOCATION_CREATE, {"companyId": company["id"], "input": {
        "name": "Warehouse", "shippingAddress": _address("Toronto", "9 Dock Rd"),
        "buyerExperienceConfiguration": {"paymentTermsTemplateId": NET60}}})
    s.warehouse = data["companyLocationCreate"]["companyLocation"]["id"]
    yield s
    s.backend.close()


async def test_b2b_orders_take_the_company_and_their_locations_terms(shop):
    head_order = await shop.order_at(shop.head_office)
    warehouse_order = await shop.order_at(shop.warehouse)
    result = await shop.sync()  # first run: the bulk export
    assert result.failed == 0, result.errors
    company_no = company_store.get_company("B", shop.company_gid).customer_no
    assert company_no and company_no != "WEB"
    assert queries.get_customer(company_no).category == "organisation"
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
    later = await shop.order_at(shop.warehouse, sku="B2B-2")
    again = await shop.sync()
    assert again.failed == 0, again.errors
    row = store.get_order("B", later)
    assert (row.sell_to_customer_no, row.payment_terms_code, row.ship_to_code) == (
        company_no, "NET60", "L1")
