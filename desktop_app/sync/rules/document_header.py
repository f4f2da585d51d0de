"""Payment terms, due date and ship-to address of a sales document made from a Shopify order.

Business Central's sales header carries a Payment Terms Code with its Due Date, and a Ship-to
Code with the ship-to name and address (bc_connector §1.5-1.6, §1.11). Here:

- **Payment terms**: the code the import stored on the order (a B2B order: its company
  location's Shopify terms mapped to a local code, else the company customer's own). The due
  date comes from the Shopify payment terms templates mapped to that code: NET terms give the
  document date plus their days, "due on receipt" the document date itself; fixed-date and
  "due on fulfillment" terms, a code mapped to templates that disagree, or a code no template
  is mapped to give none (Business Central too sets a due date only when it is known for sure).
- **Ship-to**: the code of a B2B order's company location ("" = the customer's own address,
  or no location), and the address the order ships to: the order's shipping address, in the
  local fields the customer import would make of it (name sources, county source, lengths);
  when the order has none, the local address its location stands for.

No database, no HTTP, no Qt: inputs are plain values.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app.records.orders import ShipTo
from desktop_app.records.widths import SHIP_TO_CODE, AddressWidths
from desktop_app.sync.rules.county import CountyRow, CountySetting
from desktop_app.sync.rules.fields import local_fields_from_shopify
from desktop_app.sync.rules.names import NameSources
from desktop_app.sync.rules.records import ShopifyAddressIn, ShopifyCustomerIn


@dataclass(frozen=True)
class TermsTemplate:
    """A Shopify payment terms template and the local code it is mapped to."""

    code: str
    terms_type: str
    due_in_days: int | None = None
    name: str = ""


@dataclass(frozen=True)
class DocumentTerms:
    """A document's payment terms code and due date (None when the terms give none)."""

    payment_terms_code: str = ""
    due_date: dt.date | None = None


def document_terms(code: str, document_date: dt.date | None,
                   templates: Iterable[TermsTemplate]) -> DocumentTerms:
    """The payment terms and due date of a document dated `document_date` on terms `code`.

    Args:
        code: the local payment terms code stored on the order ("" for none).
        document_date: the document date (None: no due date can be worked out).
        templates: the shop's Shopify payment terms templates with their local codes.
    """
    code = code.strip()
    if not code:
        return DocumentTerms()
    kinds = {(t.terms_type.upper(), t.due_in_days) for t in templates if t.code == code}
    if document_date is None or len(kinds) != 1:
        return DocumentTerms(code)
    ((kind, days),) = kinds
    if kind == "NET" and days is not None and days >= 0:
        return DocumentTerms(code, document_date + dt.timedelta(days=days))
    if kind == "RECEIPT":
        return DocumentTerms(code, document_date)
    return DocumentTerms(code)


@dataclass(frozen=True)
class ShipToLengths(AddressWidths):
    """The widths of the document's ship-to columns (`SalesDocument.ship_to_*`)."""

    code: int = SHIP_TO_CODE


def cut(ship_to: ShipTo, lengths: ShipToLengths = ShipToLengths()) -> ShipTo:
    """The same values cut to the document's columns' widths (runs of spaces made one)."""
    return ShipTo(**{f: " ".join(getattr(ship_to, f).split())[:getattr(lengths, f)].rstrip()
                     for f in ShipTo.__dataclass_fields__})


def ship_to_from_order(code: str, address: ShopifyAddressIn | None, sources: NameSources,
                       county_source: CountySetting, counties: Iterable[CountyRow] = (),
                       shop_country: str = "",
                       fallback: ShipTo | None = None) -> ShipTo:
    """The ship-to of a document: location code `code` and the order's shipping `address`.

    The address becomes local fields as the customer import makes them (Name/Name 2/Contact
    by the shop's name sources, County by its county source, the phone in E.164 when it
    parses). An order without a shipping address takes `fallback` (the local address its
    B2B location stands for), else only the code.
    """
    return ship_to_and_cuts(code, address, sources, county_source, counties, shop_country,
                            fallback)[0]


def ship_to_and_cuts(code: str, address: ShopifyAddressIn | None, sources: NameSources,
                     county_source: CountySetting, counties: Iterable[CountyRow] = (),
                     shop_country: str = "",
                     fallback: ShipTo | None = None) -> tuple[ShipTo, tuple[str, ...]]:
    """`ship_to_from_order`, and the fields of the order's address that were longer than
    the document's columns and were cut (named to the merchant, never cut silently)."""
    if address is None or not any((address.address1, address.address2, address.city,
                                   address.zip, address.country_code, address.first_name,
                                   address.last_name, address.company)):
        return cut(dataclasses.replace(fallback or ShipTo(), code=code)), ()
    fields = local_fields_from_shopify(ShopifyCustomerIn(id=""), address, sources,
                                       county_source, tuple(counties), shop_country)
    return cut(ShipTo(
        code=code, name=fields.name, name_2=fields.name_2, contact=fields.contact,
        address=fields.address, address_2=fields.address_2, city=fields.city,
        post_code=fields.post_code, county=fields.county, country=fields.country,
        phone=fields.phone,
    )), fields.cut


__all__ = [
    "ShipTo", "DocumentTerms", "ShipToLengths", "TermsTemplate", "document_terms",
    "cut", "ship_to_from_order", "ship_to_and_cuts",
]
