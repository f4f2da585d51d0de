"""A fulfillment's tracking replaced after the fact, and what a line still has to fulfil."""

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
