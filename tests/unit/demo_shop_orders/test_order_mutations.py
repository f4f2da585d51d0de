"""Order mutations of the demo shop: success paths, Shopify's userErrors, edits, refunds."""

from __future__ import annotations

from decimal import Decimal

from .conftest import CREATE, READ, Client, create_order, money, variant_gids


def amount(bag: dict) -> Decimal:
    return Decimal(bag["shopMoney"]["amount"])


def test_order_create_prices_taxes_and_statuses(client: Client) -> None:
    order = create_order(client)
    # 2 x 10.00 + 25.00 = 45.00; HST 13% = 5.85; shipping 5.00 (untaxed)
    assert amount(order["subtotalPriceSet"]) == Decimal("45.00")
    assert amount(order["totalTaxSet"]) == Decimal("5.85")
    assert amount(order["totalPriceSet"]) == Decimal("55.85")
    assert order["totalPriceSet"]["shopMoney"]["amount"] == "55.85"
    assert order["displayFinancialStatus"] == "PAID"
    assert order["displayFulfillmentStatus"] == "UNFULFILLED"
    assert order["transactions"][0]["kind"] == "SALE"
    fo_lines = order["fulfillmentOrders"]["nodes"][0]["lineItems"]["nodes"]
    assert [(n["remainingQuantity"], n["totalQuantity"]) for n in fo_lines] == [(2, 2), (1, 1)]


def test_order_create_in_a_presentment_currency(client: Client) -> None:
    order = create_order(
        client,
        presentmentCurrency="EUR",
        lineItems=[{"title": "Custom print", "quantity": 1, "priceSet": money("100.00", presentment=("68.00", "EUR"))}],
        shippingLines=[],
    )
    total = order["totalPriceSet"]
    assert total["shopMoney"] == {"amount": "100.0", "currencyCode": "CAD"}
    assert total["presentmentMoney"] == {"amount": "68.0", "currencyCode": "EUR"}
    assert order["lineItems"]["nodes"][0]["variant"] is None


def test_order_create_user_errors(client: Client) -> None:
    result = client.ok(CREATE, {"order": {"email": "not-an-email", "lineItems": [{"title": "X", "quantity": 0}]}})
    errors = result["orderCreate"]["userErrors"]
    assert {"field": ["order", "email"], "message": "Email is invalid", "code": "INVALID"} in errors
    assert {
        "field": ["order", "lineItems", "0", "quantity"],
        "message": "Quantity must be greater than or equal to 1",
        "code": "INVALID",
    } in errors
    assert result["orderCreate"]["order"] is None
    assert client.backend.state.orders == {}


UPDATE = """
mutation U($input: OrderInput!) {
  orderUpdate(input: $input) { order { id updatedAt tags note customAttributes { key value } } userErrors { field message } }
}
"""


def test_order_update_overwrites_attributes_and_tags(client: Client) -> None:
    order = create_order(client, tags=["a", "b"], customAttributes=[{"key": "k1", "value": "v1"}])
    client.tick()
    data = client.ok(UPDATE, {"input": {"id": order["id"], "customAttributes": [{"key": "doc", "value": "SO-1"}], "tags": ["c"]}})
    updated = data["orderUpdate"]["order"]
    assert updated["customAttributes"] == [{"key": "doc", "value": "SO-1"}]
    assert updated["tags"] == ["c"]
    assert updated["updatedAt"] > order["updatedAt"]
    errors = client.ok(UPDATE, {"input": {"id": "gid://shopify/Order/1"}})["orderUpdate"]["userErrors"]
    assert errors == [{"field": ["id"], "message": "Order does not exist"}]
    errors = client.ok(UPDATE, {"input": {"id": order["id"]}})["orderUpdate"]["userErrors"]
    assert errors == [{"field": None, "message": "No valid update parameters have been provided"}]


MARK_PAID = """
mutation M($id: ID!) { orderMarkAsPaid(input: {id: $id}) {
  order { displayFinancialStatus fullyPaid transactions { kind status gateway amountSet { shopMoney { amount } } } }
  userErrors { field message } } }
"""


