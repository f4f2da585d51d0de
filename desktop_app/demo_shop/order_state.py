"""Orders of the demo shop: the order, its line items, shipping lines and taxes, and the
asynchronous job that cancels one. Its transactions and refunds live in
:mod:`~desktop_app.demo_shop.refund_state`, its fulfillments and returns in
:mod:`~desktop_app.demo_shop.fulfillment_state`; draft orders and gift cards have modules of
their own.

Plain dataclasses, like :mod:`desktop_app.demo_shop.state`: the backend maps each GraphQL field
to the snake_case attribute or property of the same name, so every ``…Set`` field below is a
property returning a MoneyBag value (``{"shopMoney": {...}, "presentmentMoney": {...}}``).

Money: every amount is an :class:`~desktop_app.demo_shop.money.Amount`, a pair of decimals in
the shop's currency and in the order's presentment currency, each rounded to cents. Totals are
computed from the lines on every read (never stored), so edits, refunds and fulfillments can
never leave a stale total behind.

Quantities of a line item follow Shopify's meaning: ``quantity`` is what was ordered (raised
by an edit that adds units), ``current_quantity`` is ``quantity`` minus every unit removed by
an edit or refunded. An edit that lowers or removes a line is recorded, as Shopify does, as a
refund of those units with a zero amount (``from_edit``).

Refund totals: ``Refund.totalRefundedSet`` sums the refund's own REFUND transactions that
succeeded or are still PENDING; ``Order.totalRefundedSet`` counts only SUCCESS ones (money
that really went back), so a pending refund shows on its refund but not yet on the order.

The JSON form (inside the ``--state`` file) is produced by
:func:`desktop_app.demo_shop.state_json.dump` and read by its ``load``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from desktop_app.demo_shop.fulfillment_state import Fulfillment, FulfillmentOrder, Return
from desktop_app.demo_shop.money import ZERO, Amount, bag_property, cents, money_bag, total
from desktop_app.demo_shop.records import VariantLine, by_id
from desktop_app.demo_shop.refund_state import Refund, Transaction
from desktop_app.demo_shop.scalars import LegacyNode, Node


@dataclass(slots=True)
class TaxRate:
    """One tax applied to a line (title and rate; the amount follows the line's value)."""

    title: str
    rate: Decimal


@dataclass(slots=True)
class LineItem(VariantLine):
    """An order line. ``discount`` is the discount allocated to all ``quantity`` units."""

    TYPENAME: ClassVar[str] = "LineItem"

    unit: Amount
    vendor: str | None = None
    discount: Amount = ZERO
    tax_rates: list[TaxRate] = field(default_factory=list)
    is_gift_card: bool = False
    requires_shipping: bool = True
    taxable: bool = True
    custom_attributes: list[dict[str, Any]] = field(default_factory=list)
    location_id: int | None = None
    order: Order | None = field(default=None, repr=False, compare=False)

    def _order(self) -> Order:
        assert self.order is not None
        return self.order

    def _units_in(self, records: Iterable[Refund | Fulfillment]) -> int:
        """Units of this line in the ``lines`` of refunds or fulfillments."""
        return sum(
            line.quantity for record in records for line in record.lines
            if line.line_item_id == self.id
        )

    @property
    def refunded_quantity(self) -> int:
        """Units refunded or removed by edits."""
        return self._units_in(self._order().refunds)

    @property
    def edit_removed_quantity(self) -> int:
        """Units removed by order edits (zero-amount refunds)."""
        return self._units_in(refund for refund in self._order().refunds if refund.from_edit)

    @property
    def current_quantity(self) -> int:
        return self.quantity - self.refunded_quantity

    @property
    def refundable_quantity(self) -> int:
        return self.current_quantity

    @property
    def fulfilled_quantity(self) -> int:
        return self._units_in(f for f in self._order().fulfillments if f.status == "SUCCESS")

    @property
    def unfulfilled_quantity(self) -> int:
        return max(self.current_quantity - self.fulfilled_quantity, 0)

    @property
    def fulfillable_quantity(self) -> int:
        """Units still to fulfil (GraphQL ``fulfillableQuantity``): the unfulfilled ones."""
        return self.unfulfilled_quantity

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

    original_unit_price_set = bag_property(lambda line: line.unit)
    discounted_unit_price_set = bag_property(
        lambda line: line.unit - line.discount.part(1, line.quantity)
    )
    discounted_unit_price_after_all_discounts_set = discounted_unit_price_set
    original_total_set = bag_property(lambda line: line.unit.times(line.quantity))
    discounted_total_set = bag_property(lambda line: line.net(line.quantity))
    total_discount_set = bag_property(lambda line: line.discount)
    unfulfilled_discounted_total_set = bag_property(
        lambda line: line.net(line.unfulfilled_quantity)
    )

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
class ShippingLine(Node):
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
class Order(LegacyNode):
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

    def bag(self, amount: Amount) -> dict[str, Any]:
        return money_bag(amount, self.currency_code, self.presentment_currency_code)

    def line_item(self, line_id: int) -> LineItem | None:
        return by_id(self.line_items, line_id)

    def transaction(self, transaction_id: int) -> Transaction | None:
        return by_id(self.transactions, transaction_id)

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
    def capturable(self) -> bool:
        """An authorized payment not (fully) captured yet (captured: order-create-math-matrix
        `authorization`, true; paid and pending orders, false)."""
        return self.authorized.shop > 0

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
    def current_charges_beyond_lines(self) -> Amount:
        """What the current total holds besides the lines' net: shipping and the taxes."""
        return self._total("current") - self._lines_total("current")[0]

    @property
    def total_after_edits(self) -> Amount:
        return self._total("after_edits")

    @property
    def total_outstanding(self) -> Amount:
        return self._total("current") - (self.received - self.refunded)

    def _discounts(self, which: str) -> Amount:
        return self._lines_total(which)[2] + total(s.discount for s in self.shipping_lines)

    @property
    def _tips(self) -> Amount:
        return total(
            line.net(line.current_quantity)
            for line in self.line_items
            if line.title == "Tip" and line.product_id is None
        )

    # --- GraphQL ``…Set`` fields: the MoneyBag of each amount ------------------------------

    total_price_set = bag_property(lambda o: o.total_after_edits)
    original_total_price_set = bag_property(lambda o: o.original_total)
    current_total_price_set = bag_property(lambda o: o._total("current"))
    subtotal_price_set = bag_property(lambda o: o._lines_total("after_edits")[0])
    current_subtotal_price_set = bag_property(lambda o: o._lines_total("current")[0])
    total_shipping_price_set = bag_property(lambda o: o._shipping(False)[0])
    current_shipping_price_set = bag_property(lambda o: o._shipping(True)[0])
    total_tax_set = bag_property(
        lambda o: o._lines_total("after_edits")[1] + o._shipping(False)[1]
    )
    current_total_tax_set = bag_property(
        lambda o: o._lines_total("current")[1] + o._shipping(True)[1]
    )
    total_discounts_set = bag_property(lambda o: o._discounts("after_edits"))
    current_total_discounts_set = bag_property(lambda o: o._discounts("current"))
    total_refunded_set = bag_property(lambda o: o.refunded)
    total_refunded_shipping_set = bag_property(
        lambda o: total(s.subtotal for r in o.refunds for s in r.shipping)
    )
    total_received_set = bag_property(lambda o: o.received)
    net_payment_set = bag_property(lambda o: o.received - o.refunded)
    total_outstanding_set = bag_property(lambda o: o.total_outstanding)
    total_capturable_set = bag_property(lambda o: o.authorized)
    total_tip_received_set = bag_property(lambda o: o._tips)

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
