"""Orders: queries, search fields, nested fields, and the order mutations.

Messages and field paths follow ../shared/shopify/captured-user-errors.json where real stores
were captured (orderUpdate, orderMarkAsPaid, orderCancel, refundCreate, tagsAdd); the others
are marked "not captured" in a comment and use Shopify's style.

Refund transactions through a gateway in :data:`PENDING_REFUND_GATEWAYS` stay ``PENDING`` until
the payment provider answers (:meth:`ShopBackend.settle_transaction`); other gateways succeed
at once. ``orderCancel`` is asynchronous as in Shopify: it answers with a job, and the order is
cancelled when the next request arrives (:func:`order_ops.run_pending_jobs`).

Without the ``read_all_orders`` scope only orders created in the last 60 days are visible.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from graphql import GraphQLResolveInfo

from desktop_app import geo
from desktop_app.demo_shop import order_ops, pagination, resolvers_companies
from desktop_app.demo_shop.execution import (
    context,
    gid_id,
    has_scope,
    later_than,
    require_scope,
    search,
    user_error,
)
from desktop_app.demo_shop.order_ops import EditSession, RefundRequest
from desktop_app.demo_shop.order_state import (
    ZERO,
    Amount,
    Job,
    LineItem,
    Order,
    Refund,
    ShippingLine,
    TaxRate,
    Transaction,
    cents,
)
from desktop_app.demo_shop.resolvers_customers import clean_tags, normalize_email
from desktop_app.demo_shop.search import (
    DateField,
    ExactField,
    NotField,
    NumberField,
    SearchField,
    TextField,
    joined,
    normalize_phone,
)
from desktop_app.demo_shop.state import Address, Customer, ShopState, parse_gid

logger = logging.getLogger(__name__)

#: Gateways whose refunds stay PENDING until the provider settles them.
PENDING_REFUND_GATEWAYS = frozenset({"paypal", "bank_deposit"})
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
    numeric = gid_id(gid, "Order")
    return None if numeric is None else state.orders.get(numeric)


def _money(raw: Any) -> Decimal | None:
    try:
        return Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None


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
    require_scope(info, "read_orders")
    order = find_order(context(info).state, id)
    return order if order is not None and _visible(info, order) else None


def resolve_orders(
    _root: Any,
    info: GraphQLResolveInfo,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    reverse: bool = False,
    sortKey: str = "PROCESSED_AT",  # noqa: N803
    query: str | None = None,
    savedSearchId: str | None = None,  # noqa: N803
) -> dict[str, Any]:
    require_scope(info, "read_orders")
    state = context(info).state
    pagination.check_window(first, last)
    predicate = search(info, query, order_search_fields(state, _indexed_cutoff(info)),
                       DEFAULT_FIELD)
    orders = state.orders
    everything = has_scope(context(info).request.scopes, "read_all_orders")

    def match(order_id: int) -> bool:
        order = orders[order_id]
        if not everything and not _visible(info, order):
            return False
        return predicate is None or predicate(order)

    page = pagination.page_entries(
        state.order_entries(sortKey),
        first=first,
        after=after,
        last=last,
        before=before,
        reverse=reverse,
        match=None if predicate is None and everything else match,
    )
    return pagination.connection(page, orders.__getitem__)


def resolve_orders_count(
    _root: Any,
    info: GraphQLResolveInfo,
    query: str | None = None,
    savedSearchId: str | None = None,  # noqa: N803
    limit: int | None = 10000,
) -> dict[str, Any]:
    require_scope(info, "read_orders")
    state = context(info).state
    predicate = search(info, query, order_search_fields(state, _indexed_cutoff(info)),
                       DEFAULT_FIELD)
    found = sum(
        1
        for o in state.orders.values()
        if _visible(info, o) and (predicate is None or predicate(o))
    )
    if limit is not None and found > limit:
        return {"count": limit, "precision": "AT_LEAST"}
    return count(found)


def resolve_job(_root: Any, info: GraphQLResolveInfo, id: str) -> dict[str, Any] | None:  # noqa: A002
    numeric = gid_id(id, "Job")
    job = context(info).state.jobs.get(numeric) if numeric is not None else None
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


# --- orderCreate -------------------------------------------------------------------------------


class _Errors:
    """Collects OrderCreateUserErrors."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, field: list[str] | None, message: str, code: str | None = "INVALID") -> None:
        self.items.append(user_error(field, message, code))


