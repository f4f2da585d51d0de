"""Orders: queries, search fields, nested fields, and the helpers the order mutations share.

The mutations live apart, by family: ``orderCreate`` in
:mod:`~desktop_app.demo_shop.resolvers_order_create`, the changes of one order and
``refundCreate`` in :mod:`~desktop_app.demo_shop.resolvers_order_mutations`, order edits in
:mod:`~desktop_app.demo_shop.resolvers_order_edits`, and ``tagsAdd``/``tagsRemove`` in
:mod:`~desktop_app.demo_shop.resolvers_tags`.

Without the ``read_all_orders`` scope only orders created in the last 60 days are visible.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, Unpack

from graphql import GraphQLResolveInfo

from desktop_app import geo
from desktop_app.demo_shop import pagination, resolvers_companies
from desktop_app.demo_shop.addresses import Address
from desktop_app.demo_shop.customer_state import Customer
from desktop_app.demo_shop.execution import (
    by_gid,
    context,
    has_scope,
    scoped_context,
    search,
)
from desktop_app.demo_shop.money import ZERO
from desktop_app.demo_shop.order_state import LineItem, Order
from desktop_app.demo_shop.refund_state import Refund, Transaction
from desktop_app.demo_shop.search import (
    DateField,
    ExactField,
    NotField,
    NumberField,
    SearchField,
    TextField,
    joined,
)
from desktop_app.demo_shop.state import ShopState

logger = logging.getLogger(__name__)

#: How far back orders are visible without the read_all_orders scope.
RECENT_ORDERS = timedelta(days=60)
MAX_TAGS = 250
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


# --- helpers -----------------------------------------------------------------------------------


def dict_connection(
    items: Sequence[Any],
    transform: Callable[[Any], Any],
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    reverse: bool = False,
) -> dict[str, Any]:
    """A connection over a small list (by position), each node passed through ``transform``."""
    if first is None and last is None:
        pagination.check_window(first, last)
    entries = [(index, index) for index in range(len(items))]
    page = pagination.page_entries(
        entries, first=first, after=after, last=last, before=before, reverse=reverse
    )
    return pagination.connection(page, lambda index: transform(items[index]))


def count(value: int) -> dict[str, Any]:
    """A Count value."""
    return {"count": value, "precision": "EXACT"}


def _visible(info: GraphQLResolveInfo, order: Order) -> bool:
    ctx = context(info)
    if has_scope(ctx.request.scopes, "read_all_orders"):
        return True
    return order.created_at >= ctx.now - RECENT_ORDERS


def find_order(state: ShopState, gid: str | None) -> Order | None:
    """The order a GID names, or None."""
    if gid is None:
        return None
    return by_gid(state.orders, gid, "Order")


def address_from_input(state: ShopState, raw: dict[str, Any] | None) -> Address | None:
    """An order address (not filed under any customer) from a MailingAddressInput."""
    if not raw:
        return None
    country = geo.country(raw.get("countryCode"))
    return Address(
        id=state.new_id(),
        first_name=raw.get("firstName"),
        last_name=raw.get("lastName"),
        company=raw.get("company"),
        address1=raw.get("address1"),
        address2=raw.get("address2"),
        city=raw.get("city"),
        province_code=raw.get("provinceCode"),
        country_code=country.code if country else None,
        zip=raw.get("zip"),
        phone=raw.get("phone"),
    )


# --- search ------------------------------------------------------------------------------------


def _financial_words(order: Order) -> list[str]:
    words = [order.display_financial_status.lower()]
    if order.unpaid:
        words.append("unpaid")
    return words


class _NotIndexedYet:
    """What the search index holds for an order changed more recently than it: a value no
    ``updated_at`` comparison matches (every rich comparison is False)."""

    def __lt__(self, other: object) -> bool:
        return False

    __le__ = __gt__ = __ge__ = __lt__


_NOT_INDEXED_YET = _NotIndexedYet()


def _indexed_cutoff(info: GraphQLResolveInfo) -> datetime | None:
    """Changes after this moment have not reached the search index yet (``search_lag``)."""
    lag = getattr(context(info).backend, "search_lag", None)
    return context(info).now - lag if lag else None


def order_search_fields(
    state: ShopState, indexed_until: datetime | None = None
) -> dict[str, SearchField]:
    """The search fields ``orders(query:)`` knows.

    Args:
        indexed_until: With a search lag, an order whose ``updatedAt`` is later than this
            is not found by any ``updated_at`` term yet (the worst case of a lagging index:
            its old value lies outside the window searched, or it has no entry at all).
    """
    tag = ExactField(lambda o: o.tags)

    def indexed_updated_at(order: Order) -> Any:
        if indexed_until is not None and order.updated_at > indexed_until:
            return _NOT_INDEXED_YET
        return order.updated_at

    return {
        "updated_at": DateField(indexed_updated_at),
        "created_at": DateField(lambda o: o.created_at),
        "processed_at": DateField(lambda o: o.processed_at),
        "status": ExactField(lambda o: o.status_words),
        "financial_status": ExactField(_financial_words),
        "fulfillment_status": ExactField(lambda o: o.fulfillment_words),
        "name": ExactField(lambda o: [o.name, o.name.lstrip("#")]),
        "email": TextField(lambda o: o.email),
        "tag": tag,
        "tag_not": NotField(tag),
        "customer_id": NumberField(lambda o: o.customer_id or 0),
        "test": ExactField(lambda o: "true" if o.test else "false"),
        "risk_level": ExactField(lambda o: o.risk_level.lower()),
        "id": NumberField(lambda o: o.id),
        "sku": ExactField(lambda o: [line.sku for line in o.line_items]),
        "gateway": ExactField(lambda o: o.payment_gateway_names),
        "source_name": ExactField(lambda o: o.source_name),
        "discount_code": ExactField(lambda o: o.discount_codes),
    }


DEFAULT_FIELD = TextField(joined(lambda o: o.name, lambda o: o.email, lambda o: o.tags))


# --- queries -----------------------------------------------------------------------------------


def resolve_order(_root: Any, info: GraphQLResolveInfo, id: str) -> Order | None:  # noqa: A002
    order = find_order(scoped_context(info, "read_orders").state, id)
    return order if order is not None and _visible(info, order) else None


def resolve_orders(
    _root: Any,
    info: GraphQLResolveInfo,
    savedSearchId: str | None = None,  # noqa: N803
    **args: Unpack[pagination.ConnectionArgs],
) -> dict[str, Any]:
    return order_connection(info, args, "PROCESSED_AT")


def order_connection(info: GraphQLResolveInfo, args: pagination.ConnectionArgs,
                     default_sort: str, only: Callable[[Order], bool] | None = None
                     ) -> dict[str, Any]:
    """A page of the orders the token may read that match ``query`` (and ``only``, when
    given: ``Customer.orders`` passes the customer's)."""
    state = scoped_context(info, "read_orders").state
    first, last = args.get("first"), args.get("last")
    pagination.check_window(first, last)
    predicate = search(info, args.get("query"), order_search_fields(state, _indexed_cutoff(info)),
                       DEFAULT_FIELD)
    orders = state.orders
    everything = has_scope(context(info).request.scopes, "read_all_orders")

    def match(order_id: int) -> bool:
        order = orders[order_id]
        if not everything and not _visible(info, order):
            return False
        if only is not None and not only(order):
            return False
        return predicate is None or predicate(order)

    page = pagination.page_entries(
        state.order_entries(args.get("sortKey", default_sort)),
        first=first,
        after=args.get("after"),
        last=last,
        before=args.get("before"),
        reverse=args.get("reverse", False),
        match=None if predicate is None and everything and only is None else match,
    )
    return pagination.connection(page, orders.__getitem__)


def resolve_orders_count(
    _root: Any,
    info: GraphQLResolveInfo,
    query: str | None = None,
    savedSearchId: str | None = None,  # noqa: N803
    limit: int | None = 10000,
) -> dict[str, Any]:
    state = scoped_context(info, "read_orders").state
    predicate = search(info, query, order_search_fields(state, _indexed_cutoff(info)),
                       DEFAULT_FIELD)
    found = sum(
        1
        for o in state.orders.values()
        if _visible(info, o) and (predicate is None or predicate(o))
    )
    return pagination.count_value(found, limit)


def resolve_job(_root: Any, info: GraphQLResolveInfo, id: str) -> dict[str, Any] | None:  # noqa: A002
    job = by_gid(context(info).state.jobs, id, "Job")
    return None if job is None else {"id": job.gid, "done": job.done}


# --- nested fields -----------------------------------------------------------------------------


def _customer(info: GraphQLResolveInfo, customer_id: int | None) -> Customer | None:
    if customer_id is None:
        return None
    return context(info).state.customers.get(customer_id)


def resolve_order_line_items(order: Order, _info: GraphQLResolveInfo, **relay: Any) -> dict[str, Any]:
    return dict_connection(order.line_items, lambda line: line, **relay)


def resolve_order_shipping_lines(
    order: Order, _info: GraphQLResolveInfo, includeRemovals: bool = False, **relay: Any  # noqa: N803
) -> dict[str, Any]:
    return dict_connection(order.shipping_lines, lambda line: line, **relay)


def _limit(items: list[Any], first: int | None) -> list[Any]:
    return items[:first] if first is not None else items


def resolve_order_transactions(
    order: Order,
    _info: GraphQLResolveInfo,
    first: int | None = None,
    capturable: bool | None = None,
    manuallyResolvable: bool | None = None,  # noqa: N803
) -> list[Transaction]:
    items = order.transactions
    if capturable:
        items = [t for t in items if t.kind == "AUTHORIZATION" and t.status == "SUCCESS"]
    return _limit(items, first)


def resolve_order_fulfillments(
    order: Order, info: GraphQLResolveInfo, first: int | None = None, query: str | None = None
) -> list[Any]:
    return _limit(order.fulfillments, first)


def resolve_order_fulfillment_orders(
    order: Order,
    _info: GraphQLResolveInfo,
    displayable: bool = False,
    query: str | None = None,
    **relay: Any,
) -> dict[str, Any]:
    items = order.fulfillment_orders
    if displayable:
        items = [fo for fo in items if fo.status not in ("CANCELLED", "INCOMPLETE")]
    return dict_connection(items, lambda fo: fo, **relay)


def resolve_order_returns(order: Order, _info: GraphQLResolveInfo, query: str | None = None, **relay: Any) -> dict[str, Any]:
    return dict_connection(order.returns, lambda ret: ret, **relay)


def resolve_risk(order: Order, _info: GraphQLResolveInfo) -> dict[str, Any]:
    return {
        "recommendation": order.risk_recommendation,
        "assessments": [{"riskLevel": order.risk_level}],
    }


def resolve_line_tax_lines(line: LineItem, _info: GraphQLResolveInfo, first: int | None = None) -> list[dict[str, Any]]:
    return _limit(line.tax_line_values(line.quantity - line.edit_removed_quantity), first)


def resolve_variant(source: Any, info: GraphQLResolveInfo) -> Any:
    return context(info).state.variants.get(source.variant_id) if source.variant_id else None


def resolve_product(source: Any, info: GraphQLResolveInfo) -> Any:
    return context(info).state.products.get(source.product_id) if source.product_id else None


def resolve_refund_line_items(refund: Refund, info: GraphQLResolveInfo, **relay: Any) -> dict[str, Any]:
    order = refund.order
    assert order is not None
    locations = context(info).state.locations

    def value(line: Any) -> dict[str, Any]:
        item = order.line_item(line.line_item_id)
        unit = item.net(1) if item is not None else ZERO
        return {
            "id": line.gid,
            "lineItem": item,
            "location": locations.get(line.location_id) if line.location_id else None,
            "priceSet": order.bag(unit),
            "quantity": line.quantity,
            "restockType": line.restock_type,
            "restocked": line.restocked,
            "subtotalSet": order.bag(line.subtotal),
            "totalTaxSet": order.bag(line.tax),
        }

    return dict_connection(refund.lines, value, **relay)


def resolve_refund_shipping_lines(refund: Refund, _info: GraphQLResolveInfo, **relay: Any) -> dict[str, Any]:
    order = refund.order
    assert order is not None

    def value(line: Any) -> dict[str, Any]:
        shipping = next((s for s in order.shipping_lines if s.id == line.shipping_line_id), None)
        return {
            "id": line.gid,
            "shippingLine": shipping,
            "subtotalAmountSet": order.bag(line.subtotal),
            "taxAmountSet": order.bag(line.tax),
        }

    return dict_connection(refund.shipping, value, **relay)


def resolve_refund_transactions(refund: Refund, _info: GraphQLResolveInfo, **relay: Any) -> dict[str, Any]:
    return dict_connection(refund.transactions, lambda t: t, **relay)


def resolve_refund_return(refund: Refund, _info: GraphQLResolveInfo) -> Any:
    if refund.return_id is None or refund.order is None:
        return None
    return next((r for r in refund.order.returns if r.id == refund.return_id), None)


def resolve_return_order(ret: Any, info: GraphQLResolveInfo) -> Order | None:
    return context(info).state.order_owning(ret.id)


RESOLVERS: dict[tuple[str, str], Any] = {
    ("QueryRoot", "order"): resolve_order,
    ("QueryRoot", "orders"): resolve_orders,
    ("QueryRoot", "ordersCount"): resolve_orders_count,
    ("QueryRoot", "job"): resolve_job,
    ("Order", "customer"): lambda o, info: _customer(info, o.customer_id),
    ("Order", "purchasingEntity"): lambda o, info: (
        resolvers_companies.purchasing_company(
            context(info).state, o.company_location_id, o.company_contact_id)
        if o.company_location_id is not None else _customer(info, o.customer_id)
    ),
    ("Order", "lineItems"): resolve_order_line_items,
    ("Order", "shippingLine"): lambda o, _info: o.shipping_lines[0] if o.shipping_lines else None,
    ("Order", "shippingLines"): resolve_order_shipping_lines,
    ("Order", "transactions"): resolve_order_transactions,
    ("Order", "transactionsCount"): lambda o, _info: count(len(o.transactions)),
    ("Order", "refunds"): lambda o, _info, first=None: _limit(o.refunds, first),
    ("Order", "returns"): resolve_order_returns,
    ("Order", "fulfillments"): resolve_order_fulfillments,
    ("Order", "fulfillmentsCount"): lambda o, _info: count(len(o.fulfillments)),
    ("Order", "fulfillmentOrders"): resolve_order_fulfillment_orders,
    ("Order", "risk"): resolve_risk,
    ("LineItem", "variant"): resolve_variant,
    ("LineItem", "product"): resolve_product,
    ("LineItem", "taxLines"): resolve_line_tax_lines,
    ("Refund", "refundLineItems"): resolve_refund_line_items,
    ("Refund", "refundShippingLines"): resolve_refund_shipping_lines,
    ("Refund", "transactions"): resolve_refund_transactions,
    ("Refund", "return"): resolve_refund_return,
    ("Return", "order"): resolve_return_order,
}
