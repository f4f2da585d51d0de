"""B2B records of the demo shop: companies, their locations and contacts, payment terms.

Plain dataclasses like :mod:`desktop_app.demo_shop.state` (snake_case attributes read by the
backend's default resolver). Their JSON form (inside the ``--state`` file, key ``"companies"``)
is one object per company with its ``locations`` and ``contacts`` nested::

    {"id", "name", "external_id", "note", "created_at", "updated_at", "customer_since",
     "main_contact_id",
     "contacts": [{"id", "customer_id", "title", "locale", "created_at", "updated_at"}],
     "locations": [{"id", "name", "external_id", "note", "phone", "locale",
                    "tax_registration_id", "tax_exempt", "payment_terms_template_id",
                    "checkout_to_draft", "editable_shipping_address",
                    "created_at", "updated_at",
                    "billing_address": {address} | null, "shipping_address": {address} | null}]}

where an address is ``{"id", "address1", "address2", "city", "zip", "recipient",
"first_name", "last_name", "phone", "zone_code", "country_code", "created_at",
"updated_at"}``.

Payment terms templates are Shopify's fixed catalogue (the same ids and names in every shop,
as ``paymentTermsTemplates`` returns them), so they are not part of the state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from desktop_app.demo_shop.addresses import AddressArea
from desktop_app.demo_shop.records import Timestamped, by_id, fields_json, timestamps_from_json
from desktop_app.demo_shop.scalars import Node, parse_iso


@dataclass(slots=True, frozen=True)
class PaymentTermsTemplate(Node):
    """One of Shopify's payment terms templates (GraphQL ``PaymentTermsTemplate``)."""

    TYPENAME: ClassVar[str] = "PaymentTermsTemplate"

    id: int
    name: str
    description: str
    payment_terms_type: str
    due_in_days: int | None = None

    @property
    def translated_name(self) -> str:
        return self.name


#: Shopify's catalogue, in the order ``paymentTermsTemplates`` lists it.
PAYMENT_TERMS_TEMPLATES: tuple[PaymentTermsTemplate, ...] = (
    PaymentTermsTemplate(1, "Due on receipt", "Due on receipt", "RECEIPT"),
    PaymentTermsTemplate(9, "Due on fulfillment", "Due on fulfillment", "FULFILLMENT"),
    PaymentTermsTemplate(2, "Net 7", "Within 7 days", "NET", 7),
    PaymentTermsTemplate(3, "Net 15", "Within 15 days", "NET", 15),
    PaymentTermsTemplate(4, "Net 30", "Within 30 days", "NET", 30),
    PaymentTermsTemplate(8, "Net 45", "Within 45 days", "NET", 45),
    PaymentTermsTemplate(5, "Net 60", "Within 60 days", "NET", 60),
    PaymentTermsTemplate(6, "Net 90", "Within 90 days", "NET", 90),
    PaymentTermsTemplate(7, "Fixed", "Fixed date", "FIXED"),
)
PAYMENT_TERMS_BY_ID: dict[int, PaymentTermsTemplate] = {t.id: t for t in PAYMENT_TERMS_TEMPLATES}

ADDRESS_FIELDS = (
    "address1", "address2", "city", "zip", "recipient", "first_name", "last_name", "phone",
    "zone_code", "country_code",
)
#: The keys of a location's and a company's JSON forms, in the order they are written.
LOCATION_JSON_FIELDS = (
    "id", "name", "external_id", "note", "phone", "locale", "tax_registration_id",
    "tax_exempt", "payment_terms_template_id", "checkout_to_draft", "editable_shipping_address",
    "created_at", "updated_at", "billing_address", "shipping_address",
)
COMPANY_JSON_FIELDS = (
    "id", "name", "external_id", "note", "created_at", "updated_at", "customer_since",
    "main_contact_id", "contacts", "locations",
)


@dataclass(slots=True)
class CompanyAddress(Timestamped, AddressArea):
    """A billing or shipping address of a company location (GraphQL ``CompanyAddress``).

    ``company_id`` (not saved) lets the resolver answer ``companyName`` from the owning company.
    """

    TYPENAME: ClassVar[str] = "CompanyAddress"
    PROVINCE_CODE_FIELD: ClassVar[str] = "zone_code"

    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    zip: str | None = None
    recipient: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    zone_code: str | None = None
    country_code: str | None = None
    company_id: int = 0

    def copy_as(self, new_id: int) -> CompanyAddress:
        """The same address under another id (billingSameAsShipping keeps two records)."""
        values = {name: getattr(self, name) for name in ADDRESS_FIELDS}
        return CompanyAddress(id=new_id, created_at=self.created_at,
                              updated_at=self.updated_at, company_id=self.company_id, **values)

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, ("id", "created_at", "updated_at", *ADDRESS_FIELDS))

    @classmethod
    def from_json(cls, data: dict[str, Any] | None, company_id: int = 0) -> CompanyAddress | None:
        if not data:
            return None
        return cls(
            id=int(data["id"]),
            company_id=company_id,
            **timestamps_from_json(data),
            **{name: data.get(name) for name in ADDRESS_FIELDS},
        )


