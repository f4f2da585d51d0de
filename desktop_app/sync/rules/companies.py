"""Pure company (B2B) rules: which local organisation a Shopify company is, what a B2B order's
Sell-to/Bill-to/payment terms are, and the Shopify input for exporting an organisation
(seed 002, bc_connector §1.5).

Mapping types (the shop's `company_mapping` setting); only local customers of category
"organisation" are candidates, so a company never links to the person who is its contact:

- email_phone: the existing link; then the main contact's e-mail; then its phone, also when
  the company has an e-mail that matches nobody (Business Central tries the phone only when
  there is no e-mail at all, which misses an organisation whose e-mail was typed differently).
- tax_id: the existing link; then any location's tax registration id against the local
  Registration No. or VAT Registration No. (compared without spaces, dots, dashes or slashes,
  ignoring case).
- default_company: always the shop's default company; nothing is linked.

As for customers, an ambiguous match (two organisations with that e-mail, phone or tax id)
is never linked, and a company that matches nobody is created only when creating is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from desktop_app.records.addresses import OrganisationAddress
from desktop_app.records.organisations import OrganisationDetails
from desktop_app.records.settings import ShopSettings
from desktop_app.sync.issue_codes import say
from desktop_app.sync.rules.county import CountyRow, CountySetting, county_for_shopify
from desktop_app.sync.rules.mapping import email_key, email_keys, phone_key
from desktop_app.sync.rules.names import NameSources, split_name
from desktop_app.sync.rules.problems import Problem

CompanyMatchKind = Literal["linked", "matched", "create", "default", "ambiguous", "none", "error"]
COMPANY_MAPPINGS: frozenset[str] = frozenset({"email_phone", "tax_id", "default_company"})
_TAX_NOISE = re.compile(r"[\s.\-/]")


def tax_id_key(text: str) -> str:
    """A tax id as compared: upper case, without spaces, dots, dashes or slashes."""
    return _TAX_NOISE.sub("", text or "").upper()


# --- inputs ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompanyIn:
    """A Shopify company as the mapping reads it (`linked_no`: its current link, or "")."""

    id: str
    name: str = ""
    main_email: str = ""
    main_phone: str = ""
    tax_ids: tuple[str, ...] = ()
    country: str = ""
    linked_no: str = ""


@dataclass(frozen=True)
class _OrganisationContact:
    no: str
    email: str = ""
    phone: str = ""
    country: str = ""


@dataclass(frozen=True)
class OrganisationRow(OrganisationDetails, _OrganisationContact):
    """A local organisation customer as the mapping reads it: its number, e-mail, phone,
    country, then its business details (the registration numbers are its tax ids)."""


@dataclass
class CompanyIndex:
    """Local organisations by e-mail, E.164 phone and tax id (built once per run)."""

    nos: set[str] = field(default_factory=set)
    by_email: dict[str, set[str]] = field(default_factory=dict)
    by_phone: dict[str, set[str]] = field(default_factory=dict)
    by_tax_id: dict[str, set[str]] = field(default_factory=dict)
    shop_country: str = ""

    @classmethod
    def build(cls, rows: Iterable[OrganisationRow], shop_country: str = "") -> CompanyIndex:
        index = cls(shop_country=shop_country)
        for row in rows:
            index.add(row)
        return index

    def add(self, row: OrganisationRow) -> None:
        """File one organisation (also one created during the run)."""
        self.nos.add(row.no)
        for key in email_keys(row.email):
            self.by_email.setdefault(key, set()).add(row.no)
        phone = phone_key(row.phone, row.country or self.shop_country or None)
        if phone:
            self.by_phone.setdefault(phone, set()).add(row.no)
        for text in (row.registration_no, row.vat_registration_no):
            key = tax_id_key(text)
            if key:
                self.by_tax_id.setdefault(key, set()).add(row.no)


@dataclass(frozen=True)
class CompanyMatch:
    """What to do with one Shopify company.

    kind: "linked" (keep the link), "matched" (link to `customer_no`, found by `reason`),
    "create" (make a local organisation), "default" (use `customer_no`, the default company,
    without linking), "ambiguous" (`candidates` all fit), "none" (not found, creating is off)
    or "error" (`reason` says why).
    """

    kind: CompanyMatchKind
    customer_no: str | None = None
    reason: str = ""
    candidates: tuple[str, ...] = ()
    stale_link: bool = False


def _pick(nos: set[str] | None, reason: str) -> CompanyMatch | None:
    if not nos:
        return None
    if len(nos) == 1:
        return CompanyMatch("matched", next(iter(nos)), reason)
    return CompanyMatch("ambiguous", reason=reason, candidates=tuple(sorted(nos)))


def match_company(
    company: CompanyIn,
    index: CompanyIndex,
    mapping: str,
    *,
    allow_create: bool,
    default_company_no: str = "",
) -> CompanyMatch:
    """Find the local organisation a Shopify company is, by the shop's mapping type."""
    if mapping not in COMPANY_MAPPINGS:
        return CompanyMatch("error", reason=f"unknown company mapping '{mapping}'")
    if mapping == "default_company":
        if not default_company_no.strip():
            return CompanyMatch("error", reason="company mapping is 'default_company' but no "
                                                "default company no. is set")
        return CompanyMatch("default", default_company_no.strip(), "default company")
    stale = False
    if company.linked_no:
        if company.linked_no in index.nos:
            return CompanyMatch("linked", company.linked_no, "link")
        stale = True
    found: CompanyMatch | None = None
    if mapping == "email_phone":
        email = email_key(company.main_email)
        found = _pick(index.by_email.get(email), "email") if email else None
        if found is None:
            phone = phone_key(company.main_phone, company.country or index.shop_country or None)
            found = _pick(index.by_phone.get(phone), "phone") if phone else None
    else:
        nos: set[str] = set()
        for text in company.tax_ids:
            nos |= index.by_tax_id.get(tax_id_key(text), set())
        found = _pick(nos, "tax id")
    if found is not None:
        return CompanyMatch(found.kind, found.customer_no, found.reason, found.candidates, stale)
    if allow_create:
        return CompanyMatch("create", reason="not found", stale_link=stale)
    return CompanyMatch("none", reason="not found", stale_link=stale)


