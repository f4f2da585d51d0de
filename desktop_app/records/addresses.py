"""A local address: the same ten columns wherever the app keeps one (a local customer, a
ship-to address, a sales document's ship-to), of the widths in `records.widths`.

The types that hold one extend `LocalAddress` and add their own key (a customer's number,
a ship-to's code) as a keyword-only field; `LocalContact` adds a customer's phone extension
and e-mail, `OrganisationAddress` a company location's code, payment terms and tax
registration number.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class LocalAddress:
    """Name, name 2, contact, address lines, city, post code, county, country (ISO code) and
    phone of a local address ("" when unknown)."""

    name: str = ""
    name_2: str = ""
    contact: str = ""
    address: str = ""
    address_2: str = ""
    city: str = ""
    post_code: str = ""
    county: str = ""
    country: str = ""
    phone: str = ""


@dataclass(frozen=True)
class LocalContact(LocalAddress):
    """A local address with the phone's extension and the e-mail (as typed: it may hold a
    `;`- or `,`-separated list): the fields of a local customer's address and contact, of the
    widths in `records.widths.CUSTOMER`."""

    phone_ext: str = ""
    email: str = ""


@dataclass(frozen=True)
class OrganisationAddress(LocalAddress):
    """An address of a local organisation as a company location stands for it: its `code`
    ("" for the customer's own address, else a ship-to address's), payment terms and tax
    registration number ("" when none)."""

    code: str = field(kw_only=True)
    payment_terms: str = ""
    tax_registration_no: str = ""
