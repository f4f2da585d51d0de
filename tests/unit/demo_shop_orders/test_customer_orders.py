"""A customer's orders and last order (`Customer.orders`, `Customer.lastOrder`)."""

from __future__ import annotations

from collections import Counter

from demo_shops import BackendClient as Client

from desktop_app.demo_shop.backend import ShopBackend

READ = """query($id: ID!) { customer(id: $id) {
  orders(first: 250) { nodes { id customer { id } } }
  newest: orders(first: 1, sortKey: CREATED_AT, reverse: true) { nodes { id } }
  lastOrder { id } } }"""


def test_a_customers_orders_are_theirs_by_id_and_the_last_is_the_newest(
        generated: ShopBackend) -> None:
    client = Client(generated, generated.access_scopes | {"read_all_orders", "read_orders"})
    state = generated.state
    counts = Counter(o.customer_id for o in state.orders.values() if o.customer_id)
    buyer, _count = max(counts.items(), key=lambda item: (item[1], item[0]))
    assert _count >= 2
    theirs = sorted((o for o in state.orders.values() if o.customer_id == buyer),
                    key=lambda o: o.id)
    newest = max(theirs, key=lambda o: (o.created_at, o.id))
    answer = client.ok(READ, {"id": f"gid://shopify/Customer/{buyer}"})["customer"]
    assert [n["id"] for n in answer["orders"]["nodes"]] == [o.gid for o in theirs]
    assert {n["customer"]["id"] for n in answer["orders"]["nodes"]} == {
        f"gid://shopify/Customer/{buyer}"}
    assert answer["newest"]["nodes"] == [{"id": newest.gid}]
    assert answer["lastOrder"] == {"id": newest.gid}

    never = next(c for c in state.customers.values() if c.id not in counts)
    answer = client.ok(READ, {"id": never.gid})["customer"]
    assert (answer["orders"]["nodes"], answer["lastOrder"]) == ([], None)
