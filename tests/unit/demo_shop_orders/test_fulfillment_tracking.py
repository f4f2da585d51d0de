"""A fulfillment's tracking replaced after the fact, a fulfillment cancelled, and what a line
still has to fulfil."""

from __future__ import annotations

from .conftest import Client, create_order

FULFILL = """
mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) {
  fulfillment { id } userErrors { field message } } }"""
UPDATE = """
mutation T($id: ID!, $t: FulfillmentTrackingInput!) {
  fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput: $t, notifyCustomer: false) {
    fulfillment { id trackingInfo(first: 5) { number url company } } userErrors { field message } } }"""
LINES = """query L($id: ID!) { order(id: $id) {
  lineItems(first: 10) { nodes { quantity fulfillableQuantity } }
  fulfillments(first: 5) { trackingInfo(first: 5) { number company } } } }"""


def test_tracking_is_replaced_and_fulfillable_quantity_falls(client: Client) -> None:
    order = create_order(client)
    fo = order["fulfillmentOrders"]["nodes"][0]
    line = fo["lineItems"]["nodes"][0]
    before = client.ok(LINES, {"id": order["id"]})["order"]["lineItems"]["nodes"]
    assert all(n["fulfillableQuantity"] == n["quantity"] for n in before)
    made = client.ok(FULFILL, {"f": {
        "lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": fo["id"],
                                         "fulfillmentOrderLineItems": [{"id": line["id"], "quantity": 1}]}],
        "trackingInfo": {"company": "Hermes", "numbers": ["A-1"]}}})["fulfillmentCreate"]
    assert made["userErrors"] == []
    updated = client.ok(UPDATE, {"id": made["fulfillment"]["id"], "t": {
        "company": "UPS", "numbers": ["B-1", "B-2"],
        "urls": ["https://example.com/B-1", "https://example.com/B-2"]}})["fulfillmentTrackingInfoUpdate"]
    assert updated["userErrors"] == []
    assert updated["fulfillment"]["trackingInfo"] == [
        {"number": "B-1", "url": "https://example.com/B-1", "company": "UPS"},
        {"number": "B-2", "url": "https://example.com/B-2", "company": "UPS"}]
    after = client.ok(LINES, {"id": order["id"]})["order"]
    assert after["fulfillments"][0]["trackingInfo"] == [
        {"number": "B-1", "company": "UPS"}, {"number": "B-2", "company": "UPS"}]
    assert after["lineItems"]["nodes"][0]["fulfillableQuantity"] == before[0]["quantity"] - 1
    missing = client.ok(UPDATE, {"id": "gid://shopify/Fulfillment/1", "t": {"number": "X"}})
    assert missing["fulfillmentTrackingInfoUpdate"]["fulfillment"] is None


CANCEL = """mutation C($id: ID!) { fulfillmentCancel(id: $id) {
  fulfillment { status displayStatus trackingInfo(first: 5) { number } }
  userErrors { field message } } }"""
ORDER_CANCEL = """mutation O($id: ID!) { orderCancel(orderId: $id, reason: OTHER, refund: false,
  restock: true) { orderCancelUserErrors { field message } } }"""
STATE = """query S($id: ID!) { order(id: $id) { displayFulfillmentStatus
  lineItems(first: 10) { nodes { quantity fulfillableQuantity } }
  fulfillmentOrders(first: 5) { nodes { status lineItems(first: 10) { nodes { remainingQuantity } } } } } }"""


def test_a_cancelled_fulfillment_gives_its_units_back(client: Client) -> None:
    order = create_order(client)
    fo = order["fulfillmentOrders"]["nodes"][0]
    lines = [{"id": n["id"], "quantity": n["remainingQuantity"]} for n in fo["lineItems"]["nodes"]]
    before = client.ok(STATE, {"id": order["id"]})["order"]
    made = client.ok(FULFILL, {"f": {
        "lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": fo["id"],
                                         "fulfillmentOrderLineItems": lines}],
        "trackingInfo": {"company": "Hermes", "numbers": ["C-1"]}}})["fulfillmentCreate"]
    assert made["userErrors"] == []
    refused = client.ok(ORDER_CANCEL, {"id": order["id"]})["orderCancel"]["orderCancelUserErrors"]
    assert [e["message"] for e in refused] == [
        "Cannot cancel an order that has outstanding fulfillments"]

    cancelled = client.ok(CANCEL, {"id": made["fulfillment"]["id"]})["fulfillmentCancel"]
    assert cancelled == {"userErrors": [], "fulfillment": {
        "status": "CANCELLED", "displayStatus": "CANCELED", "trackingInfo": [{"number": "C-1"}]}}
    assert client.ok(STATE, {"id": order["id"]})["order"] == before  # all to fulfil again
    assert client.ok(ORDER_CANCEL, {"id": order["id"]})["orderCancel"]["orderCancelUserErrors"] == []
    unknown = client.ok(CANCEL, {"id": "gid://shopify/Fulfillment/999999999999991"})
    assert unknown["fulfillmentCancel"] == {"fulfillment": None, "userErrors": [
        {"field": ["id"], "message": "Fulfillment not found."}]}
