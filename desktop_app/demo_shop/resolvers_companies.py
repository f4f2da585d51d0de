"""Companies (B2B): queries, search fields, nested fields, and what orders ask of them (the
purchasing entity, the B2B fields of ``orderCreate``). The mutations live in
:mod:`~desktop_app.demo_shop.resolvers_company_mutations`.
"""

from __future__ import annotations

import logging
from typing import Any, Unpack

from graphql import GraphQLResolveInfo

from desktop_app.demo_shop import pagination
from desktop_app.demo_shop.company_state import (
    PAYMENT_TERMS_TEMPLATES,
    Company,
    CompanyAddress,
    CompanyContact,
    CompanyLocation,
    PurchasingCompany,
)
from desktop_app.demo_shop.company_validation import Errors
from desktop_app.demo_shop.customer_state import Customer
from desktop_app.demo_shop.execution import (
    by_gid,
    context,
    gid_id,
    indexed_connection,
    named_fields,
    scoped_context,
    searched_connection,
    user_error,
)
from desktop_app.demo_shop.search import DateField, ExactField, NumberField, SearchField, TextField
from desktop_app.demo_shop.state import ShopState

logger = logging.getLogger(__name__)



# --- search ----------------------------------------------------------------------------------


def _named_record_fields() -> dict[str, SearchField]:
    """The search fields a company and a company location both have: name, external id, id
    and the two timestamps."""
    return {
        "name": TextField(lambda record: record.name),
        "external_id": ExactField(lambda record: record.external_id),
        "id": NumberField(lambda record: record.id),
        "created_at": DateField(lambda record: record.created_at),
        "updated_at": DateField(lambda record: record.updated_at),
    }


def company_search_fields() -> dict[str, SearchField]:
    """The search fields ``companies(query:)`` knows."""
    return {**_named_record_fields(), "since_date": DateField(lambda c: c.customer_since)}


def location_search_fields() -> dict[str, SearchField]:
    """The search fields ``companyLocations(query:)`` and ``Company.locations`` know."""
    return {**_named_record_fields(), "company_id": NumberField(lambda loc: loc.company_id)}


_COMPANY_DEFAULT = TextField(lambda c: c.name)
_LOCATION_DEFAULT = TextField(lambda loc: loc.name)

_LOCATION_SORT = {
    "NAME": lambda loc: loc.name.casefold(),
    "CREATED_AT": lambda loc: int(loc.created_at.timestamp()),
    "UPDATED_AT": lambda loc: int(loc.updated_at.timestamp()),
    "COMPANY_ID": lambda loc: loc.company_id,
}


# --- queries ---------------------------------------------------------------------------------


def find_company(state: ShopState, gid: str | None) -> Company | None:
    if gid is None:
        return None
    return by_gid(state.companies, gid, "Company")


def find_location(state: ShopState, gid: str | None) -> CompanyLocation | None:
    if gid is None:
        return None
    numeric = gid_id(gid, "CompanyLocation")
    return None if numeric is None else state.company_location(numeric)


def resolve_company(_root: Any, info: GraphQLResolveInfo, id: str) -> Company | None:  # noqa: A002
    return find_company(scoped_context(info, "read_companies").state, id)


def resolve_company_location(
    _root: Any, info: GraphQLResolveInfo, id: str  # noqa: A002
) -> CompanyLocation | None:
    return find_location(scoped_context(info, "read_companies").state, id)


def resolve_companies(
    _root: Any, info: GraphQLResolveInfo, **args: Unpack[pagination.ConnectionArgs]
) -> dict[str, Any]:
    state = scoped_context(info, "read_companies").state
    return indexed_connection(info, state.company_entries, state.companies, args,
                              company_search_fields(), _COMPANY_DEFAULT)


def resolve_company_locations(
    _root: Any, info: GraphQLResolveInfo, **args: Unpack[pagination.ConnectionArgs]
) -> dict[str, Any]:
    state = scoped_context(info, "read_companies").state
    every = [loc for company in state.companies.values() for loc in company.locations]
    return searched_connection(info, every, args, location_search_fields(), _LOCATION_DEFAULT,
                               _LOCATION_SORT)


