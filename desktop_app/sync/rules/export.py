"""Checking and preparing one local customer for Shopify's customerCreate / customerUpdate.

Rules: bc_connector §1.3, seed 000 ("requirements for exporting a customer"), seed 004 and
issue 5. What differs from Business Central, on purpose:

- The phone is parsed and sent in E.164 (BC sends it as typed and Shopify refuses it later,
  leaving only a log line). Any dialable form is accepted; an extension is kept apart
  (`ShopifyCustomerInput.phone_extension`, never sent: Shopify's phone has no room for it).
- Every problem of a record is reported at once, each naming its field, so the merchant fixes
  a customer in one go; the other customers of the batch go on.
- A county that is not a province of the country is refused (field "county") instead of being
  dropped.

Names and company come from `names.shopify_names`, the province from `county.county_for_shopify`.
The e-mail is sent lower-cased, as Shopify stores it, so comparing with what Shopify returns does
not report a change that is only in the case.

Shopify's company field (issue 14): Business Central sends Name as the company whenever the
Name source is "company", and with its default sources a person imported from Shopify has
their own name in Name, so their name went back up as their company. Here the company is
sent only for an organisation (local category `organisation`: its Name, whatever the sources)
or when the company-source field holds a real company name: another name field holds the
person's name, and it is not the same name. A person whose only name is Name sends no
company, and an organisation's Name is never split into a first and last name
(`company_for_shopify`).

Updates (issue 14: a blank is not a clear): `changed_fields` with an `Agreement` sends a
field only when the local customer changed it since the last exchange; a blank that was
never filled leaves Shopify's value alone, a field emptied locally is cleared on purpose
(`sync/rules/agreed.py` explains the rule).

Addresses: `CustomerInput.addresses` is deprecated since API 2025-10, so the address is
created and updated with the address mutations (`address_create_variables`,
`address_update_variables`); an update touches only the address of that id, and the other
addresses the customer added online stay as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from typing import Any

from desktop_app.records.settings import ShopSettings
from desktop_app.sync.issue_codes import NO_COUNTRY, UNKNOWN_COUNTRY, say
from desktop_app.sync.results import RecordIssue  # the one shape of a record skipped, and why
from desktop_app.sync.rules.county import (
    CountyRow,
    CountySources,
    county_for_shopify,
)
from desktop_app.sync.rules.fields import AddressSettings
from desktop_app.sync.rules.mapping import email_key
from desktop_app.sync.rules.names import (
    LocalNames,
    ShopifyNames,
    clean,
    shopify_names,
)
from desktop_app.sync.rules.records import LocalCustomerRow, ShopifyCustomerIn
from desktop_app.validation import country_code, first_email, is_valid_email, parse_phone


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


class _Normalised:
    """Mixin: text fields are stripped and "" becomes None, so "" and None never differ."""

    def __post_init__(self) -> None:
        for item in fields(self):  # type: ignore[arg-type]
            value = getattr(self, item.name)
            if isinstance(value, str) or value is None:
                if item.name in _KEEP_BLANK:
                    continue
                object.__setattr__(self, item.name, _blank_to_none(value))


_KEEP_BLANK = frozenset({"phone_extension"})

#: Python field -> Shopify `MailingAddressInput` field.
_ADDRESS_KEYS = {
    "first_name": "firstName",
    "last_name": "lastName",
    "company": "company",
    "address1": "address1",
    "address2": "address2",
    "city": "city",
    "zip": "zip",
    "country_code": "countryCode",
    "province_code": "provinceCode",
    "phone": "phone",
}

#: Python field -> Shopify `CustomerInput` field (the address goes through its own mutations).
_CUSTOMER_KEYS = {
    "first_name": "firstName",
    "last_name": "lastName",
    "email": "email",
    "phone": "phone",
    "note": "note",
}


@dataclass(frozen=True)
class ShopifyAddressInput(_Normalised):
    """A Shopify `MailingAddressInput`; None means "not set"."""

    address1: str | None = None
    address2: str | None = None
    city: str | None = None
    zip: str | None = None
    country_code: str | None = None
    province_code: str | None = None
    company: str | None = None
    phone: str | None = None
    first_name: str | None = None
    last_name: str | None = None

    def to_variables(self) -> dict[str, str]:
        """The fields that are set, under Shopify's names (for a create)."""
        return {
            key: getattr(self, name)
            for name, key in _ADDRESS_KEYS.items()
            if getattr(self, name) is not None
        }

    def changed_fields(
        self, previous: ShopifyAddressInput | None, agreement: Agreement | None = None
    ) -> dict[str, str | None]:
        """Fields that differ from `previous`, under Shopify's names; None clears a field.

        With an `agreement`, only the fields to send by its rule (`Agreement.sends`).
        """
        if previous is None:
            return dict(self.to_variables())
        if agreement is None:
            return {
                key: getattr(self, name)
                for name, key in _ADDRESS_KEYS.items()
                if getattr(self, name) != getattr(previous, name)
            }
        local = agreement.local.address or ShopifyAddressInput()
        shopify = agreement.shopify.address or ShopifyAddressInput()
        return {
            key: getattr(self, name)
            for name, key in _ADDRESS_KEYS.items()
            if agreement.sends(name, getattr(self, name), getattr(previous, name),
                               getattr(local, name), getattr(shopify, name))
        }

    def emptied(self) -> ShopifyAddressInput:
        """This address with its street, city and post code blank: what a local customer
        whose street, city and post code were all emptied asks of it (without them the
        export builds no address, so the other fields are not the local customer's to
        clear: names, company, province and country stay)."""
        return ShopifyAddressInput(
            country_code=self.country_code, province_code=self.province_code,
            company=self.company, phone=self.phone, first_name=self.first_name,
            last_name=self.last_name,
        )


