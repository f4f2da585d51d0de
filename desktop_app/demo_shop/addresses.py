"""What every kind of address of the demo shop derives from its codes: country and province
names, and Shopify's `formattedArea`.

Shopify names the province code differently by type (`MailingAddress.provinceCode`,
`CompanyAddress.zoneCode`, `LocationAddress.provinceCode`); a class names its attribute in
`PROVINCE_CODE_FIELD`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from desktop_app import geo
from desktop_app.demo_shop.records import fields_json


class AddressArea:
    """Mixin for the address dataclasses (slotted: it adds no attribute of its own)."""

    __slots__ = ()

    #: The attribute holding the province (zone) code.
    PROVINCE_CODE_FIELD: ClassVar[str] = "province_code"
    country_code: str | None
    city: str | None

    @property
    def _province_code(self) -> str | None:
        code: str | None = getattr(self, self.PROVINCE_CODE_FIELD)
        return code

    @property
    def country(self) -> str | None:
        item = geo.country(self.country_code)
        return item.name if item else None

    @property
    def province(self) -> str | None:
        item = geo.country(self.country_code)
        code = self._province_code
        if item is None or not code:
            return None
        return item.provinces.get(code)

    @property
    def formatted_area(self) -> str | None:
        """City and province code, then country name ("Lyon, France", "Ottawa ON, Canada")."""
        head = " ".join(p for p in (self.city, self._province_code) if p)
        if head == self.country:  # a city-state once (captured: "Singapore")
            return head
        text = ", ".join(p for p in (head, self.country) if p)
        return text or None


@dataclass(slots=True)
class Address(AddressArea):
    """A customer's mailing address (GraphQL ``MailingAddress``)."""

    TYPENAME: ClassVar[str] = "MailingAddress"

    id: int
    first_name: str | None = None
    last_name: str | None = None
    company: str | None = None
    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    province_code: str | None = None
    country_code: str | None = None
    zip: str | None = None
    phone: str | None = None

    @property
    def gid(self) -> str:
        return f"gid://shopify/MailingAddress/{self.id}?model_name=CustomerAddress"

    @property
    def country_code_v2(self) -> str | None:
        return self.country_code

    @property
    def name(self) -> str | None:
        text = " ".join(p for p in (self.first_name, self.last_name) if p)
        return text or None

    def same_place(self, other: Address) -> bool:
        """True when both addresses hold the same values (ids aside)."""
        return all(
            (getattr(self, name) or "") == (getattr(other, name) or "")
            for name in ADDRESS_FIELDS
        )

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, ("id", *ADDRESS_FIELDS))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Address:
        return cls(id=int(data["id"]), **{name: data.get(name) for name in ADDRESS_FIELDS})


ADDRESS_FIELDS = (
    "first_name",
    "last_name",
    "company",
    "address1",
    "address2",
    "city",
    "province_code",
    "country_code",
    "zip",
    "phone",
)
