"""Fulfillment orders and fulfillments: ``fulfillmentOrder``, nested fields, ``fulfillmentCreate``.

Validation messages are the ones real stores return (captured-user-errors.json): every
problem is reported on ``["fulfillment"]`` except a non-positive quantity, which names the
input path. A request with no line items for a fulfillment order ships all that remains of
it; all fulfillment orders of one request must belong to one order and one location.
"""

from __future__ import annotations

import logging
from typing import Any

from graphql import GraphQLResolveInfo

from desktop_app.demo_shop import order_ops
from desktop_app.demo_shop.execution import (
    context,
    gid_id,
    later_than,
    require_scope,
    scoped_context,
    user_error,
)
from desktop_app.demo_shop.fulfillment_state import (
    Fulfillment,
    FulfillmentOrder,
    FulfillmentOrderLine,
)
from desktop_app.demo_shop.order_state import Order
from desktop_app.demo_shop.resolvers_orders import dict_connection

logger = logging.getLogger(__name__)


def _order_of(info: GraphQLResolveInfo, child_id: int) -> Order:
    order = context(info).state.order_owning(child_id)
    assert order is not None, f"orphan fulfillment record {child_id}"
    return order


def resolve_fulfillment_order(_root: Any, info: GraphQLResolveInfo, id: str) -> FulfillmentOrder | None:  # noqa: A002
    require_scope(info, "read_merchant_managed_fulfillment_orders")
    numeric = gid_id(id, "FulfillmentOrder")
    order = context(info).state.order_owning(numeric) if numeric is not None else None
    if order is None:
        return None
    return next((fo for fo in order.fulfillment_orders if fo.id == numeric), None)


def _assigned_location(fo: FulfillmentOrder, info: GraphQLResolveInfo) -> dict[str, Any]:
    location = context(info).state.locations.get(fo.location_id)
    address = location.address if location else None
    return {
        "location": location,
        "name": location.name if location else "",
        "address1": address.address1 if address else None,
        "address2": address.address2 if address else None,
        "city": address.city if address else None,
        "countryCode": (address.country_code if address else None) or "CA",
        "province": address.province if address else None,
        "zip": address.zip if address else None,
        "phone": address.phone if address else None,
    }


def _fo_line_value(order: Order, line: FulfillmentOrderLine, info: GraphQLResolveInfo) -> dict[str, Any]:
    item = order.line_item(line.line_item_id)
    variants = context(info).state.variants
    return {
        "id": line.gid,
        "lineItem": item,
        "remainingQuantity": line.remaining_quantity,
        "totalQuantity": line.total_quantity,
        "requiresShipping": item.requires_shipping if item else True,
        "sku": item.sku if item else None,
        "productTitle": item.title if item else "",
        "variantTitle": item.variant_title if item else None,
        "variant": variants.get(item.variant_id) if item and item.variant_id else None,
    }


def resolve_fo_line_items(fo: FulfillmentOrder, info: GraphQLResolveInfo, **relay: Any) -> dict[str, Any]:
    order = _order_of(info, fo.id)
    return dict_connection(fo.lines, lambda line: _fo_line_value(order, line, info), **relay)


def resolve_fo_fulfillments(fo: FulfillmentOrder, info: GraphQLResolveInfo, **relay: Any) -> dict[str, Any]:
    order = _order_of(info, fo.id)
    made = [f for f in order.fulfillments if fo.id in f.fulfillment_order_ids]
    return dict_connection(made, lambda f: f, **relay)


def resolve_fulfillment_line_items(fulfillment: Fulfillment, info: GraphQLResolveInfo, **relay: Any) -> dict[str, Any]:
    order = _order_of(info, fulfillment.id)

    def value(line: Any) -> dict[str, Any]:
        item = order.line_item(line.line_item_id)
        return {
            "id": line.gid,
            "lineItem": item,
            "quantity": line.quantity,
            "originalTotalSet": order.bag(item.unit.times(line.quantity)) if item else None,
            "discountedTotalSet": order.bag(item.net(line.quantity)) if item else None,
        }

    return dict_connection(fulfillment.lines, value, **relay)


