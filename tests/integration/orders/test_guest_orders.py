"""A guest order's customer and the account the same person opens later end as ONE local
customer (issue 4, "Done when"), though the account's e-mail differs in case and its phone
is typed differently. Everything goes through the demo shop's GraphQL mutations and the
real orders and customers jobs."""

from __future__ import annotations

from typing import Any

from demo_shops import shop_gql

from desktop_app.demo_shop import DemoShop, DemoShopTransport, ShopBackend
from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import StaticToken
from desktop_app.shopify.client import ShopifyClient
from desktop_app.store import customer_templates, shopify_customers, shops
from desktop_app.store import orders as order_store
from desktop_app.store.models import Customer
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.customers import sync_customers
from desktop_app.sync.orders import sync_orders
from desktop_app.sync.results import SyncResult

ORDER_CREATE = """
mutation O($order: OrderCreateOrderInput!) {
  orderCreate(order: $order) { order { id name customer { id } } userErrors { field message } }
}"""
CUSTOMER_CREATE = """
mutation C($input: CustomerInput!) {
  customerCreate(input: $input) { customer { id email phone } userErrors { field message } }
}"""
ADDRESS = {"firstName": "Ann", "lastName": "Lee", "address1": "5 Main St", "city": "Toronto",
           "zip": "M5H 1A1", "countryCode": "CA", "provinceCode": "ON"}


async def _token() -> str:
    return "integration-token"


async def _gql(demo: DemoShop, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    return await shop_gql(demo, query, variables)


async def _run(demo: DemoShop, job, resource: str) -> SyncResult:
    client = ShopifyClient(ShopAddress.loopback(), StaticToken(_token),
                           transport=DemoShopTransport(demo))
    result = SyncResult(resource)
    async with client:
        await job(JobContext("G", client, result, NullReporter(), 0))
    return result


async def test_guest_order_and_later_account_are_one_local_customer(db):
    customer_templates.save_customer_template({"code": "WEB", "country": "CA"})
    shops.create_shop("G", is_demo=True, settings={
        "customer_import": "all", "auto_create_customers": True, "customer_template": "WEB",
        "auto_create_items": True,
    })
    backend = ShopBackend.generate(seed=9, customers=3, orders=0)
    demo = DemoShop(backend, plan="plus")
    try:
        guest = await _gql(demo, ORDER_CREATE, {"order": {
            "email": "Ann.Lee@Example.com", "phone": "(416) 555-0199", "currency": "CAD",
            "billingAddress": ADDRESS, "shippingAddress": ADDRESS,
            "lineItems": [{"title": "Mug", "sku": "MUG-1", "quantity": 1,
                           "priceSet": {"shopMoney": {"amount": "12.00",
                                                      "currencyCode": "CAD"}}}]}})
        assert guest["orderCreate"]["userErrors"] == []
        assert guest["orderCreate"]["order"]["customer"] is None  # a true guest checkout

        await _run(demo, sync_orders, "orders")
        (row,) = [o for o in order_store.orders_for_cli("G")
                  if o["shopify_id"] == guest["orderCreate"]["order"]["id"]]
        guest_no = row["customer_no"]
        assert guest_no, row
        assert Customer.get(Customer.no == guest_no).phone == "+14165550199"

        # Later the same person opens an account: e-mail lower case, phone in E.164.
        account = await _gql(demo, CUSTOMER_CREATE, {"input": {
            "email": "ann.lee@example.com", "phone": "+1 416-555-0199",
            "firstName": "Ann", "lastName": "Lee"}})
        assert account["customerCreate"]["userErrors"] == []
        gid = account["customerCreate"]["customer"]["id"]
        await _run(demo, sync_customers, "customers")

        same = [c for c in Customer.select() if (c.email or "").lower() == "ann.lee@example.com"]
        assert [c.no for c in same] == [guest_no]
        links = shopify_customers.list_links("G", customer_no=guest_no)
        assert [link.shopify_id for link in links] == [gid]
    finally:
        backend.close()