# --- B2B orders ------------------------------------------------------------------------------


@dataclass(frozen=True)
class B2BLocationIn:
    """The order's company location as staged: its link and overrides.

    `ship_to_code`: "" = the company customer's own address, a code = one of its ship-to
    addresses, None = not linked. `payment_terms_code`: the local code mapped from the
    location's Shopify payment terms ("" when none or unmapped). `sell_to_no`/`bill_to_no`:
    overrides set on the location ("" when none).
    """

    shopify_id: str
    ship_to_code: str | None = None
    payment_terms_code: str = ""
    sell_to_no: str = ""
    bill_to_no: str = ""


@dataclass(frozen=True)
class B2BOrderParties:
    """Who a B2B order is for. `ok` False means no Sell-to could be chosen (`reason`)."""

    ok: bool
    sell_to_no: str = ""
    bill_to_no: str = ""
    ship_to_code: str | None = None
    payment_terms_code: str = ""
    reason: str = ""


def order_parties_for_b2b(
    company_no: str | None,
    location: B2BLocationIn | None,
    settings: ShopSettings,
    company_payment_terms: str = "",
) -> B2BOrderParties:
    """Sell-to, Bill-to, ship-to code and payment terms of an order whose purchasing entity is a
    company (bc_connector §1.5: "A company location can override Sell-to/Bill-to and carries
    payment terms").

    1. `company_mapping` "default_company": Sell-to = Bill-to = the default company (an error
       when none is set); the location's payment terms still apply.
    2. Otherwise Sell-to is the location's Sell-to override, else the company's customer
       (`company_no`), else the default company; none of them is an error.
    3. Bill-to is the location's Bill-to override, else Sell-to.
    4. The ship-to code is the location's link when Sell-to is the company's own customer
       ("" = its main address, so None is returned: no ship-to code).
    5. Payment terms: the location's, else the company customer's, else "".

    Args:
        company_no: the local organisation the company is linked to, None when unlinked.
        location: the order's company location as staged, None when unknown.
        settings: the shop's settings (`company_mapping`, `default_company_no`).
        company_payment_terms: the company customer's own payment terms code.
    """
    default = settings.default_company_no.strip()
    terms = (location.payment_terms_code if location else "") or company_payment_terms
    if settings.company_mapping == "default_company":
        if not default:
            return B2BOrderParties(False, reason="company mapping is 'default_company' but no "
                                                 "default company no. is set")
        return B2BOrderParties(True, default, default, None, terms, "default company")
    sell_to = (location.sell_to_no if location else "") or (company_no or "") or default
    if not sell_to:
        return B2BOrderParties(False, reason=say("no_company_no_default")[0])
    bill_to = (location.bill_to_no if location else "") or sell_to
    ship_to = None
    if location is not None and company_no and sell_to == company_no and location.ship_to_code:
        ship_to = location.ship_to_code
    reason = "location override" if location and location.sell_to_no else (
        "company" if company_no else "default company")
    return B2BOrderParties(True, sell_to, bill_to, ship_to, terms, reason)