def _bag_amount(order: Order, raw: dict[str, Any] | None) -> Amount | None:
    if not raw:
        return None
    shop = _money(raw["shopMoney"]["amount"])
    presentment = raw.get("presentmentMoney")
    pres = _money(presentment["amount"]) if presentment else None
    if shop is None:
        return None
    return order_ops.amount_in(order, shop, pres)


def _tax_rates(raw: list[dict[str, Any]] | None) -> list[TaxRate]:
    return [TaxRate(t["title"], Decimal(str(t["rate"]))) for t in raw or []]


def _associate_customer(
    state: ShopState, data: dict[str, Any], errors: _Errors, now: datetime
) -> Customer | None:
    """The customer of a new order (customerId, customer.toAssociate or customer.toUpsert)."""
    if data.get("customerId") and data.get("customer"):
        errors.add(["order", "customer"], "Cannot specify both customerId and customer.", "REDUNDANT_CUSTOMER_FIELDS")
        return None
    if data.get("customerId"):
        numeric = gid_id(data["customerId"], "Customer")
        found = state.customers.get(numeric) if numeric is not None else None
        if found is None:
            errors.add(["order", "customerId"], "Customer does not exist")  # not captured
        return found
    spec = data.get("customer") or {}
    associate, upsert = spec.get("toAssociate"), spec.get("toUpsert")
    if associate:
        if associate.get("id"):
            numeric = gid_id(associate["id"], "Customer")
            found = state.customers.get(numeric) if numeric is not None else None
        else:
            found = state.customers.get(state.email_owner.get(normalize_email(associate.get("email")) or "", -1))
        if found is None:
            errors.add(["order", "customer", "toAssociate"], "Customer does not exist")  # not captured
        return found
    if upsert:
        email = normalize_email(upsert.get("email"))
        found = None
        if upsert.get("id"):
            numeric = gid_id(upsert["id"], "Customer")
            found = state.customers.get(numeric) if numeric is not None else None
        elif email:
            found = state.customers.get(state.email_owner.get(email, -1))
        if found is None:
            if email is None or not _EMAIL.match(email):
                errors.add(["order", "customer", "toUpsert", "email"], "Email is invalid")
                return None
            found = Customer(
                id=state.new_id(),
                created_at=now,
                updated_at=now,
                first_name=upsert.get("firstName"),
                last_name=upsert.get("lastName"),
                email=email,
                note=upsert.get("note"),
                tags=clean_tags(upsert.get("tags") or []),
                tax_exempt=bool(upsert.get("taxExempt")),
            )
            state.add_customer(found)
        return found
    return None


