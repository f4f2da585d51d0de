"""Whether an order's authorized payment can still be captured (`Order.capturable`)."""

from __future__ import annotations

from .conftest import Client, create_order

CAPTURABLE = """query Q($id: ID!) { order(id: $id) { capturable displayFinancialStatus
  totalCapturableSet { shopMoney { amount } } } }"""
PAY = """mutation P($input: OrderMarkAsPaidInput!) { orderMarkAsPaid(input: $input) {
  userErrors { field message } } }"""


def test_an_order_is_capturable_while_an_authorization_is_not_captured(client: Client) -> None:
    """As captured (order-create-math-matrix): an authorized order is capturable, a paid or a
    pending one is not; once marked paid (the authorization captured) it is not any more."""
    states = {}
    for status in ("AUTHORIZED", "PAID", "PENDING"):
        order = create_order(client, financialStatus=status)
        states[status] = order["id"]
    answers = {status: client.ok(CAPTURABLE, {"id": gid})["order"]
               for status, gid in states.items()}
    assert {s: a["capturable"] for s, a in answers.items()} == {
        "AUTHORIZED": True, "PAID": False, "PENDING": False}
    paid = client.ok(PAY, {"input": {"id": states["AUTHORIZED"]}})["orderMarkAsPaid"]
    assert paid["userErrors"] == []
    after = client.ok(CAPTURABLE, {"id": states["AUTHORIZED"]})["order"]
    assert (after["capturable"], after["displayFinancialStatus"]) == (False, "PAID")
