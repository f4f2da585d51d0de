"""Issue 7 against the in-process demo shop: orders are made with Shopify's own mutations
(orderCreate, refundCreate, giftCardCreate...) through the app's client, imported by the
orders job, and then shipped, invoiced, refunded as a merchant would."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from demo_shops import InProcessShop

from desktop_app.demo_shop import DemoShop, ShopBackend
from desktop_app.demo_shop.catalog_state import Location, LocationAddress
from desktop_app.demo_shop.fulfillment_state import FulfillmentOrder
from desktop_app.shopify.operations import Operation
from desktop_app.store import orders as order_store
from desktop_app.store.models import Customer
from desktop_app.store.shops import create_shop
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.results import SyncResult

SHOP = "D"

ORDER_CREATE = Operation.from_text("""
mutation TestOrderCreate($order: OrderCreateOrderInput!) {
  orderCreate(order: $order) {
    order { id name lineItems(first: 250) { nodes { id sku quantity } } }
    userErrors { field message }
  }
}""")

REFUND_CREATE = Operation.from_text("""
mutation TestRefundCreate($input: RefundInput!) {
  refundCreate(input: $input) {
    refund { id totalRefundedSet { shopMoney { amount } presentmentMoney { amount } }
             transactions(first: 5) { nodes { id status } } }
    userErrors { field message }
  }
}""")

GIFT_CARD_CREATE = Operation.from_text("""
mutation TestGiftCardCreate($input: GiftCardCreateInput!) {
  giftCardCreate(input: $input) { giftCard { id lastCharacters } userErrors { field message } }
}""")

ORDER_FULFILLMENTS = Operation.from_text("""
query TestOrderFulfillments($id: ID!) {
  order(id: $id) {
    displayFulfillmentStatus
    fulfillments(first: 4) { id status trackingInfo { company number url }
      fulfillmentLineItems(first: 80) { nodes { quantity lineItem { id } } } }
  }
}""")


def money(amount: str, currency: str = "CAD", presentment: tuple[str, str] | None = None
          ) -> dict[str, Any]:
    bag: dict[str, Any] = {"shopMoney": {"amount": amount, "currencyCode": currency}}
    if presentment:
        bag["presentmentMoney"] = {"amount": presentment[0], "currencyCode": presentment[1]}
    return bag


@dataclass
class Harness(InProcessShop):
    requests: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    async def gql(self, op: Operation, variables: dict[str, Any]) -> dict[str, Any]:
        async with self.client() as client:
            return await client.execute(op, variables)

    async def run(self, job: Any, resource: str = "x") -> SyncResult:
        """Run a job coroutine function (sync_orders, sync_shipments...) once."""
        result = SyncResult(resource)
        async with self.client() as client:
            await job(JobContext(SHOP, client, result, NullReporter(), 0))
            result.requests = client.stats.requests
        return result

    async def order(self, lines: list[tuple[Any, int]], **extra: Any) -> dict[str, Any]:
        """orderCreate: `lines` of (variant, quantity) at the variant's price, paid."""
        order: dict[str, Any] = {
            "email": "buyer@example.com",
            "lineItems": [{"variantId": v.gid, "quantity": q, "priceSet": money(str(v.price))}
                          for v, q in lines],
            "financialStatus": "PAID",
        }
        order.update(extra)
        data = await self.gql(ORDER_CREATE, {"order": order})
        assert data["orderCreate"]["userErrors"] == [], data["orderCreate"]["userErrors"]
        return data["orderCreate"]["order"]

    def add_location(self, name: str, third_party: str | None = None) -> Location:
        state = self.backend.state
        first = next(iter(state.locations.values()))
        location = Location(id=state.new_id(), name=name,
                            address=LocationAddress("1 Depot Rd", None, "Ottawa", "ON", "CA",
                                                    "K1A 0B1", None),
                            created_at=first.created_at, updated_at=first.updated_at,
                            fulfillment_service_handle=third_party)
        state.locations[location.id] = location
        return location

    def move_to_location(self, order_gid: str, line_gids: list[str], location: Location) -> None:
        """What Shopify's order routing (or fulfillmentOrderMove) does: the units of these
        lines go to a new fulfillment order at `location`."""
        state = self.backend.state
        order = state.orders[int(order_gid.rsplit("/", 1)[1])]
        wanted = {int(g.rsplit("/", 1)[1]) for g in line_gids}
        source = order.fulfillment_orders[0]
        moved = [ln for ln in source.lines if ln.line_item_id in wanted]
        source.lines = [ln for ln in source.lines if ln.line_item_id not in wanted]
        fo = FulfillmentOrder(id=state.new_id(), location_id=location.id, status="OPEN",
                              created_at=source.created_at, updated_at=source.updated_at,
                              lines=moved)
        fo.order = order
        order.fulfillment_orders.append(fo)
        for line in order.line_items:
            if line.id in wanted:
                line.location_id = location.id
        state.order_changed(order)

    async def fulfillments(self, order_gid: str) -> dict[str, Any]:
        return (await self.gql(ORDER_FULFILLMENTS, {"id": order_gid}))["order"]


def make_harness(*, fault_kinds: list[str] | None = None, **settings: Any) -> Harness:
    backend = ShopBackend.generate(seed=7, customers=5, orders=0)
    values = {"customer_import": "none", "default_customer_no": "WEB",
              "auto_create_orders": True, "auto_create_items": True,
              "create_invoices_from_orders": True, "shipping_charges_account": "6100",
              "tip_account": "6200", "sold_gift_card_account": "2400",
              "refund_account": "6900", "refund_account_non_restock": "6910",
              "return_location": "RETURNS"}
    values.update(settings)
    create_shop(SHOP, is_demo=True, settings=values)
    if Customer.get_or_none(Customer.no == "WEB") is None:
        Customer.create(no="WEB", name="Web shop")
    shop = DemoShop(backend, plan="plus", fault_kinds=fault_kinds)
    return Harness(backend, shop)


def document_of(order_gid: str) -> str:
    return order_store.get_order(SHOP, order_gid).document_no


def dec(value: Any) -> Decimal:
    return Decimal(str(value))