# --- export ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddressOut(OrganisationAddress):
    """A local address (the customer's own or a ship-to) to send as a CompanyAddressInput."""


@dataclass(frozen=True)
class _OrganisationHead:
    no: str
    name: str
    contact: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class OrganisationOut(OrganisationDetails, _OrganisationHead):
    """A local organisation to export: its number, name, contact person, e-mail and phone,
    its business details, and its addresses (the first is its own)."""

    addresses: tuple[AddressOut, ...] = ()


@dataclass(frozen=True)
class PreparedCompany:
    """The companyCreate input and one companyLocationCreate input per further address.

    `locations` pairs each further address code with its CompanyLocationInput.
    """

    create_input: dict[str, Any] | None
    locations: tuple[tuple[str, dict[str, Any]], ...] = ()
    issues: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.create_input is not None and not self.issues


def location_external_id(no: str, code: str) -> str:
    """The external id of the location exported from address `code` of customer `no`."""
    return no if code == "" else f"{no}/{code}"


def _address_input(address: AddressOut, county_source: CountySetting,
                   counties: Iterable[CountyRow], company_country: str,
                   issues: list[Problem], field_prefix: str) -> dict[str, Any]:
    country = (address.country or company_country).strip().upper()
    if not country:
        issues.append(Problem(f"{field_prefix}country", "the address has no country and "
                                                        "the shop has no country either"))
    county = county_for_shopify(country, address.county, county_source, counties)
    if not county.ok:
        issues.append(Problem(f"{field_prefix}county", county.error or ""))
    first, last = split_name(address.contact, "first_last")
    values = {
        "address1": address.address or None,
        "address2": address.address_2 or None,
        "city": address.city or None,
        "zip": address.post_code or None,
        "countryCode": country or None,
        "zoneCode": county.province_code,
        "recipient": address.name or None,
        "firstName": first,
        "lastName": last,
        "phone": address.phone or None,
    }
    return {k: v for k, v in values.items() if v is not None}


def prepare_company(
    org: OrganisationOut,
    terms_ids: Mapping[str, str],
    *,
    sources: NameSources,
    county_source: CountySetting = "code",
    counties: Iterable[CountyRow] = (),
    company_country: str = "",
) -> PreparedCompany:
    """The Shopify inputs for one local organisation (issue 8: one company, one location per
    local address).

    The company gets the customer's name and its number as external id (how a create whose
    answer was lost is found again). The contact comes from the customer's e-mail and phone,
    its names from the Contact field (split by the contact source); without an e-mail no
    contact is sent (Shopify needs one). The first address becomes the company's location
    (billing = shipping); each further address a location that ships there and bills to the
    first. Each location carries its payment terms (the address's, else the customer's) when a
    Shopify template is mapped to that code, and its tax registration id (the address's, else
    the VAT registration no., else the registration no.).

    Args:
        org: the organisation and its addresses.
        terms_ids: local payment terms code -> Shopify template GID.
        sources: the shop's name sources (the contact source splits the Contact field).
        county_source, counties, company_country: as for customer export.
    """
    issues: list[Problem] = []
    if not org.name.strip():
        issues.append(Problem("name", "an organisation needs a name to become a company"))
    if not org.addresses:
        issues.append(Problem("address", "the organisation has no address"))
    if issues:
        return PreparedCompany(None, issues=tuple(issues))
    tax_default = org.vat_registration_no or org.registration_no

    def location_input(address: AddressOut, billing: dict[str, Any] | None,
                       prefix: str) -> dict[str, Any]:
        shipping = _address_input(address, county_source, counties, company_country, issues,
                                  prefix)
        values: dict[str, Any] = {
            "name": address.name.strip() or org.name.strip(),
            "externalId": location_external_id(org.no, address.code),
            "shippingAddress": shipping,
        }
        if billing is None:
            values["billingSameAsShipping"] = True
        else:
            values["billingAddress"] = billing
        if address.phone or org.phone:
            values["phone"] = address.phone or org.phone
        tax_id = address.tax_registration_no or tax_default
        if tax_id:
            values["taxRegistrationId"] = tax_id
        terms = address.payment_terms or org.payment_terms
        if terms and terms in terms_ids:
            values["buyerExperienceConfiguration"] = {"paymentTermsTemplateId": terms_ids[terms]}
        elif terms:
            issues.append(Problem(f"{prefix}payment_terms",
                                  f"payment terms '{terms}' are not mapped to Shopify "
                                  "payment terms"))
        return values

    main, *others = org.addresses
    main_location = location_input(main, None, "")
    billing = main_location["shippingAddress"]
    create: dict[str, Any] = {
        "company": {"name": org.name.strip(), "externalId": org.no},
        "companyLocation": main_location,
    }
    email = email_key(org.email)
    if email:
        contact_text = org.contact if sources.contact != "none" else ""
        source = sources.contact if sources.contact in ("first_last", "last_first") else "first_last"
        first, last = split_name(contact_text, source)
        contact: dict[str, Any] = {"email": email, "firstName": first, "lastName": last}
        if org.phone:
            contact["phone"] = org.phone
        create["companyContact"] = {k: v for k, v in contact.items() if v is not None}
    locations = tuple(
        (address.code, location_input(address, billing, f"{address.code}."))
        for address in others
    )
    if issues:
        return PreparedCompany(None, issues=tuple(issues))
    return PreparedCompany(create, locations)


