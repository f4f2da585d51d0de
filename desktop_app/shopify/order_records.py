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
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from desktop_app.errors import RecordError
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
from desktop_app.records.text import clean_text
from desktop_app.shopify.records import address_record, parse_datetime

ORDER_GID = "gid://shopify/Order/"


# --- parsing ---------------------------------------------------------------------------------
#
# Nodes come from Shopify but are checked as if they might not: a value the schema promises
# that is null, of the wrong type, or that the store cannot hold refuses the order, naming
# the field (RecordError); the order stays staged with that error and is read again on the
# next sync. What can be repaired without changing an amount is repaired and said in the
# record's `repairs` (kept as the order's note). The rules, by field:
#
# - refused: no or a foreign id; no or a malformed currency; null amounts, lists or
#   connections that carry money (lines, shipping lines, tax lines, discount allocations,
#   transactions, refunds); amounts that are not finite decimals, are negative, do not fit
#   the store (|x| >= 10^14) or differ between the two sides of one currency; a side in
#   another currency than the order's; quantities that are not whole numbers in 0..2^31-1
#   (GraphQL's Int) or a current quantity above the ordered one; line, refund and return
#   ids that are missing or repeated; dates that cannot be read or lie in the future (an
#   `updatedAt` years ahead would move the sync's watermark past every real change);
#   `taxesIncluded` that is not a boolean; an entity or address that is not an object.
# - repaired: amounts with more than 4 decimals (rounded half up: what the store keeps);
#   "-0"; a lower-case currency; no presentment currency (the shop's stands in); no
#   `currentTotalPriceSet` (derived from the lines); unknown status, kind, reason and
#   restock values (kept as sent, cut to 30 characters); no order name (its id stands in) or
#   one longer than 50 characters (cut); tags sent as one text (split at commas); text
#   through the one repair step of `records/text.py`, as for customers (lone surrogates as
#   U+FFFD; control, bidi and NUL characters dropped; line breaks kept only in notes).

#: What the store's money columns hold: 18 digits, 4 of them after the point.
AMOUNT_PLACES = Decimal("0.0001")
AMOUNT_LIMIT = Decimal(10) ** 14
#: GraphQL's Int is a signed 32-bit integer.
INT_MAX = 2**31 - 1
#: How far ahead of this machine's clock an order date may be before it is refused. Loose:
#: a desktop clock can be days off while TLS still works, and a valid order must not be
#: refused for it; a date years ahead (2099) is what this catches.
FUTURE_TOLERANCE = dt.timedelta(days=7)
NAME_WIDTH = 50
ENUM_WIDTH = 30

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

_CURRENCY = re.compile("[A-Z]{3}")
_DECIMAL = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


