"""Finding the local customer that a Shopify customer is (bc_connector §1.2 "Matching order",
§1.4 "How each mapping type works", seeds 003 and 004).

Mapping types (the shop's `customer_mapping` setting):

- email_phone: the existing link if its local customer still exists, then the e-mail, then
  the phone; else create (when allowed) or nothing.
- email_only (The Edge): the link, then the e-mail only.
- bill_to: the link, then a local customer with the same bill-to identity (names and address).
- default_customer: always the shop's default customer.
- always_new (The Edge "Create a new Edge customer"): the link, else create; no search. The
  link is still honoured, or every re-sync of a customer would create it again.

Two safety rules that Business Central lacks:

- Phones are compared as numbers in E.164 (parsed with the customer's country, else the
  shop's), never with BC's loose "digits in this order somewhere" filter.
- An ambiguous match is never linked: two local customers with the e-mail (or, with no e-mail
  hit, the phone) give "ambiguous" with the candidates, and so does an e-mail that points at
  one customer while the phone points only at others. When the phone's customers include the
  e-mail's customer, the e-mail wins: a shared landline is no reason to doubt an e-mail.

A local e-mail field may hold a `;`- or `,`-separated list. Every entry is indexed: the
merchant typed those addresses for that customer, and a Shopify customer using any of them is
that customer. A list shared by several customers then shows up as "ambiguous", which is
safe.

The Shopify side is matched on the customer's own e-mail and phone (what Shopify identifies a
customer by, seed 004), not on address phones, which are often a company switchboard. An
e-mail of theirs that is not an address ("bad@", checkout text) is neither matched on nor
copied to a local customer (`without_invalid_email`), as the orders do for a guest's.

Speed: `LocalIndex.build` costs dictionary inserts per row, plus one phonenumbers parse
(about 30 µs) for each local phone that is not already stored in E.164; the store saves valid
phones in E.164, so that parse is the exception. `match_customer` costs a few lookups.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, get_args

from desktop_app.records.settings import CustomerMapping, ShopSettings
from desktop_app.sync.rules.county import CountyRow, CountySetting, CountySources
from desktop_app.sync.rules.fields import E164_SHAPE, AddressSettings, local_fields_from_shopify
from desktop_app.sync.rules.names import NameSources
from desktop_app.sync.rules.records import LocalCustomerRow, ShopifyAddressIn, ShopifyCustomerIn
from desktop_app.validation import is_valid_email, parse_phone

MatchKind = Literal["linked", "matched", "create", "default", "ambiguous", "none", "error"]
MappingType = CustomerMapping
MAPPING_TYPES: frozenset[str] = frozenset(get_args(CustomerMapping))

_EMAIL_SPLIT = re.compile(r"[;,]")

BillToKey = str
_SEPARATOR = "\x1f"


# --- Keys ------------------------------------------------------------------------------------


def email_keys(text: str) -> list[str]:
    """Every address of an e-mail field (a `;`/`,` list), trimmed and lower-cased, in order."""
    if not text:
        return []
    if ";" not in text and "," not in text:
        key = text.strip().lower()
        return [key] if key else []
    keys: list[str] = []
    for part in _EMAIL_SPLIT.split(text):
        key = part.strip().lower()
        if key and key not in keys:
            keys.append(key)
    return keys


def email_key(text: str) -> str:
    """The first address of an e-mail field, trimmed and lower-cased ("" when none)."""
    keys = email_keys(text)
    return keys[0] if keys else ""


def phone_key(text: str, region: str | None) -> str | None:
    """The E.164 form of a phone, or None when it is blank or does not parse.

    Text already in E.164 shape is taken as is: the store and Shopify keep valid phones in
    E.164, and skipping the parse is what makes indexing 100,000 customers cheap.
    """
    value = (text or "").strip()
    if not value:
        return None
    if E164_SHAPE.match(value):
        return value
    try:
        return parse_phone(value, region).e164
    except ValueError:
        return None


def bill_to_key(
    name: str,
    name_2: str,
    address: str,
    address_2: str,
    post_code: str,
    city: str,
    county: str,
    country: str,
) -> BillToKey:
    """The bill-to identity: the eight fields trimmed, whitespace-collapsed, case-folded.

    One string rather than a tuple, built with one casefold, because building it for 100,000
    customers is most of the index's cost. The fields are joined with U+001F, which
    `str.split()` treats as whitespace, so no field can contain the separator and two
    different identities never give the same key.
    """
    return _SEPARATOR.join(
        " ".join(part.split())
        for part in (name, name_2, address, address_2, post_code, city, county, country)
    ).casefold()


def local_bill_to_key(row: LocalCustomerRow) -> BillToKey:
    return bill_to_key(row.name, row.name_2, row.address, row.address_2, row.post_code,
                       row.city, row.county, row.country)


def shopify_bill_to_key(
    customer: ShopifyCustomerIn,
    address: ShopifyAddressIn,
    sources: NameSources,
    county_source: CountySetting,
    tax_areas: Iterable[CountyRow] = (),
) -> BillToKey | None:
    """The bill-to identity a local customer created from this address would have.

    The fields are built by `fields.local_fields_from_shopify`, exactly as the import fills
    them (name sources, county source, cut to the column sizes), so a customer created from an
    address is found again by the same address. None when the address yields no name at all:
    By Bill-to Info then has nothing to identify the customer by.
    """
    fields = local_fields_from_shopify(customer, address, sources, county_source, tax_areas)
    if not fields.name:
        return None
    return bill_to_key(fields.name, fields.name_2, fields.address, fields.address_2,
                       fields.post_code, fields.city, fields.county, fields.country)


def without_invalid_email(customer: ShopifyCustomerIn) -> tuple[ShopifyCustomerIn, str]:
    """The customer as matching and the import take it, and the e-mail left out of it.

    An e-mail that is not an address (`validation.is_valid_email`: "bad@", checkout text, a
    cut one) is left out, as the orders do for a guest's (issue 9): matching on it could
    link a stranger who has the same broken text, and a local customer given it could never
    be written to, nor found by, Shopify. The job says so, naming the customer and `email`.

    Returns:
        (the customer, the e-mail left out); the customer unchanged and "" when its e-mail
        is blank or valid.
    """
    email = customer.email.strip()
    if not email or is_valid_email(email):
        return customer, ""
    return replace(customer, email=""), customer.email


# --- Index -------------------------------------------------------------------------------------


@dataclass
class LocalIndex:
    """Local customers indexed for matching; build it once per sync run.

    Each map goes from a key to the customer nos that have it, in the order they were added.
    `add` keeps the index current when the run creates a customer, so a later Shopify
    customer with the same e-mail finds it instead of creating a second one.

    A key with one customer (nearly all of them) holds a 1-tuple, a shared key a list. Tuples
    of strings are left alone by Python's cycle collector, lists are not: with a list per key,
    100,000 local customers added ~140,000 objects to every full collection, which then held
    the window's event loop for 60-100 ms each (issue 9's stall benchmark).
    """

    shop_country: str | None = None
    nos: set[str] = field(default_factory=set)
    by_email: dict[str, Sequence[str]] = field(default_factory=dict)
    by_phone: dict[str, Sequence[str]] = field(default_factory=dict)
    by_bill_to: dict[BillToKey, Sequence[str]] = field(default_factory=dict)

    with_bill_to: bool = True

    @classmethod
    def build(
        cls,
        rows: Iterable[LocalCustomerRow],
        shop_country: str | None = None,
        with_bill_to: bool = True,
    ) -> LocalIndex:
        """Index local customers; phones without a country are read in the shop's country.

        Args:
            with_bill_to: also index the bill-to identity, which only the bill_to mapping
                uses and which costs about a third of the build; pass
                `settings.mapping == "bill_to"`.
        """
        index = cls(
            shop_country=(shop_country or "").strip().upper() or None,
            with_bill_to=with_bill_to,
        )
        for row in rows:
            index.add(row)
        return index

    def add(self, row: LocalCustomerRow) -> None:
        no = row.no
        self.nos.add(no)
        for key in email_keys(row.email):
            _append(self.by_email, key, no)
        region = row.country.strip().upper() or self.shop_country
        phone = phone_key(row.phone, region)
        if phone is not None:
            _append(self.by_phone, phone, no)
        if self.with_bill_to:
            _append(self.by_bill_to, local_bill_to_key(row), no)

    def __contains__(self, no: object) -> bool:
        return no in self.nos

    def __len__(self) -> int:
        return len(self.nos)


def _append(mapping: dict[str, Sequence[str]], key: str, no: str) -> None:
    found = mapping.get(key)
    if found is None:
        mapping[key] = (no,)
    elif isinstance(found, list):
        found.append(no)
    else:
        mapping[key] = [*found, no]


# --- Decision --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _MatchChoice:
    mapping: MappingType = ShopSettings.customer_mapping
    auto_create: bool = ShopSettings.auto_create_customers
    default_customer_no: str = ShopSettings.default_customer_no
    shop_country: str = ""


@dataclass(frozen=True)
class MatchSettings(AddressSettings, _MatchChoice):
    """The shop settings matching depends on: the mapping type, whether it may create, the
    default customer, the shop's country, then the `AddressSettings`.

    `auto_create` allows "create" for email_phone, email_only and bill_to; always_new creates
    regardless, that being the setting's whole point.
    """

    def __post_init__(self) -> None:
        if self.mapping not in MAPPING_TYPES:
            raise ValueError(f"unknown customer mapping {self.mapping!r}")

    @classmethod
    def from_shop(
        cls,
        settings: ShopSettings,
        shop_country: str = "",
        tax_areas: Iterable[CountyRow] = (),
        county_sources: CountySources | None = None,
    ) -> MatchSettings:
        """From a shop's settings (and its per-country county sources, if any)."""
        return replace(cls.of_shop(settings, tax_areas, county_sources),
                       mapping=settings.customer_mapping,
                       auto_create=settings.auto_create_customers,
                       default_customer_no=settings.default_customer_no.strip(),
                       shop_country=shop_country)


