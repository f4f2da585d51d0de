"""The checks of the company (B2B) mutations' input, and the records they build from it
(a location with its addresses, a contact and its customer): lists of ``userErrors`` with
Shopify's messages, field paths and codes (see
:mod:`~desktop_app.demo_shop.resolvers_company_mutations`).
"""

from __future__ import annotations

import re
from typing import Any

from desktop_app import geo
from desktop_app.demo_shop.company_state import (
    PAYMENT_TERMS_BY_ID,
    Company,
    CompanyAddress,
    CompanyContact,
    CompanyLocation,
)
from desktop_app.demo_shop.customer_state import Customer
from desktop_app.demo_shop.execution import gid_id, later_than, user_error
from desktop_app.demo_shop.resolvers_customers import normalize_email
from desktop_app.demo_shop.search import normalize_phone
from desktop_app.demo_shop.state import ShopState

#: A mutation's ``userErrors``.
Errors = list[dict[str, Any]]
MAX_NAME = 255
MAX_NOTE = 5000
MAX_EXTERNAL_ID = 64
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
LOCALE_PATTERN = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
#: Letters, digits and the special characters Shopify lists in its externalId message.
_EXTERNAL_ID = re.compile(r"^[A-Za-z0-9!@#$%^&*(){}\[\]\\/?<>_\-~,.;:'`\" ]*$")
EXTERNAL_ID_INVALID = (
    "External Id can only contain numbers, letters, and some special characters, including "
    "!@#$%^&*(){}[]\\/?<>_-~,.;:'`\""
)


def text_errors(data: dict[str, Any], prefix: list[str], *, note_key: str = "note",
                note_label: str = "Notes") -> Errors:
    errors: Errors = []
    name = data.get("name")
    if isinstance(name, str) and len(name.strip()) > MAX_NAME:
        errors.append(user_error([*prefix, "name"], "Name is too long (maximum is 255 characters)",
                                 "TOO_LONG"))
    note = data.get("note")
    if isinstance(note, str) and len(note) > MAX_NOTE:
        errors.append(user_error([*prefix, note_key],
                                 f"{note_label} is too long (maximum is 5000 characters)",
                                 "TOO_LONG"))
    return errors


def external_id_errors(state: ShopState, value: Any, path: list[str], *,
                       taken: bool) -> Errors:
    if value is None:
        return []
    if len(value) > MAX_EXTERNAL_ID:
        return [user_error(path, "External Id must be 64 characters or less.", "TOO_LONG")]
    if not _EXTERNAL_ID.match(value):
        return [user_error(path, EXTERNAL_ID_INVALID, "INVALID")]
    if taken:
        return [user_error(path, "External id has already been taken.", "TAKEN")]
    return []


def company_external_id_taken(state: ShopState, value: str | None,
                              own: Company | None = None) -> bool:
    return bool(value) and any(
        c.external_id == value and c is not own for c in state.companies.values()
    )