class _Bad(Exception):
    """A value of an order node that Shopify's schema does not allow (the order is refused)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def _text(value: Any) -> str:
    # The one repair step of text from outside (records/text.py).
    return clean_text(value)


def _shown(value: Any) -> str:
    """A value quoted for a message: repr (control characters escaped), at most 40 chars."""
    text = repr(value if not isinstance(value, str) else value[:60])
    return text if len(text) <= 40 else text[:37] + "..."


def amount_text(value: Decimal) -> str:
    """An amount for a message: in cents when it has no more decimals ("21.00", not the
    store's "21.0000"), else exactly."""
    cents = value.quantize(Decimal("0.01"))
    return str(cents) if cents == value else format(value.normalize(), "f")


def decimal_of(value: Any) -> Decimal:
    """A Shopify Decimal string as a Decimal (0 for null).

    Raises:
        ValueError: not a number, or not a finite one ("NaN", "Infinity").
    """
    if value is None or value == "":
        return ZERO
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a decimal amount: {_shown(value)}") from None
    if not number.is_finite():
        raise ValueError(f"not a finite amount: {_shown(value)}")
    return number


def money_of(bag: dict[str, Any] | None) -> Money:
    """A MoneyBag (`{shopMoney{amount} presentmentMoney{amount}}`) as Money; a side that was
    not read is a copy of the other one (see the module docstring). Lenient: the order
    import reads money with `_Reader.money`, which refuses what this lets through.

    Raises:
        ValueError: an amount that is not a finite number, or a bag that is not an object.
    """
    if not bag:
        return NO_MONEY
    if not isinstance(bag, dict):
        raise ValueError(f"not a MoneyBag: {_shown(bag)}")
    shop_node = bag.get("shopMoney")
    presentment_node = bag.get("presentmentMoney")
    shop = decimal_of(shop_node.get("amount")) if isinstance(shop_node, dict) else None
    presentment = decimal_of(presentment_node.get("amount")) \
        if isinstance(presentment_node, dict) else None
    if shop is None and presentment is None:
        return NO_MONEY
    if shop is None:
        return Money(presentment, presentment)  # type: ignore[arg-type]
    return Money(shop, shop if presentment is None else presentment)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


_ABSENT: Any = object()


class _Reader:
    """Reads the values of one order node strictly (see the rules above), collecting what it
    repaired. Every method raises `_Bad` naming the field."""

    def __init__(self, currency: str = "", presentment: str = "",
                 now: dt.datetime | None = None) -> None:
        self.currency = currency
        self.presentment = presentment
        self.now = now or dt.datetime.now(dt.UTC)
        self.repairs: list[str] = []

    def repaired(self, text: str) -> None:
        if text not in self.repairs:
            self.repairs.append(text)

    # --- scalars ------------------------------------------------------------------------

    def amount(self, value: Any, field: str, *, negative: bool = False) -> Decimal:
        if value is None:
            raise _Bad(field, "no amount, though Shopify promises one")
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _Bad(field, f"not a decimal amount: {_shown(value)}")
        text = value.strip() if isinstance(value, str) else str(value)
        if not _DECIMAL.fullmatch(text):  # Decimal() also takes "NaN", "1_000", "١٢"
            raise _Bad(field, f"not a decimal amount: {_shown(value)}")
        number = Decimal(text)
        if not number.is_finite():
            raise _Bad(field, f"not a finite amount: {_shown(value)}")
        if abs(number) >= AMOUNT_LIMIT:
            raise _Bad(field, f"the amount {_shown(value)} is too large to store")
        if number < 0 and not negative:
            raise _Bad(field, f"a negative amount: {_shown(value)}")
        exact = number.quantize(AMOUNT_PLACES, rounding=ROUND_HALF_UP)
        if exact != number:
            self.repaired(f"{field}: amounts with more than 4 decimals rounded to 4")
        return exact + 0  # "-0" becomes 0

    def money(self, node: dict[str, Any], key: str, field: str, *,
              negative: bool = False) -> Money:
        """The MoneyBag at `node[key]` (required: absent or null refuses)."""
        bag = node.get(key)
        if bag is None:
            raise _Bad(field, "null, though Shopify promises an amount")
        if not isinstance(bag, dict):
            raise _Bad(field, f"not a MoneyBag: {_shown(bag)}")
        sides: dict[str, Decimal] = {}
        for side, currency, whose in (("shopMoney", self.currency, "shop"),
                                      ("presentmentMoney", self.presentment, "presentment")):
            if side not in bag:
                continue  # not read (@include)
            money = bag[side]
            if not isinstance(money, dict):
                raise _Bad(f"{field}.{side}", "null, though Shopify promises an amount"
                           if money is None else f"not a MoneyV2: {_shown(money)}")
            code = money.get("currencyCode")
            if code is not None and _text(code).upper() != currency:
                raise _Bad(f"{field}.{side}", f"an amount in {_shown(code)}, but the order's "
                           f"{whose} currency is {currency}")
            sides[side] = self.amount(money.get("amount"), f"{field}.{side}.amount",
                                      negative=negative)
        shop, presentment = sides.get("shopMoney"), sides.get("presentmentMoney")
        if shop is None and presentment is None:
            raise _Bad(field, "neither shopMoney nor presentmentMoney")
        if shop is not None and presentment is not None and shop != presentment \
                and self.currency == self.presentment:
            raise _Bad(field, f"the shop amount {amount_text(shop)} and the presentment "
                       f"amount {amount_text(presentment)} differ, though both are in "
                       f"{self.currency}")
        if shop is None:
            return Money(presentment, presentment)  # type: ignore[arg-type]
        return Money(shop, shop if presentment is None else presentment)

    @staticmethod
    def count(value: Any, field: str) -> int:
        """A GraphQL Int that counts something: whole, 0..2^31-1."""
        if value is None:
            raise _Bad(field, "null, though Shopify promises a number")
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Bad(field, f"not a whole number: {_shown(value)}")
        if value < 0:
            raise _Bad(field, f"a negative quantity: {value}")
        if value > INT_MAX:
            raise _Bad(field, f"{value} is larger than any quantity Shopify can hold")
        return value

    @staticmethod
    def flag(node: dict[str, Any], key: str, field: str, default: bool | None) -> bool:
        """A Boolean; absent or null is `default` (None: required)."""
        value = node.get(key)
        if value is None:
            if default is None:
                raise _Bad(field, "null, though Shopify promises true or false")
            return default
        if not isinstance(value, bool):
            raise _Bad(field, f"not true or false: {_shown(value)}")
        return value

    def moment(self, value: Any, field: str, *, required: bool = False,
               not_future: bool = False) -> dt.datetime | None:
        if value is None or value == "":
            if required:
                raise _Bad(field, "null, though Shopify promises a date")
            return None
        if not isinstance(value, str):
            raise _Bad(field, f"not a date: {_shown(value)}")
        try:
            moment = parse_datetime(value)
        except (ValueError, OverflowError):
            raise _Bad(field, f"not a date: {_shown(value)}") from None
        assert moment is not None
        if not_future and moment > self.now + FUTURE_TOLERANCE:
            raise _Bad(field, f"{moment:%Y-%m-%d %H:%M} UTC is in the future")
        return moment

    def enum(self, value: Any, field: str, known: frozenset[str]) -> str:
        text = _text(value).upper()
        if text and text not in known:
            cut = " (cut to 30 characters)" if len(text) > ENUM_WIDTH else ""
            self.repaired(f"{field}: unknown value {_shown(text)} kept as sent{cut}")
            text = text[:ENUM_WIDTH]
        return text

    @staticmethod
    def currency_code(value: Any, field: str) -> str:
        text = _text(value)
        if not text:
            raise _Bad(field, "no currency, though Shopify promises one")
        if not _CURRENCY.fullmatch(text.upper()):
            raise _Bad(field, f"not a currency code: {_shown(value)}")
        return text.upper()

    # --- lists --------------------------------------------------------------------------

    @staticmethod
    def objects(value: Any, field: str) -> list[dict[str, Any]]:
        """A list of objects Shopify promises (null refuses; so does a null item)."""
        if value is None:
            raise _Bad(field, "null, though Shopify promises a list")
        if not isinstance(value, list):
            raise _Bad(field, f"not a list: {_shown(value)}")
        for item in value:
            if not isinstance(item, dict):
                raise _Bad(field, "a null item in the list" if item is None
                           else f"an item that is not an object: {_shown(item)}")
        return value

    def connection(self, value: Any, field: str) -> list[dict[str, Any]]:
        """The nodes of a connection (`nodes` or `edges { node }`) Shopify promises."""
        if value is None:
            raise _Bad(field, "null, though Shopify promises a connection")
        if not isinstance(value, dict):
            raise _Bad(field, f"not a connection: {_shown(value)}")
        if "nodes" in value:
            return self.objects(value["nodes"], field)
        edges = self.objects(value.get("edges"), field)
        return self.objects([edge.get("node") for edge in edges], field)

    def texts(self, value: Any, field: str) -> tuple[str, ...]:
        """A list of strings (tags, discount codes); null is empty, one text is split."""
        if value is None:
            return ()
        if isinstance(value, str):
            self.repaired(f"{field}: one text rather than a list, split at commas")
            value = value.split(",")
        if not isinstance(value, list):
            raise _Bad(field, f"not a list: {_shown(value)}")
        return tuple(t for t in (_text(v) for v in value if v is not None) if t)

    @staticmethod
    def attributes(value: Any) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, list):
            return ()
        return tuple((_text(a.get("key")), _text(a.get("value")))
                     for a in value if isinstance(a, dict))

    @staticmethod
    def object_or_none(node: dict[str, Any], key: str, field: str) -> dict[str, Any] | None:
        value = node.get(key)
        if value is None or isinstance(value, dict):
            return value
        raise _Bad(field, f"not an object: {_shown(value)}")

    def unique_id(self, node: dict[str, Any], field: str, seen: set[str],
                  required: bool = True) -> str:
        gid = _text(node.get("id"))
        if not gid:
            if required:
                raise _Bad(field, "no id, though Shopify promises one")
            return ""
        if gid in seen:
            raise _Bad(field, f"{gid} appears twice")
        seen.add(gid)
        return gid


