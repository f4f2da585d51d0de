"""Shopify Order nodes turned into frozen records (raw JSON stops here).

Two shapes: `OrderHeader` (what staging and its filters need of an order) and `OrderRecord`
(one complete order, after the job has read every further page of its connections into the
node). The node may come from the OrdersToImport page, OrderById, or a BulkOrders line
(`node_from_bulk` gives it the same shape). Every amount is a `Money` pair: shop currency and
presentment currency, as Decimals parsed from Shopify's decimal strings (never floats).

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
from desktop_app.shopify.records import AddressRecord, address_record, parse_datetime

ZERO = Decimal(0)
ORDER_GID = "gid://shopify/Order/"


@dataclass(frozen=True)
class Money:
    """One amount in the shop currency and in the buyer's presentment currency."""

    shop: Decimal = ZERO
    presentment: Decimal = ZERO

    def __add__(self, other: Money) -> Money:
        return Money(self.shop + other.shop, self.presentment + other.presentment)

    def pick(self, presentment: bool) -> Decimal:
        return self.presentment if presentment else self.shop


NO_MONEY = Money()


@dataclass(frozen=True)
class OrderHeader:
    """An order as "Orders to Import" stages it."""

    shopify_id: str
    name: str
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    closed: bool
    cancelled: bool
    test: bool
    financial_status: str
    fulfillment_status: str
    fully_paid: bool
    high_risk: bool
    channel: str
    ship_to_country: str
    bill_to_country: str
    tags: tuple[str, ...]
    total: Decimal
    currency: str
    item_quantity: int


@dataclass(frozen=True)
class TaxLine:
    title: str
    rate: Decimal
    amount: Money


@dataclass(frozen=True)
class LineRecord:
    shopify_id: str
    title: str
    variant_title: str
    sku: str
    variant_gid: str
    quantity: int
    current_quantity: int
    unit_price: Money
    discount: Money
    tax: Money
    tax_lines: tuple[TaxLine, ...]
    attributes: tuple[tuple[str, str], ...]
    is_gift_card: bool
    requires_shipping: bool

    @property
    def is_tip(self) -> bool:
        """A line named "Tip" with no product variant is a tip (bc_connector §1.6)."""
        return not self.variant_gid and not self.is_gift_card and \
            self.title.strip().lower() == "tip"


@dataclass(frozen=True)
class ShippingLineRecord:
    shopify_id: str
    title: str
    code: str
    source: str
    is_removed: bool
    amount: Money
    discount: Money
    tax: Money


@dataclass(frozen=True)
class TransactionRecord:
    shopify_id: str
    kind: str
    status: str
    gateway: str
    amount: Money
    parent_id: str
    processed_at: dt.datetime | None


@dataclass(frozen=True)
class RefundLineRecord:
    line_gid: str
    quantity: int
    restock_type: str
    location_gid: str
    subtotal: Money
    tax: Money


@dataclass(frozen=True)
class RefundRecord:
    shopify_id: str
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    note: str
    return_gid: str
    total_refunded: Money
    lines: tuple[RefundLineRecord, ...]


@dataclass(frozen=True)
class ReturnRecord:
    shopify_id: str
    name: str
    status: str


@dataclass(frozen=True)
class OrderCustomer:
    """The consumer on the order (purchasingEntity when it is a Customer)."""

    shopify_id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class OrderRecord:
    """A complete order: header, money, addresses, and every line of every connection."""

    shopify_id: str
    name: str
    email: str
    phone: str
    created_at: dt.datetime | None
    updated_at: dt.datetime | None
    cancelled_at: dt.datetime | None
    cancel_reason: str
    closed: bool
    test: bool
    financial_status: str
    fulfillment_status: str
    fully_paid: bool
    currency: str
    presentment_currency: str
    taxes_included: bool
    tax_exempt: bool
    channel: str
    tags: tuple[str, ...]
    note: str
    po_number: str
    discount_codes: tuple[str, ...]
    attributes: tuple[tuple[str, str], ...]
    customer: OrderCustomer | None
    company_gid: str
    ship_to: AddressRecord | None
    bill_to: AddressRecord | None
    subtotal: Money
    shipping: Money
    tax: Money
    discount: Money
    total: Money
    outstanding: Money
    tax_lines: tuple[TaxLine, ...]
    risk_level: str
    high_risk: bool
    lines: tuple[LineRecord, ...]
    shipping_lines: tuple[ShippingLineRecord, ...]
    transactions: tuple[TransactionRecord, ...]
    refunds: tuple[RefundRecord, ...]
    returns: tuple[ReturnRecord, ...]
    company_location_gid: str = ""
    company_contact_gid: str = ""
    #: The money side really read: "both", or "shop"/"presentment" when the order's
    #: currencies differ and only that side was read (the other one is a copy).
    money_side: str = "both"

    @property
    def is_b2b(self) -> bool:
        return bool(self.company_gid)

    def has_side(self, presentment: bool) -> bool:
        """Whether the amounts of the side `presentment` picks were really read."""
        return self.money_side in ("both", "presentment" if presentment else "shop")

    @property
    def item_quantity(self) -> int:
        return sum(line.current_quantity for line in self.lines)


