"""Every refusal of the demo shop's order mutations (update, mark as paid, close, open,
refund): the payload's objects are null and ``userErrors`` carries Shopify's field and
message."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Client, create_order

UNKNOWN = "gid://shopify/Order/42"
NO_ORDER = (["id"], "Order does not exist")
LINE = "gid://shopify/LineItem/424242"

# (mutation, its input type, payload keys, input, expected userErrors)
CASES: list[tuple[str, str, tuple[str, ...], dict[str, Any], list[tuple[Any, str]]]] = [
    ("orderUpdate", "OrderInput", ("order",), {"id": UNKNOWN, "note": "x"}, [NO_ORDER]),
    ("orderUpdate", "OrderInput", ("order",), {"id": "O"},
     [(None, "No valid update parameters have been provided")]),
    ("orderUpdate", "OrderInput", ("order",), {"id": "O", "email": "nope", "phone": "12"},
     [(["email"], "Email is invalid"), (["phone"], "Phone is invalid")]),
    ("orderMarkAsPaid", "OrderMarkAsPaidInput", ("order",), {"id": UNKNOWN}, [NO_ORDER]),
    ("orderMarkAsPaid", "OrderMarkAsPaidInput", ("order",), {"id": "O"},
     [(["id"], "Order cannot be marked as paid.")]),
    ("orderClose", "OrderCloseInput", ("order",), {"id": UNKNOWN}, [NO_ORDER]),
    ("orderOpen", "OrderOpenInput", ("order",), {"id": UNKNOWN}, [NO_ORDER]),
    ("refundCreate", "RefundInput", ("order", "refund"), {"orderId": UNKNOWN},
     [(["orderId"], "Order does not exist")]),
    ("refundCreate", "RefundInput", ("order", "refund"),
     {"orderId": "O", "refundLineItems": [{"lineItemId": LINE, "quantity": 1}]},
     [(["refundLineItems", "0", "lineItemId"], "Line item does not exist")]),
    ("refundCreate", "RefundInput", ("order", "refund"),
     {"orderId": "O", "refundLineItems": [{"lineItemId": "L", "quantity": 9}]},
     [(["refundLineItems", "0", "quantity"],
       "Quantity cannot refund more items than were purchased")]),
    ("refundCreate", "RefundInput", ("order", "refund"),
     {"orderId": "O", "transactions": [
         {"orderId": "O", "kind": "SALE", "gateway": "manual", "amount": "1.00"}]},
     [(None, "Kind sale is not a valid transaction")]),
    ("refundCreate", "RefundInput", ("order", "refund"),
     {"orderId": "O", "transactions": [{"orderId": "O", "kind": "REFUND", "gateway": "manual",
                                        "amount": "1.00", "parentId": "L"}]},
     [(["transactions"], "Transactions require a parent_id associated with the order")]),
    ("refundCreate", "RefundInput", ("order", "refund"),
     {"orderId": "O", "transactions": [
         {"orderId": "O", "kind": "REFUND", "gateway": "manual", "amount": "999.00"}]},
     [(None, "Refund amount $999.00 is greater than net payment received $55.85")]),
]


def _filled(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {key: _filled(item, ids) for key, item in value.items()}
    if isinstance(value, list):
        return [_filled(item, ids) for item in value]
    return ids.get(value, value) if isinstance(value, str) else value


@pytest.mark.parametrize(("mutation", "input_type", "keys", "input_", "expected"), CASES,
                         ids=[f"{case[0]}-{n}" for n, case in enumerate(CASES)])
def test_refusal(client: Client, mutation: str, input_type: str, keys: tuple[str, ...],
                 input_: dict[str, Any], expected: list[tuple[Any, str]]) -> None:
    order = create_order(client)
    ids = {"O": order["id"], "L": order["lineItems"]["nodes"][1]["id"]}
    objects = " ".join(f"{key} {{ id }}" for key in keys)
    document = (f"mutation($input: {input_type}!) {{ {mutation}(input: $input) {{ {objects} "
                "userErrors { field message } } }")
    answer = client.ok(document, {"input": _filled(input_, ids)})
    assert answer == {mutation: {**dict.fromkeys(keys), "userErrors": [
        {"field": field, "message": message} for field, message in expected]}}
