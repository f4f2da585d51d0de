"""Shopify B2B companies, their locations and payment terms templates, as frozen records.

Text fields are "" rather than None.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop_app.records.customers import PersonDetails, ShopifyKey


@dataclass(frozen=True)
class CompanyAddressRecord:
    """A company location's billing or shipping address (`CompanyAddress`)."""

    address1: str = ""
    address2: str = ""
    city: str = ""
    zip: str = ""
    zone_code: str = ""
    province: str = ""
    country_code: str = ""
    first_name: str = ""
    last_name: str = ""
    recipient: str = ""
    phone: str = ""


@dataclass(frozen=True)
class _ContactKeys(ShopifyKey):
    customer_id: str = ""


@dataclass(frozen=True)
class CompanyContactRecord(PersonDetails, _ContactKeys):
    """The company's main contact (`shopify_id`) and the Shopify customer behind it
    (`customer_id`), then the contact's `PersonDetails`."""


@dataclass(frozen=True)
class CompanyLocationDetails:
    """What a company location is besides its addresses: its tax id and payment terms.

    Both the location read from Shopify (`CompanyLocationRecord`) and the staged one
    (`store.companies.StagedLocation`) start with these fields.
    """

    shopify_id: str
    name: str = ""
    external_id: str = ""
    phone: str = ""
    tax_registration_id: str = ""
    tax_exempt: bool = False
    payment_terms_id: str = ""
    payment_terms_name: str = ""
    payment_terms_type: str = ""
    due_in_days: int | None = None


@dataclass(frozen=True)
class CompanyLocationRecord(CompanyLocationDetails):
    """A company location with its tax id, payment terms and addresses."""

    billing: CompanyAddressRecord | None = None
    shipping: CompanyAddressRecord | None = None
    updated_at: dt.datetime | None = None


@dataclass(frozen=True)
class CompanyRecord:
    """A Shopify company. `more_locations` is True when it has more than were read."""

    shopify_id: str
    name: str = ""
    external_id: str = ""
    note: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    main_contact: CompanyContactRecord | None = None
    locations: tuple[CompanyLocationRecord, ...] = ()
    more_locations: bool = False


@dataclass(frozen=True)
class PaymentTermsTemplateRecord:
    """One of Shopify's payment terms templates."""

    shopify_id: str
    name: str
    terms_type: str
    due_in_days: int | None = None