def test_mark_as_paid(client: Client) -> None:
    order = create_order(client, financialStatus="PENDING")
    assert order["displayFinancialStatus"] == "PENDING"
    paid = client.ok(MARK_PAID, {"id": order["id"]})["orderMarkAsPaid"]
    assert paid["userErrors"] == []
    assert paid["order"]["displayFinancialStatus"] == "PAID"
    assert paid["order"]["fullyPaid"] is True
    assert paid["order"]["transactions"][-1]["gateway"] == "manual"
    again = client.ok(MARK_PAID, {"id": order["id"]})["orderMarkAsPaid"]
    assert again["userErrors"] == [{"field": ["id"], "message": "Order cannot be marked as paid."}]


CANCEL = """
mutation C($id: ID!, $refund: Boolean) {
  orderCancel(orderId: $id, reason: CUSTOMER, restock: true, refund: $refund) {
    job { id done } orderCancelUserErrors { field message code } userErrors { field message } } }
"""


def test_cancel_is_asynchronous_and_refunds(client: Client) -> None:
    order = create_order(client)
    result = client.ok(CANCEL, {"id": order["id"], "refund": True})["orderCancel"]
    assert result["orderCancelUserErrors"] == [] and result["job"]["done"] is False
    client.tick()
    after = client.ok(READ, {"id": order["id"]})["order"]
    assert after["cancelledAt"] is not None and after["cancelReason"] == "CUSTOMER"
    assert after["closed"] is True
    assert after["displayFinancialStatus"] == "REFUNDED"
    assert after["fulfillmentOrders"]["nodes"][0]["status"] == "CLOSED"
    job = client.ok("query J($id: ID!) { job(id: $id) { done } }", {"id": result["job"]["id"]})
    assert job["job"]["done"] is True
    again = client.ok(CANCEL, {"id": order["id"]})["orderCancel"]
    assert again["orderCancelUserErrors"] == [
        {"field": ["orderId"], "message": "Cannot cancel an order that has already been canceled", "code": "INVALID"}
    ]


def test_cancel_unpaid_order_leaves_a_zero_amount_refund(client: Client) -> None:
    order = create_order(client, financialStatus="PENDING")
    client.ok(CANCEL, {"id": order["id"]})
    client.tick()
    after = client.ok(READ, {"id": order["id"]})["order"]
    (refund,) = after["refunds"]
    assert amount(refund["totalRefundedSet"]) == 0
    assert {n["restockType"] for n in refund["refundLineItems"]["nodes"]} == {"CANCEL"}
    assert all(n["currentQuantity"] == 0 for n in after["lineItems"]["nodes"])


FULFILL = """
mutation F($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) {
  fulfillment { id status trackingInfo { company number url } fulfillmentLineItems(first: 10) { nodes { quantity lineItem { id } } } }
  userErrors { field message } } }
"""


