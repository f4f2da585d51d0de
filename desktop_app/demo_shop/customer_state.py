"""Customers of the demo shop: the customer, its e-mail and phone (its addresses are
:class:`~desktop_app.demo_shop.addresses.Address`). Plain dataclasses read by the backend's
default resolver; their JSON form is the ``"customers"`` list of the ``--state`` file
(:mod:`desktop_app.demo_shop.state`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar

from desktop_app.demo_shop.addresses import Address
from desktop_app.demo_shop.scalars import Node, iso, parse_iso


@dataclass(slots=True)
class EmailAddress:
    """GraphQL ``CustomerEmailAddress``."""

    email_address: str
    marketing_state: str = "NOT_SUBSCRIBED"
    valid_format: bool = True


@dataclass(slots=True)
class PhoneNumber:
    """GraphQL ``CustomerPhoneNumber``."""

    phone_number: str


@dataclass(slots=True)
class Customer(Node):
    """A customer. ``phone`` is E.164 and ``email`` lower-case, as Shopify stores them."""

    TYPENAME: ClassVar[str] = "Customer"

    id: int
    created_at: datetime
    updated_at: datetime
    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    note: str | None = None
    locale: str = "en"
    tags: list[str] = field(default_factory=list)
    tax_exempt: bool = False
    verified_email: bool = True
    state: str = "DISABLED"
    number_of_orders: int = 0
    amount_spent: Decimal = Decimal("0.00")
    addresses: list[Address] = field(default_factory=list)
    default_address_id: int | None = None

    @property
    def legacy_resource_id(self) -> int:
        return self.id

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or self.email or self.phone or ""

    @property
    def default_address(self) -> Address | None:
        for address in self.addresses:
            if address.id == self.default_address_id:
                return address
        return None

    @property
    def default_email_address(self) -> EmailAddress | None:
        return EmailAddress(self.email) if self.email else None

    @property
    def default_phone_number(self) -> PhoneNumber | None:
        return PhoneNumber(self.phone) if self.phone else None

    def address(self, address_id: int) -> Address | None:
        """The customer's address with this id, or None."""
        for address in self.addresses:
            if address.id == address_id:
                return address
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "first_name": self.first_name,
            "last_name": self.last_name,
            "email": self.email,
            "phone": self.phone,
            "note": self.note,
            "locale": self.locale,
            "tags": list(self.tags),
            "tax_exempt": self.tax_exempt,
            "verified_email": self.verified_email,
            "state": self.state,
            "created_at": iso(self.created_at),
            "updated_at": iso(self.updated_at),
            "number_of_orders": self.number_of_orders,
            "amount_spent": str(self.amount_spent),
            "default_address_id": self.default_address_id,
            "addresses": [a.to_json() for a in self.addresses],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Customer:
        return cls(
            id=int(data["id"]),
            created_at=parse_iso(data["created_at"]),  # type: ignore[arg-type]
            updated_at=parse_iso(data["updated_at"]),  # type: ignore[arg-type]
            first_name=data.get("first_name"),
            last_name=data.get("last_name"),
            email=data.get("email"),
            phone=data.get("phone"),
            note=data.get("note"),
            locale=data.get("locale") or "en",
            tags=list(data.get("tags") or []),
            tax_exempt=bool(data.get("tax_exempt", False)),
            verified_email=bool(data.get("verified_email", True)),
            state=data.get("state") or "DISABLED",
            number_of_orders=int(data.get("number_of_orders") or 0),
            amount_spent=Decimal(str(data.get("amount_spent") or "0.00")),
            addresses=[Address.from_json(a) for a in data.get("addresses") or []],
            default_address_id=data.get("default_address_id"),
        )
