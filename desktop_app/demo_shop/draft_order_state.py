"""Draft orders of the demo shop: a draft and its lines, in the shop's currency (plain
decimals), OPEN until completed into an order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from desktop_app.demo_shop.money import D0, cents
from desktop_app.demo_shop.records import VariantLine
from desktop_app.demo_shop.scalars import LegacyNode


@dataclass(slots=True)
class DraftLine(VariantLine):
    """A draft order line: a variant or a custom line (title and price)."""

    TYPENAME: ClassVar[str] = "DraftOrderLineItem"

    unit: Decimal
    taxable: bool = True
    requires_shipping: bool = True
    discount: Decimal = D0
    custom_attributes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def custom(self) -> bool:
        return self.variant_id is None


@dataclass(slots=True)
class DraftOrder(LegacyNode):
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