def test_fulfillment_remaining_quantities_and_cancel_refusal(client: Client) -> None:
    order = create_order(client)
    fo = order["fulfillmentOrders"]["nodes"][0]
    first_line = fo["lineItems"]["nodes"][0]
    request = {
        "lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": fo["id"], "fulfillmentOrderLineItems": [{"id": first_line["id"], "quantity": 1}]}],
        "trackingInfo": {"company": "UPS", "number": "1Z999", "url": "https://ups.example/1Z999"},
    }
    made = client.ok(FULFILL, {"f": request})["fulfillmentCreate"]
    assert made["userErrors"] == []
    assert made["fulfillment"]["trackingInfo"] == [{"company": "UPS", "number": "1Z999", "url": "https://ups.example/1Z999"}]
    after = client.ok(READ, {"id": order["id"]})["order"]
    assert after["displayFulfillmentStatus"] == "PARTIALLY_FULFILLED"
    lines = after["fulfillmentOrders"]["nodes"][0]["lineItems"]["nodes"]
    assert [n["remainingQuantity"] for n in lines] == [1, 1]
    assert after["fulfillmentOrders"]["nodes"][0]["status"] == "IN_PROGRESS"
    too_many = client.ok(FULFILL, {"f": {"lineItemsByFulfillmentOrder": [
        {"fulfillmentOrderId": fo["id"], "fulfillmentOrderLineItems": [{"id": first_line["id"], "quantity": 2}]}]}})
    assert too_many["fulfillmentCreate"]["userErrors"] == [
        {"field": ["fulfillment"], "message": "Invalid fulfillment order line item quantity requested."}
    ]
    missing = client.ok(FULFILL, {"f": {"lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": "gid://shopify/FulfillmentOrder/1"}]}})
    assert missing["fulfillmentCreate"]["userErrors"] == [{"field": ["fulfillment"], "message": "Fulfillment order does not exist."}]
    zero = client.ok(FULFILL, {"f": {"lineItemsByFulfillmentOrder": [
        {"fulfillmentOrderId": fo["id"], "fulfillmentOrderLineItems": [{"id": first_line["id"], "quantity": 0}]}]}})
    assert zero["fulfillmentCreate"]["userErrors"][0]["field"] == [
        "fulfillment", "lineItemsByFulfillmentOrder", "0", "fulfillmentOrderLineItems", "0", "quantity"]
    rest = client.ok(FULFILL, {"f": {"lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": fo["id"]}]}})
    assert rest["fulfillmentCreate"]["userErrors"] == []
    final = client.ok(READ, {"id": order["id"]})["order"]
    assert final["displayFulfillmentStatus"] == "FULFILLED"
    assert final["fulfillmentOrders"]["nodes"][0]["status"] == "CLOSED"
    refused = client.ok(CANCEL, {"id": order["id"]})["orderCancel"]["orderCancelUserErrors"]
    assert refused[0]["message"] == "Cannot cancel an order that has outstanding fulfillments"


def test_one_location_per_fulfillment(client: Client) -> None:
    state = client.backend.state
    variants = variant_gids(client.backend, 2)
    order = create_order(client, lineItems=[{"variantId": v, "quantity": 1} for v in variants], shippingLines=[])
    stored = state.orders[int(order["id"].rsplit("/", 1)[1])]
    second_location = sorted(state.locations)[1]
    stored.fulfillment_orders[0].lines.pop()
    from desktop_app.demo_shop.order_ops import _new_fulfillment_order

    _new_fulfillment_order(state, stored, second_location, [(stored.line_items[1], 1)], client.now)
    state.order_changed(stored)
    fos = [fo.gid for fo in stored.fulfillment_orders]
    result = client.ok(FULFILL, {"f": {"lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": g} for g in fos]}})
    message = result["fulfillmentCreate"]["userErrors"][0]["message"]
    assert message.startswith("All fulfillment orders must be assigned to a single location.")


EDIT_BEGIN = """mutation B($id: ID!) { orderEditBegin(id: $id) {
  calculatedOrder { id lineItems(first: 10) { nodes { id quantity sku } } } userErrors { field message } } }"""
EDIT_SET = """mutation S($id: ID!, $line: ID!, $q: Int!) { orderEditSetQuantity(id: $id, lineItemId: $line, quantity: $q, restock: true) {
  calculatedLineItem { quantity } userErrors { field message } } }"""
EDIT_ADD = """mutation A($id: ID!, $v: ID!) { orderEditAddVariant(id: $id, variantId: $v, quantity: 2) {
  calculatedLineItem { id quantity } userErrors { field message } } }"""
EDIT_COMMIT = """mutation C($id: ID!) { orderEditCommit(id: $id) { order { id updatedAt edited } successMessages userErrors { field message } } }"""


def _edit(client: Client, order_id: str, changes: list[tuple[int, int]], add: str | None = None) -> dict:
    begun = client.ok(EDIT_BEGIN, {"id": order_id})["orderEditBegin"]
    calc = begun["calculatedOrder"]
    for index, quantity in changes:
        line = calc["lineItems"]["nodes"][index]["id"]
        assert client.ok(EDIT_SET, {"id": calc["id"], "line": line, "q": quantity})["orderEditSetQuantity"]["userErrors"] == []
    if add:
        assert client.ok(EDIT_ADD, {"id": calc["id"], "v": add})["orderEditAddVariant"]["userErrors"] == []
    client.tick()
    committed = client.ok(EDIT_COMMIT, {"id": calc["id"]})["orderEditCommit"]
    assert committed["successMessages"] == ["Order updated"]
    return client.ok(READ, {"id": order_id})["order"]