def _risk(node: dict[str, Any]) -> tuple[str, bool]:
    """The highest assessed risk level and whether any assessment is HIGH (malformed
    assessments are ignored: they decide nothing about money)."""
    order = ["NONE", "PENDING", "LOW", "MEDIUM", "HIGH"]
    risk = node.get("risk")
    assessments = risk.get("assessments") if isinstance(risk, dict) else None
    levels = [_text(a.get("riskLevel")).upper() for a in assessments or []
              if isinstance(a, dict)] if isinstance(assessments, list) else []
    known = [level for level in levels if level in order]
    highest = max(known, key=order.index) if known else ""
    return highest, "HIGH" in levels


def _country(node: dict[str, Any], key: str) -> str:
    address = node.get(key)
    if not isinstance(address, dict):
        return ""
    return _text(address.get("countryCodeV2") or address.get("countryCode")).upper()


def _order_label(node: dict[str, Any]) -> str:
    name = _text(node.get("name"))[:NAME_WIDTH]
    return f"order {name}" if name else "(order without id or name)"


def _check_id(node: Any) -> str:
    if not isinstance(node, dict):
        raise RecordError("(order that is not an object)", "", f"Shopify sent {_shown(node)} "
                          "where an order belongs")
    gid = _text(node.get("id"))
    if not gid.startswith(ORDER_GID) or not gid.removeprefix(ORDER_GID):
        what = f"{_shown(node.get('id'))} is not a Shopify order id" if gid else \
            "no id, though Shopify promises one"
        raise RecordError(gid or _order_label(node), "id", what)
    return gid


