"""Helpers for the demo shop's order tests: real GraphQL documents through ShopBackend.execute."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from demo_shops import BACKEND_NOW as NOW
from demo_shops import BackendClient as Client

from desktop_app.demo_shop.backend import ShopBackend


@pytest.fixture(scope="module")
def generated() -> Iterator[ShopBackend]:
    """A generated shop with orders, shared by the read-only tests of a module."""
    shop = ShopBackend.generate(seed=11, customers=120, orders=400, now=NOW)
    yield shop
    shop.close()


@pytest.fixture
def backend() -> Iterator[ShopBackend]:
    """A small generated shop (products, locations, customers; no orders) to change freely."""
    shop = ShopBackend.generate(seed=3, customers=20, orders=0, now=NOW)
    yield shop
    shop.close()


@pytest.fixture
def client(backend: ShopBackend) -> Client:
    return Client(backend)


ORDER_FIELDS = """
  id name createdAt updatedAt processedAt cancelledAt cancelReason closed closedAt test email
  tags note customAttributes { key value } displayFinancialStatus displayFulfillmentStatus
  currencyCode presentmentCurrencyCode taxesIncluded taxExempt fullyPaid edited
  customer { id }
  totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount currencyCode } }
  currentTotalPriceSet { shopMoney { amount } presentmentMoney { amount } }
  subtotalPriceSet { shopMoney { amount } }
  totalTaxSet { shopMoney { amount } }
  totalShippingPriceSet { shopMoney { amount } }
  totalRefundedSet { shopMoney { amount } presentmentMoney { amount } }
  totalOutstandingSet { shopMoney { amount } }
  lineItems(first: 50) { nodes { id name sku quantity currentQuantity refundableQuantity isGiftCard
      variant { id sku } originalUnitPriceSet { shopMoney { amount } presentmentMoney { amount } }
      discountAllocations { allocatedAmountSet { shopMoney { amount } } }
      taxLines { title rate priceSet { shopMoney { amount } } } } }
  shippingLines(first: 10) { nodes { title code originalPriceSet { shopMoney { amount } } } }
  transactions { id kind status gateway amountSet { shopMoney { amount } presentmentMoney { amount } } }
  refunds { id createdAt totalRefundedSet { shopMoney { amount } }
    refundLineItems(first: 50) { nodes { lineItem { id } quantity restockType subtotalSet { shopMoney { amount } } } }
    transactions(first: 10) { nodes { id kind status } } }
  fulfillments { id status trackingInfo { company number url } }
  fulfillmentOrders(first: 10) { nodes { id status assignedLocation { location { id } }
    lineItems(first: 50) { nodes { id remainingQuantity totalQuantity lineItem { id } } } } }
  risk { recommendation assessments { riskLevel } }
"""

CREATE = (
    """
mutation Create($order: OrderCreateOrderInput!, $options: OrderCreateOptionsInput) {
  orderCreate(order: $order, options: $options) {
    order { %s }
    userErrors { field message code }
  }
}
"""
    % ORDER_FIELDS
)

READ = "query Read($id: ID!) { order(id: $id) { %s } }" % ORDER_FIELDS


def money(amount: str, currency: str = "CAD", presentment: tuple[str, str] | None = None) -> dict[str, Any]:
    """A MoneyBagInput."""
    bag: dict[str, Any] = {"shopMoney": {"amount": amount, "currencyCode": currency}}
    if presentment:
        bag["presentmentMoney"] = {"amount": presentment[0], "currencyCode": presentment[1]}
    return bag


def variant_gids(backend: ShopBackend, count: int = 3) -> list[str]:
    """The GIDs of the first ``count`` variants (by id)."""
    return [backend.state.variants[i].gid for i in sorted(backend.state.variants)[:count]]


def create_order(client: Client, **fields: Any) -> dict[str, Any]:
    """orderCreate with these input fields (two variant lines, paid, by default); the order."""
    variants = variant_gids(client.backend, 2)
    order: dict[str, Any] = {
        "email": "buyer@example.com",
        "lineItems": [
            {"variantId": variants[0], "quantity": 2, "priceSet": money("10.00"),
             "taxLines": [{"title": "HST", "rate": "0.13"}]},
            {"variantId": variants[1], "quantity": 1, "priceSet": money("25.00"),
             "taxLines": [{"title": "HST", "rate": "0.13"}]},
        ],
        "shippingLines": [{"title": "Standard", "priceSet": money("5.00")}],
        "financialStatus": "PAID",
    }
    order.update(fields)
    data = client.ok(CREATE, {"order": order})
    assert data["orderCreate"]["userErrors"] == [], data["orderCreate"]["userErrors"]
    return data["orderCreate"]["order"]
