"""Shopify orders as frozen records: what the order import reads and the store hands back.

Two shapes: `OrderHeader` (what staging and its filters need of an order) and `OrderRecord`
(one complete order with every line of every connection). Every amount is a `Money` pair:
shop currency and presentment currency, as Decimals (never floats). `shopify/order_records.py`
builds them from Shopify's nodes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from desktop_app.records.addresses import LocalAddress
from desktop_app.records.customers import AddressRecord, ShopifyPerson

ZERO = Decimal(0)


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
class OrderCustomer(ShopifyPerson):
    """The consumer on the order (purchasingEntity when it is a Customer)."""


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
    #: What the import repaired in Shopify's node, one sentence each (field first).
    repairs: tuple[str, ...] = ()

    @property
    def is_b2b(self) -> bool:
        return bool(self.company_gid)

    def has_side(self, presentment: bool) -> bool:
        """Whether the amounts of the side `presentment` picks were really read."""
        return self.money_side in ("both", "presentment" if presentment else "shop")

    @property
    def item_quantity(self) -> int:
        return sum(line.current_quantity for line in self.lines)


@dataclass(frozen=True)
class PurchasingCompany:
    """The B2B buyer of an order: its company, company location and contact GIDs."""

    company_gid: str
    location_gid: str = ""
    contact_gid: str = ""


@dataclass(frozen=True)
class ShipTo(LocalAddress):
    """Where the goods of a sales document go ("" when unknown; `code` "" = no ship-to code):
    what the orders sync decides (`rules.document_header`) and the store hands back."""

    code: str = field(default="", kw_only=True)

    @property
    def empty(self) -> bool:
        return not any(getattr(self, f) for f in self.__dataclass_fields__)