def _name(reader: _Reader, node: dict[str, Any], gid: str) -> str:
    name = _text(node.get("name"))
    if not name:
        reader.repaired("name: Shopify sent no order name; the order's id stands in")
        return gid
    if len(name) > NAME_WIDTH:
        reader.repaired(f"name: cut to {NAME_WIDTH} characters")
        return name[:NAME_WIDTH]
    return name


def _dates(reader: _Reader, node: dict[str, Any]) -> tuple[dt.datetime, dt.datetime]:
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
    reader = _Reader(now=now)
    try:
        created, updated = _dates(reader, node)
        level, high = _risk(node)
        bag = node.get("totalPriceSet") or node.get("currentTotalPriceSet")
        try:
            total = money_of(bag).shop
        except ValueError as exc:
            raise _Bad("currentTotalPriceSet", str(exc)) from None
        quantity = node.get("currentSubtotalLineItemsQuantity")
        return OrderHeader(
            shopify_id=gid,
            name=_name(reader, node, gid),
            created_at=created,
            updated_at=updated,
            closed=node.get("closed") is True,
            cancelled=node.get("cancelledAt") is not None,
            test=node.get("test") is True,
            financial_status=_text(node.get("displayFinancialStatus")).upper()[:ENUM_WIDTH],
            fulfillment_status=_text(node.get("displayFulfillmentStatus")).upper()[:ENUM_WIDTH],
            fully_paid=node.get("fullyPaid") is True,
            high_risk=high,
            channel=_text(node.get("sourceName")),
            ship_to_country=_country(node, "shippingAddress"),
            bill_to_country=_country(node, "billingAddress"),
            tags=reader.texts(node.get("tags"), "tags"),
            total=total if abs(total) < AMOUNT_LIMIT else ZERO,
            currency=_text(node.get("currencyCode")).upper()[:3],
            item_quantity=quantity if isinstance(quantity, int) and not isinstance(
                quantity, bool) and 0 <= quantity <= INT_MAX else 0,
        )
    except _Bad as bad:
        raise RecordError(gid, bad.field, bad.message) from None
    except (TypeError, ValueError, AttributeError, KeyError, ArithmeticError) as exc:
        raise RecordError(gid, "", f"Shopify sent a malformed order ({type(exc).__name__})"
                          ) from None