def resolve_fulfillment_fulfillment_orders(fulfillment: Fulfillment, info: GraphQLResolveInfo, **relay: Any) -> dict[str, Any]:
    order = _order_of(info, fulfillment.id)
    items = [fo for fo in order.fulfillment_orders if fo.id in fulfillment.fulfillment_order_ids]
    return dict_connection(items, lambda fo: fo, **relay)


def _tracking(raw: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not raw:
        return []
    numbers = list(raw.get("numbers") or ([raw["number"]] if raw.get("number") else []))
    urls = list(raw.get("urls") or ([raw["url"]] if raw.get("url") else []))
    if not numbers and not raw.get("company"):
        return []
    count = max(len(numbers), 1)
    return [
        {
            "company": raw.get("company"),
            "number": numbers[i] if i < len(numbers) else None,
            "url": urls[i] if i < len(urls) else None,
        }
        for i in range(count)
    ]


def fulfillment_create(
    _root: Any, info: GraphQLResolveInfo, fulfillment: dict[str, Any], message: str | None = None
) -> dict[str, Any]:
    ctx = scoped_context(info, "write_merchant_managed_fulfillment_orders")
    state = ctx.state

    def failed(field: list[str], text: str) -> dict[str, Any]:
        return {"fulfillment": None, "userErrors": [user_error(field, text)]}

    groups = fulfillment["lineItemsByFulfillmentOrder"]
    requests: list[tuple[FulfillmentOrder, list[tuple[FulfillmentOrderLine, int]]]] = []
    orders: list[Order] = []
    for g_index, group in enumerate(groups):
        numeric = gid_id(group["fulfillmentOrderId"], "FulfillmentOrder")
        order = state.order_owning(numeric) if numeric is not None else None
        fo = next((x for x in order.fulfillment_orders if x.id == numeric), None) if order else None
        if fo is None or order is None:
            return failed(["fulfillment"], "Fulfillment order does not exist.")
        location = state.locations.get(fo.location_id)
        if location is not None and location.fulfillment_service_handle:
            # A third-party service's fulfillment order is not the merchant's to fulfil: an
            # app with only merchant-managed scopes is told it does not exist.
            return failed(["fulfillment"], "Fulfillment order does not exist.")
        if fo.status not in ("OPEN", "IN_PROGRESS"):
            return failed(["fulfillment"], f"Fulfillment order {fo.id} has an unfulfillable status= {fo.status.lower()}.")
        lines: list[tuple[FulfillmentOrderLine, int]] = []
        raw_lines = group.get("fulfillmentOrderLineItems")
        if raw_lines is None:
            lines = [(line, line.remaining_quantity) for line in fo.lines if line.remaining_quantity > 0]
        for l_index, raw in enumerate(raw_lines or []):
            line_id = gid_id(raw["id"], "FulfillmentOrderLineItem")
            line = next((x for x in fo.lines if x.id == line_id), None)
            if raw["quantity"] <= 0:
                return failed(
                    ["fulfillment", "lineItemsByFulfillmentOrder", str(g_index), "fulfillmentOrderLineItems", str(l_index), "quantity"],
                    "Quantity must be greater than 0",
                )
            if line is None:
                return failed(["fulfillment"], "Fulfillment order line item does not exist.")
            already = sum(q for x, q in lines if x is line)
            if raw["quantity"] + already > line.remaining_quantity:
                return failed(["fulfillment"], "Invalid fulfillment order line item quantity requested.")
            lines.append((line, raw["quantity"]))
        requests.append((fo, lines))
        if order not in orders:
            orders.append(order)
    if len(orders) > 1:
        ids = ", ".join(str(o.id) for o in orders)
        return failed(["fulfillment"], f"All fulfillment orders must belong to the same order. Multiple orders with ids [{ids}] were found.")
    locations = sorted({fo.location_id for fo, _ in requests})
    if len(locations) > 1:
        ids = ", ".join(str(i) for i in locations)
        return failed(["fulfillment"], f"All fulfillment orders must be assigned to a single location. Multiple locations with ids [{ids}] were found.")
    if not requests or not any(lines for _, lines in requests):
        return failed(["fulfillment"], "Invalid fulfillment order line item quantity requested.")
    made = order_ops.fulfill(
        state,
        orders[0],
        [(fo, lines) for fo, lines in requests if lines],
        _tracking(fulfillment.get("trackingInfo")),
        bool(fulfillment.get("notifyCustomer")),
        ctx.now,
    )
    logger.debug("Created fulfillment %s on order %s", made.id, orders[0].id)
    return {"fulfillment": made, "userErrors": []}


def fulfillment_tracking_info_update(
    _root: Any,
    info: GraphQLResolveInfo,
    fulfillmentId: str,  # noqa: N803
    trackingInfoInput: dict[str, Any],  # noqa: N803
    notifyCustomer: bool | None = None,  # noqa: N803
) -> dict[str, Any]:
    """Replaces a fulfillment's tracking (numbers, URLs and company) with the input's."""
    ctx = scoped_context(info, "write_merchant_managed_fulfillment_orders")
    numeric = gid_id(fulfillmentId, "Fulfillment")
    order = ctx.state.order_owning(numeric) if numeric is not None else None
    made = next((f for f in order.fulfillments if f.id == numeric), None) if order else None
    if order is None or made is None:
        error = user_error(["fulfillmentId"], "Fulfillment does not exist.")  # NOT CAPTURED
        return {"fulfillment": None, "userErrors": [error]}
    made.tracking = _tracking(trackingInfoInput)
    made.notify_customer = bool(notifyCustomer)
    made.updated_at = later_than(made.updated_at, ctx.now)
    order_ops.touch(ctx.state, order, ctx.now)
    return {"fulfillment": made, "userErrors": []}


def fulfillment_cancel(_root: Any, info: GraphQLResolveInfo, id: str) -> dict[str, Any]:  # noqa: A002
    """Cancels a fulfillment (one cancelled already is answered as it is: NOT CAPTURED)."""
    ctx = scoped_context(info, "write_merchant_managed_fulfillment_orders")
    numeric = gid_id(id, "Fulfillment")
    order = ctx.state.order_owning(numeric) if numeric is not None else None
    made = next((f for f in order.fulfillments if f.id == numeric), None) if order else None
    if order is None or made is None:  # captured: fulfillment-unknown-not-found
        return {"fulfillment": None, "userErrors": [user_error(["id"], "Fulfillment not found.")]}
    if made.status != "CANCELLED":
        order_ops.cancel_fulfillment(ctx.state, order, made, ctx.now)
        logger.debug("Cancelled fulfillment %s of order %s", made.id, order.id)
    return {"fulfillment": made, "userErrors": []}


RESOLVERS: dict[tuple[str, str], Any] = {
    ("Mutation", "fulfillmentCancel"): fulfillment_cancel,
    ("QueryRoot", "fulfillmentOrder"): resolve_fulfillment_order,
    ("Mutation", "fulfillmentCreate"): fulfillment_create,
    ("Mutation", "fulfillmentTrackingInfoUpdate"): fulfillment_tracking_info_update,
    ("Mutation", "fulfillmentTrackingInfoUpdateV2"): fulfillment_tracking_info_update,
    ("FulfillmentOrder", "orderId"): lambda fo, info: _order_of(info, fo.id).gid,
    ("FulfillmentOrder", "orderName"): lambda fo, info: _order_of(info, fo.id).name,
    ("FulfillmentOrder", "orderProcessedAt"): lambda fo, info: _order_of(info, fo.id).processed_at,
    ("FulfillmentOrder", "order"): lambda fo, info: _order_of(info, fo.id),
    ("FulfillmentOrder", "assignedLocation"): _assigned_location,
    ("FulfillmentOrder", "lineItems"): resolve_fo_line_items,
    ("FulfillmentOrder", "fulfillments"): resolve_fo_fulfillments,
    ("Fulfillment", "location"): lambda f, info: context(info).state.locations.get(f.location_id),
    ("Fulfillment", "order"): lambda f, info: _order_of(info, f.id),
    ("Fulfillment", "trackingInfo"): lambda f, _info, first=None: f.tracking[:first] if first is not None else f.tracking,
    ("Fulfillment", "fulfillmentLineItems"): resolve_fulfillment_line_items,
    ("Fulfillment", "fulfillmentOrders"): resolve_fulfillment_fulfillment_orders,
}