@dataclass(frozen=True)
class MatchDecision:
    """What to do with one Shopify customer.

    kind:
      - "linked": keep the existing link to `customer_no`.
      - "matched": link to `customer_no`, found by `reason` ("email", "phone", "bill_to").
      - "create": create a local customer (then link it).
      - "default": use the shop's default customer `customer_no` (no link is saved).
      - "ambiguous": several local customers fit; `candidates` lists them, for review.
      - "none": nothing found and creating is not allowed.
      - "error": the settings make a decision impossible; `reason` says why.

    `stale_link` is True when the Shopify customer was linked to a local customer that no
    longer exists; the job clears that link whatever the decision.
    """

    kind: MatchKind
    customer_no: str | None = None
    reason: str = ""
    candidates: tuple[str, ...] = ()
    stale_link: bool = False


def _customer_phone(customer: ShopifyCustomerIn, shop_country: str) -> str | None:
    address = customer.main_address()
    region = (address.country_code.strip().upper() if address else "") or shop_country or None
    return phone_key(customer.phone, region)


def _not_found(settings: MatchSettings, stale: bool) -> MatchDecision:
    if settings.auto_create:
        return MatchDecision("create", reason="not found", stale_link=stale)
    return MatchDecision("none", reason="not found", stale_link=stale)