def build_order(
    state: ShopState, data: dict[str, Any], now: datetime
) -> tuple[Order | None, list[dict[str, Any]], dict[str, Any]]:
    """Validate an OrderCreateOrderInput and build the order (not yet stored).

    Returns:
        The order (None on errors), the userErrors, and follow-up work for the caller:
        ``{"fulfillment": input or None, "fulfilled": bool}``.
    """
    errors = _Errors()
    shop_currency = state.shop.currency_code
    currency = data.get("currency") or shop_currency
    presentment = data.get("presentmentCurrency") or currency
    processed_at = data.get("processedAt") or now
    if isinstance(processed_at, str):
        processed_at = datetime.fromisoformat(processed_at.replace("Z", "+00:00"))
    if processed_at > now + timedelta(minutes=1):
        errors.add(["order", "processedAt"], "Processed at must not be in the future.", "PROCESSED_AT_INVALID")  # not captured
    email = normalize_email(data.get("email"))
    if email is not None and not _EMAIL.match(email):
        errors.add(["order", "email"], "Email is invalid")
    phone = None
    if data.get("phone"):
        phone = normalize_phone(data["phone"], state.shop.country_code)
        if phone is None:
            errors.add(["order", "phone"], "Phone is invalid")
    customer = _associate_customer(state, data, errors, now)
    raw_lines = data.get("lineItems") or []
    if not raw_lines:
        errors.add(["order", "lineItems"], "Line items can't be blank")  # not captured
    number = state.next_order_number
    moment = processed_at if processed_at <= now else now
    order = Order(
        id=state.new_id(),
        number=number,
        name=data.get("name") or f"#{number}",
        created_at=now.replace(microsecond=0),
        updated_at=now.replace(microsecond=0),
        processed_at=moment.replace(microsecond=0),
        currency_code=shop_currency,
        presentment_currency_code=presentment,
        email=email or (customer.email if customer else None),
        phone=phone,
        customer_id=customer.id if customer else None,
        note=data.get("note"),
        tags=clean_tags(data.get("tags") or []),
        custom_attributes=[{"key": a["key"], "value": a["value"]} for a in data.get("customAttributes") or []],
        taxes_included=bool(data.get("taxesIncluded")),
        tax_exempt=bool(customer.tax_exempt) if customer else False,
        test=bool(data.get("test")),
        source_name=data.get("sourceName") or "web",
        po_number=data.get("poNumber"),
        shipping_address=address_from_input(state, data.get("shippingAddress")),
        billing_address=address_from_input(state, data.get("billingAddress")),
    )
    order_taxes = _tax_rates(data.get("taxLines"))
    for index, raw in enumerate(raw_lines):
        path = ["order", "lineItems", str(index)]
        quantity = raw["quantity"]
        if quantity < 1:
            errors.add([*path, "quantity"], "Quantity must be greater than or equal to 1")
            continue
        variant = None
        if raw.get("variantId"):
            numeric = gid_id(raw["variantId"], "ProductVariant")
            variant = state.variants.get(numeric) if numeric is not None else None
            if variant is None:
                errors.add([*path, "variantId"], "Variant does not exist")  # not captured
                continue
        title = raw.get("title") or (variant.product.title if variant and variant.product else None)
        if not title:
            errors.add([*path, "title"], "Title can't be blank")  # not captured
            continue
        unit = _bag_amount(order, raw.get("priceSet"))
        if unit is None:
            unit = order_ops.amount_in(order, variant.price if variant else Decimal("0"))
        if unit.shop < 0:
            errors.add([*path, "priceSet"], "Cannot send negative price for line_item")
            continue
        gift_card = bool(raw.get("giftCard"))
        line = LineItem(
            id=state.new_id(),
            title=title,
            quantity=quantity,
            unit=unit,
            sku=raw.get("sku") or (variant.sku if variant else None),
            variant_id=variant.id if variant else None,
            product_id=(variant.product.id if variant and variant.product else None)
            or (gid_id(raw["productId"], "Product") if raw.get("productId") else None),
            variant_title=raw.get("variantTitle")
            or (variant.title if variant and variant.title != "Default Title" else None),
            vendor=raw.get("vendor") or (variant.product.vendor if variant and variant.product else None),
            tax_rates=_tax_rates(raw.get("taxLines")) or list(order_taxes),
            is_gift_card=gift_card,
            requires_shipping=bool(raw.get("requiresShipping")) or (variant is not None and not gift_card),
            taxable=bool(raw.get("taxable", True)) and not gift_card,
            custom_attributes=[{"key": p["name"], "value": p["value"]} for p in raw.get("properties") or []],
        )
        if not line.taxable:
            line.tax_rates = []
        line.order = order
        order.line_items.append(line)
    discount = data.get("discountCode") or {}
    if discount.get("itemPercentageDiscountCode"):
        code = discount["itemPercentageDiscountCode"]
        rate = Decimal(str(code.get("percentage") or 0)) / 100
        for line in order.line_items:
            line.discount = line.unit.times(line.quantity).rate(rate)
        order.discount_codes.append(code["code"])
    elif discount.get("itemFixedDiscountCode"):
        code = discount["itemFixedDiscountCode"]
        amount = _bag_amount(order, code.get("amountSet")) or ZERO
        gross = sum((line.unit.times(line.quantity).shop for line in order.line_items), Decimal(0))
        for line in order.line_items:
            share = line.unit.times(line.quantity).shop / gross if gross else Decimal(0)
            line.discount = Amount(cents(amount.shop * share), cents(amount.pres * share))
        order.discount_codes.append(code["code"])
    for index, raw in enumerate(data.get("shippingLines") or []):
        price = _bag_amount(order, raw["priceSet"]) or ZERO
        shipping = ShippingLine(
            id=state.new_id(),
            title=raw["title"],
            price=price,
            code=raw.get("code") or raw["title"],
            source=raw.get("source") or "shopify",
            tax_rates=_tax_rates(raw.get("taxLines")),
        )
        shipping.order = order
        order.shipping_lines.append(shipping)
    _transactions_from_input(state, order, data, errors, now)
    if errors.items:
        return None, errors.items, {}
    return order, [], {
        "fulfillment": data.get("fulfillment"),
        "fulfilled": data.get("fulfillmentStatus") == "FULFILLED",
        "closed_at": data.get("closedAt"),
    }


