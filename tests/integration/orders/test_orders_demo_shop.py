"""The orders job against the demo shop (in process, its real HTTP surface and cost model)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.demo_shop import DemoShop, DemoShopTransport, ShopBackend
from desktop_app.shopify.address import ShopAddress
from desktop_app.shopify.auth import StaticToken
from desktop_app.shopify.client import ShopifyClient
from desktop_app.store import orders as store
from desktop_app.store import shops
from desktop_app.store.models import Customer
from desktop_app.store.order_models import SalesDocument, ShopifyOrder
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.orders import sync_orders
from desktop_app.sync.results import SyncResult


async def _token() -> str:
    return "integration-token"


@pytest.fixture
def demo(db):
    backend = ShopBackend.generate(seed=5, customers=60, orders=80)
    shops.create_shop("D", is_demo=True, settings={
        "customer_import": "none", "default_customer_no": "WEB", "auto_create_orders": True,
        "auto_create_items": True, "shipping_charges_account": "6100",
        "tip_account": "6200", "sold_gift_card_account": "2400",
    })
    Customer.create(no="WEB", name="Web shop")
    yield backend
    backend.close()


async def _sync(backend) -> SyncResult:
    client = ShopifyClient(ShopAddress.loopback(), StaticToken(_token),
                           transport=DemoShopTransport(DemoShop(backend, plan="plus")))
    result = SyncResult("orders")
    async with client:
        await sync_orders(JobContext("D", client, result, NullReporter(), 0))
    return result


async def test_demo_orders_imported_once_with_exact_documents(demo):
    first = await _sync(demo)
    imported = ShopifyOrder.select().count()
    assert imported > 0
    assert not any(o.closed for o in ShopifyOrder.select())  # first run: open orders only
    docs = SalesDocument.select().count()
    errors = ShopifyOrder.select().where(ShopifyOrder.has_error == True).count()  # noqa: E712
    assert docs + errors == imported, first.errors
    for doc in SalesDocument.select():
        order = ShopifyOrder.get(ShopifyOrder.shopify_id == doc.shopify_order_gid)
        assert doc.currency == order.currency
        assert doc.total == Decimal(order.total), doc.no  # bring taxes in, shop currency
    second = await _sync(demo)
    assert ShopifyOrder.select().count() == imported
    assert SalesDocument.select().count() == docs
    assert second.created == 0
    rows = store.orders_for_cli("D")
    assert {"shopify_id", "name", "state", "error", "conflict", "document_no", "customer_no",
            "financial_status", "fulfillment_status"} <= set(rows[0])


async def test_orders_first_with_customer_and_company_creation_keep_numbers_unique(db):
    """Syncing orders before any customers sync, with auto-create on: the customers of the
    orders and the companies of B2B orders are created side by side, each with its own
    number (a company taking the next number once made the customer import reuse it)."""
    backend = ShopBackend.generate(seed=20, customers=50, orders=100)
    try:
        b2b = [o for o in backend.state.orders.values() if o.company_location_id]
        assert b2b  # the generated shop has B2B orders, so companies are created too
        shops.create_shop("D", is_demo=True, settings={
            "customer_import": "all", "auto_create_customers": True,
            "customer_template": "RETAIL", "auto_create_items": True,
        })
        result = await _sync(backend)
        nos = [c.no for c in Customer.select()]
        assert len(nos) == len(set(nos)) > 10
        assert not [e for e in result.errors if "already exists" in e.message]
        organisations = Customer.select().where(Customer.category == "organisation").count()
        assert organisations > 0
    finally:
        backend.close()