def _same(name: str, a: str | None, b: str | None) -> bool:
    if name == "email":
        return (a or "").lower() == (b or "").lower()
    return a == b


@dataclass(frozen=True)
class Agreement:
    """A link's last exchange in Shopify's terms (`sync/rules/agreed.py`): what the local
    customer gave then (`local`, built by `prepare_customer` from its snapshot) and what
    Shopify held then (`shopify`, `ShopifyCustomerInput.from_shopify` of its snapshot)."""

    local: ShopifyCustomerInput
    shopify: ShopifyCustomerInput
    #: False: the link has no exchange recorded (`none()`): no field is agreed.
    recorded: bool = True

    @classmethod
    def none(cls) -> Agreement:
        """A link without a recorded exchange (older than schema v9, or linked by hand): a
        blank never clears anything."""
        return cls(ShopifyCustomerInput(), ShopifyCustomerInput(), recorded=False)

    def sends(self, name: str, mine: str | None, theirs: str | None, local_then: str | None,
              shopify_then: str | None) -> bool:
        """Whether field `name` goes to Shopify: it differs from Shopify's `theirs`, and
        either it was agreed then (`local_then` equal to `shopify_then`) and the local
        customer changed it since (a blank then clears it), or it was not agreed and it is
        not blank (a blank never filled clears nothing)."""
        if _same(name, mine, theirs):
            return False
        if self.recorded and _same(name, local_then, shopify_then):
            return not _same(name, mine, local_then)
        return mine is not None