# --- update of a linked company --------------------------------------------------------------

#: The keys of Shopify's CompanyAddressInput, which is also how a mirror address is given.
ADDRESS_INPUT_KEYS = ("address1", "address2", "city", "zip", "countryCode", "zoneCode",
                      "recipient", "firstName", "lastName", "phone")


@dataclass(frozen=True)
class LocationMirror:
    """What Shopify holds for one location of a linked company (as last read).

    `code` is the local address it stands for ("" the organisation's own, else a ship-to
    code; None when it stands for none). Addresses use `ADDRESS_INPUT_KEYS`.
    """

    shopify_id: str
    code: str | None
    name: str = ""
    phone: str = ""
    tax_registration_id: str = ""
    payment_terms_id: str = ""
    billing: Mapping[str, str] = field(default_factory=dict)
    shipping: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class CompanyMirror:
    """What Shopify holds for a linked company: its name, main contact and locations."""

    name: str = ""
    contact_id: str = ""
    contact_email: str = ""
    contact_first_name: str = ""
    contact_last_name: str = ""
    contact_phone: str = ""
    locations: tuple[LocationMirror, ...] = ()

    @property
    def contact(self) -> dict[str, str]:
        """The main contact's fields under CompanyContactInput's keys (what an update
        compares with, and what the history shows as the old values)."""
        return {"email": self.contact_email, "firstName": self.contact_first_name,
                "lastName": self.contact_last_name, "phone": self.contact_phone}


@dataclass(frozen=True)
class LocationChanges:
    """What to send for one location: `fields` (companyLocationUpdate input), each changed
    address with the slots it goes in (companyLocationAssignAddress), a new tax id."""

    location_id: str
    code: str
    fields: dict[str, Any] = field(default_factory=dict)
    addresses: tuple[tuple[dict[str, Any], tuple[str, ...]], ...] = ()
    tax_registration_id: str | None = None


@dataclass(frozen=True)
class CompanyChanges:
    """The requests that bring a linked company in line with its local organisation, each
    with only what differs. `new_locations` pairs each local address no location stands
    for with its companyLocationCreate input; `new_contact` is the CompanyContactInput of a
    main contact to make for a company that has none."""

    company: dict[str, Any] = field(default_factory=dict)
    contact: dict[str, Any] = field(default_factory=dict)
    locations: tuple[LocationChanges, ...] = ()
    new_locations: tuple[tuple[str, dict[str, Any]], ...] = ()
    new_contact: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.company or self.contact or self.locations or self.new_locations
                    or self.new_contact)


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _same_phone(mine: object, theirs: object, region: str) -> bool:
    a, b = _text(mine), _text(theirs)
    return (phone_key(a, region or None) or a) == (phone_key(b, region or None) or b)


def _address_key(address: Mapping[str, Any], *, recipient: bool) -> tuple[str, ...]:
    """An address as Shopify compares it: trimmed text, codes upper-case, phone in E.164;
    its recipient only when `recipient`."""
    country = _text(address.get("countryCode")).upper()
    values = []
    for key in ADDRESS_INPUT_KEYS:
        if key == "recipient" and not recipient:
            continue
        value = _text(address.get(key))
        if key in ("countryCode", "zoneCode"):
            value = value.upper()
        elif key == "phone":
            value = phone_key(value, country or None) or value
        values.append(value)
    return tuple(values)