def test_edit_quantity_up_needs_more_payment(client: Client) -> None:
    order = create_order(client)
    after = _edit(client, order["id"], [(0, 3)])
    line = after["lineItems"]["nodes"][0]
    assert (line["quantity"], line["currentQuantity"]) == (3, 3)
    assert after["refunds"] == []
    assert after["displayFinancialStatus"] == "PARTIALLY_PAID"
    assert after["fulfillmentOrders"]["nodes"][0]["lineItems"]["nodes"][0]["remainingQuantity"] == 3
    assert after["updatedAt"] > order["updatedAt"]


def test_edit_quantity_down_and_removal_make_zero_amount_refunds(client: Client) -> None:
    order = create_order(client)
    after = _edit(client, order["id"], [(0, 1), (1, 0)])
    lines = after["lineItems"]["nodes"]
    assert [(n["quantity"], n["currentQuantity"]) for n in lines] == [(2, 1), (1, 0)]
    (refund,) = after["refunds"]
    assert amount(refund["totalRefundedSet"]) == 0 and refund["transactions"]["nodes"] == []
    assert sorted(n["quantity"] for n in refund["refundLineItems"]["nodes"]) == [1, 1]
    assert amount(after["currentTotalPriceSet"]) == Decimal("16.30")  # 10.00 + 1.30 tax + 5.00
    remaining = [n["remainingQuantity"] for n in after["fulfillmentOrders"]["nodes"][0]["lineItems"]["nodes"]]
    assert remaining == [1, 0]


def test_edit_add_item(client: Client) -> None:
    order = create_order(client)
    new_variant = variant_gids(client.backend, 3)[2]
    after = _edit(client, order["id"], [], add=new_variant)
    skus = [n["variant"]["id"] if n["variant"] else None for n in after["lineItems"]["nodes"]]
    assert skus[-1] == new_variant and len(skus) == 3
    assert after["edited"] is True and after["refunds"] == []



def test_an_edit_without_a_change_is_not_committed(client: Client) -> None:
    order = create_order(client)
    calc = client.ok(EDIT_BEGIN, {"id": order["id"]})["orderEditBegin"]["calculatedOrder"]
    same = calc["lineItems"]["nodes"][0]
    client.ok(EDIT_SET, {"id": calc["id"], "line": same["id"], "q": same["quantity"]})
    committed = client.ok(EDIT_COMMIT, {"id": calc["id"]})["orderEditCommit"]
    assert committed == {"order": None, "successMessages": None, "userErrors": [
        {"field": ["id"], "message": "There must be at least one change to be made."}]}
    assert client.ok(READ, {"id": order["id"]})["order"]["edited"] is False


REFUND = """
mutation R($input: RefundInput!) { refundCreate(input: $input) {
  refund { id totalRefundedSet { shopMoney { amount } } transactions(first: 5) { nodes { id kind status gateway } } }
  order { displayFinancialStatus totalRefundedSet { shopMoney { amount } } }
  userErrors { field message } } }
"""


def test_refund_pending_then_settled(client: Client) -> None:
    order = create_order(
        client,
        financialStatus=None,
        transactions=[{"kind": "SALE", "gateway": "paypal", "amountSet": money("55.85")}],
    )
    line = order["lineItems"]["nodes"][1]
    result = client.ok(REFUND, {"input": {
        "orderId": order["id"],
        "refundLineItems": [{"lineItemId": line["id"], "quantity": 1, "restockType": "RETURN"}],
        "transactions": [{"orderId": order["id"], "kind": "REFUND", "gateway": "paypal", "amount": "28.25"}],
    }})["refundCreate"]
    assert result["userErrors"] == []
    (transaction,) = result["refund"]["transactions"]["nodes"]
    assert transaction["status"] == "PENDING"
    assert amount(result["refund"]["totalRefundedSet"]) == Decimal("28.25")
    assert amount(result["order"]["totalRefundedSet"]) == 0
    assert result["order"]["displayFinancialStatus"] == "PAID"
    before = client.ok(READ, {"id": order["id"]})["order"]["updatedAt"]
    client.tick()
    client.backend.clock = lambda: client.now
    client.backend.settle_transaction(transaction["id"], "SUCCESS")
    after = client.ok(READ, {"id": order["id"]})["order"]
    assert after["displayFinancialStatus"] == "PARTIALLY_REFUNDED"
    assert amount(after["totalRefundedSet"]) == Decimal("28.25")
    assert after["updatedAt"] > before


