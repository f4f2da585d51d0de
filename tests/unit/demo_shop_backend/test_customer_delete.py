"""customerDelete: a customer without orders goes, from every look-up; one with orders stays."""

from __future__ import annotations

from demo_shops import BackendClient

from desktop_app.demo_shop import ShopBackend

from .conftest import NOW, Client, create

DELETE = """
mutation D($input: CustomerDeleteInput!) {
  customerDelete(input: $input) { deletedCustomerId shop { id } userErrors { field message } }
}"""
READ = """
query R($id: ID!, $q: String) {
  customer(id: $id) { id }
  customers(first: 5, query: $q, sortKey: UPDATED_AT) { nodes { id } }
  customersCount(query: $q) { count }
}"""


def test_a_deleted_customer_is_gone_and_its_email_free_again(empty_client: Client) -> None:
    made = create(empty_client, email="gone@example.com", lastName="Gone")["customer"]
    query = {"id": made["id"], "q": "email:gone@example.com"}
    assert empty_client.ok(READ, query)["customersCount"] == {"count": 1}
    payload = empty_client.ok(DELETE, {"input": {"id": made["id"]}})["customerDelete"]
    assert payload["deletedCustomerId"] == made["id"] and payload["userErrors"] == []
    assert payload["shop"]["id"].startswith("gid://shopify/Shop/")
    read = empty_client.ok(READ, query)
    assert read["customer"] is None and read["customers"]["nodes"] == []
    assert read["customersCount"] == {"count": 0}
    again = create(empty_client, email="gone@example.com", lastName="Back")
    assert again["userErrors"] == []
    missing = empty_client.ok(DELETE, {"input": {"id": made["id"]}})["customerDelete"]
    assert missing == {"deletedCustomerId": None, "shop": payload["shop"],
                       "userErrors": [{"field": ["id"], "message": "Customer can't be found"}]}


def test_a_customer_with_orders_is_not_deleted() -> None:
    backend = ShopBackend.generate(seed=3, customers=5, orders=5, now=NOW)
    client, state = Client(backend), backend.state
    owner = next(o.customer_id for o in state.orders.values() if o.customer_id)
    gid = state.customers[owner].gid
    payload = client.ok(DELETE, {"input": {"id": gid}})["customerDelete"]
    assert payload["deletedCustomerId"] is None
    assert payload["userErrors"] == [
        {"field": ["id"], "message": "Customer can’t be deleted because they have associated orders"}]
    assert owner in state.customers
    backend.close()


ORDER_DELETE = """
mutation O($id: ID!) { orderDelete(orderId: $id) { deletedId userErrors { field message code } } }"""


def test_a_deleted_order_is_gone_but_still_keeps_its_customer() -> None:
    backend = ShopBackend.generate(seed=3, customers=5, orders=5, now=NOW)
    client, state = BackendClient(backend), backend.state  # every scope the shop grants
    order = next(o for o in state.orders.values() if o.customer_id)
    line = order.line_items[0].id
    client.ok("query { orders(first: 5, sortKey: UPDATED_AT) { nodes { id } } }")  # builds the index
    assert client.ok(ORDER_DELETE, {"id": order.gid})["orderDelete"] == {
        "deletedId": order.gid, "userErrors": []}
    assert order.id not in state.orders and state.order_owning(line) is None
    listed = client.ok("query { orders(first: 250, sortKey: UPDATED_AT) { nodes { id } } }")
    assert order.gid not in {n["id"] for n in listed["orders"]["nodes"]}
    assert client.ok(ORDER_DELETE, {"id": order.gid})["orderDelete"] == {"deletedId": None, "userErrors": [
        {"field": ["orderId"], "message": "Order does not exist", "code": "NOT_FOUND"}]}
    customer = state.customers[order.customer_id].gid
    refused = client.ok(DELETE, {"input": {"id": customer}})["customerDelete"]
    assert refused["deletedCustomerId"] is None
    backend.close()
