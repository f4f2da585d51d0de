"""All local customer fields from one Shopify address (bc_connector §1.2 `FillInCustomerFields`).

The import job uses this to create or update a local customer, and the bill_to mapping uses it
to compute the identity such a customer would have. Using the same function for both is what
lets a customer created from an address be found again from the same address, including when
a long city or street was cut to the local field's length.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Self

from desktop_app import geo
from desktop_app.records.settings import ShopSettings
from desktop_app.records.widths import CustomerWidths
from desktop_app.sync.rules.county import (
    CountyRow,
    CountySetting,
    CountySources,
    county_from_shopify,
)
from desktop_app.sync.rules.names import (
    FieldLengths,
    NameSources,
    PersonName,
    clean,
    local_names,
)
from desktop_app.sync.rules.records import (
    LocalCustomerFields,
    ShopifyAddressIn,
    ShopifyCustomerIn,
)
from desktop_app.validation import parse_phone

#: Text already in E.164 form; the store and Shopify keep valid phones so, and taking such text
#: as is saves a phonenumbers parse (~30 µs) per customer on bulk runs.
E164_SHAPE = re.compile(r"^\+[1-9]\d{6,14}$")


@dataclass(frozen=True)
class AddressSettings:
    """How a customer's names and county go between Shopify and the local fields: the name
    sources, the county source (per country when the shop sets some) and the shop's county
    table. The export's and the matching's settings (`export.ExportSettings`,
    `mapping.MatchSettings`) end with these."""

    name_sources: NameSources = NameSources()
    county_source: CountySetting = ShopSettings.county_source
    tax_areas: tuple[CountyRow, ...] = ()

    @classmethod
    def of_shop(cls, settings: ShopSettings, tax_areas: Iterable[CountyRow] = (),
                county_sources: CountySources | None = None) -> Self:
        """These from a shop's settings (and its per-country county sources, if any); a
        subclass's other fields keep their defaults."""
        return cls(name_sources=NameSources.of(settings),
                   county_source=county_sources or settings.county_source,
                   tax_areas=tuple(tax_areas))


@dataclass(frozen=True)
class LocalFields(LocalCustomerFields):
    """The values to write on the local customer; "" when blank."""

    #: The fields whose Shopify text was longer than the local field and was cut to it.
    cut: tuple[str, ...] = ()


def _cut(text: str, length: int) -> str:
    return clean(text)[:length].rstrip()


def local_fields_from_shopify(
    customer: ShopifyCustomerIn,
    address: ShopifyAddressIn | None,
    sources: NameSources,
    county_source: CountySetting,
    tax_areas: Iterable[CountyRow] = (),
    shop_country: str = "",
    lengths: CustomerWidths = CustomerWidths(),
) -> LocalFields:
    """Local field values for a Shopify customer and one of its addresses.

    Names come from the address's first/last name and company, falling back to the customer's
    own first and last name when the address has none (a guest's address often carries them,
    an account's may not). Country is the ISO code when it is a known country, else the raw
    code. Phone: the address phone, else the customer's, in E.164 when it parses (read in the
    address's country, else the shop's), else as given; an extension goes to `phone_ext`.

    Args:
        customer: the Shopify customer.
        address: the address to use (see `templates.choose_template`), None for none.
        sources: the shop's name sources.
        county_source: the shop's county source.
        tax_areas: the shop's county table, to convert province codes and names.
        shop_country: ISO code used to read national phone numbers without a country.
        lengths: column sizes; values are cut to them.
    """
    address = address or ShopifyAddressIn()
    first, last = address.first_name, address.last_name
    if not clean(first) and not clean(last):
        first, last = customer.first_name, customer.last_name
    names = local_names(
        PersonName(first, last, address.company),
        sources,
        FieldLengths(lengths.name, lengths.name_2, lengths.contact),
    )
    raw_country = address.country_code.strip().upper()
    known = geo.country(raw_country)
    country = known.code if known is not None else raw_country
    county = county_from_shopify(country, address.province_code, address.province,
                                 county_source, tax_areas, lengths.county)
    phone_text = address.phone.strip() or customer.phone.strip()
    phone, extension = phone_text, ""
    if phone_text and not E164_SHAPE.match(phone_text):
        try:
            parsed = parse_phone(phone_text, country or shop_country or None)
        except ValueError:
            pass
        else:
            phone, extension = parsed.e164, parsed.extension
    cut = names.cut + tuple(field for field, text, length in (
        ("address", address.address1, lengths.address),
        ("address_2", address.address2, lengths.address_2),
        ("post_code", address.zip, lengths.post_code), ("city", address.city, lengths.city),
        ("email", customer.email, lengths.email)) if len(text) > length
        and len(clean(text)) > length)
    return LocalFields(
        cut=cut,
        name=names.name,
        name_2=names.name_2,
        contact=names.contact,
        address=_cut(address.address1, lengths.address),
        address_2=_cut(address.address2, lengths.address_2),
        post_code=_cut(address.zip, lengths.post_code),
        city=_cut(address.city, lengths.city),
        county=county,
        country=country,
        phone=phone[: lengths.phone].strip(),
        phone_ext=extension[: lengths.phone_ext],
        email=customer.email.strip()[: lengths.email],
    )
