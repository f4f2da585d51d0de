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
from desktop_app.demo_shop.records import Timestamped, by_id, fields_json, timestamps_from_json
from desktop_app.demo_shop.scalars import LegacyNode, parse_iso

#: The keys of a customer's JSON form, in the order they are written.
CUSTOMER_JSON_FIELDS = (
    "id", "first_name", "last_name", "email", "phone", "note", "locale", "tags", "tax_exempt",
    "verified_email", "state", "created_at", "updated_at", "number_of_orders", "amount_spent",
    "default_address_id", "addresses", "email_consent", "sms_consent", "tax_exemptions",
    "metafields", "erasure_requested",
)


@dataclass(slots=True)
class MarketingConsent:
    """A customer's e-mail or SMS marketing consent (GraphQL ``Customer*MarketingConsentState``;
    a customer who gave none is NOT_SUBSCRIBED at SINGLE_OPT_IN: captured for e-mail; for SMS
    NOT CAPTURED, the same default assumed (the captures only show a customer without a phone,
    whose SMS consent is null))."""

    marketing_state: str = "NOT_SUBSCRIBED"
    marketing_opt_in_level: str = "SINGLE_OPT_IN"
    consent_updated_at: datetime | None = None
    consent_collected_from: str | None = None

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, ("marketing_state", "marketing_opt_in_level",
                                  "consent_updated_at", "consent_collected_from"))

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> MarketingConsent:
        data = data or {}
        updated = data.get("consent_updated_at")
        return cls(data.get("marketing_state") or "NOT_SUBSCRIBED",
                   data.get("marketing_opt_in_level") or "SINGLE_OPT_IN",
                   parse_iso(updated) if updated else None, data.get("consent_collected_from"))


class _MarketingFields:
    """The ``marketing*`` fields of an e-mail address or phone number: its consent's."""

    __slots__ = ()
    consent: MarketingConsent

    @property
    def marketing_state(self) -> str:
        return self.consent.marketing_state

    @property
    def marketing_opt_in_level(self) -> str:
        return self.consent.marketing_opt_in_level

    @property
    def marketing_updated_at(self) -> datetime | None:
        return self.consent.consent_updated_at


@dataclass(slots=True)
class EmailAddress(_MarketingFields):
    """GraphQL ``CustomerEmailAddress``."""

    email_address: str
    consent: MarketingConsent = field(default_factory=MarketingConsent)
    valid_format: bool = True


@dataclass(slots=True)
class PhoneNumber(_MarketingFields):
    """GraphQL ``CustomerPhoneNumber`` (its marketing fields are the SMS consent's)."""

    phone_number: str
    consent: MarketingConsent = field(default_factory=MarketingConsent)

    @property
    def marketing_collected_from(self) -> str | None:
        return self.consent.consent_collected_from


#: A metafield namespace left out: the calling app's own (Shopify's ``$app`` namespace,
#: ``app--<id>``; the demo shop's one app has no id: NOT CAPTURED, this name is ours).
APP_NAMESPACE = "app--demo"


@dataclass(slots=True)
class Metafield(Timestamped, LegacyNode):
    """GraphQL ``Metafield`` of a customer (``ownerType`` CUSTOMER)."""

    TYPENAME: ClassVar[str] = "Metafield"

    namespace: str = ""
    key: str = ""
    type: str = "single_line_text_field"
    value: str = ""
    owner_type: str = "CUSTOMER"

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, ("id", "namespace", "key", "type", "value", "created_at",
                                  "updated_at"))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Metafield:
        return cls(id=int(data["id"]), **timestamps_from_json(data),
                   namespace=data["namespace"], key=data["key"], type=data["type"],
                   value=data["value"])


class HasMetafields:
    """What a record with metafields offers (a customer, today)."""

    __slots__ = ()
    metafields: list[Metafield]

    def metafield(self, namespace: str, key: str) -> Metafield | None:
        return next((m for m in self.metafields
                     if m.namespace == namespace and m.key == key), None)


@dataclass(slots=True)
class Customer(Timestamped, LegacyNode, HasMetafields):
    """A customer. ``phone`` is E.164 and ``email`` lower-case, as Shopify stores them."""

    TYPENAME: ClassVar[str] = "Customer"

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
    email_consent: MarketingConsent = field(default_factory=MarketingConsent)
    sms_consent: MarketingConsent = field(default_factory=MarketingConsent)
    tax_exemptions: list[str] = field(default_factory=list)
    metafields: list[Metafield] = field(default_factory=list)
    #: customerRequestDataErasure was asked and not cancelled (Shopify erases the data days
    #: later; the demo shop keeps only the request).
    erasure_requested: bool = False

    @property
    def display_name(self) -> str:
        name = " ".join(p for p in (self.first_name, self.last_name) if p)
        return name or self.email or _phone_as_shown(self.phone) or ""

    @property
    def default_address(self) -> Address | None:
        return by_id(self.addresses, self.default_address_id)

    @property
    def default_email_address(self) -> EmailAddress | None:
        return EmailAddress(self.email, self.email_consent) if self.email else None

    @property
    def default_phone_number(self) -> PhoneNumber | None:
        return PhoneNumber(self.phone, self.sms_consent) if self.phone else None

    @property
    def email_marketing_consent(self) -> MarketingConsent | None:
        """None without an e-mail address (as Shopify answers)."""
        return self.email_consent if self.email else None

    @property
    def sms_marketing_consent(self) -> MarketingConsent | None:
        """None without a phone number (as Shopify answers)."""
        return self.sms_consent if self.phone else None

    def address(self, address_id: int) -> Address | None:
        """The customer's address with this id, or None."""
        return by_id(self.addresses, address_id)

    def to_json(self) -> dict[str, Any]:
        return fields_json(self, CUSTOMER_JSON_FIELDS)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Customer:
        return cls(
            id=int(data["id"]),
            **timestamps_from_json(data),
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
            email_consent=MarketingConsent.from_json(data.get("email_consent")),
            sms_consent=MarketingConsent.from_json(data.get("sms_consent")),
            tax_exemptions=list(data.get("tax_exemptions") or []),
            metafields=[Metafield.from_json(m) for m in data.get("metafields") or []],
            erasure_requested=bool(data.get("erasure_requested", False)),
        )


def _phone_as_shown(phone: str | None) -> str | None:
    """A phone number as Shopify shows it in a name: "+1 415-810-3301" for a North American
    number (captured: customer-update-requires-identity); others as stored (NOT CAPTURED)."""
    if phone and len(phone) == 12 and phone.startswith("+1") and phone[1:].isdigit():
        return f"+1 {phone[2:5]}-{phone[5:8]}-{phone[8:]}"
    return phone
