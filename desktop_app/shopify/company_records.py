"""Shopify companies turned into frozen records (from `CompaniesPage` / `CompanyById` nodes).

Raw JSON stops here: the sync reads the `CompanyRecord`s of `desktop_app.records.companies`.
Text fields are "" rather than None, each through the one repair step of text from outside
(`records.text.clean_text`): a lone surrogate in a company name stopped the companies sync
with a UnicodeEncodeError in the store.
"""

from __future__ import annotations

from typing import Any

from desktop_app.errors import RecordError
from desktop_app.records.companies import (
    CompanyAddressRecord,
    CompanyContactRecord,
    CompanyLocationRecord,
    CompanyRecord,
    PaymentTermsTemplateRecord,
)
from desktop_app.records.text import clean_text
from desktop_app.shopify.records import parse_datetime


def _address(node: dict[str, Any] | None) -> CompanyAddressRecord | None:
    if not node:
        return None
    return CompanyAddressRecord(
        address1=clean_text(node.get("address1")), address2=clean_text(node.get("address2")),
        city=clean_text(node.get("city")), zip=clean_text(node.get("zip")),
        zone_code=clean_text(node.get("zoneCode")), province=clean_text(node.get("province")),
        country_code=clean_text(node.get("countryCode")).upper(),
        first_name=clean_text(node.get("firstName")), last_name=clean_text(node.get("lastName")),
        recipient=clean_text(node.get("recipient")), phone=clean_text(node.get("phone")),
    )


def location_record(node: dict[str, Any]) -> CompanyLocationRecord:
    """A `CompanyLocation` node as a record."""
    tax = node.get("taxSettings") or {}
    terms = (node.get("buyerExperienceConfiguration") or {}).get("paymentTermsTemplate") or {}
    due = terms.get("dueInDays")
    return CompanyLocationRecord(
        shopify_id=clean_text(node.get("id")), name=clean_text(node.get("name")),
        external_id=clean_text(node.get("externalId")), phone=clean_text(node.get("phone")),
        tax_registration_id=clean_text(tax.get("taxRegistrationId")),
        tax_exempt=bool(tax.get("taxExempt")),
        payment_terms_id=clean_text(terms.get("id")),
        payment_terms_name=clean_text(terms.get("name")),
        payment_terms_type=clean_text(terms.get("paymentTermsType")),
        due_in_days=int(due) if due is not None else None,
        billing=_address(node.get("billingAddress")),
        shipping=_address(node.get("shippingAddress")),
        updated_at=parse_datetime(node.get("updatedAt")),
    )


def company_record(node: dict[str, Any]) -> CompanyRecord:
    """A `Company` node (with `CompanyFields`) as a record.

    Raises:
        RecordError: the node has no id.
    """
    gid = clean_text(node.get("id"))
    if not gid:
        raise RecordError("company", "id", "Shopify returned a company without an id")
    contact = None
    main = node.get("mainContact")
    if main:
        customer = main.get("customer") or {}
        contact = CompanyContactRecord(
            shopify_id=clean_text(main.get("id")), customer_id=clean_text(customer.get("id")),
            first_name=clean_text(customer.get("firstName")),
            last_name=clean_text(customer.get("lastName")),
            email=clean_text(customer.get("email")).lower(),
            phone=clean_text(customer.get("phone")),
        )
    connection = node.get("locations") or {}
    return CompanyRecord(
        shopify_id=gid, name=clean_text(node.get("name")),
        external_id=clean_text(node.get("externalId")),
        note=clean_text(node.get("note"), multiline=True),
        created_at=parse_datetime(node.get("createdAt")),
        updated_at=parse_datetime(node.get("updatedAt")), main_contact=contact,
        locations=tuple(location_record(n) for n in connection.get("nodes") or []),
        more_locations=bool((connection.get("pageInfo") or {}).get("hasNextPage")),
    )


def payment_terms_record(node: dict[str, Any]) -> PaymentTermsTemplateRecord:
    """A `PaymentTermsTemplate` node as a record."""
    due = node.get("dueInDays")
    return PaymentTermsTemplateRecord(
        shopify_id=clean_text(node.get("id")), name=clean_text(node.get("name")),
        terms_type=clean_text(node.get("paymentTermsType")),
        due_in_days=int(due) if due is not None else None,
    )