def company_changes(prepared: PreparedCompany, mirror: CompanyMirror) -> CompanyChanges:
    """What differs between a local organisation (`prepared` for export, as for a create)
    and what Shopify holds for its linked company, as the inputs of the update requests.

    The local side is the master for what it sends (as for customers with "Can update
    Shopify customers"): the company name; the main contact's names, e-mail and phone (only
    those the local record gives); a company without a main contact gets one made from the
    organisation's e-mail, contact person and phone (`new_contact`; Shopify needs the
    e-mail, so an organisation without one makes none); each
    location's phone, payment terms, tax registration id and addresses. A value left
    empty locally is not cleared in Shopify (the export never sent one either). A local
    address no location stands for becomes a new location.

    The name of the main location and the recipient of the main address are the
    organisation's name when the company is created, and Shopify's afterwards (as Shopify
    keeps a location's name when its company is renamed): a rename is one companyUpdate, not
    also a request per location. A ship-to's location name and recipient are its own and
    follow it.

    Args:
        prepared: `prepare_company` of the organisation (must be ok).
        mirror: the linked company as last read from Shopify.
    """
    assert prepared.create_input is not None
    wanted = prepared.create_input
    company: dict[str, Any] = {}
    if _text(wanted["company"]["name"]) != _text(mirror.name):
        company["name"] = wanted["company"]["name"]
    contact: dict[str, Any] = {}
    person = wanted.get("companyContact") or {}
    new_contact = dict(person) if person and not mirror.contact_id else {}
    if mirror.contact_id:
        theirs = mirror.contact
        for key, value in person.items():
            if key == "email":
                same = _text(value).lower() == _text(theirs[key]).lower()
            elif key == "phone":
                same = _same_phone(value, theirs[key], "")
            else:
                same = _text(value) == _text(theirs[key])
            if not same:
                contact[key] = value
    main_input = wanted["companyLocation"]
    billing = main_input["shippingAddress"]
    inputs = {"": main_input, **dict(prepared.locations)}
    by_code = {loc.code: loc for loc in mirror.locations if loc.code is not None}
    changed: list[LocationChanges] = []
    new: list[tuple[str, dict[str, Any]]] = []
    for code, values in inputs.items():
        loc = by_code.get(code)
        if loc is None:
            new.append((code, _as_new_location(values, billing)))
            continue
        wanted_billing = values["shippingAddress"] if code == "" else billing
        change = _location_changes(loc, code, values, wanted_billing)
        if change is not None:
            changed.append(change)
    return CompanyChanges(company, contact, tuple(changed), tuple(new), new_contact)


def _as_new_location(values: dict[str, Any], billing: dict[str, Any]) -> dict[str, Any]:
    if "billingSameAsShipping" in values:
        return values
    return {**values, "billingAddress": billing}


def _location_changes(loc: LocationMirror, code: str, values: dict[str, Any],
                      billing: dict[str, Any]) -> LocationChanges | None:
    shipping = values["shippingAddress"]
    region = _text(shipping.get("countryCode")).upper()
    own = code != ""  # a ship-to: its name is its own, not the organisation's
    fields: dict[str, Any] = {}
    if own and _text(values.get("name")) != _text(loc.name):
        fields["name"] = values["name"]
    if values.get("phone") and not _same_phone(values["phone"], loc.phone, region):
        fields["phone"] = values["phone"]
    terms = (values.get("buyerExperienceConfiguration") or {}).get("paymentTermsTemplateId")
    if terms and terms != loc.payment_terms_id:
        fields["buyerExperienceConfiguration"] = {"paymentTermsTemplateId": terms}
    tax = values.get("taxRegistrationId")
    tax_change = tax if tax and _text(tax) != _text(loc.tax_registration_id) else None
    ship_differs = (_address_key(shipping, recipient=own)
                    != _address_key(loc.shipping, recipient=own))
    bill_differs = (_address_key(billing, recipient=False)
                    != _address_key(loc.billing, recipient=False))
    addresses: list[tuple[dict[str, Any], tuple[str, ...]]] = []
    if ship_differs and bill_differs and not own:  # the main location bills where it ships
        addresses.append((shipping, ("BILLING", "SHIPPING")))
    else:
        if bill_differs:
            addresses.append((billing, ("BILLING",)))
        if ship_differs:
            addresses.append((shipping, ("SHIPPING",)))
    if not (fields or addresses or tax_change):
        return None
    return LocationChanges(loc.shopify_id, code, fields, tuple(addresses), tax_change)
