"""The demo shop and the app's orders job for the money tests (test_money_*.py): orders and
refunds are made with Shopify's own mutations (orderCreate, refundCreate) through the app's
client, in-process, and the invariant "local documents minus credit memos equal Shopify's
net total" is checked per order, in the document's currency.

Shopify's net total of an order is `totalPriceSet - totalRefundedSet` (what was sold, after
edits, less the money given back); where every refund gives back exactly what it takes off
the order, it is also `currentTotalPriceSet`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from demo_shops import InProcessShop

from desktop_app.demo_shop import DemoShop, ShopBackend
from desktop_app.shopify.operations import Operation
from desktop_app.store import shops
from desktop_app.store.models import Customer, Shop
from desktop_app.store.order_models import SalesDocument
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.results import SyncResult

SHOP = "M"

ORDER_CREATE = Operation.from_text("""
mutation MoneyOrderCreate($order: OrderCreateOrderInput!) {
  orderCreate(order: $order) {
    order { id name presentmentCurrencyCode
            lineItems(first: 50) { nodes { id quantity } } }
    userErrors { field message }
  }
}""")

REFUND_CREATE = Operation.from_text("""
mutation MoneyRefundCreate($input: RefundInput!) {
  refundCreate(input: $input) {
    refund { id totalRefundedSet { shopMoney { amount } presentmentMoney { amount } } }
    userErrors { field message }
  }
}""")

ORDER_MONEY = Operation.from_text("""
query MoneyOrder($id: ID!) {
  order(id: $id) {
    id name presentmentCurrencyCode
    totalPriceSet { shopMoney { amount } presentmentMoney { amount } }
    currentTotalPriceSet { shopMoney { amount } presentmentMoney { amount } }
    totalRefundedSet { shopMoney { amount } presentmentMoney { amount } }
    lineItems(first: 50) { nodes { id currentQuantity
      originalUnitPriceSet { shopMoney { amount } presentmentMoney { amount } } } }
    shippingLines(first: 5) { nodes { id
      originalPriceSet { shopMoney { amount } presentmentMoney { amount } } } }
    totalRefundedShippingSet { shopMoney { amount } presentmentMoney { amount } }
  }
}""")

SETTINGS = {
    "customer_import": "none", "default_customer_no": "WEB", "auto_create_orders": True,
    "auto_create_items": True, "create_invoices_from_orders": False,
    "shipping_charges_account": "6100", "tip_account": "6200",
    "sold_gift_card_account": "2400", "refund_account": "6900",
    "refund_account_non_restock": "6910", "return_location": "RETURNS",
    "return_processing": "auto_credit_memo",
}


def money(shop: str, presentment: tuple[str, str] | None = None) -> dict[str, Any]:
    bag: dict[str, Any] = {"shopMoney": {"amount": shop, "currencyCode": "CAD"}}
    if presentment:
        bag["presentmentMoney"] = {"amount": presentment[0], "currencyCode": presentment[1]}
    return bag


def dec(value: Any) -> Decimal:
    return Decimal(str(value))


@dataclass
class MoneyShop(InProcessShop):
    code: str = SHOP

    async def gql(self, op: Operation, variables: dict[str, Any]) -> dict[str, Any]:
        async with self.client() as client:
            return await client.execute(op, variables)

    async def run(self, job: Any, resource: str = "orders") -> SyncResult:
        """Run a job coroutine function (sync_orders_and_refunds...) once."""
        result = SyncResult(resource)
        async with self.client() as client:
            await job(JobContext(self.code, client, result, NullReporter(), 0))
        return result

    async def order(self, **order: Any) -> dict[str, Any]:
        order.setdefault("email", "buyer@example.com")
        order.setdefault("financialStatus", "PAID")
        data = await self.gql(ORDER_CREATE, {"order": order})
        assert data["orderCreate"]["userErrors"] == [], data["orderCreate"]["userErrors"]
        return data["orderCreate"]["order"]

    async def refund(self, **refund: Any) -> dict[str, Any]:
        data = (await self.gql(REFUND_CREATE, {"input": refund}))["refundCreate"]
        assert data["userErrors"] == [], data["userErrors"]
        return data["refund"]

    async def shopify_money(self, order_gid: str) -> dict[str, Any]:
        return (await self.gql(ORDER_MONEY, {"id": order_gid}))["order"]


def make_shop(**settings: Any) -> MoneyShop:
    backend = ShopBackend.generate(seed=14, customers=3, orders=0)
    values = dict(SETTINGS)
    values.update(settings)
    shops.create_shop(SHOP, is_demo=True, settings=values)
    if Customer.get_or_none(Customer.no == "WEB") is None:
        Customer.create(no="WEB", name="Web shop")
    return MoneyShop(backend, DemoShop(backend, plan="plus"))


def local_net(order_gid: str, shop: str = SHOP) -> tuple[Decimal, str, list[SalesDocument]]:
    """Documents minus credit memos of one order, their currency, and the documents."""
    docs = list(SalesDocument.select().join(Shop).where(
        (SalesDocument.shopify_order_gid == order_gid) & (Shop.code == shop)))
    net = sum((Decimal(d.total) * (-1 if d.type == "credit_memo" else 1) for d in docs),
              Decimal(0))
    currencies = {d.currency for d in docs}
    assert len(currencies) <= 1, [(d.no, d.type, d.currency, d.total) for d in docs]
    return net, (currencies.pop() if currencies else ""), docs


def shopify_net(node: dict[str, Any], presentment: bool) -> Decimal:
    """totalPriceSet - totalRefundedSet on one side."""
    side = "presentmentMoney" if presentment else "shopMoney"
    return dec(node["totalPriceSet"][side]["amount"]) \
        - dec(node["totalRefundedSet"][side]["amount"])
