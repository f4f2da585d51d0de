"""The order mutations that change one order in place: ``orderUpdate``, ``orderMarkAsPaid``,
``orderCancel``, ``orderClose``, ``orderOpen`` and ``refundCreate``.

Messages and field paths follow ../shared/shopify/captured-user-errors.json where real stores
were captured (orderUpdate, orderMarkAsPaid, orderCancel, refundCreate); the others are marked
"not captured" in a comment and use Shopify's style.

Refund transactions through a gateway in :data:`PENDING_REFUND_GATEWAYS` stay ``PENDING`` until
the payment provider answers (:meth:`ShopBackend.settle_transaction`); other gateways succeed
at once. ``orderCancel`` is asynchronous as in Shopify: it answers with a job, and the order is
cancelled when the next request arrives (:func:`order_ops.run_pending_jobs`).
"""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from graphql import GraphQLResolveInfo

from desktop_app.demo_shop import order_ops
from desktop_app.demo_shop.execution import (
    ExecContext,
    Refusal,
    gid_id,
    named_fields,
    refusable,
    scoped_context,
    user_error,
)
from desktop_app.demo_shop.money import ZERO, cents
from desktop_app.demo_shop.order_ops import RefundRequest
from desktop_app.demo_shop.order_state import Job, Order
from desktop_app.demo_shop.resolvers_customers import clean_tags, normalize_email
from desktop_app.demo_shop.resolvers_orders import _EMAIL, MAX_TAGS, address_from_input, find_order
from desktop_app.demo_shop.search import normalize_phone
from desktop_app.demo_shop.state import ShopState

logger = logging.getLogger(__name__)


#: Gateways whose refunds stay PENDING until the provider settles them.
PENDING_REFUND_GATEWAYS = frozenset({"paypal", "bank_deposit"})


def _order(state: ShopState, gid: str | None, argument: str = "id") -> Order:
    """The order the ``argument`` names; a :class:`Refusal` "Order does not exist" when none."""
    order = find_order(state, gid)
    if order is None:
        raise Refusal.of([argument], "Order does not exist")
    return order


def _input_order(info: GraphQLResolveInfo, input: dict[str, Any]) -> tuple[ExecContext, Order]:  # noqa: A002
    """The context of a mutation that writes the order ``input.id`` names, and that order."""
    ctx = scoped_context(info, "write_orders")
    return ctx, _order(ctx.state, input.get("id"))


