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

from desktop_app.sync.rules.county import CountyRow, CountySource, county_for_shopify
from desktop_app.sync.rules.mapping import email_key, email_keys, phone_key
from desktop_app.sync.rules.names import NameSources, split_name

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
class OrganisationRow:
    """A local organisation customer as the mapping reads it."""

    no: str
    email: str = ""
    phone: str = ""
    country: str = ""
    registration_no: str = ""
    vat_registration_no: str = ""


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
    settings: Mapping[str, Any],
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
    default = str(settings.get("default_company_no") or "").strip()
    terms = (location.payment_terms_code if location else "") or company_payment_terms
    if str(settings.get("company_mapping") or "email_phone") == "default_company":
        if not default:
            return B2BOrderParties(False, reason="company mapping is 'default_company' but no "
                                                 "default company no. is set")
        return B2BOrderParties(True, default, default, None, terms, "default company")
    sell_to = (location.sell_to_no if location else "") or (company_no or "") or default
    if not sell_to:
        return B2BOrderParties(False, reason="the company is not linked to a local customer "
                                             "and no default company no. is set")
    bill_to = (location.bill_to_no if location else "") or sell_to
    ship_to = None
    if location is not None and company_no and sell_to == company_no and location.ship_to_code:
        ship_to = location.ship_to_code
    reason = "location override" if location and location.sell_to_no else (
        "company" if company_no else "default company")
    return B2BOrderParties(True, sell_to, bill_to, ship_to, terms, reason)


# --- export ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AddressOut:
    """A local address (the customer's own or a ship-to) to send as a CompanyAddressInput."""

    code: str
    name: str = ""
    contact: str = ""
    address: str = ""
    address_2: str = ""
    city: str = ""
    post_code: str = ""
    county: str = ""
    country: str = ""
    phone: str = ""
    payment_terms: str = ""
    tax_registration_no: str = ""


@dataclass(frozen=True)
class OrganisationOut:
    """A local organisation to export, with its addresses (the first is its own)."""

    no: str
    name: str
    contact: str = ""
    email: str = ""
    phone: str = ""
    registration_no: str = ""
    vat_registration_no: str = ""
    payment_terms: str = ""
    addresses: tuple[AddressOut, ...] = ()


@dataclass(frozen=True)
class ExportIssue:
    """Why one field of an organisation cannot be sent."""

    field: str
    reason: str


@dataclass(frozen=True)
class PreparedCompany:
    """The companyCreate input and one companyLocationCreate input per further address.

    `locations` pairs each further address code with its CompanyLocationInput.
    """

    create_input: dict[str, Any] | None
    locations: tuple[tuple[str, dict[str, Any]], ...] = ()
    issues: tuple[ExportIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return self.create_input is not None and not self.issues


def location_external_id(no: str, code: str) -> str:
    """The external id of the location exported from address `code` of customer `no`."""
    return no if code == "" else f"{no}/{code}"


def _address_input(address: AddressOut, county_source: CountySource,
                   counties: Iterable[CountyRow], company_country: str,
                   issues: list[ExportIssue], field_prefix: str) -> dict[str, Any]:
    country = (address.country or company_country).strip().upper()
    if not country:
        issues.append(ExportIssue(f"{field_prefix}country", "the address has no country and "
                                                            "the shop has no country either"))
    county = county_for_shopify(country, address.county, county_source, counties)
    if not county.ok:
        issues.append(ExportIssue(f"{field_prefix}county", county.error or ""))
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
    county_source: CountySource = "code",
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
    issues: list[ExportIssue] = []
    if not org.name.strip():
        issues.append(ExportIssue("name", "an organisation needs a name to become a company"))
    if not org.addresses:
        issues.append(ExportIssue("address", "the organisation has no address"))
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
            issues.append(ExportIssue(f"{prefix}payment_terms",
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
