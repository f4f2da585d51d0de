"""A local address: the same ten columns wherever the app keeps one (a local customer, a
ship-to address, a sales document's ship-to), of the widths in `records.widths`.

The types that hold one extend `LocalAddress` and add their own key (a customer's number,
a ship-to's code) as a keyword-only field.
"""

from __future__ import annotations

from dataclasses import dataclass


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
