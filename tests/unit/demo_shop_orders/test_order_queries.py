"""Order queries on a generated shop: paging, search, counts, scopes, cost, determinism."""

from __future__ import annotations

import time
from datetime import timedelta

from graphql import parse

from desktop_app.demo_shop.backend import ShopBackend, build_demo_schema
from desktop_app.demo_shop.cost import requested_cost
from desktop_app.demo_shop.scalars import iso

from .conftest import NOW, Client

PAGE = """
query P($after: String, $q: String, $sort: OrderSortKeys) {
  orders(first: 50, after: $after, query: $q, sortKey: $sort) {
    nodes { id name updatedAt displayFinancialStatus displayFulfillmentStatus closed cancelledAt tags
            customer { id } risk { assessments { riskLevel } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""


def all_orders(client: Client, query: str | None = None, sort: str = "UPDATED_AT") -> list[dict]:
    found, after = [], None
    while True:
        page = client.ok(PAGE, {"after": after, "q": query, "sort": sort})["orders"]
        found.extend(page["nodes"])
        if not page["pageInfo"]["hasNextPage"]:
            return found
        after = page["pageInfo"]["endCursor"]


def test_paging_reads_every_order_once_in_order(generated: ShopBackend) -> None:
    client = Client(generated)
    orders = all_orders(client)
    assert len(orders) == 400 == len({o["id"] for o in orders})
    stamps = [o["updatedAt"] for o in orders]
    assert stamps == sorted(stamps)
    count = client.ok("{ ordersCount { count precision } }")["ordersCount"]
    assert count == {"count": 400, "precision": "EXACT"}


def test_search_filters(generated: ShopBackend) -> None:
    client = Client(generated)
    orders = list(generated.state.orders.values())
    open_ones = all_orders(client, "status:open")
    assert {o["id"] for o in open_ones} == {o.gid for o in orders if not o.closed and o.cancelled_at is None}
    assert all(o["cancelledAt"] for o in all_orders(client, "status:cancelled"))
    paid = all_orders(client, "financial_status:paid")
    assert paid and all(o["displayFinancialStatus"] == "PAID" for o in paid)
    shipped = all_orders(client, "fulfillment_status:shipped")
    assert shipped and all(o["displayFulfillmentStatus"] == "FULFILLED" for o in shipped)
    high = all_orders(client, "risk_level:high")
    assert high and all(o["risk"]["assessments"][0]["riskLevel"] == "HIGH" for o in high)
    cutoff = NOW - timedelta(days=30)
    recent = all_orders(client, f"updated_at:>'{iso(cutoff)}'")
    assert {o["id"] for o in recent} == {o.gid for o in orders if o.updated_at > cutoff}
    some = next(o for o in orders if o.customer_id)
    mine = all_orders(client, f"customer_id:{some.customer_id}")
    assert {o["id"] for o in mine} == {o.gid for o in orders if o.customer_id == some.customer_id}
    tagged = all_orders(client, "tag:priority")
    assert tagged and all("priority" in o["tags"] for o in tagged)


def test_unknown_search_field_is_dropped_with_a_warning(generated: ShopBackend) -> None:
    client = Client(generated)
    result = client(PAGE, {"q": "colour:blue"})
    assert result.errors == []
    assert result.search[0]["warnings"] == [
        {"field": "colour", "message": "Invalid search field for this query.", "code": "invalid_field"}
    ]
    assert len(result.data["orders"]["nodes"]) == 50


def test_without_read_all_orders_only_sixty_days_are_visible(generated: ShopBackend) -> None:
    client = Client(generated)
    scopes = generated.access_scopes - {"read_all_orders"}
    count = client.ok("{ ordersCount { count } }", scopes=scopes)["ordersCount"]["count"]
    expected = sum(1 for o in generated.state.orders.values() if o.created_at >= NOW - timedelta(days=60))
    assert 0 < count == expected < 400
    old = min(generated.state.orders.values(), key=lambda o: o.created_at)
    assert client.ok("query O($id: ID!) { order(id: $id) { id } }", {"id": old.gid}, scopes=scopes)["order"] is None


def test_generated_orders_have_the_variety_the_app_needs(generated: ShopBackend) -> None:
    orders = list(generated.state.orders.values())
    statuses = {o.display_financial_status for o in orders}
    assert {"PAID", "PENDING", "PARTIALLY_REFUNDED", "REFUNDED"} <= statuses
    assert {"FULFILLED", "UNFULFILLED", "PARTIALLY_FULFILLED"} <= {o.display_fulfillment_status for o in orders}
    lines = [line for o in orders for line in o.line_items]
    assert any(line.is_gift_card for line in lines)
    assert any(line.title == "Tip" and line.product_id is None for line in lines)
    assert any(line.sku and line.variant_id is None for line in lines)
    assert any(o.customer_id is None and o.email for o in orders)
    assert any(o.source_name == "pos" for o in orders)
    assert any(o.presentment_currency_code != "CAD" for o in orders)
    assert any(t.gateway == "gift_card" for o in orders for t in o.transactions)
    assert len({fo.location_id for o in orders for fo in o.fulfillment_orders}) == 2
    assert any(o.cancelled_at for o in orders) and any(o.closed and not o.cancelled_at for o in orders)
    assert {s.title for o in orders for s in o.shipping_lines} >= {"Standard", "Express"}
    numbers = [o.number for o in sorted(orders, key=lambda o: o.created_at)]
    assert numbers == sorted(numbers)


def test_generator_is_deterministic_and_fast() -> None:
    started = time.perf_counter()
    a = ShopBackend.generate(seed=21, customers=200, orders=2000, now=NOW)
    elapsed = time.perf_counter() - started
    b = ShopBackend.generate(seed=21, customers=200, orders=2000, now=NOW)
    c = ShopBackend.generate(seed=22, customers=200, orders=50, now=NOW)
    try:
        assert elapsed < 5, f"2,000 orders took {elapsed:.1f} s"
        assert a.to_json() == b.to_json()
        assert a.to_json()["orders"][:3] != c.to_json()["orders"][:3]
    finally:
        for shop in (a, b, c):
            shop.close()


def test_state_file_round_trip_keeps_orders(generated: ShopBackend) -> None:
    data = generated.to_json()
    again = ShopBackend.from_json(data)
    try:
        assert again.to_json() == data
        order = next(o for o in generated.state.orders.values() if o.refunds and o.fulfillments)
        copy = again.state.orders[order.id]
        assert copy.total_price_set == order.total_price_set
        assert copy.display_financial_status == order.display_financial_status
        assert copy.refunds[0].total_refunded == order.refunds[0].total_refunded
    finally:
        again.close()


def test_node_lookup_of_order_children(generated: ShopBackend) -> None:
    client = Client(generated)
    order = next(o for o in generated.state.orders.values() if o.fulfillment_orders)
    data = client.ok(
        "query N($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }",
        {"ids": [order.gid, order.line_items[0].gid, order.fulfillment_orders[0].gid]},
    )
    assert [n["__typename"] for n in data["nodes"]] == ["Order", "LineItem", "FulfillmentOrder"]


def test_cost_prices_lists_by_first_and_connections_by_page_size() -> None:
    schema = build_demo_schema()
    with_first = parse("{ orders(first: 10) { nodes { id transactions(first: 5) { id } lineItems(first: 4) { nodes { id } } } } }")
    without = parse("{ orders(first: 10) { nodes { id transactions { id } } } }")
    # connection: 2 + 10 x (order 1 + transactions 5 x 1 + lineItems (2 + 4 x 1))
    assert requested_cost(schema, with_first).total == 2 + 10 * (1 + 5 + 6)
    # a list without first is priced as one object, as cost.py documents
    assert requested_cost(schema, without).total == 2 + 10 * (1 + 1)
