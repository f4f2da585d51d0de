"""Gift cards of the demo shop."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import ClassVar

from desktop_app.demo_shop.scalars import Node


@dataclass(slots=True)
class GiftCard(Node):
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
    template_suffix: str | None = None

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