def _tax_lines(reader: _Reader, items: Any, field: str) -> tuple[TaxLine, ...]:
    lines = []
    for t in reader.objects(items, field):
        rate = t.get("rate")
        if rate is None:
            value = ZERO  # TaxLine.rate is nullable
        elif isinstance(rate, bool) or not isinstance(rate, int | float | str):
            raise _Bad(f"{field}.rate", f"not a number: {_shown(rate)}")
        else:
            try:
                value = Decimal(str(rate).strip())
            except InvalidOperation:
                raise _Bad(f"{field}.rate", f"not a number: {_shown(rate)}") from None
            if not value.is_finite() or abs(value) >= AMOUNT_LIMIT:
                raise _Bad(f"{field}.rate", f"not a usable rate: {_shown(rate)}")
        lines.append(TaxLine(_text(t.get("title")), value,
                             reader.money(t, "priceSet", f"{field}.priceSet")))
    return tuple(lines)


def _sum(items: tuple[TaxLine, ...]) -> Money:
    total = NO_MONEY
    for item in items:
        total = total + item.amount
    return total


def _line_discount(reader: _Reader, node: dict[str, Any]) -> Money:
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
    except _Bad as bad:
        raise _Bad(bad.field, f"{what}: {bad.message}") from None


def line_record(node: dict[str, Any], reader: _Reader | None = None,
                seen: set[str] | None = None) -> LineRecord:
    """One LineItem node (its id must not be in `seen`, which it joins)."""
    reader = reader or _Reader()
    gid = _in_context(f"line item {_shown(_text(node.get('title')))}",
                      lambda: reader.unique_id(node, "lineItems.id",
                                               set() if seen is None else seen))

    def read() -> LineRecord:
        quantity = reader.count(node.get("quantity"), "lineItems.quantity")
        current = quantity if "currentQuantity" not in node else \
            reader.count(node.get("currentQuantity"), "lineItems.currentQuantity")
        if current > quantity:
            raise _Bad("lineItems.currentQuantity", f"{current} is more than the "
                       f"{quantity} ordered")
        taxes = _tax_lines(reader, node.get("taxLines", []), "lineItems.taxLines")
        variant = node.get("variant")
        return LineRecord(
            shopify_id=gid,
            title=_text(node.get("title")),
            variant_title=_text(node.get("variantTitle")),
            sku=_text(node.get("sku")),
            variant_gid=_text(variant.get("id")) if isinstance(variant, dict) else "",
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
                         reader: _Reader | None = None) -> ShippingLineRecord:
    reader = reader or _Reader()
    gid = _text(node.get("id"))  # ShippingLine.id is nullable

    def read() -> ShippingLineRecord:
        original = reader.money(node, "originalPriceSet", "shippingLines.originalPriceSet")
        discounted = original if "discountedPriceSet" not in node else reader.money(
            node, "discountedPriceSet", "shippingLines.discountedPriceSet")
        if discounted.shop > original.shop or discounted.presentment > original.presentment:
            raise _Bad("shippingLines.discountedPriceSet", "the discounted price is more "
                       "than the original price")
        return ShippingLineRecord(
            shopify_id=gid,
            title=_text(node.get("title")),
            code=_text(node.get("code")),
            source=_text(node.get("source")),
            is_removed=reader.flag(node, "isRemoved", "shippingLines.isRemoved", False),
            amount=original,
            discount=Money(original.shop - discounted.shop,
                           original.presentment - discounted.presentment),
            tax=_sum(_tax_lines(reader, node.get("taxLines", []), "shippingLines.taxLines")),
        )

    return _in_context(f"shipping line {gid or _shown(_text(node.get('title')))}", read)


def _refund_line(reader: _Reader, node: dict[str, Any]) -> RefundLineRecord:
    item = reader.object_or_none(node, "lineItem", "refunds.refundLineItems.lineItem")
    location = reader.object_or_none(node, "location", "refunds.refundLineItems.location")
    return RefundLineRecord(
        line_gid=_text((item or {}).get("id")),
        quantity=reader.count(node.get("quantity"), "refunds.refundLineItems.quantity"),
        restock_type=reader.enum(node.get("restockType"),
                                 "refunds.refundLineItems.restockType", RESTOCK_TYPES),
        location_gid=_text((location or {}).get("id")),
        subtotal=reader.money(node, "subtotalSet", "refunds.refundLineItems.subtotalSet"),
        tax=reader.money(node, "totalTaxSet", "refunds.refundLineItems.totalTaxSet"),
    )