def test_refund_user_errors(client: Client) -> None:
    order = create_order(client)
    line = order["lineItems"]["nodes"][1]
    too_many = client.ok(REFUND, {"input": {"orderId": order["id"], "refundLineItems": [{"lineItemId": line["id"], "quantity": 2}]}})
    assert too_many["refundCreate"]["userErrors"] == [
        {"field": ["refundLineItems", "0", "quantity"], "message": "Quantity cannot refund more items than were purchased"}
    ]
    over = client.ok(REFUND, {"input": {"orderId": order["id"], "transactions": [
        {"orderId": order["id"], "kind": "REFUND", "gateway": "manual", "amount": "999.00"}]}})
    assert over["refundCreate"]["userErrors"] == [
        {"field": None, "message": "Refund amount $999.00 is greater than net payment received $55.85"}
    ]
    missing = client.ok(REFUND, {"input": {"orderId": "gid://shopify/Order/42"}})
    assert missing["refundCreate"]["userErrors"] == [{"field": ["orderId"], "message": "Order does not exist"}]


def test_updated_at_strictly_increases_on_every_change(client: Client) -> None:
    order = create_order(client)
    seen = [order["updatedAt"]]
    # all at the same clock second: each change must still move updatedAt forward
    client.ok(UPDATE, {"input": {"id": order["id"], "note": "one"}})
    seen.append(client.ok(READ, {"id": order["id"]})["order"]["updatedAt"])
    client.ok("mutation T($id: ID!) { tagsAdd(id: $id, tags: [\"x\"]) { userErrors { message } } }", {"id": order["id"]})
    seen.append(client.ok(READ, {"id": order["id"]})["order"]["updatedAt"])
    _edit(client, order["id"], [(0, 1)])
    seen.append(client.ok(READ, {"id": order["id"]})["order"]["updatedAt"])
    client.ok("mutation C($id: ID!) { orderClose(input: {id: $id}) { userErrors { message } } }", {"id": order["id"]})
    seen.append(client.ok(READ, {"id": order["id"]})["order"]["updatedAt"])
    assert seen == sorted(seen) and len(set(seen)) == len(seen)


def test_tags_add_and_remove(client: Client) -> None:
    order = create_order(client, tags=["keep"])
    query = "mutation T($id: ID!, $t: [String!]!) { %s(id: $id, tags: $t) { node { id ... on Order { tags } } userErrors { field message } } }"
    added = client.ok(query % "tagsAdd", {"id": order["id"], "t": ["new, other"]})["tagsAdd"]
    assert added["node"]["tags"] == ["keep", "new", "other"]
    removed = client.ok(query % "tagsRemove", {"id": order["id"], "t": ["NEW"]})["tagsRemove"]
    assert removed["node"]["tags"] == ["keep", "other"]
    missing = client.ok(query % "tagsAdd", {"id": "gid://shopify/Customer/5", "t": ["x"]})["tagsAdd"]
    assert missing["userErrors"] == [{"field": ["id"], "message": "Customer does not exist"}]


def test_an_edit_just_begun_totals_as_the_order_with_shipping_and_taxes(client: Client) -> None:
    """Captured: money-bag-presentment-parity (the calculated order's total is the order's)."""
    order = create_order(client)
    begun = client.ok("""mutation B($id: ID!) { orderEditBegin(id: $id) {
        calculatedOrder { totalPriceSet { shopMoney { amount } } } } }""", {"id": order["id"]})
    calculated = begun["orderEditBegin"]["calculatedOrder"]["totalPriceSet"]
    assert amount(calculated) == amount(order["totalPriceSet"]) == Decimal("55.85")