@dataclass(frozen=True)
class ShopifyCustomerInput(_Normalised):
    """What is sent to Shopify for one customer.

    `note` None means the app does not manage the note (it is never sent, so a note written in
    Shopify survives). `phone_extension` is the extension split off the local phone; it is
    never sent and is there for the caller to show or keep.
    """

    first_name: str | None = None
    last_name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: ShopifyAddressInput | None = None
    note: str | None = None
    phone_extension: str = ""

    @classmethod
    def from_shopify(cls, customer: ShopifyCustomerIn) -> ShopifyCustomerInput:
        """What Shopify holds now, as the `previous` of `changed_fields` (default address)."""
        address = customer.main_address()
        return cls(
            first_name=customer.first_name,
            last_name=customer.last_name,
            email=customer.email,
            phone=customer.phone,
            address=None if address is None else ShopifyAddressInput(
                address1=address.address1, address2=address.address2, city=address.city,
                zip=address.zip, country_code=address.country_code,
                province_code=address.province_code, company=address.company,
                phone=address.phone, first_name=address.first_name,
                last_name=address.last_name,
            ),
        )

    def _customer_values(self) -> dict[str, str]:
        return {
            key: getattr(self, name)
            for name, key in _CUSTOMER_KEYS.items()
            if getattr(self, name) is not None
        }

    def to_create_variables(self, include_address: bool = False) -> dict[str, Any]:
        """Variables of `customerCreate`.

        Args:
            include_address: put the address in the deprecated `input.addresses`, for API
                versions before 2025-10; by default send it afterwards with
                `address_create_variables`.
        """
        values: dict[str, Any] = self._customer_values()
        if include_address and self.address is not None:
            values["addresses"] = [self.address.to_variables()]
        return {"input": values}

    def address_create_variables(self, customer_id: str) -> dict[str, Any] | None:
        """Variables of `customerAddressCreate`, as the default address; None without an address."""
        if self.address is None:
            return None
        return {
            "customerId": customer_id,
            "address": self.address.to_variables(),
            "setAsDefault": True,
        }

    def changed_fields(
        self, previous: ShopifyCustomerInput, agreement: Agreement | None = None
    ) -> dict[str, Any]:
        """The fields that differ from `previous`, under Shopify's names.

        Customer fields map to their new value (None clears them). A changed address appears
        under "address" with only its changed fields. The e-mail is compared ignoring case.
        Fields this side does not manage (a None `note`) are never reported. An address that
        is None here is never reported either (the customer's addresses in Shopify stay),
        unless the `agreement` had one: the local address was emptied, and its agreed street
        fields are cleared.

        With an `agreement` (the link's last exchange; None: a link without one, or a
        create), only the fields its rule sends (`Agreement.sends`); without one, every
        field that differs.
        """
        changed: dict[str, Any] = {}
        for name, key in _CUSTOMER_KEYS.items():
            mine, theirs = getattr(self, name), getattr(previous, name)
            if name == "note" and mine is None:
                continue
            if agreement is None:
                if not _same(name, mine, theirs):
                    changed[key] = mine
            elif agreement.sends(name, mine, theirs, getattr(agreement.local, name),
                                 getattr(agreement.shopify, name)):
                changed[key] = mine
        address = self._address_against(previous, agreement)
        if address is not None:
            address_changes = address.changed_fields(previous.address, agreement)
            if address_changes:
                changed["address"] = address_changes
        return changed

    def _address_against(
        self, previous: ShopifyCustomerInput, agreement: Agreement | None
    ) -> ShopifyAddressInput | None:
        if self.address is not None:
            return self.address
        if (agreement is not None and agreement.local.address is not None
                and previous.address is not None):
            return previous.address.emptied()
        return None

    def to_update_variables(
        self, customer_id: str, previous: ShopifyCustomerInput,
        agreement: Agreement | None = None,
    ) -> dict[str, Any] | None:
        """Variables of `customerUpdate` with only the changed customer fields; None if none."""
        changed = self.changed_fields(previous, agreement)
        changed.pop("address", None)
        if not changed:
            return None
        return {"input": {"id": customer_id, **changed}}

    def address_update_variables(
        self, customer_id: str, address_id: str, previous: ShopifyCustomerInput,
        agreement: Agreement | None = None,
    ) -> dict[str, Any] | None:
        """Variables of `customerAddressUpdate` for that one address; None if it is unchanged.

        When Shopify has no address yet (`previous.address` is None), use
        `address_create_variables` instead; this returns None then.
        """
        address = self._address_against(previous, agreement)
        if address is None or previous.address is None:
            return None
        changed = address.changed_fields(previous.address, agreement)
        if not changed:
            return None
        return {"customerId": customer_id, "addressId": address_id, "address": changed}


@dataclass(frozen=True)
class _CompanyCountry:
    company_country: str = ""


@dataclass(frozen=True)
class ExportSettings(AddressSettings, _CompanyCountry):
    """Shop and company settings the export depends on.

    `company_country` is the ISO code of the company's own country, used for local customers
    with a blank country (seed 000); then the `AddressSettings`.
    """

    @classmethod
    def from_shop(
        cls,
        settings: ShopSettings,
        company_country: str = "",
        tax_areas: Iterable[CountyRow] = (),
        county_sources: CountySources | None = None,
    ) -> ExportSettings:
        """From a shop's settings (and its per-country county sources, if any)."""
        return replace(cls.of_shop(settings, tax_areas, county_sources),
                       company_country=company_country)