@dataclass(slots=True)
class CompanyLocation(Node):
    """A company's location: where it buys from, with its addresses, tax and payment terms."""

    TYPENAME: ClassVar[str] = "CompanyLocation"

    id: int
    company_id: int
    name: str
    created_at: datetime
    updated_at: datetime
    external_id: str | None = None
    note: str | None = None
    phone: str | None = None
    locale: str = "en"
    tax_registration_id: str | None = None
    tax_exempt: bool = False
    payment_terms_template_id: int | None = None
    checkout_to_draft: bool = False
    editable_shipping_address: bool = False
    billing_address: CompanyAddress | None = None
    shipping_address: CompanyAddress | None = None

    @property
    def payment_terms_template(self) -> PaymentTermsTemplate | None:
        if self.payment_terms_template_id is None:
            return None
        return PAYMENT_TERMS_BY_ID.get(self.payment_terms_template_id)

    @property
    def tax_settings(self) -> dict[str, Any]:
        return {
            "taxRegistrationId": self.tax_registration_id,
            "taxExempt": self.tax_exempt,
            "taxExemptions": [],
        }

    @property
    def buyer_experience_configuration(self) -> dict[str, Any]:
        return {
            "checkoutToDraft": self.checkout_to_draft,
            "editableShippingAddress": self.editable_shipping_address,
            "payNowOnly": not self.checkout_to_draft and self.payment_terms_template is None,
            "paymentTermsTemplate": self.payment_terms_template,
        }

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, LOCATION_JSON_FIELDS)

    @classmethod
    def from_json(cls, data: dict[str, Any], company_id: int) -> CompanyLocation:
        return cls(
            id=int(data["id"]),
            company_id=company_id,
            name=data["name"],
            **timestamps_from_json(data),
            external_id=data.get("external_id"),
            note=data.get("note"),
            phone=data.get("phone"),
            locale=data.get("locale") or "en",
            tax_registration_id=data.get("tax_registration_id"),
            tax_exempt=bool(data.get("tax_exempt", False)),
            payment_terms_template_id=data.get("payment_terms_template_id"),
            checkout_to_draft=bool(data.get("checkout_to_draft", False)),
            editable_shipping_address=bool(data.get("editable_shipping_address", False)),
            billing_address=CompanyAddress.from_json(data.get("billing_address"), company_id),
            shipping_address=CompanyAddress.from_json(data.get("shipping_address"), company_id),
        )


@dataclass(slots=True)
class CompanyContact(Node):
    """A customer acting for a company (GraphQL ``CompanyContact``)."""

    TYPENAME: ClassVar[str] = "CompanyContact"

    id: int
    company_id: int
    customer_id: int
    created_at: datetime
    updated_at: datetime
    title: str | None = None
    locale: str = "en"

    def to_json(self) -> dict[str, Any]:
        return fields_json(
            self, ("id", "customer_id", "title", "locale", "created_at", "updated_at")
        )

    @classmethod
    def from_json(cls, data: dict[str, Any], company_id: int) -> CompanyContact:
        return cls(
            id=int(data["id"]),
            company_id=company_id,
            customer_id=int(data["customer_id"]),
            **timestamps_from_json(data),
            title=data.get("title"),
            locale=data.get("locale") or "en",
        )


@dataclass(slots=True)
class Company(Node):
    """A business customer with its locations and contacts."""

    TYPENAME: ClassVar[str] = "Company"

    id: int
    name: str
    created_at: datetime
    updated_at: datetime
    customer_since: datetime
    external_id: str | None = None
    note: str | None = None
    main_contact_id: int | None = None
    locations: list[CompanyLocation] = field(default_factory=list)
    contacts: list[CompanyContact] = field(default_factory=list)

    @property
    def main_contact(self) -> CompanyContact | None:
        return by_id(self.contacts, self.main_contact_id)

    @property
    def contact_count(self) -> int:
        return len(self.contacts)

    @property
    def contacts_count(self) -> dict[str, Any]:
        return {"count": len(self.contacts), "precision": "EXACT"}

    @property
    def locations_count(self) -> dict[str, Any]:
        return {"count": len(self.locations), "precision": "EXACT"}

    def location(self, location_id: int) -> CompanyLocation | None:
        return by_id(self.locations, location_id)

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, COMPANY_JSON_FIELDS)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Company:
        company_id = int(data["id"])
        created = parse_iso(data["created_at"])
        return cls(
            id=company_id,
            name=data["name"],
            created_at=created,  # type: ignore[arg-type]
            updated_at=parse_iso(data["updated_at"]),  # type: ignore[arg-type]
            customer_since=(
                parse_iso(data.get("customer_since")) or created  # type: ignore[arg-type]
            ),
            external_id=data.get("external_id"),
            note=data.get("note"),
            main_contact_id=data.get("main_contact_id"),
            contacts=[CompanyContact.from_json(c, company_id) for c in data.get("contacts") or []],
            locations=[
                CompanyLocation.from_json(loc, company_id) for loc in data.get("locations") or []
            ],
        )

    def child_ids(self) -> list[int]:
        """Every id this company's records use (so a loaded state never reissues one)."""
        ids = [c.id for c in self.contacts]
        for location in self.locations:
            ids.append(location.id)
            ids.extend(a.id for a in (location.billing_address, location.shipping_address) if a)
        return ids


@dataclass(slots=True, frozen=True)
class PurchasingCompany:
    """The B2B buyer of an order or draft order (a member of the ``PurchasingEntity`` union)."""

    TYPENAME: ClassVar[str] = "PurchasingCompany"

    company: Company
    location: CompanyLocation
    contact: CompanyContact | None