def location_external_id_taken(company: Company | None, value: str | None,
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


def company_address(state: ShopState, raw: dict[str, Any], prefix: list[str], company_id: int,
                    now: Any) -> tuple[CompanyAddress | None, Errors]:
    """A CompanyAddress from CompanyAddressInput, or the errors."""
    errors: Errors = []
    values: dict[str, Any] = {}
    for key, (attr, label) in _ADDRESS_KEYS.items():
        value = raw.get(key)
        value = value.strip() if isinstance(value, str) else value
        if value and (len(value) > MAX_NAME or "<" in value or ">" in value):
            errors.append(user_error([*prefix, key], f"{label} is invalid", "INVALID"))
        values[attr] = value or None
    country = geo.country(raw.get("countryCode"))
    if country is None:
        errors.append(user_error([*prefix, "countryCode"], "Country code is invalid", "INVALID"))
    else:
        values["country_code"] = country.code
        zone = (raw.get("zoneCode") or "").strip().upper() or None
        if zone and country.provinces and geo.province_code(country.code, zone) is None:
            errors.append(user_error([*prefix, "zoneCode"], "Zone code is invalid", "INVALID"))
        values["zone_code"] = geo.province_code(country.code, zone) if zone and country.provinces else None
    phone = (raw.get("phone") or "").strip()
    if phone:
        normalized = normalize_phone(phone, values.get("country_code") or state.shop.country_code)
        if normalized is None:
            errors.append(user_error([*prefix, "phone"], "Phone is invalid", "INVALID"))
        values["phone"] = normalized
    if errors:
        return None, errors
    moment = later_than(None, now)
    return CompanyAddress(id=state.new_id(), created_at=moment, updated_at=moment,
                          company_id=company_id, **values), []


def payment_terms_id(raw: dict[str, Any] | None, prefix: list[str]) -> tuple[int | None, Errors]:
    if not raw or raw.get("paymentTermsTemplateId") is None:
        return None, []
    numeric = gid_id(raw["paymentTermsTemplateId"], "PaymentTermsTemplate")
    if numeric is None or numeric not in PAYMENT_TERMS_BY_ID:
        # Not captured: Shopify's text for an unknown template.
        path = [*prefix, "buyerExperienceConfiguration", "paymentTermsTemplateId"]
        return None, [user_error(path, "Payment terms template does not exist.",
                                 "RESOURCE_NOT_FOUND")]
    return numeric, []


def new_location(
    state: ShopState, company: Company, raw: dict[str, Any], prefix: list[str], now: Any,
    *, nested: bool,
) -> tuple[CompanyLocation | None, Errors]:
    """A location from CompanyLocationInput (not yet attached), or the errors."""
    errors = text_errors(raw, prefix)
    errors += external_id_errors(
        state, raw.get("externalId"), [*prefix, "externalId"],
        taken=location_external_id_taken(company, raw.get("externalId")),
    )
    phone = (raw.get("phone") or "").strip() or None
    if phone is not None:
        phone = normalize_phone(phone, state.shop.country_code)
        if phone is None:
            errors.append(user_error([*prefix, "phone"], "Phone is invalid", "INVALID"))
    if raw.get("locale") is not None and not LOCALE_PATTERN.match(raw["locale"]):
        errors.append(user_error([*prefix, "locale"], "Invalid locale format.", "INVALID"))
    same = bool(raw.get("billingSameAsShipping"))
    if same and raw.get("billingAddress") is not None:
        errors.append(user_error([*prefix, "billingAddress"], "Invalid input.", "INVALID_INPUT"))
    shipping = billing = None
    if raw.get("shippingAddress") is not None:
        shipping, address_errors = company_address(state, raw["shippingAddress"],
                                                   [*prefix, "shippingAddress"], company.id, now)
        errors += address_errors
    if raw.get("billingAddress") is not None and not same:
        billing, address_errors = company_address(state, raw["billingAddress"],
                                                  [*prefix, "billingAddress"], company.id, now)
        errors += address_errors
    terms_id, terms_errors = payment_terms_id(raw.get("buyerExperienceConfiguration"), prefix)
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


def contact_input_errors(
    state: ShopState, raw: dict[str, Any], prefix: list[str], *, whole: list[str]
) -> tuple[dict[str, Any], Errors]:
    """Validate CompanyContactInput: the cleaned values and the errors."""
    errors: Errors = []
    email = normalize_email(raw.get("email"))
    if email is None:
        return {}, [user_error(whole, "Either the attribute email or customer_id must be provided",
                               "INVALID")]
    if len(email) > MAX_NAME or not EMAIL_PATTERN.match(email):
        errors.append(user_error([*prefix, "email"], "Email is invalid", "INVALID"))
    else:
        owner = state.email_owner.get(email)
        if owner is not None and owner in state.contact_of_customer:
            errors.append(user_error([*prefix, "email"], "Email address has already been taken.",
                                     "TAKEN"))
    phone = None
    if (raw.get("phone") or "").strip():
        phone = normalize_phone(raw["phone"], state.shop.country_code)
        if phone is None:
            errors.append(user_error([*prefix, "phone"], "Phone is invalid", "INVALID"))
        else:
            owner = state.phone_owner.get(phone)
            if owner is not None and state.customers[owner].email != email:
                errors.append(user_error([*prefix, "phone"], "Phone number has already been taken.",
                                         "TAKEN"))
    if raw.get("locale") is not None and not LOCALE_PATTERN.match(raw["locale"]):
        errors.append(user_error([*prefix, "locale"], "Invalid locale format.", "INVALID"))
    for key, label in (("firstName", "First name"), ("lastName", "Last name")):
        value = raw.get(key)
        if isinstance(value, str) and len(value) > MAX_NAME:
            errors.append(user_error([*prefix, key],
                                     f"{label} is too long (maximum is 255 characters)",
                                     "TOO_LONG"))
    values = {"email": email, "phone": phone, "first_name": (raw.get("firstName") or "").strip()
              or None, "last_name": (raw.get("lastName") or "").strip() or None,
              "title": raw.get("title"), "locale": raw.get("locale") or "en"}
    return values, errors


def make_contact(state: ShopState, company: Company, values: dict[str, Any],
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