@dataclass(frozen=True)
class PreparedCustomer:
    """The input to send, or the issues that stop this customer (never both)."""

    input: ShopifyCustomerInput | None
    issues: tuple[RecordIssue, ...] = ()

    @property
    def ok(self) -> bool:
        return self.input is not None


def _resolve_country(row: LocalCustomerRow, settings: ExportSettings) -> str | RecordIssue:
    text = row.country.strip()
    if text:
        code = country_code(text)
        if code is None:
            message, params = say("unknown_country_code", value=text)
            return RecordIssue(row.no, "country", message, code=UNKNOWN_COUNTRY, params=params)
        return code
    fallback = settings.company_country.strip()
    if not fallback:
        return RecordIssue(row.no, "country", say("no_country_no_shop_country")[0],
                           code=NO_COUNTRY)
    code = country_code(fallback)
    if code is None:
        return RecordIssue(
            row.no, "country",
            f"no country, and the company's country '{fallback}' is not a known ISO code",
            code="unknown_country",
        )
    return code


def _words(text: str) -> list[str]:
    return sorted(clean(text).casefold().split())


def company_for_shopify(
    local: LocalNames, names: ShopifyNames, *, organisation: bool
) -> ShopifyNames:
    """The names to send with Shopify's company field filled only from a company's name.

    - An organisation: the company is its Name (whatever the Name source), and Name is never
      split into a person's first and last name (those come from Contact or Name 2 only).
    - A person: the company the sources give (`names.company`, from the company-source
      field) is kept only when another name field holds the person's name and it is not
      the same name (same words, in any order, ignoring case). The person's name is the one
      the split used (`names.source_field`), else the first of Contact, Name 2, Name that
      is filled in besides the company's field. Otherwise the company field holds the
      person's own name, or nothing tells it from one, and no company is sent.
    """
    if organisation:
        first, last, used = names.first_name, names.last_name, names.source_field
        if used == "name":
            first = last = used = None
        return ShopifyNames(first, last, clean(local.name) or names.company, used)
    if names.company is None:
        return names
    texts = {"contact": local.contact, "name_2": local.name_2, "name": local.name}
    company_field = "name" if clean(local.name) == names.company else "name_2"
    person = texts.get(names.source_field or "")
    if person is None:
        person = next((text for field, text in texts.items()
                       if field != company_field and clean(text)), None)
    if person is None or _words(person) == _words(names.company):
        return ShopifyNames(names.first_name, names.last_name, None, names.source_field)
    return names


def prepare_customer(
    row: LocalCustomerRow, settings: ExportSettings, *, organisation: bool = False
) -> PreparedCustomer:
    """Check a local customer and build what Shopify gets for it.

    Refusals, each naming its field: "email" (none, or the first of the list is not valid:
    Shopify export needs one, seed 000, even when a phone is there), "country" (blank with no
    company country, or not an ISO country), "phone" (present but not a dialable number),
    "county" (not a province of a country that has provinces).

    The address is built when the customer has a street, city or post code; a country alone is
    not an address. Whether the phone is already taken is the caller's check, with
    `PhoneRegistry`, because it depends on the other customers.

    `organisation`: the local customer's category is `organisation` (its Name is the
    company's; see `company_for_shopify`).
    """
    issues: list[RecordIssue] = []
    email = first_email(row.email)
    if email is None:
        issues.append(RecordIssue(row.no, "email",
                                  "no e-mail address; Shopify export needs a valid one",
                                  code="no_email"))
    elif not is_valid_email(email):
        issues.append(RecordIssue(row.no, "email", "the e-mail address is not valid",
                                  code="invalid_email"))

    country = _resolve_country(row, settings)
    if isinstance(country, RecordIssue):
        issues.append(country)
        region: str | None = None
    else:
        region = country

    phone: str | None = None
    extension = row.phone_ext.strip()
    if row.phone.strip():
        try:
            parsed = parse_phone(row.phone, region)
        except ValueError as exc:
            issues.append(RecordIssue(row.no, "phone", f"the phone number cannot be used: {exc}",
                                      code="invalid_phone"))
        else:
            phone = parsed.e164
            extension = parsed.extension or extension

    local_names = LocalNames(row.name, row.name_2, row.contact)
    names = company_for_shopify(local_names, shopify_names(local_names, settings.name_sources),
                                organisation=organisation)
    address: ShopifyAddressInput | None = None
    has_address = any(
        value.strip() for value in (row.address, row.address_2, row.city, row.post_code)
    )
    if has_address and region is not None:
        county = county_for_shopify(region, row.county, settings.county_source,
                                    settings.tax_areas)
        if county.error is not None:
            issues.append(RecordIssue(row.no, "county", county.error, code="unknown_county"))
        address = ShopifyAddressInput(
            address1=row.address, address2=row.address_2, city=row.city, zip=row.post_code,
            country_code=region, province_code=county.province_code, company=names.company,
            phone=phone, first_name=names.first_name, last_name=names.last_name,
        )

    if issues:
        return PreparedCustomer(None, tuple(issues))
    return PreparedCustomer(ShopifyCustomerInput(
        first_name=names.first_name,
        last_name=names.last_name,
        email=email.lower() if email else None,
        phone=phone,
        address=address,
        phone_extension=extension,
    ))