def refund_record(node: dict[str, Any], reader: _Reader | None = None,
                  seen: set[str] | None = None) -> RefundRecord:
    reader = reader or _Reader()
    gid = reader.unique_id(node, "refunds.id", set() if seen is None else seen)

    def read() -> RefundRecord:
        returned = reader.object_or_none(node, "return", "refunds.return")
        lines = node.get("refundLineItems")
        return RefundRecord(
            shopify_id=gid,
            created_at=reader.moment(node.get("createdAt"), "refunds.createdAt"),
            updated_at=reader.moment(node.get("updatedAt"), "refunds.updatedAt"),
            note=clean_text(node.get("note"), multiline=True),
            return_gid=_text((returned or {}).get("id")),
            total_refunded=reader.money(node, "totalRefundedSet", "refunds.totalRefundedSet"),
            lines=() if lines is None and "refundLineItems" not in node else tuple(
                _refund_line(reader, n)
                for n in reader.connection(lines, "refunds.refundLineItems")),
        )

    return _in_context(f"refund {gid}", read)


def transaction_record(node: dict[str, Any],
                       reader: _Reader | None = None) -> TransactionRecord:
    reader = reader or _Reader()
    parent = node.get("parentTransaction")
    return TransactionRecord(
        shopify_id=_text(node.get("id")),
        kind=reader.enum(node.get("kind"), "transactions.kind", TRANSACTION_KINDS),
        status=reader.enum(node.get("status"), "transactions.status", TRANSACTION_STATUSES),
        gateway=_text(node.get("gateway")),
        amount=reader.money(node, "amountSet", "transactions.amountSet"),
        parent_id=_text(parent.get("id")) if isinstance(parent, dict) else "",
        processed_at=reader.moment(node.get("processedAt"), "transactions.processedAt"),
    )


def _id_of(value: Any) -> str:
    return _text(value.get("id")) if isinstance(value, dict) else ""


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
    entity = _Reader.object_or_none(node, "purchasingEntity", "purchasingEntity") or {}
    if not _text(entity.get("id")).startswith("gid://shopify/Customer/"):
        entity = {} if "purchasingEntity" in node else \
            _Reader.object_or_none(node, "customer", "customer") or {}
    gid = _text(entity.get("id"))
    if not gid.startswith("gid://shopify/Customer/") or \
            not gid.removeprefix("gid://shopify/Customer/"):
        return None
    return OrderCustomer(
        shopify_id=gid,
        first_name=_text(entity.get("firstName")),
        last_name=_text(entity.get("lastName")),
        email=_text(entity.get("email")),
        phone=_text(entity.get("phone")),
    )


def _address(reader: _Reader, node: dict[str, Any], key: str) -> AddressRecord | None:
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
        raise _Bad(field, f"{what} comes to more than the store can hold (10^14)")


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
    except _Bad as bad:
        raise RecordError(gid, bad.field, bad.message) from None
    except (TypeError, ValueError, AttributeError, KeyError, ArithmeticError) as exc:
        # A shape no rule foresaw: still one order refused, not the whole sync.
        raise RecordError(gid, "", f"Shopify sent a malformed order ({type(exc).__name__})"
                          ) from None


def _order_record(node: dict[str, Any], gid: str, money_side: str,
                  now: dt.datetime | None) -> OrderRecord:
    reader = _Reader(now=now)
    currency = reader.currency_code(node.get("currencyCode"), "currencyCode")
    if _text(node.get("currencyCode")) != currency:
        reader.repaired(f"currencyCode: {_shown(node.get('currencyCode'))} read as {currency}")
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
                                    _text(n.get("name")),
                                    reader.enum(n.get("status"), "returns.status",
                                                RETURN_STATUSES)))
    return OrderRecord(
        shopify_id=gid,
        name=_name(reader, node, gid),
        email=_text(node.get("email")),
        phone=_text(node.get("phone")),
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
        channel=_text(node.get("sourceName")),
        tags=reader.texts(node.get("tags"), "tags"),
        note=clean_text(node.get("note"), multiline=True),
        po_number=_text(node.get("poNumber")),
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
        kind = _text(child.get("id")).removeprefix("gid://shopify/").split("/")[0]
        key = _BULK_CHILDREN.get(kind) if kind else _child_without_id(child)
        if key is None:
            raise RecordError(_text(record.get("id")) or "(order without id)", "bulk",
                              f"unexpected line {_shown(child.get('id'))} in the bulk export")
        if child.get("__children"):
            raise RecordError(_text(record.get("id")) or "(order without id)", key,
                              f"a line of the bulk export nested under {_shown(child.get('id'))}"
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
