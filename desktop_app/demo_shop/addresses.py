"""What every kind of address of the demo shop derives from its codes: country and province
names, and Shopify's `formattedArea`.

Shopify names the province code differently by type (`MailingAddress.provinceCode`,
`CompanyAddress.zoneCode`, `LocationAddress.provinceCode`); a class names its attribute in
`PROVINCE_CODE_FIELD`.
"""

from __future__ import annotations

from typing import ClassVar

from desktop_app import geo


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
        text = ", ".join(p for p in (head, self.country) if p)
        return text or None