def _transactions_from_input(
    state: ShopState, order: Order, data: dict[str, Any], errors: _Errors, now: datetime
) -> None:
    raw_transactions = data.get("transactions") or []
    for index, raw in enumerate(raw_transactions):
        path = ["order", "transactions", str(index)]
        amount = _bag_amount(order, raw["amountSet"]) or ZERO
        card_id = None
        gateway = raw.get("gateway") or "manual"
        if raw.get("giftCardId"):
            card_id = gid_id(raw["giftCardId"], "GiftCard")
            card = state.gift_cards.get(card_id) if card_id is not None else None
            if card is None:
                errors.add([*path, "giftCardId"], "Gift card does not exist")  # not captured
                continue
            if card.balance < amount.shop:
                errors.add([*path, "amountSet"], "Gift card balance is insufficient")  # not captured
                continue
            gateway = "gift_card"
        transaction = Transaction(
            id=state.new_id(),
            kind=raw.get("kind") or "SALE",
            status=raw.get("status") or "SUCCESS",
            gateway=gateway,
            amount=amount,
            created_at=order.processed_at,
            processed_at=order.processed_at,
            gift_card_id=card_id,
            test=bool(raw.get("test")),
            receipt=raw.get("receiptJson") if isinstance(raw.get("receiptJson"), dict) else None,
        )
        transaction.order = order
        order.transactions.append(transaction)
    if raw_transactions:
        return
    status = data.get("financialStatus")
    order.link()
    due = order.total_after_edits
    if status in ("PAID", "PARTIALLY_REFUNDED", "REFUNDED"):
        order_ops.add_transaction(state, order, "SALE", "SUCCESS", "manual", due, order.processed_at)
    elif status == "AUTHORIZED":
        order_ops.add_transaction(state, order, "AUTHORIZATION", "SUCCESS", "manual", due, order.processed_at)
    elif status == "PARTIALLY_PAID":
        order_ops.add_transaction(state, order, "SALE", "SUCCESS", "manual", due.part(1, 2), order.processed_at)


def store_new_order(
    state: ShopState, order: Order, follow_up: dict[str, Any], now: datetime, inventory: str = "BYPASS"
) -> None:
    """Store a built order and do what its input asked (fulfill, close, count it)."""
    order_ops.finish_new_order(state, order, now)
    if inventory != "BYPASS":
        for line in order.line_items:
            variant = state.variants.get(line.variant_id) if line.variant_id else None
            if variant is not None and variant.inventory_quantity is not None:
                variant.inventory_quantity -= line.quantity
    fulfillment = follow_up.get("fulfillment")
    if fulfillment or follow_up.get("fulfilled"):
        tracking = []
        if fulfillment and (fulfillment.get("trackingNumber") or fulfillment.get("trackingCompany")):
            tracking = [{"company": fulfillment.get("trackingCompany"), "number": fulfillment.get("trackingNumber"), "url": None}]
        order_ops.fulfill_everything(state, order, now, tracking)
    if follow_up.get("closed_at"):
        order.closed_at = order.updated_at
        order_ops.touch(state, order, now)
    if order.customer_id is not None:
        customer = state.customers.get(order.customer_id)
        if customer is not None:
            customer.number_of_orders += 1
            customer.amount_spent += order.total_after_edits.shop


