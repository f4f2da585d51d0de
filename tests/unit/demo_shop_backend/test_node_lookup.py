"""`node(id:)` finds each type of record the demo shop keeps by its GID."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from desktop_app.demo_shop.generator import generate_state
from desktop_app.demo_shop.resolvers_shop import find_node
from desktop_app.demo_shop.state import ShopState

NOW = datetime(2026, 1, 2, tzinfo=UTC)


@pytest.fixture(scope="module")
def state() -> ShopState:
    return generate_state(3, customers=5, orders=3, now=NOW)


@pytest.mark.parametrize(
    ("type_name", "records"),
    [
        ("Customer", "customers"),
        ("Product", "products"),
        ("ProductVariant", "variants"),
        ("Location", "locations"),
        ("BulkOperation", "bulk_operations"),
        ("Order", "orders"),
        ("DraftOrder", "draft_orders"),
        ("GiftCard", "gift_cards"),
    ],
)
def test_records_kept_by_id(state: ShopState, type_name: str, records: str) -> None:
    kept = getattr(state, records)
    record = object()
    kept[987654] = record
    try:
        assert find_node(state, type_name, 987654) is record
        assert find_node(state, type_name, 987655) is None
        assert find_node(state, "Collection", 987654) is None
    finally:
        del kept[987654]


def test_addresses_shop_and_order_children(state: ShopState) -> None:
    customer = next(c for c in state.customers.values() if c.addresses)
    address = customer.addresses[0]
    assert find_node(state, "MailingAddress", address.id) is address
    assert find_node(state, "Shop", state.shop.id) is state.shop
    assert find_node(state, "Shop", state.shop.id + 1) is None
    order = next(iter(state.orders.values()))
    line = order.line_items[0]
    assert find_node(state, "LineItem", line.id) is line
    assert find_node(state, "Refund", line.id) is None