def _unique(nos: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted(set(nos)))


def _by_email_phone(
    customer: ShopifyCustomerIn, index: LocalIndex, settings: MatchSettings,
    use_phone: bool, stale: bool,
) -> MatchDecision:
    email = email_key(customer.email)
    email_hits = _unique(index.by_email.get(email, ())) if email else ()
    phone_hits: tuple[str, ...] = ()
    if use_phone:
        phone = _customer_phone(customer, settings.shop_country.strip().upper())
        if phone is not None:
            phone_hits = _unique(index.by_phone.get(phone, ()))
    if len(email_hits) > 1:
        return MatchDecision("ambiguous", reason="email", candidates=email_hits,
                             stale_link=stale)
    if len(email_hits) == 1:
        (no,) = email_hits
        if phone_hits and no not in phone_hits:
            return MatchDecision("ambiguous", reason="email and phone disagree",
                                 candidates=_unique(email_hits + phone_hits), stale_link=stale)
        return MatchDecision("matched", no, "email", stale_link=stale)
    if len(phone_hits) > 1:
        return MatchDecision("ambiguous", reason="phone", candidates=phone_hits,
                             stale_link=stale)
    if len(phone_hits) == 1:
        return MatchDecision("matched", phone_hits[0], "phone", stale_link=stale)
    return _not_found(settings, stale)


def match_customer(
    customer: ShopifyCustomerIn,
    index: LocalIndex,
    settings: MatchSettings,
    bill_to: ShopifyAddressIn | None = None,
) -> MatchDecision:
    """Decide which local customer a Shopify customer is, by the shop's mapping type.

    Args:
        customer: the Shopify customer, with its current link in `linked_no`.
        index: the local customers.
        settings: mapping type and related shop settings.
        bill_to: for bill_to mapping, the order's billing address; without it the customer's
            default (else first) address is used. When neither yields a name, the customer
            is matched by e-mail/phone instead (bc_connector §1.4 step 4).
    """
    mapping = settings.mapping
    if mapping == "default_customer":
        if not settings.default_customer_no:
            return MatchDecision("error", reason="no default customer is set")
        return MatchDecision("default", settings.default_customer_no, "default customer")
    stale = False
    if customer.linked_no:
        if customer.linked_no in index:
            return MatchDecision("linked", customer.linked_no, "existing link")
        stale = True
    if mapping == "always_new":
        return MatchDecision("create", reason="always new", stale_link=stale)
    if mapping == "email_only":
        return _by_email_phone(customer, index, settings, use_phone=False, stale=stale)
    if mapping == "bill_to":
        if not index.with_bill_to:
            raise ValueError("bill_to mapping needs LocalIndex.build(..., with_bill_to=True)")
        address = bill_to if bill_to is not None else customer.main_address()
        key = (
            shopify_bill_to_key(customer, address, settings.name_sources,
                                settings.county_source, settings.tax_areas)
            if address is not None else None
        )
        if key is None:
            return _by_email_phone(customer, index, settings, use_phone=True, stale=stale)
        hits = _unique(index.by_bill_to.get(key, ()))
        if len(hits) > 1:
            return MatchDecision("ambiguous", reason="bill_to", candidates=hits,
                                 stale_link=stale)
        if hits:
            return MatchDecision("matched", hits[0], "bill_to", stale_link=stale)
        return _not_found(settings, stale)
    return _by_email_phone(customer, index, settings, use_phone=True, stale=stale)