def order_create(
    _root: Any, info: GraphQLResolveInfo, order: dict[str, Any], options: dict[str, Any] | None = None
) -> dict[str, Any]:
    require_scope(info, "write_orders")
    ctx = context(info)
    built, errors, follow_up = build_order(ctx.state, order, ctx.now)
    if built is None:
        return {"order": None, "userErrors": errors}
    if order.get("companyLocationId") is not None:
        b2b, errors = resolvers_companies.b2b_order_fields(
            ctx.state, order["companyLocationId"], built.customer_id
        )
        if errors:
            return {"order": None, "userErrors": errors}
        for attr, value in b2b.items():
            setattr(built, attr, value)
    store_new_order(ctx.state, built, follow_up, ctx.now, (options or {}).get("inventoryBehaviour") or "BYPASS")
    logger.debug("Created order %s", built.name)
    return {"order": built, "userErrors": []}


# --- simple order mutations -------------------------------------------------------------------


def _missing(key: str = "order") -> dict[str, Any]:
    return {key: None, "userErrors": [user_error(["id"], "Order does not exist")]}


def order_update(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    require_scope(info, "write_orders")
    ctx = context(info)
    order = find_order(ctx.state, input.get("id"))
    if order is None:
        return _missing()
    changes = {k: v for k, v in input.items() if k != "id"}
    if not changes:
        return {"order": None, "userErrors": [user_error(None, "No valid update parameters have been provided")]}
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
        return {"order": None, "userErrors": errors}
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


def order_mark_as_paid(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    require_scope(info, "write_orders")
    ctx = context(info)
    order = find_order(ctx.state, input.get("id"))
    if order is None:
        return _missing()
    if not order.can_mark_as_paid or order.total_outstanding.shop <= 0:
        return {"order": None, "userErrors": [user_error(["id"], "Order cannot be marked as paid.")]}
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
    require_scope(info, "write_orders")
    ctx = context(info)
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


def order_close(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    require_scope(info, "write_orders")
    ctx = context(info)
    order = find_order(ctx.state, input.get("id"))
    if order is None:
        return _missing()
    if order.closed_at is None:
        order.closed_at = ctx.now.replace(microsecond=0)
        order_ops.touch(ctx.state, order, ctx.now)
    return {"order": order, "userErrors": []}


def order_open(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    require_scope(info, "write_orders")
    ctx = context(info)
    order = find_order(ctx.state, input.get("id"))
    if order is None:
        return _missing()
    if order.closed_at is not None and order.cancelled_at is None:
        order.closed_at = None
        order_ops.touch(ctx.state, order, ctx.now)
    return {"order": order, "userErrors": []}


# --- order edits -------------------------------------------------------------------------------


class CalculatedOrder:
    """An edit session seen as Shopify's CalculatedOrder."""

    TYPENAME = "CalculatedOrder"

    def __init__(self, state: ShopState, session: EditSession) -> None:
        self.state = state
        self.session = session
        self.original_order = state.orders[session.order_id]

    @property
    def gid(self) -> str:
        return f"gid://shopify/CalculatedOrder/{self.session.id}"

    def line(self, calc_id: int) -> dict[str, Any] | None:
        order = self.original_order
        item = order.line_item(calc_id)
        if item is not None:
            quantity = self.session.quantities.get(item.id, item.current_quantity)
            return {
                "id": f"gid://shopify/CalculatedLineItem/{item.id}",
                "title": item.title,
                "sku": item.sku,
                "quantity": quantity,
                "editableQuantity": quantity,
                "editableQuantityBeforeChanges": item.current_quantity,
                "restocking": self.session.restock.get(item.id, False),
                "variant": self.state.variants.get(item.variant_id) if item.variant_id else None,
                "originalUnitPriceSet": order.bag(item.unit),
                "_fulfilled": item.fulfilled_quantity,
            }
        for added_id, variant_id, quantity, _ in self.session.added:
            if added_id == calc_id:
                variant = self.state.variants[variant_id]
                return {
                    "id": f"gid://shopify/CalculatedLineItem/{added_id}",
                    "title": variant.product.title if variant.product else variant.title,
                    "sku": variant.sku,
                    "quantity": quantity,
                    "editableQuantity": quantity,
                    "editableQuantityBeforeChanges": 0,
                    "restocking": False,
                    "variant": variant,
                    "originalUnitPriceSet": order.bag(order_ops.amount_in(order, variant.price)),
                    "_fulfilled": 0,
                }
        return None

    def all_lines(self) -> list[dict[str, Any]]:
        ids = [line.id for line in self.original_order.line_items] + [a[0] for a in self.session.added]
        return [line for line in (self.line(i) for i in ids) if line is not None]

    @property
    def subtotal_line_items_quantity(self) -> int:
        return sum(line["quantity"] for line in self.all_lines())

    @property
    def total_price_set(self) -> dict[str, Any]:
        order = self.original_order
        value = ZERO
        for line in order.line_items:
            value = value + line.net(self.session.quantities.get(line.id, line.current_quantity))
        for _, variant_id, quantity, _ in self.session.added:
            value = value + order_ops.amount_in(order, self.state.variants[variant_id].price).times(quantity)
        return order.bag(value)


def _session(state: ShopState, gid: str) -> EditSession | None:
    numeric = gid_id(gid, "CalculatedOrder")
    if numeric is None:
        numeric = gid_id(gid, "OrderEditSession")
    session = state.edit_sessions.get(numeric) if numeric is not None else None
    return session if session is not None and not session.committed else None


def _edit_payload(state: ShopState, session: EditSession, line: dict[str, Any] | None = None) -> dict[str, Any]:
    calculated = CalculatedOrder(state, session)
    payload: dict[str, Any] = {
        "calculatedOrder": calculated,
        "orderEditSession": {"id": f"gid://shopify/OrderEditSession/{session.id}"},
        "userErrors": [],
    }
    if line is not None:
        payload["calculatedLineItem"] = line
    return payload


def _edit_failed(field: list[str] | None, message: str, with_line: bool = True) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "calculatedOrder": None,
        "orderEditSession": None,
        "userErrors": [user_error(field, message)],
    }
    if with_line:
        payload["calculatedLineItem"] = None
    return payload


def order_edit_begin(_root: Any, info: GraphQLResolveInfo, id: str) -> dict[str, Any]:  # noqa: A002
    require_scope(info, "write_orders")
    ctx = context(info)
    order = find_order(ctx.state, id)
    if order is None:
        return _edit_failed(["id"], "The order does not exist.", with_line=False)  # not captured
    if order.cancelled_at is not None:
        return _edit_failed(["id"], "The order cannot be edited.", with_line=False)  # not captured
    session = EditSession(id=ctx.state.new_id(), order_id=order.id)
    ctx.state.edit_sessions[session.id] = session
    return _edit_payload(ctx.state, session)


def order_edit_set_quantity(
    _root: Any,
    info: GraphQLResolveInfo,
    id: str,  # noqa: A002
    lineItemId: str,  # noqa: N803
    quantity: int,
    restock: bool | None = None,
    locationId: str | None = None,  # noqa: N803
) -> dict[str, Any]:
    require_scope(info, "write_orders")
    ctx = context(info)
    session = _session(ctx.state, id)
    if session is None:
        return _edit_failed(["id"], "The calculated order does not exist.")  # not captured
    calc_id = gid_id(lineItemId, "CalculatedLineItem")
    calculated = CalculatedOrder(ctx.state, session)
    line = calculated.line(calc_id) if calc_id is not None else None
    if line is None:
        return _edit_failed(["lineItemId"], "The line item does not exist.")  # not captured
    if quantity < 0:
        return _edit_failed(["quantity"], "Quantity must be greater than or equal to 0")  # not captured
    if quantity < line["_fulfilled"]:
        return _edit_failed(["quantity"], "Quantity cannot be less than the fulfilled quantity.")  # not captured
    added = [a for a in session.added if a[0] == calc_id]
    if added:
        kept = []
        for entry in session.added:
            if entry[0] != calc_id:
                kept.append(entry)
            elif quantity > 0:
                kept.append((entry[0], entry[1], quantity, entry[3]))
        session.added = kept
    else:
        session.quantities[calc_id] = quantity
        session.restock[calc_id] = bool(restock)
    return _edit_payload(ctx.state, session, calculated.line(calc_id) or {**line, "quantity": 0})


def order_edit_add_variant(
    _root: Any,
    info: GraphQLResolveInfo,
    id: str,  # noqa: A002
    variantId: str,  # noqa: N803
    quantity: int,
    locationId: str | None = None,  # noqa: N803
    allowDuplicates: bool | None = None,  # noqa: N803
) -> dict[str, Any]:
    require_scope(info, "write_orders")
    ctx = context(info)
    session = _session(ctx.state, id)
    if session is None:
        return _edit_failed(["id"], "The calculated order does not exist.")  # not captured
    numeric = gid_id(variantId, "ProductVariant")
    variant = ctx.state.variants.get(numeric) if numeric is not None else None
    if variant is None:
        return _edit_failed(["variantId"], "The variant does not exist.")  # not captured
    if quantity < 1:
        return _edit_failed(["quantity"], "Quantity must be greater than or equal to 1")  # not captured
    order = ctx.state.orders[session.order_id]
    if not allowDuplicates and any(line.variant_id == variant.id for line in order.line_items):
        return _edit_failed(["variantId"], "Variant is already on the order. Use allowDuplicates to add it again.")  # not captured
    location = gid_id(locationId, "Location") if locationId else None
    calc_id = ctx.state.new_id()
    session.added.append((calc_id, variant.id, quantity, location))
    return _edit_payload(ctx.state, session, CalculatedOrder(ctx.state, session).line(calc_id))


def order_edit_commit(
    _root: Any,
    info: GraphQLResolveInfo,
    id: str,  # noqa: A002
    notifyCustomer: bool | None = None,  # noqa: N803
    staffNote: str | None = None,  # noqa: N803
) -> dict[str, Any]:
    require_scope(info, "write_orders")
    ctx = context(info)
    session = _session(ctx.state, id)
    if session is None:
        return {"order": None, "successMessages": None, "userErrors": [user_error(["id"], "The calculated order does not exist.")]}
    order = ctx.state.orders[session.order_id]
    order_ops.commit_edit(ctx.state, order, session, ctx.now)
    return {"order": order, "successMessages": ["Order updated"], "userErrors": []}


def resolve_calculated_line_items(calc: CalculatedOrder, _info: GraphQLResolveInfo, query: str | None = None, **relay: Any) -> dict[str, Any]:
    return dict_connection(calc.all_lines(), lambda line: line, **relay)


def resolve_calculated_added_line_items(calc: CalculatedOrder, _info: GraphQLResolveInfo, **relay: Any) -> dict[str, Any]:
    lines = [calc.line(a[0]) for a in calc.session.added]
    return dict_connection([line for line in lines if line], lambda line: line, **relay)


# --- refunds -----------------------------------------------------------------------------------


def _format_money(value: Decimal, currency: str) -> str:
    symbol = {"CAD": "$", "USD": "$", "AUD": "$", "EUR": "€", "GBP": "£", "JPY": "¥"}.get(currency, "")
    return f"{symbol}{cents(value):,}" if symbol else f"{cents(value):,} {currency}"


def refund_create(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    require_scope(info, "write_orders")
    ctx = context(info)
    state = ctx.state

    def failed(field: list[str] | None, message: str) -> dict[str, Any]:
        return {"order": None, "refund": None, "userErrors": [user_error(field, message)]}

    order = find_order(state, input.get("orderId"))
    if order is None:
        return failed(["orderId"], "Order does not exist")
    request = RefundRequest(note=input.get("note"))
    wanted: dict[int, int] = {}
    for index, raw in enumerate(input.get("refundLineItems") or []):
        numeric = gid_id(raw["lineItemId"], "LineItem")
        line = order.line_item(numeric) if numeric is not None else None
        if line is None:
            return failed(["refundLineItems", str(index), "lineItemId"], "Line item does not exist")  # not captured
        wanted[line.id] = wanted.get(line.id, 0) + raw["quantity"]
        if raw["quantity"] < 1 or wanted[line.id] > line.refundable_quantity:
            return failed(
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
            return failed(None, f"Kind {raw['kind'].lower()} is not a valid transaction")
        parent = None
        if raw.get("parentId"):
            parent_id = gid_id(raw["parentId"], "OrderTransaction")
            parent = order.transaction(parent_id) if parent_id is not None else None
            if parent is None:
                return failed(["transactions"], "Transactions require a parent_id associated with the order")
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
        return failed(
            None,
            f"Refund amount {_format_money(asked.pres, currency)} is greater than net payment "
            f"received {_format_money(available.pres, currency)}",
        )
    refund = order_ops.create_refund(state, order, request, ctx.now)
    return {"order": order, "refund": refund, "userErrors": []}


# --- tags --------------------------------------------------------------------------------------


def _taggable(state: ShopState, gid: str) -> tuple[str, Any]:
    parsed = gid_id(gid)
    type_name = (parse_gid(gid) or ("", 0))[0]
    lookup = {
        "Order": state.orders,
        "Customer": state.customers,
        "Product": state.products,
        "DraftOrder": state.draft_orders,
    }.get(type_name)
    return type_name, (lookup.get(parsed) if lookup is not None and parsed is not None else None)


def _retag(info: GraphQLResolveInfo, gid: str, tags: list[str], add: bool) -> dict[str, Any]:
    ctx = context(info)
    state = ctx.state
    type_name, node = _taggable(state, gid)
    if node is None:
        return {"node": None, "userErrors": [user_error(["id"], f"{type_name or 'Node'} does not exist")]}
    require_scope(info, {"Customer": "write_customers", "Product": "write_products", "DraftOrder": "write_draft_orders"}.get(type_name, "write_orders"))
    change = clean_tags(tags)
    if add:
        new = clean_tags([*node.tags, *change])
    else:
        drop = {t.casefold() for t in change}
        new = [t for t in node.tags if t.casefold() not in drop]
    if len(new) > MAX_TAGS:
        return {"node": None, "userErrors": [user_error(["tags"], "Tags cannot be more than 250")]}
    if new != node.tags:
        node.tags = new
        if isinstance(node, Order):
            order_ops.touch(state, node, ctx.now)
        elif isinstance(node, Customer):
            node.updated_at = later_than(node.updated_at, ctx.now)
            state.customer_changed(node, node.email, node.phone)
        else:
            node.updated_at = later_than(node.updated_at, ctx.now)
    return {"node": node, "userErrors": []}


def tags_add(_root: Any, info: GraphQLResolveInfo, id: str, tags: list[str]) -> dict[str, Any]:  # noqa: A002
    return _retag(info, id, tags, add=True)


def tags_remove(_root: Any, info: GraphQLResolveInfo, id: str, tags: list[str]) -> dict[str, Any]:  # noqa: A002
    return _retag(info, id, tags, add=False)


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
    ("CalculatedOrder", "lineItems"): resolve_calculated_line_items,
    ("CalculatedOrder", "addedLineItems"): resolve_calculated_added_line_items,
    ("Mutation", "orderCreate"): order_create,
    ("Mutation", "orderUpdate"): order_update,
    ("Mutation", "orderMarkAsPaid"): order_mark_as_paid,
    ("Mutation", "orderCancel"): order_cancel,
    ("Mutation", "orderClose"): order_close,
    ("Mutation", "orderOpen"): order_open,
    ("Mutation", "orderEditBegin"): order_edit_begin,
    ("Mutation", "orderEditSetQuantity"): order_edit_set_quantity,
    ("Mutation", "orderEditAddVariant"): order_edit_add_variant,
    ("Mutation", "orderEditCommit"): order_edit_commit,
    ("Mutation", "refundCreate"): refund_create,
    ("Mutation", "tagsAdd"): tags_add,
    ("Mutation", "tagsRemove"): tags_remove,
}
