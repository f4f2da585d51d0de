"""Orders, fulfillments, refunds, draft orders and gift cards of the demo shop.

Plain dataclasses, like :mod:`desktop_app.demo_shop.state`: the backend maps each GraphQL field
to the snake_case attribute or property of the same name, so every ``…Set`` field below is a
property returning a MoneyBag value (``{"shopMoney": {...}, "presentmentMoney": {...}}``).

Money: every amount is an :class:`Amount`, a pair of decimals in the shop's currency and in
the order's presentment currency, each rounded to cents. Totals are computed from the lines
on every read (never stored), so edits, refunds and fulfillments can never leave a stale
total behind.

Quantities of a line item follow Shopify's meaning: ``quantity`` is what was ordered (raised
by an edit that adds units), ``current_quantity`` is ``quantity`` minus every unit removed by
an edit or refunded. An edit that lowers or removes a line is recorded, as Shopify does, as a
refund of those units with a zero amount (``from_edit``).

Refund totals: ``Refund.totalRefundedSet`` sums the refund's own REFUND transactions that
succeeded or are still PENDING; ``Order.totalRefundedSet`` counts only SUCCESS ones (money
that really went back), so a pending refund shows on its refund but not yet on the order.

The JSON form (inside the ``--state`` file) is produced by :func:`dump` and read by
:func:`load`: each dataclass becomes an object of its fields, Decimals and Amounts become
strings (``"12.50"`` / ``["12.50", "9.10"]``) and datetimes ISO text.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, ClassVar

CENT = Decimal("0.01")
D0 = Decimal("0.00")

#: Presentment currencies the demo shop sells in, per unit of the shop's currency (CAD).
EXCHANGE_RATES: dict[str, Decimal] = {
    "CAD": Decimal("1"),
    "USD": Decimal("0.73"),
    "EUR": Decimal("0.68"),
    "GBP": Decimal("0.58"),
    "JPY": Decimal("108.5"),
    "AUD": Decimal("1.10"),
    "CHF": Decimal("0.64"),
    "MXN": Decimal("13.2"),
}


def cents(value: Decimal | int | str) -> Decimal:
    """A decimal rounded half-up to cents (Shopify's money precision)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(slots=True, frozen=True)
class Amount:
    """Money in the shop currency and in the presentment currency."""

    shop: Decimal
    pres: Decimal

    def __add__(self, other: Amount) -> Amount:
        return Amount(self.shop + other.shop, self.pres + other.pres)

    def __sub__(self, other: Amount) -> Amount:
        return Amount(self.shop - other.shop, self.pres - other.pres)

    def __neg__(self) -> Amount:
        return Amount(-self.shop, -self.pres)

    def times(self, quantity: int) -> Amount:
        """This amount multiplied by a whole quantity."""
        return Amount(self.shop * quantity, self.pres * quantity)

    def part(self, numerator: int, denominator: int) -> Amount:
        """``numerator/denominator`` of this amount, rounded to cents."""
        if denominator == 0:
            return ZERO
        return Amount(
            cents(self.shop * numerator / denominator), cents(self.pres * numerator / denominator)
        )

    def rate(self, rate: Decimal) -> Amount:
        """``rate`` times this amount, rounded to cents (a tax)."""
        return Amount(cents(self.shop * rate), cents(self.pres * rate))

    @property
    def is_zero(self) -> bool:
        return self.shop == 0 and self.pres == 0

    @classmethod
    def of(cls, shop: Decimal | str, pres: Decimal | str | None = None) -> Amount:
        """An amount from a shop value and an optional presentment value (same when absent)."""
        return cls(cents(shop), cents(shop if pres is None else pres))

    def to_json(self) -> list[str]:
        return [str(self.shop), str(self.pres)]

    @classmethod
    def from_json(cls, data: list[str]) -> Amount:
        return cls(Decimal(data[0]), Decimal(data[1]))


ZERO = Amount(D0, D0)


def total(amounts: typing.Iterable[Amount]) -> Amount:
    """The sum of amounts (ZERO when empty)."""
    result = ZERO
    for amount in amounts:
        result = result + amount
    return result


def money_bag(amount: Amount, shop_currency: str, presentment_currency: str) -> dict[str, Any]:
    """A GraphQL MoneyBag value."""
    return {
        "shopMoney": {"amount": amount.shop, "currencyCode": shop_currency},
        "presentmentMoney": {"amount": amount.pres, "currencyCode": presentment_currency},
    }


@dataclass(slots=True)
class TaxRate:
    """One tax applied to a line (title and rate; the amount follows the line's value)."""

    title: str
    rate: Decimal


@dataclass(slots=True)
class LineItem:
    """An order line. ``discount`` is the discount allocated to all ``quantity`` units."""

    TYPENAME: ClassVar[str] = "LineItem"

    id: int
    title: str
    quantity: int
    unit: Amount
    sku: str | None = None
    variant_id: int | None = None
    product_id: int | None = None
    variant_title: str | None = None
    vendor: str | None = None
    discount: Amount = ZERO
    tax_rates: list[TaxRate] = field(default_factory=list)
    is_gift_card: bool = False
    requires_shipping: bool = True
    taxable: bool = True
    custom_attributes: list[dict[str, Any]] = field(default_factory=list)
    location_id: int | None = None
    order: Order | None = field(default=None, repr=False, compare=False)

    @property
    def gid(self) -> str:
        return f"gid://shopify/LineItem/{self.id}"

    @property
    def name(self) -> str:
        return f"{self.title} - {self.variant_title}" if self.variant_title else self.title

    def _order(self) -> Order:
        assert self.order is not None
        return self.order

    @property
    def refunded_quantity(self) -> int:
        """Units refunded or removed by edits."""
        return sum(
            line.quantity
            for refund in self._order().refunds
            for line in refund.lines
            if line.line_item_id == self.id
        )

    @property
    def edit_removed_quantity(self) -> int:
        """Units removed by order edits (zero-amount refunds)."""
        return sum(
            line.quantity
            for refund in self._order().refunds
            if refund.from_edit
            for line in refund.lines
            if line.line_item_id == self.id
        )

    @property
    def current_quantity(self) -> int:
        return self.quantity - self.refunded_quantity

    @property
    def refundable_quantity(self) -> int:
        return self.current_quantity

    @property
    def fulfilled_quantity(self) -> int:
        return sum(
            line.quantity
            for fulfillment in self._order().fulfillments
            if fulfillment.status == "SUCCESS"
            for line in fulfillment.lines
            if line.line_item_id == self.id
        )

    @property
    def unfulfilled_quantity(self) -> int:
        return max(self.current_quantity - self.fulfilled_quantity, 0)

    @property
    def non_fulfillable_quantity(self) -> int:
        return self.quantity - self.current_quantity

    @property
    def restockable(self) -> bool:
        return self.variant_id is not None and self.current_quantity > 0

    def net(self, quantity: int) -> Amount:
        """Price of ``quantity`` units after this line's discount."""
        return self.unit.times(quantity) - self.discount.part(quantity, self.quantity)

    def taxes(self, quantity: int) -> list[tuple[TaxRate, Amount]]:
        """Each tax of ``quantity`` units (included in the price when the order says so)."""
        net = self.net(quantity)
        included = self._order().taxes_included
        out = []
        for tax in self.tax_rates:
            if included:
                base = Amount(
                    cents(net.shop / (1 + tax.rate)), cents(net.pres / (1 + tax.rate))
                )
                out.append((tax, net - base))
            else:
                out.append((tax, net.rate(tax.rate)))
        return out

    def tax(self, quantity: int) -> Amount:
        return total(amount for _, amount in self.taxes(quantity))

    def bag(self, amount: Amount) -> dict[str, Any]:
        return self._order().bag(amount)

    @property
    def original_unit_price_set(self) -> dict[str, Any]:
        return self.bag(self.unit)

    @property
    def discounted_unit_price_set(self) -> dict[str, Any]:
        return self.bag(self.unit - self.discount.part(1, self.quantity))

    @property
    def discounted_unit_price_after_all_discounts_set(self) -> dict[str, Any]:
        return self.discounted_unit_price_set

    @property
    def original_total_set(self) -> dict[str, Any]:
        return self.bag(self.unit.times(self.quantity))

    @property
    def discounted_total_set(self) -> dict[str, Any]:
        return self.bag(self.net(self.quantity))

    @property
    def total_discount_set(self) -> dict[str, Any]:
        return self.bag(self.discount)

    @property
    def unfulfilled_discounted_total_set(self) -> dict[str, Any]:
        return self.bag(self.net(self.unfulfilled_quantity))

    @property
    def discount_allocations(self) -> list[dict[str, Any]]:
        if self.discount.is_zero:
            return []
        return [{"allocatedAmountSet": self.bag(self.discount)}]

    def tax_line_values(self, quantity: int) -> list[dict[str, Any]]:
        return [tax_line_value(self._order(), tax, amount) for tax, amount in self.taxes(quantity)]


def tax_line_value(order: Order, tax: TaxRate, amount: Amount) -> dict[str, Any]:
    """A GraphQL TaxLine value."""
    return {
        "title": tax.title,
        "rate": float(tax.rate),
        "ratePercentage": float(tax.rate * 100),
        "priceSet": order.bag(amount),
        "channelLiable": False,
        "source": "Shopify",
    }


@dataclass(slots=True)
class ShippingLine:
    """A shipping charge. ``discount`` is what discounts took off ``price``."""

    TYPENAME: ClassVar[str] = "ShippingLine"

    id: int
    title: str
    price: Amount
    code: str | None = None
    source: str | None = "shopify"
    discount: Amount = ZERO
    tax_rates: list[TaxRate] = field(default_factory=list)
    order: Order | None = field(default=None, repr=False, compare=False)

    @property
    def gid(self) -> str:
        return f"gid://shopify/ShippingLine/{self.id}"

    @property
    def custom(self) -> bool:
        return self.source != "shopify"

    @property
    def is_removed(self) -> bool:
        return False

    @property
    def net(self) -> Amount:
        return self.price - self.discount

    def taxes(self) -> list[tuple[TaxRate, Amount]]:
        assert self.order is not None
        if self.order.taxes_included:
            return [
                (t, self.net - Amount(cents(self.net.shop / (1 + t.rate)), cents(self.net.pres / (1 + t.rate))))
                for t in self.tax_rates
            ]
        return [(t, self.net.rate(t.rate)) for t in self.tax_rates]

    @property
    def original_price_set(self) -> dict[str, Any]:
        assert self.order is not None
        return self.order.bag(self.price)

    @property
    def discounted_price_set(self) -> dict[str, Any]:
        assert self.order is not None
        return self.order.bag(self.net)

    @property
    def current_discounted_price_set(self) -> dict[str, Any]:
        assert self.order is not None
        return self.order.bag(self.net - self.order.refunded_shipping_of(self.id))

    @property
    def tax_lines(self) -> list[dict[str, Any]]:
        assert self.order is not None
        return [tax_line_value(self.order, t, a) for t, a in self.taxes()]


@dataclass(slots=True)
class Transaction:
    """An order transaction (sale, authorization, capture, refund...)."""

    TYPENAME: ClassVar[str] = "OrderTransaction"

    id: int
    kind: str
    status: str
    gateway: str
    amount: Amount
    created_at: datetime
    processed_at: datetime | None = None
    parent_id: int | None = None
    gift_card_id: int | None = None
    test: bool = False
    receipt: dict[str, Any] | None = None
    order: Order | None = field(default=None, repr=False, compare=False)

    @property
    def gid(self) -> str:
        return f"gid://shopify/OrderTransaction/{self.id}"

    @property
    def formatted_gateway(self) -> str:
        names = {
            "gift_card": "Gift card",
            "manual": "Manual",
            "shopify_payments": "Shopify Payments",
            "cash": "Cash",
            "bogus": "Bogus",
            "paypal": "PayPal",
        }
        return names.get(self.gateway, self.gateway.replace("_", " ").title())

    @property
    def amount_set(self) -> dict[str, Any]:
        assert self.order is not None
        return self.order.bag(self.amount)

    @property
    def receipt_json(self) -> dict[str, Any]:
        return dict(self.receipt or {})

    @property
    def parent_transaction(self) -> Transaction | None:
        if self.parent_id is None or self.order is None:
            return None
        return self.order.transaction(self.parent_id)

    @property
    def manual_payment_gateway(self) -> bool:
        return self.gateway in ("manual", "cash")

    @property
    def error_code(self) -> str | None:
        return None


@dataclass(slots=True)
class RefundLine:
    """Units of one line item given back (``restock_type`` RETURN, NO_RESTOCK, CANCEL...)."""

    id: int
    line_item_id: int
    quantity: int
    restock_type: str
    subtotal: Amount
    tax: Amount
    location_id: int | None = None

    @property
    def gid(self) -> str:
        return f"gid://shopify/RefundLineItem/{self.id}"

    @property
    def restocked(self) -> bool:
        return self.restock_type in ("RETURN", "CANCEL", "LEGACY_RESTOCK")


@dataclass(slots=True)
class RefundShipping:
    """Shipping given back by a refund."""

    id: int
    shipping_line_id: int
    subtotal: Amount
    tax: Amount = ZERO

    @property
    def gid(self) -> str:
        return f"gid://shopify/RefundShippingLine/{self.id}"


@dataclass(slots=True)
class Refund:
    """A refund: lines, shipping, and its REFUND transactions (also on the order)."""

    TYPENAME: ClassVar[str] = "Refund"

    id: int
    created_at: datetime
    updated_at: datetime
    note: str | None = None
    lines: list[RefundLine] = field(default_factory=list)
    shipping: list[RefundShipping] = field(default_factory=list)
    transaction_ids: list[int] = field(default_factory=list)
    from_edit: bool = False
    return_id: int | None = None
    order: Order | None = field(default=None, repr=False, compare=False)

    @property
    def gid(self) -> str:
        return f"gid://shopify/Refund/{self.id}"

    @property
    def legacy_resource_id(self) -> int:
        return self.id

    @property
    def processed_at(self) -> datetime:
        return self.created_at

    @property
    def transactions(self) -> list[Transaction]:
        assert self.order is not None
        found = [self.order.transaction(i) for i in self.transaction_ids]
        return [t for t in found if t is not None]

    @property
    def total_refunded(self) -> Amount:
        return total(
            t.amount for t in self.transactions if t.kind == "REFUND" and t.status in ("SUCCESS", "PENDING")
        )

    @property
    def total_refunded_set(self) -> dict[str, Any]:
        assert self.order is not None
        return self.order.bag(self.total_refunded)


@dataclass(slots=True)
class FulfillmentOrderLine:
    """What one fulfillment order holds of a line item."""

    TYPENAME: ClassVar[str] = "FulfillmentOrderLineItem"

    id: int
    line_item_id: int
    total_quantity: int
    remaining_quantity: int

    @property
    def gid(self) -> str:
        return f"gid://shopify/FulfillmentOrderLineItem/{self.id}"


@dataclass(slots=True)
class FulfillmentOrder:
    """The units of an order one location is to ship (OPEN, IN_PROGRESS, CLOSED, CANCELLED)."""

    TYPENAME: ClassVar[str] = "FulfillmentOrder"

    id: int
    location_id: int
    status: str
    created_at: datetime
    updated_at: datetime
    lines: list[FulfillmentOrderLine] = field(default_factory=list)
    order: Order | None = field(default=None, repr=False, compare=False)

    @property
    def gid(self) -> str:
        return f"gid://shopify/FulfillmentOrder/{self.id}"

    @property
    def request_status(self) -> str:
        return "CLOSED" if self.status == "CLOSED" else "UNSUBMITTED"

    def refresh_status(self) -> None:
        """OPEN with nothing fulfilled, IN_PROGRESS partly, CLOSED when nothing remains."""
        if self.status == "CANCELLED":
            return
        remaining = sum(line.remaining_quantity for line in self.lines)
        total_quantity = sum(line.total_quantity for line in self.lines)
        if remaining == 0:
            self.status = "CLOSED"
        elif remaining < total_quantity:
            self.status = "IN_PROGRESS"
        else:
            self.status = "OPEN"


@dataclass(slots=True)
class FulfillmentLine:
    """Units of a line item shipped by one fulfillment."""

    TYPENAME: ClassVar[str] = "FulfillmentLineItem"

    id: int
    line_item_id: int
    quantity: int

    @property
    def gid(self) -> str:
        return f"gid://shopify/FulfillmentLineItem/{self.id}"


@dataclass(slots=True)
class Fulfillment:
    """A shipment from one location, with tracking."""

    TYPENAME: ClassVar[str] = "Fulfillment"

    id: int
    name: str
    location_id: int
    created_at: datetime
    updated_at: datetime
    status: str = "SUCCESS"
    tracking: list[dict[str, Any]] = field(default_factory=list)
    lines: list[FulfillmentLine] = field(default_factory=list)
    notify_customer: bool = False
    fulfillment_order_ids: list[int] = field(default_factory=list)
    order: Order | None = field(default=None, repr=False, compare=False)

    @property
    def gid(self) -> str:
        return f"gid://shopify/Fulfillment/{self.id}"

    @property
    def legacy_resource_id(self) -> int:
        return self.id

    @property
    def total_quantity(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def requires_shipping(self) -> bool:
        return True

    @property
    def display_status(self) -> str:
        return "FULFILLED" if self.status == "SUCCESS" else "CANCELED"


@dataclass(slots=True)
class Return:
    """A return (informational: the connector imports it, nothing processes it)."""

    TYPENAME: ClassVar[str] = "Return"

    id: int
    name: str
    status: str
    created_at: datetime
    closed_at: datetime | None = None
    total_quantity: int = 0

    @property
    def gid(self) -> str:
        return f"gid://shopify/Return/{self.id}"


@dataclass(slots=True)
class Order:
    """A Shopify order; see the module docstring for money and quantities."""

    TYPENAME: ClassVar[str] = "Order"

    id: int
    number: int
    name: str
    created_at: datetime
    updated_at: datetime
    processed_at: datetime
    currency_code: str
    presentment_currency_code: str
    email: str | None = None
    phone: str | None = None
    customer_id: int | None = None
    note: str | None = None
    tags: list[str] = field(default_factory=list)
    custom_attributes: list[dict[str, Any]] = field(default_factory=list)
    taxes_included: bool = False
    tax_exempt: bool = False
    test: bool = False
    source_name: str | None = "web"
    discount_codes: list[str] = field(default_factory=list)
    cancelled_at: datetime | None = None
    cancel_reason: str | None = None
    closed_at: datetime | None = None
    shipping_address: Any = None
    billing_address: Any = None
    risk_level: str = "LOW"
    risk_recommendation: str = "ACCEPT"
    edited: bool = False
    po_number: str | None = None
    original_total: Amount = ZERO
    #: B2B orders: the buying company location and contact (``PurchasingCompany``).
    company_location_id: int | None = None
    company_contact_id: int | None = None
    line_items: list[LineItem] = field(default_factory=list)
    shipping_lines: list[ShippingLine] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    refunds: list[Refund] = field(default_factory=list)
    fulfillment_orders: list[FulfillmentOrder] = field(default_factory=list)
    fulfillments: list[Fulfillment] = field(default_factory=list)
    returns: list[Return] = field(default_factory=list)

    def link(self) -> None:
        """Point every child at this order (after building or loading it)."""
        for child in (
            *self.line_items,
            *self.shipping_lines,
            *self.transactions,
            *self.refunds,
            *self.fulfillment_orders,
            *self.fulfillments,
        ):
            child.order = self

    @property
    def gid(self) -> str:
        return f"gid://shopify/Order/{self.id}"

    @property
    def legacy_resource_id(self) -> int:
        return self.id

    def bag(self, amount: Amount) -> dict[str, Any]:
        return money_bag(amount, self.currency_code, self.presentment_currency_code)

    def line_item(self, line_id: int) -> LineItem | None:
        for line in self.line_items:
            if line.id == line_id:
                return line
        return None

    def transaction(self, transaction_id: int) -> Transaction | None:
        for transaction in self.transactions:
            if transaction.id == transaction_id:
                return transaction
        return None

    def refunded_shipping_of(self, shipping_line_id: int) -> Amount:
        return total(
            s.subtotal for r in self.refunds for s in r.shipping if s.shipping_line_id == shipping_line_id
        )

    # --- status ----------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self.closed_at is not None

    @property
    def status_words(self) -> list[str]:
        """Search ``status:`` values this order matches."""
        if self.cancelled_at is not None:
            return ["cancelled", "closed"] if self.closed else ["cancelled", "not_closed"]
        return ["closed"] if self.closed else ["open", "not_closed"]

    def _sum_transactions(self, kinds: tuple[str, ...], statuses: tuple[str, ...] = ("SUCCESS",)) -> Amount:
        return total(t.amount for t in self.transactions if t.kind in kinds and t.status in statuses)

    @property
    def received(self) -> Amount:
        return self._sum_transactions(("SALE", "CAPTURE"))

    @property
    def refunded(self) -> Amount:
        return self._sum_transactions(("REFUND",))

    @property
    def authorized(self) -> Amount:
        captured = self._sum_transactions(("CAPTURE",))
        voided = self._sum_transactions(("VOID",))
        return self._sum_transactions(("AUTHORIZATION",)) - captured - voided

    @property
    def display_financial_status(self) -> str:
        received, refunded = self.received, self.refunded
        if refunded.shop > 0:
            return "REFUNDED" if refunded.shop >= received.shop else "PARTIALLY_REFUNDED"
        if any(t.kind == "VOID" and t.status == "SUCCESS" for t in self.transactions) and received.shop == 0:
            return "VOIDED"
        due = self.total_after_edits.shop
        if received.shop == 0:
            if self.authorized.shop > 0:
                return "AUTHORIZED"
            return "PAID" if due <= 0 else "PENDING"
        return "PAID" if received.shop >= due else "PARTIALLY_PAID"

    @property
    def display_fulfillment_status(self) -> str:
        shippable = [line for line in self.line_items if line.requires_shipping]
        wanted = sum(line.current_quantity for line in shippable)
        done = sum(min(line.fulfilled_quantity, line.current_quantity) for line in shippable)
        if wanted == 0:
            if any(line.quantity for line in shippable) and not self.fulfillments:
                return "RESTOCKED" if self.refunds else "UNFULFILLED"
            return "FULFILLED"
        if done == 0:
            return "UNFULFILLED"
        return "FULFILLED" if done >= wanted else "PARTIALLY_FULFILLED"

    @property
    def fulfillment_words(self) -> list[str]:
        """Search ``fulfillment_status:`` values this order matches."""
        status = self.display_fulfillment_status
        if status == "FULFILLED":
            return ["shipped", "fulfilled"]
        if status == "PARTIALLY_FULFILLED":
            return ["partial", "unfulfilled"]
        if status == "RESTOCKED":
            return ["restocked"]
        return ["unshipped", "unfulfilled"]

    @property
    def fully_paid(self) -> bool:
        return self.total_outstanding.shop <= 0

    @property
    def unpaid(self) -> bool:
        return self.received.shop == 0 and self.display_financial_status in ("PENDING", "AUTHORIZED")

    @property
    def can_mark_as_paid(self) -> bool:
        return self.cancelled_at is None and self.display_financial_status in (
            "PENDING",
            "AUTHORIZED",
            "PARTIALLY_PAID",
        )

    @property
    def fulfillable(self) -> bool:
        return self.cancelled_at is None and any(
            line.remaining_quantity > 0
            for fo in self.fulfillment_orders
            if fo.status in ("OPEN", "IN_PROGRESS")
            for line in fo.lines
        )

    @property
    def requires_shipping(self) -> bool:
        return any(line.requires_shipping for line in self.line_items)

    @property
    def refundable(self) -> bool:
        return (self.received - self.refunded).shop > 0

    @property
    def restockable(self) -> bool:
        return any(line.restockable for line in self.line_items)

    @property
    def payment_gateway_names(self) -> list[str]:
        names: list[str] = []
        for t in self.transactions:
            if t.kind in ("SALE", "AUTHORIZATION", "CAPTURE") and t.gateway not in names:
                names.append(t.gateway)
        return names

    @property
    def discount_code(self) -> str | None:
        return self.discount_codes[0] if self.discount_codes else None

    @property
    def display_address(self) -> Any:
        return self.billing_address or self.shipping_address

    @property
    def billing_address_matches_shipping_address(self) -> bool:
        a, b = self.billing_address, self.shipping_address
        if a is None or b is None:
            return a is b
        return bool(a.same_place(b))

    @property
    def confirmed(self) -> bool:
        return True

    @property
    def subtotal_line_items_quantity(self) -> int:
        return sum(line.quantity - line.edit_removed_quantity for line in self.line_items)

    @property
    def current_subtotal_line_items_quantity(self) -> int:
        return sum(line.current_quantity for line in self.line_items)

    # --- money -------------------------------------------------------------------------------

    def _lines_total(self, which: str) -> tuple[Amount, Amount, Amount]:
        """(net, tax, discount) of the lines at quantities ``after_edits`` or ``current``."""
        net = tax = discount = ZERO
        for line in self.line_items:
            quantity = (
                line.quantity - line.edit_removed_quantity if which == "after_edits" else line.current_quantity
            )
            line_net = line.net(quantity)
            net = net + line_net
            discount = discount + line.discount.part(quantity, line.quantity)
            if not self.tax_exempt:
                tax = tax + line.tax(quantity)
        return net, tax, discount

    def _shipping(self, current: bool) -> tuple[Amount, Amount]:
        price = tax = ZERO
        for line in self.shipping_lines:
            price = price + line.net
            if not self.tax_exempt:
                tax = tax + total(a for _, a in line.taxes())
        if current:
            refunded = total(s.subtotal for r in self.refunds for s in r.shipping)
            refunded_tax = total(s.tax for r in self.refunds for s in r.shipping)
            price, tax = price - refunded, tax - refunded_tax
        return price, tax

    def _total(self, which: str) -> Amount:
        net, tax, _ = self._lines_total(which)
        shipping, shipping_tax = self._shipping(which == "current")
        value = net + shipping
        if not self.taxes_included:
            value = value + tax + shipping_tax
        return value

    @property
    def total_after_edits(self) -> Amount:
        return self._total("after_edits")

    @property
    def total_outstanding(self) -> Amount:
        return self._total("current") - (self.received - self.refunded)

    @property
    def total_price_set(self) -> dict[str, Any]:
        return self.bag(self.total_after_edits)

    @property
    def original_total_price_set(self) -> dict[str, Any]:
        return self.bag(self.original_total)

    @property
    def current_total_price_set(self) -> dict[str, Any]:
        return self.bag(self._total("current"))

    @property
    def subtotal_price_set(self) -> dict[str, Any]:
        return self.bag(self._lines_total("after_edits")[0])

    @property
    def current_subtotal_price_set(self) -> dict[str, Any]:
        return self.bag(self._lines_total("current")[0])

    @property
    def total_shipping_price_set(self) -> dict[str, Any]:
        return self.bag(self._shipping(False)[0])

    @property
    def current_shipping_price_set(self) -> dict[str, Any]:
        return self.bag(self._shipping(True)[0])

    @property
    def total_tax_set(self) -> dict[str, Any]:
        return self.bag(self._lines_total("after_edits")[1] + self._shipping(False)[1])

    @property
    def current_total_tax_set(self) -> dict[str, Any]:
        return self.bag(self._lines_total("current")[1] + self._shipping(True)[1])

    @property
    def total_discounts_set(self) -> dict[str, Any]:
        discount = self._lines_total("after_edits")[2] + total(s.discount for s in self.shipping_lines)
        return self.bag(discount)

    @property
    def current_total_discounts_set(self) -> dict[str, Any]:
        discount = self._lines_total("current")[2] + total(s.discount for s in self.shipping_lines)
        return self.bag(discount)

    @property
    def total_refunded_set(self) -> dict[str, Any]:
        return self.bag(self.refunded)

    @property
    def total_refunded_shipping_set(self) -> dict[str, Any]:
        return self.bag(total(s.subtotal for r in self.refunds for s in r.shipping))

    @property
    def total_received_set(self) -> dict[str, Any]:
        return self.bag(self.received)

    @property
    def net_payment_set(self) -> dict[str, Any]:
        return self.bag(self.received - self.refunded)

    @property
    def total_outstanding_set(self) -> dict[str, Any]:
        return self.bag(self.total_outstanding)

    @property
    def total_capturable_set(self) -> dict[str, Any]:
        return self.bag(self.authorized)

    @property
    def total_tip_received_set(self) -> dict[str, Any]:
        tips = total(
            line.net(line.current_quantity)
            for line in self.line_items
            if line.title == "Tip" and line.product_id is None
        )
        return self.bag(tips)

    @property
    def tax_lines(self) -> list[dict[str, Any]]:
        return self._tax_lines("after_edits")

    @property
    def current_tax_lines(self) -> list[dict[str, Any]]:
        return self._tax_lines("current")

    def _tax_lines(self, which: str) -> list[dict[str, Any]]:
        if self.tax_exempt:
            return []
        sums: dict[tuple[str, Decimal], Amount] = {}
        for line in self.line_items:
            quantity = (
                line.quantity - line.edit_removed_quantity if which == "after_edits" else line.current_quantity
            )
            for tax, amount in line.taxes(quantity):
                key = (tax.title, tax.rate)
                sums[key] = sums.get(key, ZERO) + amount
        for shipping in self.shipping_lines:
            for tax, amount in shipping.taxes():
                key = (tax.title, tax.rate)
                sums[key] = sums.get(key, ZERO) + amount
        return [tax_line_value(self, TaxRate(t, r), a) for (t, r), a in sums.items()]


@dataclass(slots=True)
class DraftLine:
    """A draft order line: a variant or a custom line (title and price)."""

    TYPENAME: ClassVar[str] = "DraftOrderLineItem"

    id: int
    title: str
    quantity: int
    unit: Decimal
    sku: str | None = None
    variant_id: int | None = None
    product_id: int | None = None
    variant_title: str | None = None
    taxable: bool = True
    requires_shipping: bool = True
    discount: Decimal = D0
    custom_attributes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def gid(self) -> str:
        return f"gid://shopify/DraftOrderLineItem/{self.id}"

    @property
    def custom(self) -> bool:
        return self.variant_id is None

    @property
    def name(self) -> str:
        return f"{self.title} - {self.variant_title}" if self.variant_title else self.title


@dataclass(slots=True)
class DraftOrder:
    """A draft order (OPEN until completed into an order)."""

    TYPENAME: ClassVar[str] = "DraftOrder"

    id: int
    name: str
    created_at: datetime
    updated_at: datetime
    currency_code: str
    presentment_currency_code: str
    status: str = "OPEN"
    email: str | None = None
    phone: str | None = None
    customer_id: int | None = None
    note: str | None = None
    tags: list[str] = field(default_factory=list)
    custom_attributes: list[dict[str, Any]] = field(default_factory=list)
    tax_exempt: bool = False
    taxes_included: bool = False
    lines: list[DraftLine] = field(default_factory=list)
    discount_title: str | None = None
    discount_description: str | None = None
    discount_value: float | None = None
    discount_type: str | None = None
    shipping_title: str | None = None
    shipping_price: Decimal | None = None
    payment_terms: dict[str, Any] | None = None
    po_number: str | None = None
    source_name: str | None = None
    completed_at: datetime | None = None
    order_id: int | None = None
    shipping_address: Any = None
    billing_address: Any = None

    @property
    def gid(self) -> str:
        return f"gid://shopify/DraftOrder/{self.id}"

    @property
    def legacy_resource_id(self) -> int:
        return self.id

    @property
    def subtotal(self) -> Decimal:
        return sum((cents(line.unit * line.quantity) - line.discount for line in self.lines), D0)

    @property
    def order_discount(self) -> Decimal:
        """What the draft's applied discount takes off the subtotal."""
        if self.discount_value is None:
            return D0
        if self.discount_type == "PERCENTAGE":
            return cents(self.subtotal * Decimal(str(self.discount_value)) / 100)
        return min(cents(Decimal(str(self.discount_value))), self.subtotal)

    @property
    def total(self) -> Decimal:
        return self.subtotal - self.order_discount + (self.shipping_price or D0)

    @property
    def total_quantity_of_line_items(self) -> int:
        return sum(line.quantity for line in self.lines)


@dataclass(slots=True)
class GiftCard:
    """A gift card; the full code is only ever returned by giftCardCreate."""

    TYPENAME: ClassVar[str] = "GiftCard"

    id: int
    code: str
    initial: Decimal
    balance: Decimal
    currency_code: str
    created_at: datetime
    updated_at: datetime
    customer_id: int | None = None
    order_id: int | None = None
    line_item_id: int | None = None
    expires_on: date | None = None
    note: str | None = None
    deactivated_at: datetime | None = None

    @property
    def gid(self) -> str:
        return f"gid://shopify/GiftCard/{self.id}"

    @property
    def last_characters(self) -> str:
        return self.code[-4:]

    @property
    def masked_code(self) -> str:
        return f"•••• •••• •••• {self.last_characters}"

    @property
    def enabled(self) -> bool:
        return self.deactivated_at is None

    def expired(self, today: date) -> bool:
        return self.expires_on is not None and self.expires_on < today

    @property
    def balance_status(self) -> str:
        if self.balance <= 0:
            return "empty"
        return "full" if self.balance >= self.initial else "partial"


@dataclass(slots=True)
class Job:
    """An asynchronous job (orderCancel); done once the next request has run it."""

    id: int
    order_id: int
    reason: str
    restock: bool
    refund: bool
    staff_note: str | None
    done: bool = False

    @property
    def gid(self) -> str:
        return f"gid://shopify/Job/{self.id}"


# --- JSON ------------------------------------------------------------------------------------

_RUNTIME_FIELDS = frozenset({"order"})


def _hints(cls: type) -> dict[str, Any]:
    cached = _HINTS.get(cls)
    if cached is None:
        from desktop_app.demo_shop import state as state_module

        namespace = {**globals(), "Address": state_module.Address}
        cached = typing.get_type_hints(cls, globalns=namespace)
        _HINTS[cls] = cached
    return cached


_HINTS: dict[type, dict[str, Any]] = {}


def dump(value: Any) -> Any:
    """JSON form of a dataclass tree (see the module docstring)."""
    if isinstance(value, Amount):
        return value.to_json()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_json") and type(value).__name__ == "Address":
            return value.to_json()
        return {
            f.name: dump(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in _RUNTIME_FIELDS
        }
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, list):
        return [dump(v) for v in value]
    if isinstance(value, dict):
        return {k: dump(v) for k, v in value.items()}
    return value


def _load_value(hint: Any, raw: Any) -> Any:
    if raw is None:
        return None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _load_value(options[0], raw) if len(options) == 1 else raw
    if origin is list:
        (item,) = typing.get_args(hint)
        return [_load_value(item, v) for v in raw]
    if hint is Amount:
        return Amount.from_json(raw)
    if hint is Decimal:
        return Decimal(str(raw))
    if hint is datetime:
        return datetime.fromisoformat(raw.replace("Z", "+00:00")).astimezone(UTC)
    if hint is date:
        return date.fromisoformat(raw)
    if hint is Any and isinstance(raw, dict) and "country_code" in raw and "id" in raw:
        from desktop_app.demo_shop.state import Address

        return Address.from_json(raw)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return load(hint, raw)
    return raw


def load(cls: type, data: dict[str, Any]) -> Any:
    """A dataclass of type ``cls`` from its JSON form."""
    hints = _hints(cls)
    kwargs = {
        f.name: _load_value(hints[f.name], data[f.name])
        for f in dataclasses.fields(cls)
        if f.name not in _RUNTIME_FIELDS and f.name in data
    }
    value = cls(**kwargs)
    if isinstance(value, Order):
        value.link()
    return value