@refusable("order")
def order_update(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx, order = _input_order(info, input)
    changes = {k: v for k, v in input.items() if k != "id"}
    if not changes:
        raise Refusal.of(None, "No valid update parameters have been provided")
    errors = []
    if "email" in changes:
        email = normalize_email(changes["email"])
        if email is not None and not _EMAIL.match(email):
            errors.append(user_error(["email"], "Email is invalid"))
        changes["email"] = email
    if changes.get("phone"):
        phone = normalize_phone(changes["phone"], ctx.state.shop.country_code)
        if phone is None:
            errors.append(user_error(["phone"], "Phone is invalid"))
        changes["phone"] = phone
    if changes.get("tags") is not None and len(clean_tags(changes["tags"])) > MAX_TAGS:
        errors.append(user_error(["tags"], "Tags cannot be more than 250"))
    if errors:
        raise Refusal(errors)
    if "email" in changes:
        order.email = changes["email"]
    if "phone" in changes:
        order.phone = changes["phone"]
    if "note" in changes:
        order.note = changes["note"]
    if "poNumber" in changes:
        order.po_number = changes["poNumber"]
    if changes.get("tags") is not None:
        order.tags = clean_tags(changes["tags"])
    if changes.get("customAttributes") is not None:
        order.custom_attributes = [{"key": a["key"], "value": a["value"]} for a in changes["customAttributes"]]
    if changes.get("shippingAddress") is not None:
        order.shipping_address = address_from_input(ctx.state, changes["shippingAddress"])
    order_ops.touch(ctx.state, order, ctx.now)
    return {"order": order, "userErrors": []}


@refusable("order")
def order_mark_as_paid(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx, order = _input_order(info, input)
    if not order.can_mark_as_paid or order.total_outstanding.shop <= 0:
        raise Refusal.of(["id"], "Order cannot be marked as paid.")
    order_ops.mark_as_paid(ctx.state, order, ctx.now)
    return {"order": order, "userErrors": []}


def order_cancel(
    _root: Any,
    info: GraphQLResolveInfo,
    orderId: str,  # noqa: N803
    restock: bool,
    reason: str,
    refund: bool | None = None,
    refundMethod: dict[str, Any] | None = None,  # noqa: N803
    notifyCustomer: bool | None = None,  # noqa: N803
    staffNote: str | None = None,  # noqa: N803
) -> dict[str, Any]:
    ctx = scoped_context(info, "write_orders")
    state = ctx.state

    def failed(field: list[str] | None, message: str, code: str | None = "INVALID") -> dict[str, Any]:
        return {
            "job": None,
            "orderCancelUserErrors": [user_error(field, message, code)],
            "userErrors": [user_error(field, message)],
        }

    order = find_order(state, orderId)
    if order is None:
        return failed(["orderId"], "Order does not exist", "NOT_FOUND")  # not captured
    if refund is not None and refundMethod is not None:
        return failed(["refund"], "Only one of the arguments `refund` or `refund_method` is allowed.")
    if staffNote is not None and len(staffNote) > 255:
        return failed(["staffNote"], "Staff note is too long. Maximum length is 255 characters.")
    if order.cancelled_at is not None:
        return failed(["orderId"], "Cannot cancel an order that has already been canceled")
    if any(not job.done and job.order_id == order.id for job in state.jobs.values()):
        return failed(None, "Cancellation is already in progress", None)
    if any(f.status == "SUCCESS" for f in order.fulfillments):
        return failed(["orderId"], "Cannot cancel an order that has outstanding fulfillments")
    if order.returns:
        return failed(["orderId"], "Cannot cancel an order that has returns")
    wants_refund = bool(refund) or bool((refundMethod or {}).get("originalPaymentMethodsRefund"))
    job = Job(
        id=state.new_id(),
        order_id=order.id,
        reason=reason,
        restock=restock,
        refund=wants_refund,
        staff_note=staffNote,
    )
    state.jobs[job.id] = job
    return {"job": {"id": job.gid, "done": False}, "orderCancelUserErrors": [], "userErrors": []}


@refusable("order")
def order_close(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx, order = _input_order(info, input)
    if order.closed_at is None:
        order.closed_at = ctx.now.replace(microsecond=0)
        order_ops.touch(ctx.state, order, ctx.now)
    return {"order": order, "userErrors": []}


@refusable("order")
def order_open(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx, order = _input_order(info, input)
    if order.closed_at is not None and order.cancelled_at is None:
        order.closed_at = None
        order_ops.touch(ctx.state, order, ctx.now)
    return {"order": order, "userErrors": []}


def _format_money(value: Decimal, currency: str) -> str:
    symbol = {"CAD": "$", "USD": "$", "AUD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}.get(currency, "")
    return f"{symbol}{cents(value):,}" if symbol else f"{cents(value):,} {currency}"


@refusable("order", "refund")
def refund_create(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx = scoped_context(info, "write_orders")
    state = ctx.state
    order = _order(state, input.get("orderId"), "orderId")
    request = RefundRequest(note=input.get("note"))
    wanted: dict[int, int] = {}
    for index, raw in enumerate(input.get("refundLineItems") or []):
        numeric = gid_id(raw["lineItemId"], "LineItem")
        line = order.line_item(numeric) if numeric is not None else None
        if line is None:
            raise Refusal.of(["refundLineItems", str(index), "lineItemId"], "Line item does not exist")  # not captured
        wanted[line.id] = wanted.get(line.id, 0) + raw["quantity"]
        if raw["quantity"] < 1 or wanted[line.id] > line.refundable_quantity:
            raise Refusal.of(
                ["refundLineItems", str(index), "quantity"],
                "Quantity cannot refund more items than were purchased",
            )
        location = gid_id(raw["locationId"], "Location") if raw.get("locationId") else None
        request.lines.append((line, raw["quantity"], raw.get("restockType") or "NO_RESTOCK", location))
    shipping = input.get("shipping") or {}
    if shipping.get("fullRefund"):
        left = sum((s.net for s in order.shipping_lines), ZERO) - sum(
            (rs.subtotal for r in order.refunds for rs in r.shipping), ZERO
        )
        request.shipping = left
    elif shipping.get("amount") is not None:
        request.shipping = order_ops.shop_value(order, Decimal(str(shipping["amount"])))
    for raw in input.get("transactions") or []:
        if raw["kind"] != "REFUND":
            raise Refusal.of(None, f"Kind {raw['kind'].lower()} is not a valid transaction")
        parent = None
        if raw.get("parentId"):
            parent_id = gid_id(raw["parentId"], "OrderTransaction")
            parent = order.transaction(parent_id) if parent_id is not None else None
            if parent is None:
                raise Refusal.of(["transactions"], "Transactions require a parent_id associated with the order")
        else:
            parent = order_ops.parent_payment(order)
        amount = order_ops.shop_value(order, Decimal(str(raw["amount"])))
        status = "PENDING" if raw["gateway"] in PENDING_REFUND_GATEWAYS else "SUCCESS"
        request.transactions.append((raw["gateway"], status, amount, parent.id if parent else None))
    asked = order_ops.refund_total_requested(request.transactions)
    pending = sum(
        (t.amount for t in order.transactions if t.kind == "REFUND" and t.status == "PENDING"), ZERO
    )
    available = order_ops.net_paid(order) - pending
    if asked.pres > available.pres and not input.get("allowOverRefunding"):
        currency = order.presentment_currency_code
        raise Refusal.of(
            None,
            f"Refund amount {_format_money(asked.pres, currency)} is greater than net payment "
            f"received {_format_money(available.pres, currency)}",
        )
    refund = order_ops.create_refund(state, order, request, ctx.now)
    return {"order": order, "refund": refund, "userErrors": []}


def order_delete(_root: Any, info: GraphQLResolveInfo, orderId: str) -> dict[str, Any]:  # noqa: N803
    """Deletes an order for good, with everything it holds."""
    ctx = scoped_context(info, "write_orders")
    order = find_order(ctx.state, orderId)
    if order is None:
        error = user_error(["orderId"], "Order does not exist", "NOT_FOUND")
        return {"deletedId": None, "userErrors": [error]}
    ctx.state.remove_order(order)
    return {"deletedId": order.gid, "userErrors": []}


RESOLVERS: dict[tuple[str, str], Any] = named_fields(
    "Mutation", order_update, order_mark_as_paid, order_cancel, order_close, order_open,
    refund_create, order_delete,
)
