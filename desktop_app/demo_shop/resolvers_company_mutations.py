"""Company (B2B) mutations, with Shopify's validations.

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
from typing import Any

from graphql import GraphQLResolveInfo

from desktop_app.demo_shop.company_state import Company, CompanyContact, CompanyLocation
from desktop_app.demo_shop.company_validation import (
    EMAIL_PATTERN,
    LOCALE_PATTERN,
    MAX_NAME,
    Errors,
    company_address,
    company_external_id_taken,
    contact_input_errors,
    external_id_errors,
    location_external_id_taken,
    make_contact,
    new_location,
    payment_terms_id,
    text_errors,
)
from desktop_app.demo_shop.execution import (
    Refusal,
    by_gid,
    gid_id,
    later_than,
    named_fields,
    refusable,
    scoped_context,
    user_error,
)
from desktop_app.demo_shop.resolvers_companies import find_company, find_location
from desktop_app.demo_shop.resolvers_customers import normalize_email
from desktop_app.demo_shop.search import normalize_phone
from desktop_app.demo_shop.state import ShopState

logger = logging.getLogger(__name__)


def _touch(state: ShopState, company: Company, now: Any) -> None:
    company.updated_at = later_than(company.updated_at, now)
    state.company_changed(company)


def _touch_location(state: ShopState, location: CompanyLocation, now: Any) -> None:
    location.updated_at = later_than(location.updated_at, now)
    _touch(state, state.companies[location.company_id], now)


def _company(state: ShopState, gid: str, missing: str = "Company does not exist.") -> Company:
    """The company the ``companyId`` argument names; a :class:`Refusal` saying ``missing``
    when none."""
    company = find_company(state, gid)
    if company is None:
        raise Refusal.of(["companyId"], missing, "RESOURCE_NOT_FOUND")
    return company


def _location(state: ShopState, gid: str, argument: str = "companyLocationId",
              missing: str = "Company location does not exist.") -> CompanyLocation:
    """The company location the ``argument`` names; a :class:`Refusal` on the field
    ``argument`` saying ``missing`` when none."""
    location = find_location(state, gid)
    if location is None:
        raise Refusal.of([argument], missing, "RESOURCE_NOT_FOUND")
    return location


def _require_input(input: dict[str, Any], message: str) -> None:  # noqa: A002
    """Refuse an input whose every value is null (``NO_INPUT``)."""
    if not any(value is not None for value in input.values()):
        raise Refusal.of(None, message, "NO_INPUT")


@refusable("company")
def company_create(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx = scoped_context(info, "write_companies")
    state = ctx.state
    data = input.get("company") or {}
    prefix = ["input", "company"]
    errors = []
    name = (data.get("name") or "").strip()
    if not name:
        errors.append(user_error([*prefix, "name"], "Name can't be blank", "BLANK"))
    errors += text_errors(data, prefix, note_key="notes")
    errors += external_id_errors(
        state, data.get("externalId"), [*prefix, "externalId"],
        taken=company_external_id_taken(state, data.get("externalId")),
    )
    contact_values: dict[str, Any] | None = None
    if input.get("companyContact") is not None:
        contact_values, contact_errors = contact_input_errors(
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
        location, location_errors = new_location(
            state, company, location_input, ["input", "companyLocation"], ctx.now, nested=True
        )
        errors += location_errors
    if errors or location is None:
        raise Refusal(errors)
    company.locations.append(location)
    if contact_values is not None:
        contact = make_contact(state, company, contact_values, ctx.now)
        company.main_contact_id = contact.id
    state.add_company(company)
    logger.debug("Created company %s", company.id)
    return {"company": company, "userErrors": []}


@refusable("company")
def company_update(_root: Any, info: GraphQLResolveInfo, companyId: str,  # noqa: N803
                   input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx = scoped_context(info, "write_companies")
    state = ctx.state
    # captured: b2b-company-mutation-validation (companyUpdate says it its own way)
    company = _company(state, companyId, "Resource requested does not exist.")
    prefix = ["input"]
    errors = []
    if "name" in input and not (input.get("name") or "").strip():
        errors.append(user_error([*prefix, "name"], "Name can't be blank", "BLANK"))
    errors += text_errors(input, prefix, note_key="notes")
    if "externalId" in input:
        errors += external_id_errors(
            state, input.get("externalId"), [*prefix, "externalId"],
            taken=company_external_id_taken(state, input.get("externalId"), company),
        )
    if errors:
        raise Refusal(errors)
    if "name" in input:
        company.name = input["name"].strip()
    if "note" in input:
        company.note = input["note"]
    if "externalId" in input:
        company.external_id = input["externalId"] or None
    _touch(state, company, ctx.now)
    return {"company": company, "userErrors": []}


@refusable("companyLocation")
def company_location_create(_root: Any, info: GraphQLResolveInfo, companyId: str,  # noqa: N803
                            input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx = scoped_context(info, "write_companies")
    state = ctx.state
    company = _company(state, companyId)
    _require_input(input, "Company location create input is empty.")
    location, errors = new_location(state, company, input, ["input"], ctx.now, nested=False)
    if errors or location is None:
        raise Refusal(errors)
    company.locations.append(location)
    _touch(state, company, ctx.now)
    return {"companyLocation": location, "userErrors": []}


@refusable("companyLocation")
def company_location_update(_root: Any, info: GraphQLResolveInfo,
                            companyLocationId: str,  # noqa: N803
                            input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx = scoped_context(info, "write_companies")
    state = ctx.state
    # captured: b2b-company-mutation-validation (on the input, not the id)
    location = _location(state, companyLocationId, "input", "The company location doesn't exist")
    company = state.companies[location.company_id]
    errors = text_errors(input, ["input"])
    if "externalId" in input:
        errors += external_id_errors(
            state, input.get("externalId"), ["input", "externalId"],
            taken=location_external_id_taken(company, input.get("externalId"), location),
        )
    phone = location.phone
    if "phone" in input:
        phone = (input.get("phone") or "").strip() or None
        if phone is not None:
            phone = normalize_phone(phone, state.shop.country_code)
            if phone is None:
                errors.append(user_error(["input", "phone"], "Phone is invalid", "INVALID"))
    experience = input.get("buyerExperienceConfiguration")
    terms_id = location.payment_terms_template_id
    if experience is not None:
        if not experience:
            errors.append(user_error(["input", "buyerExperienceConfiguration"], "Invalid input.",
                                     "INVALID_INPUT"))
        elif "paymentTermsTemplateId" in experience:
            terms_id, terms_errors = payment_terms_id(experience, ["input"])
            errors += terms_errors
    if errors:
        raise Refusal(errors)
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
    _touch_location(state, location, ctx.now)
    return {"companyLocation": location, "userErrors": []}


@refusable("companyContact")
def company_contact_create(_root: Any, info: GraphQLResolveInfo, companyId: str,  # noqa: N803
                           input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx = scoped_context(info, "write_companies")
    state = ctx.state
    company = _company(state, companyId)
    _require_input(input, "Company contact create input is empty.")
    values, errors = contact_input_errors(state, input, ["input"], whole=["input"])
    if errors:
        raise Refusal(errors)
    contact = make_contact(state, company, values, ctx.now)
    _touch(state, company, ctx.now)
    return {"companyContact": contact, "userErrors": []}


@refusable("companyContact")
def company_assign_customer_as_contact(_root: Any, info: GraphQLResolveInfo,
                                       companyId: str,  # noqa: N803
                                       customerId: str) -> dict[str, Any]:  # noqa: N803
    ctx = scoped_context(info, "write_companies")
    state = ctx.state
    company = _company(state, companyId)
    customer = by_gid(state.customers, customerId, "Customer")
    if customer is None:
        raise Refusal.of(["customerId"], "Customer does not exist.", "RESOURCE_NOT_FOUND")
    if customer.id in state.contact_of_customer:
        raise Refusal.of(["companyId"], "Customer is already associated with a company contact.",
                         "INVALID_INPUT")
    if not customer.email:
        raise Refusal.of(["companyId"], "Customer must have an email address.", "INVALID_INPUT")
    moment = later_than(None, ctx.now)
    contact = CompanyContact(id=state.new_id(), company_id=company.id, customer_id=customer.id,
                             created_at=moment, updated_at=moment, locale=customer.locale)
    company.contacts.append(contact)
    _touch(state, company, ctx.now)
    return {"companyContact": contact, "userErrors": []}


@refusable("company")
def company_assign_main_contact(_root: Any, info: GraphQLResolveInfo, companyId: str,  # noqa: N803
                                companyContactId: str) -> dict[str, Any]:  # noqa: N803
    ctx = scoped_context(info, "write_companies")
    state = ctx.state
    company = _company(state, companyId)
    numeric = gid_id(companyContactId, "CompanyContact")
    if numeric is None or all(c.id != numeric for c in company.contacts):
        # Not captured: Shopify's text for a contact of another company.
        raise Refusal.of(["companyContactId"],
                         "The company contact does not exist on this company.", "INVALID_INPUT")
    company.main_contact_id = numeric
    _touch(state, company, ctx.now)
    return {"company": company, "userErrors": []}


@refusable("addresses")
def company_location_assign_address(_root: Any, info: GraphQLResolveInfo,
                                    locationId: str,  # noqa: N803
                                    address: dict[str, Any],
                                    addressTypes: list[str]) -> dict[str, Any]:  # noqa: N803
    ctx = scoped_context(info, "write_companies")
    state = ctx.state
    location = _location(state, locationId, "locationId")
    if not addressTypes:
        # Not captured: Shopify's answer to an empty list of address types.
        raise Refusal.of(["addressTypes"], "Invalid input.", "INVALID_INPUT")
    first, errors = company_address(state, address, ["address"], location.company_id, ctx.now)
    if errors or first is None:
        raise Refusal(errors)
    assigned = []
    for kind in dict.fromkeys(addressTypes):
        new = first if not assigned else first.copy_as(state.new_id())
        if kind == "BILLING":
            location.billing_address = new
        else:
            location.shipping_address = new
        assigned.append(new)
    _touch_location(state, location, ctx.now)
    return {"addresses": assigned, "userErrors": []}


@refusable("companyLocation")
def company_location_tax_settings_update(_root: Any, info: GraphQLResolveInfo,
                                         companyLocationId: str,  # noqa: N803
                                         taxRegistrationId: str | None = None,  # noqa: N803
                                         taxExempt: bool | None = None,  # noqa: N803
                                         ) -> dict[str, Any]:
    ctx = scoped_context(info, "write_companies")
    location = _location(ctx.state, companyLocationId)
    if taxRegistrationId is not None:
        location.tax_registration_id = taxRegistrationId.strip() or None
    if taxExempt is not None:
        location.tax_exempt = taxExempt
    _touch_location(ctx.state, location, ctx.now)
    return {"companyLocation": location, "userErrors": []}


def _contact(state: ShopState, gid: str | None, missing: str = "Company contact does not exist."
             ) -> tuple[Company, CompanyContact]:
    """The company and contact ``companyContactId`` names; a :class:`Refusal` saying
    ``missing`` when none."""
    numeric = gid_id(gid, "CompanyContact") if gid is not None else None
    if numeric is not None:
        for company in state.companies.values():
            for contact in company.contacts:
                if contact.id == numeric:
                    return company, contact
    raise Refusal.of(["companyContactId"], missing, "RESOURCE_NOT_FOUND")


@refusable("companyContact")
def company_contact_update(_root: Any, info: GraphQLResolveInfo,
                           companyContactId: str,  # noqa: N803
                           input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx = scoped_context(info, "write_companies")
    state = ctx.state
    # captured: b2b-company-mutation-validation
    company, contact = _contact(state, companyContactId, "The company contact doesn't exist.")
    customer = state.customers[contact.customer_id]
    errors: Errors = []
    email, phone = customer.email, customer.phone
    if "email" in input:
        email = normalize_email(input.get("email"))
        if email is None or len(email) > MAX_NAME or not EMAIL_PATTERN.match(email):
            errors.append(user_error(["input", "email"], "Email is invalid", "INVALID"))
        elif state.email_owner.get(email, customer.id) != customer.id:
            errors.append(user_error(["input", "email"], "Email address has already been taken.",
                                     "TAKEN"))
    if "phone" in input:
        phone = None
        if (input.get("phone") or "").strip():
            phone = normalize_phone(input["phone"], state.shop.country_code)
            if phone is None:
                errors.append(user_error(["input", "phone"], "Phone is invalid", "INVALID"))
            elif state.phone_owner.get(phone, customer.id) != customer.id:
                errors.append(user_error(["input", "phone"], "Phone number has already been taken.",
                                         "TAKEN"))
    if input.get("locale") is not None and not LOCALE_PATTERN.match(input["locale"]):
        errors.append(user_error(["input", "locale"], "Invalid locale format.", "INVALID"))
    for key, label in (("firstName", "First name"), ("lastName", "Last name")):
        value = input.get(key)
        if isinstance(value, str) and len(value) > MAX_NAME:
            errors.append(user_error(["input", key],
                                     f"{label} is too long (maximum is 255 characters)",
                                     "TOO_LONG"))
    if errors:
        raise Refusal(errors)
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


RESOLVERS: dict[tuple[str, str], Any] = named_fields(
    "Mutation", company_create, company_update, company_location_create, company_location_update,
    company_contact_create, company_assign_customer_as_contact, company_assign_main_contact,
    company_location_assign_address, company_location_tax_settings_update, company_contact_update,
)