# --- parsing ---------------------------------------------------------------------------------


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def decimal_of(value: Any) -> Decimal:
    """A Shopify Decimal string as a Decimal (0 for null)."""
    if value is None or value == "":
        return ZERO
    try:
        return Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"not a decimal amount: {value!r}") from None


def money_of(bag: dict[str, Any] | None) -> Money:
    """A MoneyBag (`{shopMoney{amount} presentmentMoney{amount}}`) as Money; a side that was
    not read is a copy of the other one (see the module docstring)."""
    if not bag:
        return NO_MONEY
    shop_node = bag.get("shopMoney")
    presentment_node = bag.get("presentmentMoney")
    shop = decimal_of(shop_node.get("amount")) if shop_node else None
    presentment = decimal_of(presentment_node.get("amount")) if presentment_node else None
    if shop is None and presentment is None:
        return NO_MONEY
    if shop is None:
        return Money(presentment, presentment)  # type: ignore[arg-type]
    return Money(shop, shop if presentment is None else presentment)


def _cents(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _nodes(connection: dict[str, Any] | None) -> list[dict[str, Any]]:
    if not connection:
        return []
    if "nodes" in connection:
        return list(connection["nodes"] or [])
    return [edge["node"] for edge in connection.get("edges") or []]


def _risk(node: dict[str, Any]) -> tuple[str, bool]:
    """The highest assessed risk level and whether any assessment is HIGH."""
    order = ["NONE", "PENDING", "LOW", "MEDIUM", "HIGH"]
    levels = [_text(a.get("riskLevel")).upper()
              for a in ((node.get("risk") or {}).get("assessments") or [])]
    known = [level for level in levels if level in order]
    highest = max(known, key=order.index) if known else ""
    return highest, "HIGH" in levels


def _country(node: dict[str, Any], key: str) -> str:
    address = node.get(key) or {}
    return _text(address.get("countryCodeV2") or address.get("countryCode")).upper()


def _check_id(node: dict[str, Any]) -> str:
    gid = _text(node.get("id"))
    if not gid.startswith(ORDER_GID):
        raise RecordError(gid or "(order without id)", "id", "not a Shopify order id")
    return gid


def order_header(node: dict[str, Any]) -> OrderHeader:
    """One node of the OrdersToImport page.

    Raises:
        RecordError: no order id, or an amount that is not a number.
    """
    gid = _check_id(node)
    level, high = _risk(node)
    try:
        total = money_of(node.get("totalPriceSet") or node.get("currentTotalPriceSet")).shop
    except ValueError as exc:
        raise RecordError(gid, "totalPriceSet", str(exc)) from None
    return OrderHeader(
        shopify_id=gid,
        name=_text(node.get("name")),
        created_at=parse_datetime(node.get("createdAt")),
        updated_at=parse_datetime(node.get("updatedAt")),
        closed=bool(node.get("closed")),
        cancelled=node.get("cancelledAt") is not None,
        test=bool(node.get("test")),
        financial_status=_text(node.get("displayFinancialStatus")).upper(),
        fulfillment_status=_text(node.get("displayFulfillmentStatus")).upper(),
        fully_paid=bool(node.get("fullyPaid")),
        high_risk=high,
        channel=_text(node.get("sourceName")),
        ship_to_country=_country(node, "shippingAddress"),
        bill_to_country=_country(node, "billingAddress"),
        tags=tuple(_text(t) for t in node.get("tags") or [] if _text(t)),
        total=total,
        currency=_text(node.get("currencyCode")).upper(),
        item_quantity=int(node.get("currentSubtotalLineItemsQuantity") or 0),
    )


def _tax_lines(items: list[dict[str, Any]] | None) -> tuple[TaxLine, ...]:
    return tuple(
        TaxLine(_text(t.get("title")), decimal_of(t.get("rate")), money_of(t.get("priceSet")))
        for t in items or []
    )


def _sum(items: tuple[TaxLine, ...]) -> Money:
    total = NO_MONEY
    for item in items:
        total = total + item.amount
    return total


def _attributes(items: list[dict[str, Any]] | None) -> tuple[tuple[str, str], ...]:
    return tuple((_text(a.get("key")), _text(a.get("value"))) for a in items or [])


def _line_discount(node: dict[str, Any]) -> Money:
    if node.get("totalDiscountSet") is not None:
        return money_of(node.get("totalDiscountSet"))
    total = NO_MONEY
    for allocation in node.get("discountAllocations") or []:
        total = total + money_of(allocation.get("allocatedAmountSet"))
    return total


def line_record(node: dict[str, Any]) -> LineRecord:
    taxes = _tax_lines(node.get("taxLines"))
    return LineRecord(
        shopify_id=_text(node.get("id")),
        title=_text(node.get("title")),
        variant_title=_text(node.get("variantTitle")),
        sku=_text(node.get("sku")),
        variant_gid=_text((node.get("variant") or {}).get("id")),
        quantity=int(node.get("quantity") or 0),
        current_quantity=int(node.get("currentQuantity")
                             if node.get("currentQuantity") is not None
                             else node.get("quantity") or 0),
        unit_price=money_of(node.get("originalUnitPriceSet")),
        discount=_line_discount(node),
        tax=_sum(taxes),
        tax_lines=taxes,
        attributes=_attributes(node.get("customAttributes")),
        is_gift_card=bool(node.get("isGiftCard")),
        requires_shipping=bool(node.get("requiresShipping", True)),
    )


def shipping_line_record(node: dict[str, Any]) -> ShippingLineRecord:
    original = money_of(node.get("originalPriceSet"))
    discounted = money_of(node.get("discountedPriceSet")) if node.get("discountedPriceSet") \
        else original
    discount = Money(original.shop - discounted.shop, original.presentment - discounted.presentment)
    return ShippingLineRecord(
        shopify_id=_text(node.get("id")),
        title=_text(node.get("title")),
        code=_text(node.get("code")),
        source=_text(node.get("source")),
        is_removed=bool(node.get("isRemoved")),
        amount=original,
        discount=discount,
        tax=_sum(_tax_lines(node.get("taxLines"))),
    )


def _refund_line(node: dict[str, Any]) -> RefundLineRecord:
    return RefundLineRecord(
        line_gid=_text((node.get("lineItem") or {}).get("id")),
        quantity=int(node.get("quantity") or 0),
        restock_type=_text(node.get("restockType")).upper(),
        location_gid=_text((node.get("location") or {}).get("id")),
        subtotal=money_of(node.get("subtotalSet")),
        tax=money_of(node.get("totalTaxSet")),
    )


def refund_record(node: dict[str, Any]) -> RefundRecord:
    return RefundRecord(
        shopify_id=_text(node.get("id")),
        created_at=parse_datetime(node.get("createdAt")),
        updated_at=parse_datetime(node.get("updatedAt")),
        note=_text(node.get("note")),
        return_gid=_text((node.get("return") or {}).get("id")),
        total_refunded=money_of(node.get("totalRefundedSet")),
        lines=tuple(_refund_line(n) for n in _nodes(node.get("refundLineItems"))),
    )


def transaction_record(node: dict[str, Any]) -> TransactionRecord:
    return TransactionRecord(
        shopify_id=_text(node.get("id")),
        kind=_text(node.get("kind")).upper(),
        status=_text(node.get("status")).upper(),
        gateway=_text(node.get("gateway")),
        amount=money_of(node.get("amountSet")),
        parent_id=_text((node.get("parentTransaction") or {}).get("id")),
        processed_at=parse_datetime(node.get("processedAt")),
    )


@dataclass(frozen=True)
class PurchasingCompany:
    """The B2B buyer of an order: its company, company location and contact GIDs."""

    company_gid: str
    location_gid: str = ""
    contact_gid: str = ""


def purchasing_company(node: dict[str, Any]) -> PurchasingCompany | None:
    """The order's PurchasingCompany (from `purchasingEntity`), None for a consumer order."""
    entity = node.get("purchasingEntity") or {}
    company = _text((entity.get("company") or {}).get("id"))
    if not company:
        return None
    return PurchasingCompany(company, _text((entity.get("location") or {}).get("id")),
                             _text((entity.get("contact") or {}).get("id")))


def _customer(node: dict[str, Any]) -> OrderCustomer | None:
    """The consumer: `purchasingEntity` when it is a Customer, else `customer` (BulkOrders
    reads that one; on a B2B order it is the company contact's customer, not the buyer)."""
    entity = node.get("purchasingEntity") or {}
    if not _text(entity.get("id")).startswith("gid://shopify/Customer/"):
        entity = node.get("customer") or {} if "purchasingEntity" not in node else {}
    gid = _text(entity.get("id"))
    if not gid.startswith("gid://shopify/Customer/"):
        return None
    return OrderCustomer(
        shopify_id=gid,
        first_name=_text(entity.get("firstName")),
        last_name=_text(entity.get("lastName")),
        email=_text(entity.get("email")),
        phone=_text(entity.get("phone")),
    )


def _address(node: dict[str, Any] | None) -> AddressRecord | None:
    if not node:
        return None
    return address_record(node)


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
    return _Totals(subtotal, shipping_total, tax, discount, tax_lines)


def order_record(node: dict[str, Any], money_side: str = "both") -> OrderRecord:
    """A complete Order node (its connections completed by the job).

    Args:
        node: the Order node (OrdersToImport page, OrderById, or `node_from_bulk`).
        money_side: the MoneyBag side the query read ("both", "shop" or "presentment");
            an order whose two currencies are equal has both whatever was read.

    Raises:
        RecordError: no order id, or an amount that is not a number.
    """
    gid = _check_id(node)
    try:
        level, high = _risk(node)
        customer = _customer(node)
        company = purchasing_company(node)
        currency = _text(node.get("currencyCode")).upper()
        presentment_currency = _text(node.get("presentmentCurrencyCode") or currency).upper()
        if presentment_currency == currency:
            money_side = "both"
        lines = tuple(line_record(n) for n in _nodes(node.get("lineItems")))
        shipping_nodes = _nodes(node.get("shippingLines"))
        shipping_lines = tuple(shipping_line_record(n) for n in shipping_nodes)
        totals = _derived_totals(lines, shipping_lines,
                                 [_tax_lines(n.get("taxLines")) for n in shipping_nodes])
        total = money_of(node.get("currentTotalPriceSet")) \
            if node.get("currentTotalPriceSet") is not None else \
            totals.subtotal + totals.shipping + (NO_MONEY if node.get("taxesIncluded")
                                                 else totals.tax)
        return OrderRecord(
            shopify_id=gid,
            name=_text(node.get("name")),
            email=_text(node.get("email")),
            phone=_text(node.get("phone")),
            created_at=parse_datetime(node.get("createdAt")),
            updated_at=parse_datetime(node.get("updatedAt")),
            cancelled_at=parse_datetime(node.get("cancelledAt")),
            cancel_reason=_text(node.get("cancelReason")).upper(),
            closed=bool(node.get("closed")),
            test=bool(node.get("test")),
            financial_status=_text(node.get("displayFinancialStatus")).upper(),
            fulfillment_status=_text(node.get("displayFulfillmentStatus")).upper(),
            fully_paid=bool(node.get("fullyPaid")),
            currency=currency,
            presentment_currency=presentment_currency,
            taxes_included=bool(node.get("taxesIncluded")),
            tax_exempt=bool(node.get("taxExempt")),
            channel=_text(node.get("sourceName")),
            tags=tuple(_text(t) for t in node.get("tags") or [] if _text(t)),
            note=_text(node.get("note")),
            po_number=_text(node.get("poNumber")),
            discount_codes=tuple(_text(c) for c in node.get("discountCodes") or []),
            attributes=_attributes(node.get("customAttributes")),
            customer=customer,
            company_gid=company.company_gid if company else "",
            ship_to=_address(node.get("shippingAddress")),
            bill_to=_address(node.get("billingAddress")),
            subtotal=totals.subtotal,
            shipping=totals.shipping,
            tax=totals.tax,
            discount=totals.discount,
            total=total,
            outstanding=money_of(node.get("totalOutstandingSet")),
            tax_lines=totals.tax_lines,
            risk_level=level,
            high_risk=high,
            lines=lines,
            shipping_lines=shipping_lines,
            transactions=tuple(transaction_record(n) for n in node.get("transactions") or []),
            refunds=tuple(refund_record(n) for n in node.get("refunds") or []),
            returns=tuple(ReturnRecord(_text(n.get("id")), _text(n.get("name")),
                                       _text(n.get("status")).upper())
                          for n in _nodes(node.get("returns"))),
            company_location_gid=company.location_gid if company else "",
            company_contact_gid=company.contact_gid if company else "",
            money_side=money_side,
        )
    except ValueError as exc:
        raise RecordError(gid, "amount", str(exc)) from None


# --- bulk export lines ------------------------------------------------------------------------

_DONE = {"hasNextPage": False, "endCursor": None}
#: Child lines of a BulkOrders record by GID type, and the connection they belong to.
_BULK_CHILDREN = {"LineItem": "lineItems", "ShippingLine": "shippingLines", "Return": "returns"}


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
        key = _BULK_CHILDREN.get(kind)
        if key is None:
            raise RecordError(_text(record.get("id")) or "(order without id)", "bulk",
                              f"unexpected line {child.get('id')!r} in the bulk export")
        connections[key].append({k: v for k, v in child.items() if k != "__parentId"})
    for key, items in connections.items():
        node[key] = {"nodes": items, "pageInfo": dict(_DONE)}
    for refund in node.get("refunds") or []:
        refund.setdefault("refundLineItems", {"nodes": [], "pageInfo": {
            "hasNextPage": True, "endCursor": None}})
    return node