class PhoneRegistry:
    """Who holds each phone number (E.164), to refuse a second customer with the same one.

    Shopify refuses a phone that another customer has (seed 000), so before exporting, the
    caller registers the phones of the Shopify customers it knows (owner: their GID) and
    claims each exported customer's phone (owner: the local customer no). A local customer
    linked to a Shopify customer passes that GID in `aliases`, so its own number in Shopify
    is not a conflict.
    """

    def __init__(self, pairs: Iterable[tuple[str, str]] = ()) -> None:
        self._owners: dict[str, str] = {}
        for e164, owner in pairs:
            self._owners.setdefault(e164, owner)

    def owner(self, e164: str) -> str | None:
        return self._owners.get(e164)

    def claim(self, e164: str, owner: str, aliases: Iterable[str] = ()) -> str | None:
        """Register `e164` for `owner`; return the other owner instead when it is taken.

        A phone claimed by one of `aliases` is handed over to `owner`, so the registry follows
        a Shopify customer's link to its local customer.
        """
        current = self._owners.get(e164)
        if current is None or current == owner or current in set(aliases):
            self._owners[e164] = owner
            return None
        return current

    def release(self, e164: str, owner: str) -> None:
        """Forget `e164` if `owner` holds it (the customer's export failed or its phone changed)."""
        if self._owners.get(e164) == owner:
            del self._owners[e164]

    def __len__(self) -> int:
        return len(self._owners)


def phone_taken_issue(record: str, other_owner: str) -> RecordIssue:
    """The refusal for a phone that `PhoneRegistry.claim` found taken."""
    return RecordIssue(record, "phone",
                       f"the phone number is already used by another customer ({other_owner})",
                       code="phone_taken")


@dataclass(frozen=True)
class SearchHit:
    """One customer returned by Shopify's customer search."""

    id: str
    email: str = ""
    phone: str = ""


def email_search_query(email: str) -> str:
    """Shopify search for an e-mail: quoted, lower-cased (Shopify tokenises unquoted text)."""
    return f'email:"{email.strip().lower()}"'


def phone_search_query(e164: str) -> str:
    """Shopify search for a phone in E.164."""
    return f"phone:{e164.strip()}"


def exact_match(local_email: str | None, local_e164: str | None, candidate: SearchHit) -> bool:
    """True when a search hit is really this customer: same e-mail or same E.164 phone.

    Shopify's search is tokenised, so `email:"ann@x.com"` can return "ann.x@x.com" or
    "ann@x.com.au" (bc_connector §4, #6459). Only equality counts: the e-mail ignoring case
    and surrounding spaces, the phone as E.164 text (Shopify stores phones in E.164).
    """
    mine = email_key(local_email or "")
    if mine and mine == email_key(candidate.email):
        return True
    phone = (local_e164 or "").strip()
    return bool(phone) and phone == candidate.phone.strip()
