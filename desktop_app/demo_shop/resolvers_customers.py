"""Customers: queries, search fields, and the mutations with Shopify's validations.

Messages and field paths are the ones real stores return (../shared/shopify/
captured-user-errors.json). E-mails are stored with white space removed and in lower case;
phones in E.164, reading a number without ``+`` in the region of the customer's (or the
input's first) address, else the shop's country. Both must be unique.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Unpack

from graphql import GraphQLError, GraphQLResolveInfo

from desktop_app import geo
from desktop_app.demo_shop import metafields, pagination
from desktop_app.demo_shop.addresses import Address
from desktop_app.demo_shop.customer_state import Customer, MarketingConsent
from desktop_app.demo_shop.execution import (
    Refusal,
    by_gid,
    context,
    gid_id,
    indexed_connection,
    later_than,
    named_fields,
    refusable,
    scoped_context,
    search,
    user_error,
)
from desktop_app.demo_shop.scalars import parse_iso
from desktop_app.demo_shop.search import (
    CountryField,
    DateField,
    ExactField,
    NotField,
    NumberField,
    PhoneField,
    SearchField,
    TextField,
    joined,
    normalize_phone,
)
from desktop_app.demo_shop.state import ShopState

logger = logging.getLogger(__name__)

MAX_TAGS = 250
MAX_TEXT = 255
MAX_NOTE = 5000
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def _country_of(customer: Customer) -> tuple[str | None, str | None]:
    address = customer.default_address
    return (address.country_code, address.country) if address else (None, None)


def customer_search_fields(state: ShopState) -> dict[str, SearchField]:
    """The search fields ``customers(query:)`` knows."""
    tag = ExactField(lambda c: c.tags)
    return {
        "email": TextField(lambda c: c.email),
        "phone": PhoneField(lambda c: c.phone, state.shop.country_code),
        "tag": tag,
        "tag_not": NotField(tag),
        "updated_at": DateField(lambda c: c.updated_at),
        "created_at": DateField(lambda c: c.created_at),
        "country": CountryField(_country_of),
        "state": ExactField(lambda c: c.state),
        "id": NumberField(lambda c: c.id),
        "first_name": TextField(lambda c: c.first_name),
        "last_name": TextField(lambda c: c.last_name),
    }


#: Fields customersCount does not accept (real stores warn "Invalid search field" for them).
COUNT_UNSUPPORTED = ("email", "tag")

DEFAULT_FIELD = TextField(
    joined(
        lambda c: c.first_name,
        lambda c: c.last_name,
        lambda c: c.email,
        lambda c: c.phone,
        lambda c: c.tags,
        lambda c: c.default_address.city if c.default_address else None,
        lambda c: c.default_address.company if c.default_address else None,
    )
)


# --- queries ---------------------------------------------------------------------------------


def resolve_customer(_root: Any, info: GraphQLResolveInfo, id: str) -> Customer | None:
    return by_gid(scoped_context(info, "read_customers").state.customers, id, "Customer")


def resolve_customers(
    _root: Any, info: GraphQLResolveInfo, **args: Unpack[pagination.ConnectionArgs]
) -> dict[str, Any]:
    state = scoped_context(info, "read_customers").state
    return indexed_connection(info, state.customer_entries, state.customers, args,
                              customer_search_fields(state), DEFAULT_FIELD)


def resolve_customers_count(
    _root: Any, info: GraphQLResolveInfo, query: str | None = None, limit: int | None = 10000
) -> dict[str, Any]:
    state = scoped_context(info, "read_customers").state
    fields = {
        k: v for k, v in customer_search_fields(state).items() if k not in COUNT_UNSUPPORTED
    }
    predicate = search(info, query, fields, DEFAULT_FIELD)
    if predicate is None:
        total = len(state.customers)
    else:
        total = sum(1 for c in state.customers.values() if predicate(c))
    return pagination.count_value(total, limit)


def resolve_addresses(customer: Customer, _info: GraphQLResolveInfo, first: int | None = None) -> list[Address]:
    return customer.addresses[: first if first is not None else pagination.MAX_PAGE_SIZE]


def resolve_addresses_v2(
    customer: Customer, _info: GraphQLResolveInfo, **args: Unpack[pagination.ConnectionArgs]
) -> dict[str, Any]:
    return pagination.list_page(customer.addresses, args)


def resolve_amount_spent(customer: Customer, info: GraphQLResolveInfo) -> dict[str, Any]:
    return {"amount": customer.amount_spent, "currencyCode": context(info).state.shop.currency_code}


# --- validation ------------------------------------------------------------------------------


def normalize_email(text: str | None) -> str | None:
    """Shopify's stored form: white space removed, lower case; None when blank."""
    if text is None:
        return None
    cleaned = "".join(text.split()).lower()
    return cleaned or None


