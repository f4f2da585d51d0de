"""Shopify Order nodes turned into frozen records (raw JSON stops here).

Two shapes (defined in `desktop_app.records.orders`): `OrderHeader` (what staging and its
filters need of an order) and `OrderRecord` (one complete order, after the job has read every
further page of its connections into the node). The node may come from the OrdersToImport
page, OrderById, or a BulkOrders line (`node_from_bulk` gives it the same shape). Every amount
is a `Money` pair: shop currency and presentment currency, as Decimals parsed from Shopify's
decimal strings (never floats).

Queries read less than they could, and this module fills in the rest:
- a MoneyBag may carry one side only (the page reads the side the shop's currency handling
  uses). When the order's two currencies are equal the missing side is the same number; when
  they differ it is a copy of the side read, and `OrderRecord.money_side` names the side that
  is real ("shop", "presentment" or "both");
- the order's subtotal, shipping, tax and discount totals and its tax lines are derived from
  its lines and shipping lines (`current` quantities), as Shopify computes them;
- a line's discount is `totalDiscountSet` or, when absent, the sum of its
  `discountAllocations`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from desktop_app.errors import RecordError
from desktop_app.records import widths
from desktop_app.records.customers import AddressRecord
from desktop_app.records.orders import (
    NO_MONEY,
    ZERO,
    LineRecord,
    Money,
    OrderCustomer,
    OrderHeader,
    OrderRecord,
    PurchasingCompany,
    RefundLineRecord,
    RefundRecord,
    ReturnRecord,
    ShippingLineRecord,
    TaxLine,
    TransactionRecord,
)
from desktop_app.records.text import clean_text, quoted
from desktop_app.shopify.order_values import (
    AMOUNT_LIMIT,
    ENUM_WIDTH,
    INT_MAX,
    BadValue,
    NodeReader,
    money_of,
)
from desktop_app.shopify.records import address_record

ORDER_GID = "gid://shopify/Order/"


# Values are read by `order_values.NodeReader`, whose rules say what refuses an order and
# what is repaired.

#: The longest order name kept (`store.order_models.ShopifyOrder.name`).
NAME_WIDTH = widths.ORDER_NAME

FINANCIAL_STATUSES = frozenset({"PENDING", "AUTHORIZED", "PARTIALLY_PAID", "PARTIALLY_REFUNDED",
                                "VOIDED", "PAID", "REFUNDED", "EXPIRED"})
FULFILLMENT_STATUSES = frozenset({"UNFULFILLED", "PARTIALLY_FULFILLED", "FULFILLED", "RESTOCKED",
                                  "PENDING_FULFILLMENT", "OPEN", "IN_PROGRESS", "ON_HOLD",
                                  "SCHEDULED", "REQUEST_DECLINED"})
CANCEL_REASONS = frozenset({"CUSTOMER", "DECLINED", "FRAUD", "INVENTORY", "STAFF", "OTHER"})
RESTOCK_TYPES = frozenset({"RETURN", "CANCEL", "LEGACY_RESTOCK", "NO_RESTOCK"})
TRANSACTION_KINDS = frozenset({"SALE", "CAPTURE", "AUTHORIZATION", "VOID", "REFUND", "CHANGE",
                               "EMV_AUTHORIZATION", "SUGGESTED_REFUND"})
TRANSACTION_STATUSES = frozenset({"SUCCESS", "FAILURE", "PENDING", "ERROR", "AWAITING_RESPONSE",
                                  "UNKNOWN"})
RETURN_STATUSES = frozenset({"CANCELED", "CLOSED", "DECLINED", "OPEN", "REQUESTED"})


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _risk(node: dict[str, Any]) -> tuple[str, bool]:
    """The highest assessed risk level and whether any assessment is HIGH (malformed
    assessments are ignored: they decide nothing about money)."""
    order = ["NONE", "PENDING", "LOW", "MEDIUM", "HIGH"]
    risk = node.get("risk")
    assessments = risk.get("assessments") if isinstance(risk, dict) else None
    levels = [clean_text(a.get("riskLevel")).upper() for a in assessments or []
              if isinstance(a, dict)] if isinstance(assessments, list) else []
    known = [level for level in levels if level in order]
    highest = max(known, key=order.index) if known else ""
    return highest, "HIGH" in levels


def _country(node: dict[str, Any], key: str) -> str:
    address = node.get(key)
    if not isinstance(address, dict):
        return ""
    return clean_text(address.get("countryCodeV2") or address.get("countryCode")).upper()


def _order_label(node: dict[str, Any]) -> str:
    name = clean_text(node.get("name"))[:NAME_WIDTH]
    return f"order {name}" if name else "(order without id or name)"


def _check_id(node: Any) -> str:
    if not isinstance(node, dict):
        raise RecordError("(order that is not an object)", "", f"Shopify sent {quoted(node)} "
                          "where an order belongs")
    gid = clean_text(node.get("id"))
    if not gid.startswith(ORDER_GID) or not gid.removeprefix(ORDER_GID):
        what = f"{quoted(node.get('id'))} is not a Shopify order id" if gid else \
            "no id, though Shopify promises one"
        raise RecordError(gid or _order_label(node), "id", what)
    return gid


def _name(reader: NodeReader, node: dict[str, Any], gid: str) -> str:
    name = clean_text(node.get("name"))
    if not name:
        reader.repaired("name: Shopify sent no order name; the order's id stands in")
        return gid
    if len(name) > NAME_WIDTH:
        reader.repaired(f"name: cut to {NAME_WIDTH} characters")
        return name[:NAME_WIDTH]
    return name


def _dates(reader: NodeReader, node: dict[str, Any]) -> tuple[dt.datetime, dt.datetime]:
    created = reader.moment(node.get("createdAt"), "createdAt", required=True, not_future=True)
    updated = reader.moment(node.get("updatedAt"), "updatedAt", required=True, not_future=True)
    assert created is not None and updated is not None
    return created, updated


def order_header(node: dict[str, Any], *, now: dt.datetime | None = None) -> OrderHeader:
    """One node of the OrdersToImport page (or a bulk line), for staging.

    Args:
        node: the Order node.
        now: the time dates are checked against (this machine's clock by default).

    Raises:
        RecordError: no order id, a date that cannot be read or lies in the future, or a
            total that is not a number; named by the order's id (or its name without one).
    """
    gid = _check_id(node)
    reader = NodeReader(now=now)
    try:
        created, updated = _dates(reader, node)
        level, high = _risk(node)
        bag = node.get("totalPriceSet") or node.get("currentTotalPriceSet")
        try:
            total = money_of(bag).shop
        except ValueError as exc:
            raise BadValue("currentTotalPriceSet", str(exc)) from None
        quantity = node.get("currentSubtotalLineItemsQuantity")
        return OrderHeader(
            shopify_id=gid,
            name=_name(reader, node, gid),
            created_at=created,
            updated_at=updated,
            closed=node.get("closed") is True,
            cancelled=node.get("cancelledAt") is not None,
            test=node.get("test") is True,
            financial_status=clean_text(node.get("displayFinancialStatus")).upper()[:ENUM_WIDTH],
            fulfillment_status=clean_text(
                node.get("displayFulfillmentStatus")).upper()[:ENUM_WIDTH],
            fully_paid=node.get("fullyPaid") is True,
            high_risk=high,
            channel=clean_text(node.get("sourceName")),
            ship_to_country=_country(node, "shippingAddress"),
            bill_to_country=_country(node, "billingAddress"),
            tags=reader.texts(node.get("tags"), "tags"),
            total=total if abs(total) < AMOUNT_LIMIT else ZERO,
            currency=clean_text(node.get("currencyCode")).upper()[:3],
            item_quantity=quantity if isinstance(quantity, int) and not isinstance(
                quantity, bool) and 0 <= quantity <= INT_MAX else 0,
        )
    except BadValue as bad:
        raise RecordError(gid, bad.field, bad.message) from None
    except (TypeError, ValueError, AttributeError, KeyError, ArithmeticError) as exc:
        raise RecordError(gid, "", f"Shopify sent a malformed order ({type(exc).__name__})"
                          ) from None


def _tax_lines(reader: NodeReader, items: Any, field: str) -> tuple[TaxLine, ...]:
    lines = []
    for t in reader.objects(items, field):
        rate = t.get("rate")
        if rate is None:
            value = ZERO  # TaxLine.rate is nullable
        elif isinstance(rate, bool) or not isinstance(rate, int | float | str):
            raise BadValue(f"{field}.rate", f"not a number: {quoted(rate)}")
        else:
            try:
                value = Decimal(str(rate).strip())
            except InvalidOperation:
                raise BadValue(f"{field}.rate", f"not a number: {quoted(rate)}") from None
            if not value.is_finite() or abs(value) >= AMOUNT_LIMIT:
                raise BadValue(f"{field}.rate", f"not a usable rate: {quoted(rate)}")
        lines.append(TaxLine(clean_text(t.get("title")), value,
                             reader.money(t, "priceSet", f"{field}.priceSet")))
    return tuple(lines)


def _sum(items: tuple[TaxLine, ...]) -> Money:
    total = NO_MONEY
    for item in items:
        total = total + item.amount
    return total


def _line_discount(reader: NodeReader, node: dict[str, Any]) -> Money:
    if "totalDiscountSet" in node:  # OrderById and the bulk export read this one
        return reader.money(node, "totalDiscountSet", "lineItems.totalDiscountSet")
    total = NO_MONEY
    for allocation in reader.objects(node.get("discountAllocations", []),
                                     "lineItems.discountAllocations"):
        total = total + reader.money(allocation, "allocatedAmountSet",
                                     "lineItems.discountAllocations.allocatedAmountSet")
    return total


def _in_context(what: str, read: Any) -> Any:
    """Run `read()`, adding `what` (the line or refund at fault) to its message."""
    try:
        return read()
    except BadValue as bad:
        raise BadValue(bad.field, f"{what}: {bad.message}") from None


def line_record(node: dict[str, Any], reader: NodeReader | None = None,
                seen: set[str] | None = None) -> LineRecord:
    """One LineItem node (its id must not be in `seen`, which it joins)."""
    reader = reader or NodeReader()
    gid = _in_context(f"line item {quoted(clean_text(node.get('title')))}",
                      lambda: reader.unique_id(node, "lineItems.id",
                                               set() if seen is None else seen))

    def read() -> LineRecord:
        quantity = reader.count(node.get("quantity"), "lineItems.quantity")
        current = quantity if "currentQuantity" not in node else \
            reader.count(node.get("currentQuantity"), "lineItems.currentQuantity")
        if current > quantity:
            raise BadValue("lineItems.currentQuantity", f"{current} is more than the "
                       f"{quantity} ordered")
        taxes = _tax_lines(reader, node.get("taxLines", []), "lineItems.taxLines")
        variant = node.get("variant")
        return LineRecord(
            shopify_id=gid,
            title=clean_text(node.get("title")),
            variant_title=clean_text(node.get("variantTitle")),
            sku=clean_text(node.get("sku")),
            variant_gid=clean_text(variant.get("id")) if isinstance(variant, dict) else "",
            quantity=quantity,
            current_quantity=current,
            unit_price=reader.money(node, "originalUnitPriceSet",
                                    "lineItems.originalUnitPriceSet"),
            discount=_line_discount(reader, node),
            tax=_sum(taxes),
            tax_lines=taxes,
            attributes=reader.attributes(node.get("customAttributes")),
            is_gift_card=reader.flag(node, "isGiftCard", "lineItems.isGiftCard", False),
            requires_shipping=reader.flag(node, "requiresShipping",
                                          "lineItems.requiresShipping", True),
        )

    return _in_context(f"line item {gid}", read)


def shipping_line_record(node: dict[str, Any],
                         reader: NodeReader | None = None) -> ShippingLineRecord:
    reader = reader or NodeReader()
    gid = clean_text(node.get("id"))  # ShippingLine.id is nullable

    def read() -> ShippingLineRecord:
        original = reader.money(node, "originalPriceSet", "shippingLines.originalPriceSet")
        discounted = original if "discountedPriceSet" not in node else reader.money(
            node, "discountedPriceSet", "shippingLines.discountedPriceSet")
        if discounted.shop > original.shop or discounted.presentment > original.presentment:
            raise BadValue("shippingLines.discountedPriceSet", "the discounted price is more "
                       "than the original price")
        return ShippingLineRecord(
            shopify_id=gid,
            title=clean_text(node.get("title")),
            code=clean_text(node.get("code")),
            source=clean_text(node.get("source")),
            is_removed=reader.flag(node, "isRemoved", "shippingLines.isRemoved", False),
            amount=original,
            discount=Money(original.shop - discounted.shop,
                           original.presentment - discounted.presentment),
            tax=_sum(_tax_lines(reader, node.get("taxLines", []), "shippingLines.taxLines")),
        )

    return _in_context(f"shipping line {gid or quoted(clean_text(node.get('title')))}", read)


def _refund_line(reader: NodeReader, node: dict[str, Any]) -> RefundLineRecord:
    item = reader.object_or_none(node, "lineItem", "refunds.refundLineItems.lineItem")
    location = reader.object_or_none(node, "location", "refunds.refundLineItems.location")
    return RefundLineRecord(
        line_gid=clean_text((item or {}).get("id")),
        quantity=reader.count(node.get("quantity"), "refunds.refundLineItems.quantity"),
        restock_type=reader.enum(node.get("restockType"),
                                 "refunds.refundLineItems.restockType", RESTOCK_TYPES),
        location_gid=clean_text((location or {}).get("id")),
        subtotal=reader.money(node, "subtotalSet", "refunds.refundLineItems.subtotalSet"),
        tax=reader.money(node, "totalTaxSet", "refunds.refundLineItems.totalTaxSet"),
    )


def refund_record(node: dict[str, Any], reader: NodeReader | None = None,
                  seen: set[str] | None = None) -> RefundRecord:
    reader = reader or NodeReader()
    gid = reader.unique_id(node, "refunds.id", set() if seen is None else seen)

    def read() -> RefundRecord:
        returned = reader.object_or_none(node, "return", "refunds.return")
        lines = node.get("refundLineItems")
        return RefundRecord(
            shopify_id=gid,
            created_at=reader.moment(node.get("createdAt"), "refunds.createdAt"),
            updated_at=reader.moment(node.get("updatedAt"), "refunds.updatedAt"),
            note=clean_text(node.get("note"), multiline=True),
            return_gid=clean_text((returned or {}).get("id")),
            total_refunded=reader.money(node, "totalRefundedSet", "refunds.totalRefundedSet"),
            lines=() if lines is None and "refundLineItems" not in node else tuple(
                _refund_line(reader, n)
                for n in reader.connection(lines, "refunds.refundLineItems")),
        )

    return _in_context(f"refund {gid}", read)


def transaction_record(node: dict[str, Any],
                       reader: NodeReader | None = None) -> TransactionRecord:
    reader = reader or NodeReader()
    parent = node.get("parentTransaction")
    return TransactionRecord(
        shopify_id=clean_text(node.get("id")),
        kind=reader.enum(node.get("kind"), "transactions.kind", TRANSACTION_KINDS),
        status=reader.enum(node.get("status"), "transactions.status", TRANSACTION_STATUSES),
        gateway=clean_text(node.get("gateway")),
        amount=reader.money(node, "amountSet", "transactions.amountSet"),
        parent_id=clean_text(parent.get("id")) if isinstance(parent, dict) else "",
        processed_at=reader.moment(node.get("processedAt"), "transactions.processedAt"),
    )


def _id_of(value: Any) -> str:
    return clean_text(value.get("id")) if isinstance(value, dict) else ""


def purchasing_company(node: dict[str, Any]) -> PurchasingCompany | None:
    """The order's PurchasingCompany (from `purchasingEntity`), None for a consumer order."""
    entity = node.get("purchasingEntity")
    if not isinstance(entity, dict):
        return None
    company = _id_of(entity.get("company"))
    if not company:
        return None
    return PurchasingCompany(company, _id_of(entity.get("location")),
                             _id_of(entity.get("contact")))


def _customer(node: dict[str, Any]) -> OrderCustomer | None:
    """The consumer: `purchasingEntity` when it is a Customer, else `customer` (BulkOrders
    reads that one; on a B2B order it is the company contact's customer, not the buyer)."""
    entity = NodeReader.object_or_none(node, "purchasingEntity", "purchasingEntity") or {}
    if not clean_text(entity.get("id")).startswith("gid://shopify/Customer/"):
        entity = {} if "purchasingEntity" in node else \
            NodeReader.object_or_none(node, "customer", "customer") or {}
    gid = clean_text(entity.get("id"))
    if not gid.startswith("gid://shopify/Customer/") or \
            not gid.removeprefix("gid://shopify/Customer/"):
        return None
    return OrderCustomer(
        shopify_id=gid,
        first_name=clean_text(entity.get("firstName")),
        last_name=clean_text(entity.get("lastName")),
        email=clean_text(entity.get("email")),
        phone=clean_text(entity.get("phone")),
    )


def _address(reader: NodeReader, node: dict[str, Any], key: str) -> AddressRecord | None:
    value = reader.object_or_none(node, key, key)
    if not value:
        return None
    return address_record(value)


def _scaled(value: Money, line: LineRecord) -> Money:
    """A line amount Shopify gives for the original quantity, for the current quantity."""
    if line.current_quantity == line.quantity or line.quantity == 0:
        return value
    return Money(_cents(value.shop * line.current_quantity / line.quantity),
                 _cents(value.presentment * line.current_quantity / line.quantity))


@dataclass(frozen=True)
class _Totals:
    subtotal: Money
    shipping: Money
    tax: Money
    discount: Money
    tax_lines: tuple[TaxLine, ...]


def _derived_totals(lines: tuple[LineRecord, ...], shipping: tuple[ShippingLineRecord, ...],
                    shipping_taxes: list[tuple[TaxLine, ...]]) -> _Totals:
    """Shopify's current subtotal, shipping, tax and discount totals and the order's tax
    lines (by title and rate), from the lines at their current quantities."""
    subtotal = shipping_total = tax = discount = NO_MONEY
    grouped: dict[tuple[str, Decimal], Money] = {}
    for line in lines:
        gross = Money(line.unit_price.shop * line.current_quantity,
                      line.unit_price.presentment * line.current_quantity)
        _check_fits(gross, "lineItems", f"line item {line.shopify_id}")
        line_discount = _scaled(line.discount, line)
        subtotal = subtotal + Money(gross.shop - line_discount.shop,
                                    gross.presentment - line_discount.presentment)
        discount = discount + line_discount
        tax = tax + _scaled(line.tax, line)
        for t in line.tax_lines:
            key = (t.title, t.rate)
            grouped[key] = grouped.get(key, NO_MONEY) + _scaled(t.amount, line)
    for ship, taxes in zip(shipping, shipping_taxes):
        if ship.is_removed:
            continue
        shipping_total = shipping_total + Money(ship.amount.shop - ship.discount.shop,
                                                ship.amount.presentment
                                                - ship.discount.presentment)
        discount = discount + ship.discount
        tax = tax + ship.tax
        for t in taxes:
            key = (t.title, t.rate)
            grouped[key] = grouped.get(key, NO_MONEY) + t.amount
    tax_lines = tuple(TaxLine(title, rate, amount) for (title, rate), amount in grouped.items())
    for value, what in ((subtotal, "subtotal"), (shipping_total, "shipping"), (tax, "tax"),
                        (discount, "discount"), (subtotal + shipping_total + tax, "total")):
        _check_fits(value, "lineItems", f"the order's {what}")
    return _Totals(subtotal, shipping_total, tax, discount, tax_lines)


def _check_fits(value: Money, field: str, what: str) -> None:
    if abs(value.shop) >= AMOUNT_LIMIT or abs(value.presentment) >= AMOUNT_LIMIT:
        raise BadValue(field, f"{what} comes to more than the store can hold (10^14)")


def order_record(node: dict[str, Any], money_side: str = "both", *,
                 now: dt.datetime | None = None) -> OrderRecord:
    """A complete Order node (its connections completed by the job).

    Args:
        node: the Order node (OrdersToImport page, OrderById, or `node_from_bulk`).
        money_side: the MoneyBag side the query read ("both", "shop" or "presentment");
            an order whose two currencies are equal has both whatever was read.
        now: the time dates are checked against (this machine's clock by default).

    Raises:
        RecordError: the order breaks one of the rules above; its `field` is the path of the
            value at fault (e.g. "lineItems.quantity") and its message names the line.
    """
    gid = _check_id(node)
    try:
        return _order_record(node, gid, money_side, now)
    except BadValue as bad:
        raise RecordError(gid, bad.field, bad.message) from None
    except (TypeError, ValueError, AttributeError, KeyError, ArithmeticError) as exc:
        # A shape no rule foresaw: still one order refused, not the whole sync.
        raise RecordError(gid, "", f"Shopify sent a malformed order ({type(exc).__name__})"
                          ) from None


def _order_record(node: dict[str, Any], gid: str, money_side: str,
                  now: dt.datetime | None) -> OrderRecord:
    reader = NodeReader(now=now)
    currency = reader.currency_code(node.get("currencyCode"), "currencyCode")
    if clean_text(node.get("currencyCode")) != currency:
        reader.repaired(f"currencyCode: {quoted(node.get('currencyCode'))} read as {currency}")
    if node.get("presentmentCurrencyCode") is None:
        if "presentmentCurrencyCode" in node:
            reader.repaired("presentmentCurrencyCode: null; the shop currency stands in")
        presentment_currency = currency
    else:
        presentment_currency = reader.currency_code(node.get("presentmentCurrencyCode"),
                                                    "presentmentCurrencyCode")
    reader.currency, reader.presentment = currency, presentment_currency
    if presentment_currency == currency:
        money_side = "both"
    created, updated = _dates(reader, node)
    level, high = _risk(node)
    customer = _customer(node)
    company = purchasing_company(node)
    seen_lines: set[str] = set()
    lines = tuple(line_record(n, reader, seen_lines)
                  for n in reader.connection(node.get("lineItems"), "lineItems"))
    shipping_nodes = reader.connection(node.get("shippingLines", {"nodes": []}),
                                       "shippingLines")
    shipping_lines = tuple(shipping_line_record(n, reader) for n in shipping_nodes)
    totals = _derived_totals(lines, shipping_lines,
                             [_tax_lines(reader, n.get("taxLines", []), "shippingLines.taxLines")
                              for n in shipping_nodes])
    taxes_included = reader.flag(node, "taxesIncluded", "taxesIncluded", None) \
        if "taxesIncluded" in node else False
    derived_total = totals.subtotal + totals.shipping + (NO_MONEY if taxes_included
                                                         else totals.tax)
    if node.get("currentTotalPriceSet") is not None:
        total = reader.money(node, "currentTotalPriceSet", "currentTotalPriceSet")
    else:
        if "currentTotalPriceSet" in node:
            reader.repaired("currentTotalPriceSet: null; the total is derived from the lines")
        total = derived_total
    outstanding = reader.money(node, "totalOutstandingSet", "totalOutstandingSet",
                               negative=True) if "totalOutstandingSet" in node else NO_MONEY
    seen_refunds: set[str] = set()
    refunds = tuple(refund_record(n, reader, seen_refunds)
                    for n in reader.objects(node.get("refunds", []), "refunds"))
    seen_returns: set[str] = set()
    returns = []
    for n in reader.connection(node.get("returns", {"nodes": []}), "returns"):
        returns.append(ReturnRecord(reader.unique_id(n, "returns.id", seen_returns),
                                    clean_text(n.get("name")),
                                    reader.enum(n.get("status"), "returns.status",
                                                RETURN_STATUSES)))
    return OrderRecord(
        shopify_id=gid,
        name=_name(reader, node, gid),
        email=clean_text(node.get("email")),
        phone=clean_text(node.get("phone")),
        created_at=created,
        updated_at=updated,
        cancelled_at=reader.moment(node.get("cancelledAt"), "cancelledAt"),
        cancel_reason=reader.enum(node.get("cancelReason"), "cancelReason", CANCEL_REASONS),
        closed=reader.flag(node, "closed", "closed", False),
        test=reader.flag(node, "test", "test", False),
        financial_status=reader.enum(node.get("displayFinancialStatus"),
                                     "displayFinancialStatus", FINANCIAL_STATUSES),
        fulfillment_status=reader.enum(node.get("displayFulfillmentStatus"),
                                       "displayFulfillmentStatus", FULFILLMENT_STATUSES),
        fully_paid=reader.flag(node, "fullyPaid", "fullyPaid", False),
        currency=currency,
        presentment_currency=presentment_currency,
        taxes_included=taxes_included,
        tax_exempt=reader.flag(node, "taxExempt", "taxExempt", False),
        channel=clean_text(node.get("sourceName")),
        tags=reader.texts(node.get("tags"), "tags"),
        note=clean_text(node.get("note"), multiline=True),
        po_number=clean_text(node.get("poNumber")),
        discount_codes=reader.texts(node.get("discountCodes"), "discountCodes"),
        attributes=reader.attributes(node.get("customAttributes")),
        customer=customer,
        company_gid=company.company_gid if company else "",
        ship_to=_address(reader, node, "shippingAddress"),
        bill_to=_address(reader, node, "billingAddress"),
        subtotal=totals.subtotal,
        shipping=totals.shipping,
        tax=totals.tax,
        discount=totals.discount,
        total=total,
        outstanding=outstanding,
        tax_lines=totals.tax_lines,
        risk_level=level,
        high_risk=high,
        lines=lines,
        shipping_lines=shipping_lines,
        transactions=tuple(transaction_record(n, reader) for n in
                           reader.objects(node.get("transactions", []), "transactions")),
        refunds=refunds,
        returns=tuple(returns),
        company_location_gid=company.location_gid if company else "",
        company_contact_gid=company.contact_gid if company else "",
        money_side=money_side,
        repairs=tuple(reader.repairs),
    )


# --- bulk export lines ------------------------------------------------------------------------

_DONE = {"hasNextPage": False, "endCursor": None}
#: Child lines of a BulkOrders record by GID type, and the connection they belong to.
_BULK_CHILDREN = {"LineItem": "lineItems", "ShippingLine": "shippingLines", "Return": "returns"}


def _child_without_id(child: dict[str, Any]) -> str | None:
    """The connection of a child line that has no id, told by its fields (its id is then
    missed by the order's reading, which names it)."""
    if "originalUnitPriceSet" in child or "quantity" in child:
        return "lineItems"
    if "originalPriceSet" in child:
        return "shippingLines"
    return None


def node_from_bulk(record: dict[str, Any]) -> dict[str, Any]:
    """A BulkOrders record (children under "__children") in the shape of a page node.

    Line items, shipping lines and returns become complete connections. Refunds keep their
    place with their lines still to be read (`refundLineItems` with a next page from the
    start), since the export does not carry them.
    """
    node = {k: v for k, v in record.items() if k != "__children"}
    connections: dict[str, list[dict[str, Any]]] = {key: [] for key in _BULK_CHILDREN.values()}
    for child in record.get("__children") or []:
        kind = clean_text(child.get("id")).removeprefix("gid://shopify/").split("/")[0]
        key = _BULK_CHILDREN.get(kind) if kind else _child_without_id(child)
        if key is None:
            raise RecordError(clean_text(record.get("id")) or "(order without id)", "bulk",
                              f"unexpected line {quoted(child.get('id'))} in the bulk export")
        if child.get("__children"):
            raise RecordError(clean_text(record.get("id")) or "(order without id)", key,
                              f"a line of the bulk export nested under {quoted(child.get('id'))}"
                              ", deeper than the export reads")
        connections[key].append({k: v for k, v in child.items()
                                 if k not in ("__parentId", "__children")})
    for key, items in connections.items():
        node[key] = {"nodes": items, "pageInfo": dict(_DONE)}
    refunds = node.get("refunds")
    for refund in refunds if isinstance(refunds, list) else ():
        if not isinstance(refund, dict):
            continue  # refused, naming the field, when the order is read
        refund.setdefault("refundLineItems", {"nodes": [], "pageInfo": {
            "hasNextPage": True, "endCursor": None}})
    return node