def resolve_locations_of(
    company: Company, info: GraphQLResolveInfo, **args: Unpack[pagination.ConnectionArgs]
) -> dict[str, Any]:
    return searched_connection(info, company.locations, args, location_search_fields(),
                               _LOCATION_DEFAULT, _LOCATION_SORT)


def resolve_contacts_of(
    company: Company, _info: GraphQLResolveInfo, **args: Unpack[pagination.ConnectionArgs]
) -> dict[str, Any]:
    return pagination.list_page(company.contacts, args)


def resolve_payment_terms_templates(
    _root: Any, info: GraphQLResolveInfo, paymentTermsType: str | None = None  # noqa: N803
) -> list[Any]:
    # Shopify's catalogue is public shop configuration: no scope beyond a valid token.
    return [t for t in PAYMENT_TERMS_TEMPLATES
            if paymentTermsType is None or t.payment_terms_type == paymentTermsType]


def _company_of(info: GraphQLResolveInfo, company_id: int) -> Company:
    return context(info).state.companies[company_id]


def resolve_contact_customer(contact: CompanyContact, info: GraphQLResolveInfo) -> Customer:
    return context(info).state.customers[contact.customer_id]


def resolve_is_main_contact(contact: CompanyContact, info: GraphQLResolveInfo) -> bool:
    return _company_of(info, contact.company_id).main_contact_id == contact.id


def resolve_address_company_name(address: CompanyAddress, info: GraphQLResolveInfo) -> str:
    company = context(info).state.companies.get(address.company_id)
    return company.name if company else ""


def resolve_location_currency(_location: CompanyLocation, info: GraphQLResolveInfo) -> str:
    return context(info).state.shop.currency_code


def purchasing_company(state: ShopState, location_id: int,
                       contact_id: int | None) -> PurchasingCompany | None:
    """The ``PurchasingCompany`` of a B2B order, or None when its location is gone."""
    location = state.company_location(location_id)
    if location is None:
        return None
    company = state.companies[location.company_id]
    contact = None
    for candidate in company.contacts:
        if candidate.id == contact_id:
            contact = candidate
    return PurchasingCompany(company=company, location=location, contact=contact)


def b2b_order_fields(
    state: ShopState, location_gid: str, customer_id: int | None
) -> tuple[dict[str, Any], Errors]:
    """What ``orderCreate(order: {companyLocationId})`` sets on the new order.

    Returns:
        ``{"company_location_id", "company_contact_id", "customer_id"}`` and no errors, or
        the errors. The contact is the order customer's contact in that company, else the
        company's main contact; an order without a customer gets the contact's customer.
        (Field path and message not captured.)
    """
    location = find_location(state, location_gid)
    if location is None:
        return {}, [user_error(["order", "companyLocationId"], "Company location does not exist")]
    company = state.companies[location.company_id]
    contact = None
    if customer_id is not None:
        contact_id = state.contact_of_customer.get(customer_id)
        contact = next((c for c in company.contacts if c.id == contact_id), None)
    contact = contact or company.main_contact
    fields: dict[str, Any] = {
        "company_location_id": location.id,
        "company_contact_id": contact.id if contact else None,
    }
    if customer_id is None and contact is not None:
        fields["customer_id"] = contact.customer_id
    return fields, []


RESOLVERS: dict[tuple[str, str], Any] = {
    **named_fields("QueryRoot", resolve_companies, resolve_company, resolve_company_location,
                   resolve_company_locations, resolve_payment_terms_templates),
    ("Company", "locations"): resolve_locations_of,
    ("Company", "contacts"): resolve_contacts_of,
    ("CompanyContact", "customer"): resolve_contact_customer,
    ("CompanyContact", "company"): lambda c, info: _company_of(info, c.company_id),
    **named_fields("CompanyContact", resolve_is_main_contact),
    ("CompanyLocation", "company"): lambda loc, info: _company_of(info, loc.company_id),
    ("CompanyLocation", "currency"): resolve_location_currency,
    ("CompanyAddress", "companyName"): resolve_address_company_name,
    ("CompanyAddress", "address1"): lambda a, _info: a.address1 or "",
}
