"""The B2B demo shop the orders integration tests share: Acme Supply with a head office on
NET30 and more locations, orders placed at them through orderCreate (as a merchant's other
tools would), and the real orders job run against it in-process."""

from __future__ import annotations

from typing import Any

from demo_shops import COMPANY_CREATE, LOCATION_CREATE, shop_gql

from desktop_app.demo_shop import DemoShop, DemoShopTransport, ShopBackend
from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import StaticToken
from desktop_app.shopify.client import ShopifyClient
from desktop_app.store import customer_templates, shops
from desktop_app.store.models import Customer
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.orders import sync_orders
from desktop_app.sync.results import SyncResult

RECEIPT = "gid://shopify/PaymentTermsTemplate/1"
NET30 = "gid://shopify/PaymentTermsTemplate/4"
NET60 = "gid://shopify/PaymentTermsTemplate/5"

ORDER_CREATE = """
mutation O($order: OrderCreateOrderInput!) {
  orderCreate(order: $order) { order { id name } userErrors { field message } }
}"""


async def _token() -> str:
    return "integration-token"


def address(city: str, street: str, zone: str = "ON") -> dict:
    return {"address1": street, "city": city, "zip": "K1P 1J1", "countryCode": "CA",
            "zoneCode": zone}


class B2BShop:
    """The demo shop, its admin side (GraphQL) and the app's orders job on shop "B"."""

    company_gid: str
    head_office: str
    locations: dict[str, str]

    def __init__(self, customers: int) -> None:
        self.backend = ShopBackend.generate(seed=11, customers=customers, orders=0)
        self.demo = DemoShop(self.backend, plan="plus")

    async def gql(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        return await shop_gql(self.demo, query, variables)

    async def order(self, sku: str = "B2B-1", **fields: Any) -> str:
        """An order of two pallets; `fields` add to the OrderCreateOrderInput."""
        data = await self.gql(ORDER_CREATE, {"order": {
            "currency": "CAD",
            "lineItems": [{"title": "Pallet", "sku": sku, "quantity": 2,
                           "priceSet": {"shopMoney": {"amount": "40.00",
                                                      "currencyCode": "CAD"}}}],
            **fields}})
        assert data["orderCreate"]["userErrors"] == [], data
        return data["orderCreate"]["order"]["id"]

    async def sync(self) -> SyncResult:
        client = ShopifyClient(ShopAddress.loopback(), StaticToken(_token),
                               transport=DemoShopTransport(self.demo))
        result = SyncResult("orders")
        async with client:
            await sync_orders(JobContext("B", client, result, NullReporter(), 0))
        return result


async def acme_shop(customers: int, *more: tuple[str, dict, str]) -> B2BShop:
    """Shop "B" set to import companies with their orders (an unknown company becomes an
    organisation from template B2B, other orders go to WEB), and the demo shop's Acme Supply
    with its head office on NET30 plus the (name, shipping address, terms) locations `more`,
    whose ids are in `locations` by name."""
    customer_templates.save_customer_template({"code": "B2B", "country": "CA",
                                    "category": "organisation"})
    shops.create_shop("B", is_demo=True, settings={
        "customer_import": "with_orders", "default_customer_no": "WEB",
        "company_import": "with_orders", "auto_create_customers": True,
        "customer_template": "B2B", "auto_create_orders": True, "auto_create_items": True,
        "write_doc_no_to_shopify": False,
    })
    Customer.create(no="WEB", name="Web shop")
    shop = B2BShop(customers)
    data = await shop.gql(COMPANY_CREATE, {"input": {
        "company": {"name": "Acme Supply Inc."},
        "companyContact": {"email": "buyer@acme.example", "firstName": "Ann",
                           "lastName": "Lee"},
        "companyLocation": {"name": "Head office", "billingSameAsShipping": True,
                            "shippingAddress": address("Ottawa", "1 Bank St"),
                            "buyerExperienceConfiguration": {"paymentTermsTemplateId": NET30}},
    }})
    company = data["companyCreate"]["company"]
    shop.company_gid = company["id"]
    shop.head_office = company["locations"]["nodes"][0]["id"]
    shop.locations = {}
    for name, shipping, terms in more:
        data = await shop.gql(LOCATION_CREATE, {"companyId": company["id"], "input": {
            "name": name, "shippingAddress": shipping,
            "buyerExperienceConfiguration": {"paymentTermsTemplateId": terms}}})
        shop.locations[name] = data["companyLocationCreate"]["companyLocation"]["id"]
    return shop