def clean_tags(tags: list[str]) -> list[str]:
    """Tags split on commas, trimmed, de-duplicated case-insensitively, sorted like Shopify."""
    seen: dict[str, str] = {}
    for raw in tags:
        for part in raw.split(","):
            tag = part.strip()
            if tag and tag.casefold() not in seen:
                seen[tag.casefold()] = tag
    return sorted(seen.values(), key=str.casefold)


def _too_long(label: str) -> str:
    return f"{label} is too long (maximum is {MAX_TEXT} characters)"


def _address_errors(
    raw: dict[str, Any], prefix: list[str]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Validate one MailingAddressInput; the errors and the cleaned values."""
    errors: list[dict[str, Any]] = []
    values: dict[str, Any] = {}
    labels = {
        "address1": "Address1",
        "address2": "Address2",
        "city": "City",
        "company": "Company",
        "zip": "Zip",
        "firstName": "First name",
        "lastName": "Last name",
        "phone": "Phone",
    }
    for key, label in labels.items():
        if key in raw:
            value = raw[key]
            value = value.strip() if isinstance(value, str) else value
            if value and len(value) > MAX_TEXT:
                errors.append(user_error([*prefix, key], _too_long(label)))
            values[key] = value or None
    if "countryCode" in raw:
        code = raw["countryCode"]
        country = geo.country(code)
        if code is not None and country is None:
            errors.append(user_error([*prefix, "country"], "Country is invalid"))
        values["countryCode"] = country.code if country else None
    if "provinceCode" in raw:
        values["provinceCode"] = (raw["provinceCode"] or "").strip().upper() or None
    return errors, values


def _check_province(values: dict[str, Any], prefix: list[str]) -> list[dict[str, Any]]:
    country = geo.country(values.get("countryCode"))
    province = values.get("provinceCode")
    if country is None or not province:
        return []
    if not country.provinces:
        values["provinceCode"] = None  # Shopify drops a province for countries without any
        return []
    if geo.province_code(country.code, province) is None:
        return [user_error([*prefix, "province"], "Province is invalid")]
    values["provinceCode"] = geo.province_code(country.code, province)
    return []


_ADDRESS_ATTRS = {
    "address1": "address1",
    "address2": "address2",
    "city": "city",
    "company": "company",
    "zip": "zip",
    "firstName": "first_name",
    "lastName": "last_name",
    "phone": "phone",
    "countryCode": "country_code",
    "provinceCode": "province_code",
}


def _apply_address(address: Address, values: dict[str, Any]) -> None:
    for key, attr in _ADDRESS_ATTRS.items():
        if key in values:
            setattr(address, attr, values[key])


def _new_address(state: ShopState, customer: Customer, values: dict[str, Any]) -> Address:
    """A new address of ``customer`` from validated input values.

    An address made without a first or last name takes the customer's own names, stored on the
    address: a later rename of the customer leaves them as they are (captured:
    customer-address-lifecycle `createSecondAddress`, `createThirdAddressOmittedSetAsDefault`
    for customerAddressCreate; customer-metafields-erasure-address-fidelity for the addresses
    of customerCreate; customerUpdate's new addresses and an address given a null name
    explicitly: NOT CAPTURED, taken as the same).
    """
    address = Address(id=state.new_id())
    _apply_address(address, values)
    if not address.first_name and not address.last_name:
        address.first_name, address.last_name = customer.first_name, customer.last_name
    return address


def _blank(values: dict[str, Any]) -> bool:
    return not any(values.get(k) for k in _ADDRESS_ATTRS)


class _CustomerChanges:
    """A validated customerCreate/customerUpdate input, ready to apply."""

    def __init__(self) -> None:
        self.errors: list[dict[str, Any]] = []
        self.fields: dict[str, Any] = {}
        self.addresses: list[tuple[int | None, dict[str, Any]]] | None = None
        self.metafields: list[metafields.MetafieldChange] = []


def _validate_input(
    state: ShopState, data: dict[str, Any], existing: Customer | None
) -> _CustomerChanges:
    changes = _CustomerChanges()
    errors = changes.errors
    fields = changes.fields
    # Addresses first: their country gives the region of a phone number without "+".
    region = existing.default_address.country_code if existing and existing.default_address else None
    if data.get("addresses") is not None:
        changes.addresses = []
        for index, raw in enumerate(data["addresses"]):
            prefix = ["addresses", str(index)]
            address_errors, values = _address_errors(raw, prefix)
            address_errors += _check_province(values, prefix)
            address_id = None
            if raw.get("id") is not None:
                address_id = gid_id(raw["id"], "MailingAddress")
                if existing is None:
                    address_errors.append(
                        user_error([*prefix, "id"], "Cannot specify address ID on creation")
                    )
                elif address_id is None or existing.address(address_id) is None:
                    address_errors.append(
                        user_error([*prefix, "id"], "Customer address does not exist")
                    )
            if not address_errors and address_id is None and _blank(values):
                address_errors.append(user_error(prefix, "Customer address cannot be blank."))
            errors.extend(address_errors)
            changes.addresses.append((address_id, values))
            if index == 0 and values.get("countryCode"):
                region = values["countryCode"]
    region = region or state.shop.country_code

    for key, label in (("firstName", "First name"), ("lastName", "Last name")):
        if key in data:
            value = (data[key] or "").strip() or None
            if value and len(value) > MAX_TEXT:
                errors.append(user_error([key], _too_long(label)))
            fields[key] = value
    if "email" in data:
        email = normalize_email(data["email"])
        if email is not None:
            if len(email) > MAX_TEXT:  # both errors (captured: customer-email-normalization)
                errors.append(user_error(["email"], "Email is too long (maximum is 255 characters)"))
                errors.append(user_error(["email"], "Email is invalid"))
            elif not _EMAIL.match(email):
                errors.append(user_error(["email"], "Email is invalid"))
            else:
                owner = state.email_owner.get(email)
                if owner is not None and (existing is None or owner != existing.id):
                    errors.append(user_error(["email"], "Email has already been taken"))
        fields["email"] = email
    if "phone" in data:
        raw_phone = (data["phone"] or "").strip()
        phone = None
        if raw_phone:
            if len(raw_phone) > MAX_TEXT:  # both errors (captured: customer-phone-normalization)
                errors.append(user_error(["phone"], "Phone is too long (maximum is 255 characters)"))
                errors.append(user_error(["phone"], "Phone is invalid"))
            else:
                phone = normalize_phone(raw_phone, region)
                if phone is None:
                    errors.append(user_error(["phone"], "Phone is invalid"))
                else:
                    owner = state.phone_owner.get(phone)
                    if owner is not None and (existing is None or owner != existing.id):
                        errors.append(user_error(["phone"], "Phone has already been taken"))
        fields["phone"] = phone
    if "locale" in data and data["locale"] is not None:
        if not _LOCALE.match(data["locale"]):
            errors.append(user_error(["locale"], "Locale is invalid"))
        fields["locale"] = data["locale"]
    if "note" in data:
        note = data["note"]
        if note is not None and len(note) > MAX_NOTE:
            errors.append(user_error(["note"], "Note is too long (maximum is 5000 characters)"))
        fields["note"] = note
    if "tags" in data and data["tags"] is not None:
        tags = clean_tags(data["tags"])
        if len(tags) > MAX_TAGS:
            errors.append(user_error(["tags"], "Tags cannot be more than 250"))
        elif any(len(t) > MAX_TEXT for t in tags):
            errors.append(user_error(["tags"], "Tags is too long (maximum is 255 characters)"))
        fields["tags"] = tags
    if "taxExempt" in data and data["taxExempt"] is not None:
        fields["taxExempt"] = bool(data["taxExempt"])
    if data.get("taxExemptions") is not None:  # kept in the input's order, each once
        fields["taxExemptions"] = list(dict.fromkeys(data["taxExemptions"]))
    metafield_errors, changes.metafields = metafields.input_changes(existing, data.get("metafields"))
    if not errors:  # an address's id refused hides a metafield's (captured: customer-create-
        errors.extend(metafield_errors)  # rejects-nested-ids `both`; other pairs NOT CAPTURED)

    def final(key: str, attr: str) -> Any:
        if key in fields:
            return fields[key]
        return getattr(existing, attr) if existing else None

    if not errors and not (
        final("firstName", "first_name")
        or final("lastName", "last_name")
        or final("email", "email")
        or final("phone", "phone")
    ):
        errors.append(user_error(None, "A name, phone number, or email address must be present"))
    return changes


_FIELD_ATTRS = {
    "firstName": "first_name",
    "lastName": "last_name",
    "email": "email",
    "phone": "phone",
    "locale": "locale",
    "note": "note",
    "tags": "tags",
    "taxExempt": "tax_exempt",
    "taxExemptions": "tax_exemptions",
}


def _apply(state: ShopState, customer: Customer, changes: _CustomerChanges, now: datetime) -> None:
    for key, attr in _FIELD_ATTRS.items():
        if key in changes.fields:
            setattr(customer, attr, changes.fields[key])
    metafields.apply_changes(customer, changes.metafields, state.new_id, now)
    if changes.addresses is not None:
        kept: list[Address] = []
        for address_id, values in changes.addresses:
            address = customer.address(address_id) if address_id is not None else None
            if address is None:
                address = _new_address(state, customer, values)
            else:
                _apply_address(address, values)
            if any(address.same_place(other) for other in kept):
                continue  # a repeat is kept once (captured for customerUpdate:
                # customer-input-addresses-parity; for customerCreate NOT CAPTURED)
            kept.append(address)
        for old in customer.addresses:
            if old not in kept:
                state.addresses.pop(old.id, None)
        customer.addresses = kept
        customer.default_address_id = kept[0].id if kept else None


@dataclass
class _Consents:
    """The marketing consents a customerCreate input gives, or why they are refused."""

    email: MarketingConsent | None = None
    sms: MarketingConsent | None = None
    errors: list[dict[str, Any]] = field(default_factory=list)


def _consents(data: dict[str, Any], now: datetime) -> _Consents:
    """Consents given inline by customerCreate (texts captured in
    customer-input-inline-consent-parity); a consent given without its date is dated now."""
    out = _Consents()
    for key, needed, message in (
        ("emailMarketingConsent", "email", "An email address is required to set the email marketing consent state."),
        ("smsMarketingConsent", "phone", "A phone number is required to set the SMS consent state."),
    ):
        raw = data.get(key)
        if raw is None:
            continue
        if raw["marketingState"] in ("REDACTED", "INVALID"):  # INVALID: NOT CAPTURED
            raise GraphQLError(f"Cannot specify {raw['marketingState']} as a marketing state input",
                               extensions={"code": "INVALID"})
        if not data.get(needed):
            out.errors.append(user_error([key], message))
            continue
        updated = raw.get("consentUpdatedAt")
        consent = MarketingConsent(
            raw["marketingState"], raw.get("marketingOptInLevel") or "SINGLE_OPT_IN",
            (parse_iso(updated) if updated else None) or now,
            "OTHER" if key == "smsMarketingConsent" else None,
        )
        if key == "emailMarketingConsent":
            out.email = consent
        else:
            out.sms = consent
    return out


@refusable("customer")
def customer_create(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx = scoped_context(info, "write_customers")
    state = ctx.state
    if input.get("id") is not None:
        raise Refusal.of(["id"], "Cannot specify ID on creation")
    changes = _validate_input(state, input, None)
    consents = _consents(input, moment := later_than(None, ctx.now))
    if changes.errors or consents.errors:
        raise Refusal(changes.errors + consents.errors)
    customer = Customer(id=state.new_id(), created_at=moment, updated_at=moment)
    _apply(state, customer, changes, moment)
    customer.email_consent = consents.email or customer.email_consent
    customer.sms_consent = consents.sms or customer.sms_consent
    state.add_customer(customer)
    logger.debug("Created customer %s", customer.id)
    return {"customer": customer, "userErrors": []}


def _customer(state: ShopState, gid: str | None, argument: list[str]) -> Customer:
    """The customer the ``argument`` names; a :class:`Refusal` when none."""
    customer = by_gid(state.customers, gid, "Customer") if gid is not None else None
    if customer is None:
        raise Refusal.of(argument, "Customer does not exist")
    return customer


def _address(state: ShopState, customer: Customer, gid: str) -> Address:
    """The address of ``customer`` that ``addressId`` names; a :class:`Refusal` when it is
    another customer's, a top-level RESOURCE_NOT_FOUND when it is no one's (captured:
    customer-address-lifecycle)."""
    numeric = gid_id(gid, "MailingAddress")
    address = customer.address(numeric) if numeric is not None else None
    if address is None:
        if numeric is not None and not any(c.address(numeric) for c in state.customers.values()):
            raise GraphQLError("invalid id", extensions={"code": "RESOURCE_NOT_FOUND"})
        raise Refusal.of(["addressId"], "Address does not exist")
    return address


def _touch(state: ShopState, customer: Customer, now: Any, old_email: str | None, old_phone: str | None) -> None:
    customer.updated_at = later_than(customer.updated_at, now)
    state.customer_changed(customer, old_email, old_phone)


@refusable("customer")
def customer_update(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    ctx = scoped_context(info, "write_customers")
    state = ctx.state
    customer = _customer(state, input.get("id"), ["id"])
    for key, mutation in (("emailMarketingConsent", "customerEmailMarketingConsentUpdate"),
                          ("smsMarketingConsent", "customerSmsMarketingConsentUpdate")):
        if input.get(key) is not None:  # captured: customer-input-inline-consent-parity
            raise Refusal.of([key], f"To update {key}, please use the {mutation} Mutation instead")
    changes = _validate_input(state, input, customer)
    if changes.errors:
        raise Refusal(changes.errors)
    old_email, old_phone = customer.email, customer.phone
    _apply(state, customer, changes, later_than(None, ctx.now))
    _touch(state, customer, ctx.now, old_email, old_phone)
    logger.debug("Updated customer %s", customer.id)
    return {"customer": customer, "userErrors": []}


@refusable("customer")
def customer_send_account_invite_email(
    _root: Any, info: GraphQLResolveInfo, customerId: str, email: dict[str, Any] | None = None  # noqa: N803
) -> dict[str, Any]:
    """Invite a customer to create a classic (legacy) customer account.

    With new customer accounts there is nothing to invite to, and Shopify answers
    ``["customerId"]`` INVALID "Error sending account invite to customer."; the demo shop
    gives the same answer when the customer has no e-mail and no ``to`` is given.
    """
    ctx = scoped_context(info, "write_customers")
    state = ctx.state
    customer = by_gid(state.customers, customerId, "Customer")
    if customer is None:
        raise Refusal.of(["customerId"], "Customer can't be found")
    email = email or {}
    if "subject" in email and email["subject"] is not None and not email["subject"].strip():
        raise Refusal.of(["email", "subject"], "Subject can't be blank", "INVALID")
    to = email.get("to")
    if to is not None and not _EMAIL.match(normalize_email(to) or ""):
        raise Refusal.of(["email", "to"], "To is invalid", "INVALID")
    sender = email.get("from")
    if sender is not None and normalize_email(sender) not in (
        normalize_email(state.shop.email),
        normalize_email(state.shop.contact_email),
    ):
        raise Refusal.of(["email", "from"], "From Sender is invalid", "INVALID")
    allowed = {normalize_email(state.shop.email), normalize_email(state.shop.contact_email)}
    bad_bcc = [b for b in email.get("bcc") or [] if normalize_email(b) not in allowed]
    if bad_bcc:
        raise Refusal.of(
            ["email", "bcc"],
            "Bcc " + " and ".join(f"{b} is not a valid bcc address" for b in bad_bcc),
            "INVALID",
        )
    recipient = normalize_email(to) if to else customer.email
    if not state.shop.legacy_customer_accounts or not recipient:
        raise Refusal.of(["customerId"], "Error sending account invite to customer.", "INVALID")
    state.sent_invites.append((customer.id, recipient, email.get("subject")))
    if customer.state != "ENABLED":
        customer.state = "INVITED"
    _touch(state, customer, ctx.now, customer.email, customer.phone)
    logger.info("Sent an account invite for customer %s", customer.id)
    return {"customer": customer, "userErrors": []}


def _address_mutation_checks(
    state: ShopState, address: dict[str, Any]
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    errors, values = _address_errors(address, ["address"])
    errors += _check_province(values, ["address"])
    return errors, values


@refusable("address")
def customer_address_create(
    _root: Any,
    info: GraphQLResolveInfo,
    customerId: str,  # noqa: N803
    address: dict[str, Any],
    setAsDefault: bool | None = None,  # noqa: N803
) -> dict[str, Any]:
    ctx = scoped_context(info, "write_customers")
    state = ctx.state
    customer = _customer(state, customerId, ["customerId"])
    errors, values = _address_mutation_checks(state, address)
    if not errors and _blank(values):
        errors.append(user_error(["address"], "Address cannot be blank."))
    if errors:
        raise Refusal(errors)
    new = _new_address(state, customer, values)
    if any(new.same_place(old) for old in customer.addresses):
        raise Refusal.of(["address"], "Address already exists")
    customer.addresses.append(new)
    if setAsDefault or customer.default_address_id is None:
        customer.default_address_id = new.id
    _touch(state, customer, ctx.now, customer.email, customer.phone)
    return {"address": new, "userErrors": []}


@refusable("address")
def customer_address_update(
    _root: Any,
    info: GraphQLResolveInfo,
    customerId: str,  # noqa: N803
    addressId: str,  # noqa: N803
    address: dict[str, Any],
    setAsDefault: bool | None = None,  # noqa: N803
) -> dict[str, Any]:
    ctx = scoped_context(info, "write_customers")
    state = ctx.state
    customer = _customer(state, customerId, ["customerId"])
    target = _address(state, customer, addressId)
    if "id" in address and (address["id"] is None
                            or gid_id(address["id"], "MailingAddress") != target.id):
        # captured: customer-address-lifecycle (an input id null or another address's)
        raise Refusal.of(["addressId"], "The id of the address does not match the id in the input")
    address = {k: v for k, v in address.items() if k != "id"}
    merged = {
        key: getattr(target, attr) for key, attr in _ADDRESS_ATTRS.items()
    }
    merged.update(address)
    errors, values = _address_mutation_checks(state, merged)
    if errors:
        raise Refusal(errors)
    _apply_address(target, values)
    if setAsDefault:
        customer.default_address_id = target.id
    _touch(state, customer, ctx.now, customer.email, customer.phone)
    return {"address": target, "userErrors": []}


@refusable("customer")
def customer_update_default_address(
    _root: Any, info: GraphQLResolveInfo, customerId: str, addressId: str  # noqa: N803
) -> dict[str, Any]:
    ctx = scoped_context(info, "write_customers")
    state = ctx.state
    customer = _customer(state, customerId, ["customerId"])
    customer.default_address_id = _address(state, customer, addressId).id
    _touch(state, customer, ctx.now, customer.email, customer.phone)
    return {"customer": customer, "userErrors": []}


@refusable("deletedAddressId")
def customer_address_delete(
    _root: Any, info: GraphQLResolveInfo, customerId: str, addressId: str  # noqa: N803
) -> dict[str, Any]:
    """Deletes an address; when it was the default, the first address left becomes it
    (captured with one left: customer-address-lifecycle; with more, NOT CAPTURED)."""
    ctx = scoped_context(info, "write_customers")
    state = ctx.state
    customer = _customer(state, customerId, ["customerId"])
    target = _address(state, customer, addressId)
    customer.addresses.remove(target)
    if customer.default_address_id == target.id:
        customer.default_address_id = customer.addresses[0].id if customer.addresses else None
    _touch(state, customer, ctx.now, customer.email, customer.phone)
    return {"deletedAddressId": target.gid, "userErrors": []}


def _ever_ordered(state: ShopState, customer: Customer) -> bool:
    return bool(customer.number_of_orders) or any(
        o.customer_id == customer.id for o in state.orders.values())


def resolve_can_delete(customer: Customer, info: GraphQLResolveInfo) -> bool:
    """False for a customer customerDelete refuses for their orders (captured: canDelete
    true for a new customer; NOT CAPTURED for one with orders)."""
    return not _ever_ordered(context(info).state, customer)


def customer_delete(_root: Any, info: GraphQLResolveInfo, input: dict[str, Any]) -> dict[str, Any]:  # noqa: A002
    """Deletes a customer who never had an order (their gift cards stay, with no customer)."""
    ctx = scoped_context(info, "write_customers")
    state = ctx.state
    customer = by_gid(state.customers, input["id"], "Customer")
    if customer is None:
        error = user_error(["id"], "Customer can't be found")
    elif _ever_ordered(state, customer):
        # A deleted order still counts (captured: customer-delete-blocked-by-orders).
        error = user_error(["id"], "Customer can’t be deleted because they have associated orders")
    elif customer.id in state.contact_of_customer:
        # NOT CAPTURED (what Shopify answers for a company contact was never recorded)
        error = user_error(["id"], "Customer can't be deleted because they are a company contact")
    else:
        state.remove_customer(customer)
        return {"deletedCustomerId": customer.gid, "shop": state.shop, "userErrors": []}
    return {"deletedCustomerId": None, "shop": state.shop, "userErrors": [error]}


RESOLVERS: dict[tuple[str, str], Any] = {
    **named_fields("QueryRoot", resolve_customer, resolve_customers, resolve_customers_count),
    **named_fields("Customer", resolve_addresses, resolve_addresses_v2, resolve_amount_spent,
                   resolve_can_delete),
    **named_fields("Mutation", customer_create, customer_update,
                   customer_send_account_invite_email, customer_address_create,
                   customer_address_update, customer_update_default_address, customer_delete,
                   customer_address_delete),
}
