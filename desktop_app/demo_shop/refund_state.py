"""An order's transactions and refunds (see :mod:`desktop_app.demo_shop.order_state` for the
totals they make).

``Refund.totalRefundedSet`` sums the refund's own REFUND transactions that succeeded or are
still PENDING. A transaction or refund reaches its order through ``order`` (set by
``Order.link``), typed by :class:`OrderLedger`, what they ask of it: the order module imports
this one, not the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar, Protocol

from desktop_app.demo_shop.money import ZERO, Amount, total
from desktop_app.demo_shop.records import LineItemUnits, Timestamped
from desktop_app.demo_shop.scalars import LegacyNode, Node


class OrderLedger(Protocol):
    """What a transaction or refund asks of the order holding it (``order_state.Order``)."""

    def bag(self, amount: Amount) -> dict[str, Any]: ...

    def transaction(self, transaction_id: int) -> Transaction | None: ...


@dataclass(slots=True)
class Transaction(Node):
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
    order: OrderLedger | None = field(default=None, repr=False, compare=False)

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
class RefundLine(LineItemUnits):
    """Units of one line item given back (``restock_type`` RETURN, NO_RESTOCK, CANCEL...)."""

    TYPENAME: ClassVar[str] = "RefundLineItem"

    restock_type: str
    subtotal: Amount
    tax: Amount
    location_id: int | None = None

    @property
    def restocked(self) -> bool:
        return self.restock_type in ("RETURN", "CANCEL", "LEGACY_RESTOCK")


@dataclass(slots=True)
class RefundShipping(Node):
    """Shipping given back by a refund."""

    TYPENAME: ClassVar[str] = "RefundShippingLine"

    id: int
    shipping_line_id: int
    subtotal: Amount
    tax: Amount = ZERO


@dataclass(slots=True)
class Refund(Timestamped, LegacyNode):
    """A refund: lines, shipping, and its REFUND transactions (also on the order)."""

    TYPENAME: ClassVar[str] = "Refund"

    note: str | None = None
    lines: list[RefundLine] = field(default_factory=list)
    shipping: list[RefundShipping] = field(default_factory=list)
    transaction_ids: list[int] = field(default_factory=list)
    from_edit: bool = False
    return_id: int | None = None
    order: OrderLedger | None = field(default=None, repr=False, compare=False)

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
