"""Companies (B2B): queries, search fields, and the mutations with Shopify's validations.

Messages, field paths and codes are the ones real stores return (../shared/shopify/
captured-user-errors.json and the recorded b2b conformance answers); the few marked "not
captured" are our best reading of Shopify's behaviour. Facts the resolvers follow:

- ``companyCreate`` always makes one location: without ``companyLocation`` input, and also
  with one that has no name, the location is named after the company. Its contact becomes the
  company's main contact.
- ``companyLocationCreate`` names a location without a name after its shipping ``address1``
  (then the billing one, then the company).
- A contact is a customer: ``companyContact``/``companyContactCreate`` create one from the
  e-mail, names and phone; an e-mail already used by a company contact is "Email address has
  already been taken." and a phone of another customer "Phone number has already been
  taken.". An e-mail of a customer who is no contact yet attaches that customer (not
  captured; Shopify documents that a contact "is a customer").
- An unknown id is ``RESOURCE_NOT_FOUND`` "<Thing> does not exist." on its argument, as
  captured for companies and customers; the texts for a company location and a company
  contact follow that pattern (not captured).
- ``billingSameAsShipping: true`` together with a ``billingAddress`` is refused with
  ``INVALID_INPUT`` "Invalid input." on the billing address.
- ``companyLocationAssignAddress`` puts one new address in each slot ``addressTypes`` names
  (BILLING, SHIPPING), replacing what was there, and answers the new addresses; the address
  is validated as in ``companyLocationCreate``, under ``["address", ...]`` (not captured).
- ``companyLocationTaxSettingsUpdate`` changes only the arguments given; an empty tax
  registration id clears it.
- ``companyContactUpdate`` changes the contact's customer (names, e-mail, phone) and the
  contact's title and locale; an e-mail or phone of another customer is taken (texts as for
  ``companyContactCreate``).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from graphql import GraphQLResolveInfo

from desktop_app import geo
from desktop_app.demo_shop import pagination
from desktop_app.demo_shop.company_state import (
    PAYMENT_TERMS_BY_ID,
    PAYMENT_TERMS_TEMPLATES,
    Company,
    CompanyAddress,
    CompanyContact,
    CompanyLocation,
    PurchasingCompany,
)
from desktop_app.demo_shop.execution import (
    context,
    gid_id,
    later_than,
    require_scope,
    search,
    user_error,
)
from desktop_app.demo_shop.resolvers_customers import normalize_email
from desktop_app.demo_shop.search import (
    DateField,
    ExactField,
    NumberField,
    SearchField,
    TextField,
    normalize_phone,
)
from desktop_app.demo_shop.state import Customer, ShopState

logger = logging.getLogger(__name__)

MAX_NAME = 255
MAX_NOTE = 5000
MAX_EXTERNAL_ID = 64
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
#: Letters, digits and the special characters Shopify lists in its externalId message.
_EXTERNAL_ID = re.compile(r"^[A-Za-z0-9!@#$%^&*(){}\[\]\\/?<>_\-~,.;:'`\" ]*$")
EXTERNAL_ID_INVALID = (
    "External Id can only contain numbers, letters, and some special characters, including "
    "!@#$%^&*(){}[]\\/?<>_-~,.;:'`\""
)
Errors = list[dict[str, Any]]


def _error(field: list[str] | None, message: str, code: str) -> dict[str, Any]:
    return user_error(field, message, code)


# --- search ----------------------------------------------------------------------------------


def company_search_fields() -> dict[str, SearchField]:
    """The search fields ``companies(query:)`` knows."""
    return {
        "name": TextField(lambda c: c.name),
        "external_id": ExactField(lambda c: c.external_id),
        "id": NumberField(lambda c: c.id),
        "created_at": DateField(lambda c: c.created_at),
        "updated_at": DateField(lambda c: c.updated_at),
        "since_date": DateField(lambda c: c.customer_since),
    }


def location_search_fields() -> dict[str, SearchField]:
    """The search fields ``companyLocations(query:)`` and ``Company.locations`` know."""
    return {
        "name": TextField(lambda loc: loc.name),
        "external_id": ExactField(lambda loc: loc.external_id),
        "company_id": NumberField(lambda loc: loc.company_id),
        "id": NumberField(lambda loc: loc.id),
        "created_at": DateField(lambda loc: loc.created_at),
        "updated_at": DateField(lambda loc: loc.updated_at),
    }


_COMPANY_DEFAULT = TextField(lambda c: c.name)
_LOCATION_DEFAULT = TextField(lambda loc: loc.name)

_LOCATION_SORT = {
    "NAME": lambda loc: loc.name.casefold(),
    "CREATED_AT": lambda loc: int(loc.created_at.timestamp()),
    "UPDATED_AT": lambda loc: int(loc.updated_at.timestamp()),
    "COMPANY_ID": lambda loc: loc.company_id,
}


# --- queries ---------------------------------------------------------------------------------


def _find_company(state: ShopState, gid: str | None) -> Company | None:
    if gid is None:
        return None
    numeric = gid_id(gid, "Company")
    return None if numeric is None else state.companies.get(numeric)


def _find_location(state: ShopState, gid: str | None) -> CompanyLocation | None:
    if gid is None:
        return None
    numeric = gid_id(gid, "CompanyLocation")
    return None if numeric is None else state.company_location(numeric)


def resolve_company(_root: Any, info: GraphQLResolveInfo, id: str) -> Company | None:  # noqa: A002
    require_scope(info, "read_companies")
    return _find_company(context(info).state, id)


def resolve_company_location(
    _root: Any, info: GraphQLResolveInfo, id: str  # noqa: A002
) -> CompanyLocation | None:
    require_scope(info, "read_companies")
    return _find_location(context(info).state, id)


def resolve_companies(
    _root: Any,
    info: GraphQLResolveInfo,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    reverse: bool = False,
    sortKey: str = "ID",  # noqa: N803 (GraphQL argument name)
    query: str | None = None,
) -> dict[str, Any]:
    require_scope(info, "read_companies")
    state = context(info).state
    pagination.check_window(first, last)
    predicate = search(info, query, company_search_fields(), _COMPANY_DEFAULT)
    companies = state.companies
    match = None if predicate is None else (lambda cid: predicate(companies[cid]))
    page = pagination.page_entries(
        state.company_entries(sortKey), first=first, after=after, last=last, before=before,
        reverse=reverse, match=match,
    )
    return pagination.connection(page, companies.__getitem__)


def _location_connection(
    info: GraphQLResolveInfo,
    locations: list[CompanyLocation],
    *,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    reverse: bool,
    sort_key: str,
    query: str | None,
) -> dict[str, Any]:
    pagination.check_window(first, last)
    predicate = search(info, query, location_search_fields(), _LOCATION_DEFAULT)
    chosen = locations if predicate is None else [loc for loc in locations if predicate(loc)]
    key = _LOCATION_SORT.get(sort_key, lambda loc: loc.id)
    return pagination.list_connection(
        chosen, first=first, after=after, last=last, before=before, reverse=reverse, key=key
    )


def resolve_company_locations(
    _root: Any,
    info: GraphQLResolveInfo,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    reverse: bool = False,
    sortKey: str = "ID",  # noqa: N803
    query: str | None = None,
) -> dict[str, Any]:
    require_scope(info, "read_companies")
    state = context(info).state
    every = [loc for company in state.companies.values() for loc in company.locations]
    return _location_connection(info, every, first=first, after=after, last=last,
                                before=before, reverse=reverse, sort_key=sortKey, query=query)


def resolve_locations_of(
    company: Company,
    info: GraphQLResolveInfo,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    reverse: bool = False,
    sortKey: str = "ID",  # noqa: N803
    query: str | None = None,
) -> dict[str, Any]:
    return _location_connection(info, company.locations, first=first, after=after, last=last,
                                before=before, reverse=reverse, sort_key=sortKey, query=query)


def resolve_contacts_of(
    company: Company,
    _info: GraphQLResolveInfo,
    first: int | None = None,
    after: str | None = None,
    last: int | None = None,
    before: str | None = None,
    reverse: bool = False,
    sortKey: str = "ID",  # noqa: N803
    query: str | None = None,
) -> dict[str, Any]:
    return pagination.list_connection(
        company.contacts, first=first, after=after, last=last, before=before, reverse=reverse
    )


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
    location = _find_location(state, location_gid)
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


# --- validation ------------------------------------------------------------------------------


def _text_errors(data: dict[str, Any], prefix: list[str], *, note_key: str = "note",
                 note_label: str = "Notes") -> Errors:
    errors: Errors = []
    name = data.get("name")
    if isinstance(name, str) and len(name.strip()) > MAX_NAME:
        errors.append(_error([*prefix, "name"], "Name is too long (maximum is 255 characters)",
                             "TOO_LONG"))
    note = data.get("note")
    if isinstance(note, str) and len(note) > MAX_NOTE:
        errors.append(_error([*prefix, note_key],
                             f"{note_label} is too long (maximum is 5000 characters)", "TOO_LONG"))
    return errors


def _external_id_errors(state: ShopState, value: Any, path: list[str], *,
                        taken: bool) -> Errors:
    if value is None:
        return []
    if len(value) > MAX_EXTERNAL_ID:
        return [_error(path, "External Id must be 64 characters or less.", "TOO_LONG")]
    if not _EXTERNAL_ID.match(value):
        return [_error(path, EXTERNAL_ID_INVALID, "INVALID")]
    if taken:
        return [_error(path, "External id has already been taken.", "TAKEN")]
    return []


def _company_external_id_taken(state: ShopState, value: str | None,
                               own: Company | None = None) -> bool:
    return bool(value) and any(
        c.external_id == value and c is not own for c in state.companies.values()
    )


def _location_external_id_taken(company: Company | None, value: str | None,
                                own: CompanyLocation | None = None) -> bool:
    if not value or company is None:
        return False
    return any(loc.external_id == value and loc is not own for loc in company.locations)


_ADDRESS_KEYS = {
    "address1": ("address1", "Address1"),
    "address2": ("address2", "Address2"),
    "city": ("city", "City"),
    "zip": ("zip", "Zip"),
    "recipient": ("recipient", "Recipient"),
    "firstName": ("first_name", "First name"),
    "lastName": ("last_name", "Last name"),
}


def _address(state: ShopState, raw: dict[str, Any], prefix: list[str], company_id: int,
             now: Any) -> tuple[CompanyAddress | None, Errors]:
    """A CompanyAddress from CompanyAddressInput, or the errors."""
    errors: Errors = []
    values: dict[str, Any] = {}
    for key, (attr, label) in _ADDRESS_KEYS.items():
        value = raw.get(key)
        value = value.strip() if isinstance(value, str) else value
        if value and (len(value) > MAX_NAME or "<" in value or ">" in value):
            errors.append(_error([*prefix, key], f"{label} is invalid", "INVALID"))
        values[attr] = value or None
    country = geo.country(raw.get("countryCode"))
    if country is None:
        errors.append(_error([*prefix, "countryCode"], "Country code is invalid", "INVALID"))
    else:
        values["country_code"] = country.code
        zone = (raw.get("zoneCode") or "").strip().upper() or None
        if zone and country.provinces and geo.province_code(country.code, zone) is None:
            errors.append(_error([*prefix, "zoneCode"], "Zone code is invalid", "INVALID"))
        values["zone_code"] = geo.province_code(country.code, zone) if zone and country.provinces else None
    phone = (raw.get("phone") or "").strip()
    if phone:
        normalized = normalize_phone(phone, values.get("country_code") or state.shop.country_code)
        if normalized is None:
            errors.append(_error([*prefix, "phone"], "Phone is invalid", "INVALID"))
        values["phone"] = normalized
    if errors:
        return None, errors
    moment = later_than(None, now)
    return CompanyAddress(id=state.new_id(), created_at=moment, updated_at=moment,
                          company_id=company_id, **values), []


def _payment_terms_id(raw: dict[str, Any] | None, prefix: list[str]) -> tuple[int | None, Errors]:
    if not raw or raw.get("paymentTermsTemplateId") is None:
        return None, []
    numeric = gid_id(raw["paymentTermsTemplateId"], "PaymentTermsTemplate")
    if numeric is None or numeric not in PAYMENT_TERMS_BY_ID:
        # Not captured: Shopify's text for an unknown template.
        return None, [_error([*prefix, "buyerExperienceConfiguration", "paymentTermsTemplateId"],
                             "Payment terms template does not exist.", "RESOURCE_NOT_FOUND")]
    return numeric, []


def _new_location(
    state: ShopState, company: Company, raw: dict[str, Any], prefix: list[str], now: Any,
    *, nested: bool,
) -> tuple[CompanyLocation | None, Errors]:
    """A location from CompanyLocationInput (not yet attached), or the errors."""
    errors = _text_errors(raw, prefix)
    errors += _external_id_errors(
        state, raw.get("externalId"), [*prefix, "externalId"],
        taken=_location_external_id_taken(company, raw.get("externalId")),
    )
    phone = (raw.get("phone") or "").strip() or None
    if phone is not None:
        phone = normalize_phone(phone, state.shop.country_code)
        if phone is None:
            errors.append(_error([*prefix, "phone"], "Phone is invalid", "INVALID"))
    if raw.get("locale") is not None and not _LOCALE.match(raw["locale"]):
        errors.append(_error([*prefix, "locale"], "Invalid locale format.", "INVALID"))
    same = bool(raw.get("billingSameAsShipping"))
    if same and raw.get("billingAddress") is not None:
        errors.append(_error([*prefix, "billingAddress"], "Invalid input.", "INVALID_INPUT"))
    shipping = billing = None
    if raw.get("shippingAddress") is not None:
        shipping, address_errors = _address(state, raw["shippingAddress"],
                                            [*prefix, "shippingAddress"], company.id, now)
        errors += address_errors
    if raw.get("billingAddress") is not None and not same:
        billing, address_errors = _address(state, raw["billingAddress"],
                                           [*prefix, "billingAddress"], company.id, now)
        errors += address_errors
    terms_id, terms_errors = _payment_terms_id(raw.get("buyerExperienceConfiguration"), prefix)
    errors += terms_errors
    if errors:
        return None, errors
    if same and shipping is not None:
        billing = shipping.copy_as(state.new_id())
    name = (raw.get("name") or "").strip()
    if not name and not nested:
        name = next((a.address1 for a in (shipping, billing) if a and a.address1), "")
    name = name or company.name
    experience = raw.get("buyerExperienceConfiguration") or {}
    moment = later_than(None, now)
    location = CompanyLocation(
        id=state.new_id(), company_id=company.id, name=name, created_at=moment,
        updated_at=moment, external_id=raw.get("externalId") or None,
        note=raw.get("note"), phone=phone, locale=raw.get("locale") or "en",
        tax_registration_id=(raw.get("taxRegistrationId") or "").strip() or None,
        tax_exempt=bool(raw.get("taxExempt")), payment_terms_template_id=terms_id,
        checkout_to_draft=bool(experience.get("checkoutToDraft")),
        editable_shipping_address=bool(experience.get("editableShippingAddress")),
        billing_address=billing, shipping_address=shipping,
    )
    return location, []


def _contact_errors(
    state: ShopState, raw: dict[str, Any], prefix: list[str], *, whole: list[str]
) -> tuple[dict[str, Any], Errors]:
    """Validate CompanyContactInput: the cleaned values and the errors."""
    errors: Errors = []
    email = normalize_email(raw.get("email"))
    if email is None:
        return {}, [_error(whole, "Either the attribute email or customer_id must be provided",
                           "INVALID")]
    if len(email) > MAX_NAME or not _EMAIL.match(email):
        errors.append(_error([*prefix, "email"], "Email is invalid", "INVALID"))
    else:
        owner = state.email_owner.get(email)
        if owner is not None and owner in state.contact_of_customer:
            errors.append(_error([*prefix, "email"], "Email address has already been taken.",
                                 "TAKEN"))
    phone = None
    if (raw.get("phone") or "").strip():
        phone = normalize_phone(raw["phone"], state.shop.country_code)
        if phone is None:
            errors.append(_error([*prefix, "phone"], "Phone is invalid", "INVALID"))
        else:
            owner = state.phone_owner.get(phone)
            if owner is not None and state.customers[owner].email != email:
                errors.append(_error([*prefix, "phone"], "Phone number has already been taken.",
                                     "TAKEN"))
    if raw.get("locale") is not None and not _LOCALE.match(raw["locale"]):
        errors.append(_error([*prefix, "locale"], "Invalid locale format.", "INVALID"))
    for key, label in (("firstName", "First name"), ("lastName", "Last name")):
        value = raw.get(key)
        if isinstance(value, str) and len(value) > MAX_NAME:
            errors.append(_error([*prefix, key], f"{label} is too long (maximum is 255 characters)",
                                 "TOO_LONG"))
    values = {"email": email, "phone": phone, "first_name": (raw.get("firstName") or "").strip()
              or None, "last_name": (raw.get("lastName") or "").strip() or None,
              "title": raw.get("title"), "locale": raw.get("locale") or "en"}
    return values, errors


def _make_contact(state: ShopState, company: Company, values: dict[str, Any],
                  now: Any) -> CompanyContact:
    """A contact for ``values`` (validated): the customer with that e-mail, else a new one."""
    moment = later_than(None, now)
    owner = state.email_owner.get(values["email"])
    if owner is None:
        customer = Customer(id=state.new_id(), created_at=moment, updated_at=moment,
                            first_name=values["first_name"], last_name=values["last_name"],
                            email=values["email"], phone=values["phone"],
                            locale=values["locale"])
        state.add_customer(customer)
        owner = customer.id
    contact = CompanyContact(id=state.new_id(), company_id=company.id, customer_id=owner,
                             created_at=moment, updated_at=moment, title=values["title"],
                             locale=values["locale"])
    company.contacts.append(contact)
    return contact


def _touch(state: ShopState, company: Company, now: Any) -> None:
    company.updated_at = later_than(company.updated_at, now)
    state.company_changed(company)


# --- mutations -------------------------------------------------------------------------------


def company_create(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    require_scope(info, "write_companies")
    ctx = context(info)
    state = ctx.state
    data = input.get("company") or {}
    prefix = ["input", "company"]
    errors = []
    name = (data.get("name") or "").strip()
    if not name:
        errors.append(_error([*prefix, "name"], "Name can't be blank", "BLANK"))
    errors += _text_errors(data, prefix, note_key="notes")
    errors += _external_id_errors(
        state, data.get("externalId"), [*prefix, "externalId"],
        taken=_company_external_id_taken(state, data.get("externalId")),
    )
    contact_values: dict[str, Any] | None = None
    if input.get("companyContact") is not None:
        contact_values, contact_errors = _contact_errors(
            state, input["companyContact"], ["input", "companyContact"],
            whole=["input", "companyContact"],
        )
        errors += contact_errors
    moment = later_than(None, ctx.now)
    company = Company(id=0, name=name, created_at=moment, updated_at=moment,
                      customer_since=moment, external_id=data.get("externalId") or None,
                      note=data.get("note"))
    location_input = input.get("companyLocation") or {}
    location = None
    if not errors:
        company.id = state.new_id()
        location, location_errors = _new_location(
            state, company, location_input, ["input", "companyLocation"], ctx.now, nested=True
        )
        errors += location_errors
    if errors or location is None:
        return {"company": None, "userErrors": errors}
    company.locations.append(location)
    if contact_values is not None:
        contact = _make_contact(state, company, contact_values, ctx.now)
        company.main_contact_id = contact.id
    state.add_company(company)
    logger.debug("Created company %s", company.id)
    return {"company": company, "userErrors": []}


def company_update(_root: Any, info: GraphQLResolveInfo, companyId: str,  # noqa: N803
                   input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    require_scope(info, "write_companies")
    ctx = context(info)
    state = ctx.state
    company = _find_company(state, companyId)
    if company is None:
        return {"company": None, "userErrors": [
            _error(["companyId"], "Company does not exist.", "RESOURCE_NOT_FOUND")]}
    prefix = ["input"]
    errors = []
    if "name" in input and not (input.get("name") or "").strip():
        errors.append(_error([*prefix, "name"], "Name can't be blank", "BLANK"))
    errors += _text_errors(input, prefix, note_key="notes")
    if "externalId" in input:
        errors += _external_id_errors(
            state, input.get("externalId"), [*prefix, "externalId"],
            taken=_company_external_id_taken(state, input.get("externalId"), company),
        )
    if errors:
        return {"company": None, "userErrors": errors}
    if "name" in input:
        company.name = input["name"].strip()
    if "note" in input:
        company.note = input["note"]
    if "externalId" in input:
        company.external_id = input["externalId"] or None
    _touch(state, company, ctx.now)
    return {"company": company, "userErrors": []}


def company_location_create(_root: Any, info: GraphQLResolveInfo, companyId: str,  # noqa: N803
                            input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    require_scope(info, "write_companies")
    ctx = context(info)
    state = ctx.state
    company = _find_company(state, companyId)
    if company is None:
        return {"companyLocation": None, "userErrors": [
            _error(["companyId"], "Company does not exist.", "RESOURCE_NOT_FOUND")]}
    if not any(value is not None for value in input.values()):
        return {"companyLocation": None, "userErrors": [
            _error(None, "Company location create input is empty.", "NO_INPUT")]}
    location, errors = _new_location(state, company, input, ["input"], ctx.now, nested=False)
    if errors or location is None:
        return {"companyLocation": None, "userErrors": errors}
    company.locations.append(location)
    _touch(state, company, ctx.now)
    return {"companyLocation": location, "userErrors": []}


def company_location_update(_root: Any, info: GraphQLResolveInfo,
                            companyLocationId: str,  # noqa: N803
                            input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    require_scope(info, "write_companies")
    ctx = context(info)
    state = ctx.state
    location = _find_location(state, companyLocationId)
    if location is None:
        return {"companyLocation": None, "userErrors": [
            _error(["companyLocationId"], "Company location does not exist.",
                   "RESOURCE_NOT_FOUND")]}
    company = state.companies[location.company_id]
    errors = _text_errors(input, ["input"])
    if "externalId" in input:
        errors += _external_id_errors(
            state, input.get("externalId"), ["input", "externalId"],
            taken=_location_external_id_taken(company, input.get("externalId"), location),
        )
    phone = location.phone
    if "phone" in input:
        phone = (input.get("phone") or "").strip() or None
        if phone is not None:
            phone = normalize_phone(phone, state.shop.country_code)
            if phone is None:
                errors.append(_error(["input", "phone"], "Phone is invalid", "INVALID"))
    experience = input.get("buyerExperienceConfiguration")
    terms_id = location.payment_terms_template_id
    if experience is not None:
        if not experience:
            errors.append(_error(["input", "buyerExperienceConfiguration"], "Invalid input.",
                                 "INVALID_INPUT"))
        elif "paymentTermsTemplateId" in experience:
            terms_id, terms_errors = _payment_terms_id(experience, ["input"])
            errors += terms_errors
    if errors:
        return {"companyLocation": None, "userErrors": errors}
    if (input.get("name") or "").strip():
        location.name = input["name"].strip()
    if "note" in input:
        location.note = input["note"]
    if "externalId" in input:
        location.external_id = input["externalId"] or None
    if input.get("locale"):
        location.locale = input["locale"]
    location.phone = phone
    if experience:
        location.payment_terms_template_id = terms_id
        if experience.get("checkoutToDraft") is not None:
            location.checkout_to_draft = bool(experience["checkoutToDraft"])
        if experience.get("editableShippingAddress") is not None:
            location.editable_shipping_address = bool(experience["editableShippingAddress"])
    location.updated_at = later_than(location.updated_at, ctx.now)
    _touch(state, company, ctx.now)
    return {"companyLocation": location, "userErrors": []}


def company_contact_create(_root: Any, info: GraphQLResolveInfo, companyId: str,  # noqa: N803
                           input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    require_scope(info, "write_companies")
    ctx = context(info)
    state = ctx.state
    company = _find_company(state, companyId)
    if company is None:
        return {"companyContact": None, "userErrors": [
            _error(["companyId"], "Company does not exist.", "RESOURCE_NOT_FOUND")]}
    if not any(value is not None for value in input.values()):
        return {"companyContact": None, "userErrors": [
            _error(None, "Company contact create input is empty.", "NO_INPUT")]}
    values, errors = _contact_errors(state, input, ["input"], whole=["input"])
    if errors:
        return {"companyContact": None, "userErrors": errors}
    contact = _make_contact(state, company, values, ctx.now)
    _touch(state, company, ctx.now)
    return {"companyContact": contact, "userErrors": []}


def company_assign_customer_as_contact(_root: Any, info: GraphQLResolveInfo,
                                       companyId: str,  # noqa: N803
                                       customerId: str) -> dict[str, Any]:  # noqa: N803
    require_scope(info, "write_companies")
    ctx = context(info)
    state = ctx.state

    def failed(field: str, message: str, code: str) -> dict[str, Any]:
        return {"companyContact": None, "userErrors": [_error([field], message, code)]}

    company = _find_company(state, companyId)
    if company is None:
        return failed("companyId", "Company does not exist.", "RESOURCE_NOT_FOUND")
    numeric = gid_id(customerId, "Customer")
    customer = state.customers.get(numeric) if numeric is not None else None
    if customer is None:
        return failed("customerId", "Customer does not exist.", "RESOURCE_NOT_FOUND")
    if customer.id in state.contact_of_customer:
        return failed("companyId", "Customer is already associated with a company contact.",
                      "INVALID_INPUT")
    if not customer.email:
        return failed("companyId", "Customer must have an email address.", "INVALID_INPUT")
    moment = later_than(None, ctx.now)
    contact = CompanyContact(id=state.new_id(), company_id=company.id, customer_id=customer.id,
                             created_at=moment, updated_at=moment, locale=customer.locale)
    company.contacts.append(contact)
    _touch(state, company, ctx.now)
    return {"companyContact": contact, "userErrors": []}


def company_assign_main_contact(_root: Any, info: GraphQLResolveInfo, companyId: str,  # noqa: N803
                                companyContactId: str) -> dict[str, Any]:  # noqa: N803
    require_scope(info, "write_companies")
    ctx = context(info)
    state = ctx.state
    company = _find_company(state, companyId)
    if company is None:
        return {"company": None, "userErrors": [
            _error(["companyId"], "Company does not exist.", "RESOURCE_NOT_FOUND")]}
    numeric = gid_id(companyContactId, "CompanyContact")
    if numeric is None or all(c.id != numeric for c in company.contacts):
        # Not captured: Shopify's text for a contact of another company.
        return {"company": None, "userErrors": [
            _error(["companyContactId"], "The company contact does not exist on this company.",
                   "INVALID_INPUT")]}
    company.main_contact_id = numeric
    _touch(state, company, ctx.now)
    return {"company": company, "userErrors": []}


def company_location_assign_address(_root: Any, info: GraphQLResolveInfo,
                                    locationId: str,  # noqa: N803
                                    address: dict[str, Any],
                                    addressTypes: list[str]) -> dict[str, Any]:  # noqa: N803
    require_scope(info, "write_companies")
    ctx = context(info)
    state = ctx.state
    location = _find_location(state, locationId)
    if location is None:
        return {"addresses": None, "userErrors": [
            _error(["locationId"], "Company location does not exist.", "RESOURCE_NOT_FOUND")]}
    if not addressTypes:
        # Not captured: Shopify's answer to an empty list of address types.
        return {"addresses": None, "userErrors": [
            _error(["addressTypes"], "Invalid input.", "INVALID_INPUT")]}
    company = state.companies[location.company_id]
    first, errors = _address(state, address, ["address"], company.id, ctx.now)
    if errors or first is None:
        return {"addresses": None, "userErrors": errors}
    assigned = []
    for kind in dict.fromkeys(addressTypes):
        new = first if not assigned else first.copy_as(state.new_id())
        if kind == "BILLING":
            location.billing_address = new
        else:
            location.shipping_address = new
        assigned.append(new)
    location.updated_at = later_than(location.updated_at, ctx.now)
    _touch(state, company, ctx.now)
    return {"addresses": assigned, "userErrors": []}


def company_location_tax_settings_update(_root: Any, info: GraphQLResolveInfo,
                                         companyLocationId: str,  # noqa: N803
                                         taxRegistrationId: str | None = None,  # noqa: N803
                                         taxExempt: bool | None = None,  # noqa: N803
                                         ) -> dict[str, Any]:
    require_scope(info, "write_companies")
    ctx = context(info)
    state = ctx.state
    location = _find_location(state, companyLocationId)
    if location is None:
        return {"companyLocation": None, "userErrors": [
            _error(["companyLocationId"], "Company location does not exist.",
                   "RESOURCE_NOT_FOUND")]}
    if taxRegistrationId is not None:
        location.tax_registration_id = taxRegistrationId.strip() or None
    if taxExempt is not None:
        location.tax_exempt = taxExempt
    location.updated_at = later_than(location.updated_at, ctx.now)
    _touch(state, state.companies[location.company_id], ctx.now)
    return {"companyLocation": location, "userErrors": []}


def _find_contact(state: ShopState, gid: str | None) -> tuple[Company, CompanyContact] | None:
    numeric = gid_id(gid, "CompanyContact") if gid is not None else None
    if numeric is None:
        return None
    for company in state.companies.values():
        for contact in company.contacts:
            if contact.id == numeric:
                return company, contact
    return None


def company_contact_update(_root: Any, info: GraphQLResolveInfo,
                           companyContactId: str,  # noqa: N803
                           input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    require_scope(info, "write_companies")
    ctx = context(info)
    state = ctx.state
    found = _find_contact(state, companyContactId)
    if found is None:
        return {"companyContact": None, "userErrors": [
            _error(["companyContactId"], "Company contact does not exist.",
                   "RESOURCE_NOT_FOUND")]}
    company, contact = found
    customer = state.customers[contact.customer_id]
    errors: Errors = []
    email, phone = customer.email, customer.phone
    if "email" in input:
        email = normalize_email(input.get("email"))
        if email is None or len(email) > MAX_NAME or not _EMAIL.match(email):
            errors.append(_error(["input", "email"], "Email is invalid", "INVALID"))
        elif state.email_owner.get(email, customer.id) != customer.id:
            errors.append(_error(["input", "email"], "Email address has already been taken.",
                                 "TAKEN"))
    if "phone" in input:
        phone = None
        if (input.get("phone") or "").strip():
            phone = normalize_phone(input["phone"], state.shop.country_code)
            if phone is None:
                errors.append(_error(["input", "phone"], "Phone is invalid", "INVALID"))
            elif state.phone_owner.get(phone, customer.id) != customer.id:
                errors.append(_error(["input", "phone"], "Phone number has already been taken.",
                                     "TAKEN"))
    if input.get("locale") is not None and not _LOCALE.match(input["locale"]):
        errors.append(_error(["input", "locale"], "Invalid locale format.", "INVALID"))
    for key, label in (("firstName", "First name"), ("lastName", "Last name")):
        value = input.get(key)
        if isinstance(value, str) and len(value) > MAX_NAME:
            errors.append(_error(["input", key],
                                 f"{label} is too long (maximum is 255 characters)", "TOO_LONG"))
    if errors:
        return {"companyContact": None, "userErrors": errors}
    old_email, old_phone = customer.email, customer.phone
    customer.email, customer.phone = email, phone
    for key, attr in (("firstName", "first_name"), ("lastName", "last_name")):
        if key in input:
            setattr(customer, attr, (input.get(key) or "").strip() or None)
    if "title" in input:
        contact.title = input["title"]
    if input.get("locale"):
        contact.locale = input["locale"]
    customer.updated_at = later_than(customer.updated_at, ctx.now)
    state.customer_changed(customer, old_email, old_phone)
    contact.updated_at = later_than(contact.updated_at, ctx.now)
    _touch(state, company, ctx.now)
    return {"companyContact": contact, "userErrors": []}


RESOLVERS: dict[tuple[str, str], Any] = {
    ("QueryRoot", "companies"): resolve_companies,
    ("QueryRoot", "company"): resolve_company,
    ("QueryRoot", "companyLocation"): resolve_company_location,
    ("QueryRoot", "companyLocations"): resolve_company_locations,
    ("QueryRoot", "paymentTermsTemplates"): resolve_payment_terms_templates,
    ("Company", "locations"): resolve_locations_of,
    ("Company", "contacts"): resolve_contacts_of,
    ("CompanyContact", "customer"): resolve_contact_customer,
    ("CompanyContact", "company"): lambda c, info: _company_of(info, c.company_id),
    ("CompanyContact", "isMainContact"): resolve_is_main_contact,
    ("CompanyLocation", "company"): lambda loc, info: _company_of(info, loc.company_id),
    ("CompanyLocation", "currency"): resolve_location_currency,
    ("CompanyAddress", "companyName"): resolve_address_company_name,
    ("CompanyAddress", "address1"): lambda a, _info: a.address1 or "",
    ("Mutation", "companyCreate"): company_create,
    ("Mutation", "companyUpdate"): company_update,
    ("Mutation", "companyLocationCreate"): company_location_create,
    ("Mutation", "companyLocationUpdate"): company_location_update,
    ("Mutation", "companyContactCreate"): company_contact_create,
    ("Mutation", "companyAssignCustomerAsContact"): company_assign_customer_as_contact,
    ("Mutation", "companyAssignMainContact"): company_assign_main_contact,
    ("Mutation", "companyLocationAssignAddress"): company_location_assign_address,
    ("Mutation", "companyLocationTaxSettingsUpdate"): company_location_tax_settings_update,
    ("Mutation", "companyContactUpdate"): company_contact_update,
}
