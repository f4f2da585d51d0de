"""The widths of the local text columns that values from Shopify are cut to: one statement
of each, which the store's models declare as their `max_length` and the rules cut to (and
say so: a `field_cut` warning, never a silent cut).

A local address has the same columns, of the same widths, wherever it is kept: a local
customer, a ship-to address, a sales document's ship-to.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class AddressWidths:
    """The widths of a local address's columns."""

    name: int = 100
    name_2: int = 50
    contact: int = 100
    address: int = 100
    address_2: int = 50
    city: int = 30
    post_code: int = 20
    county: int = 30
    country: int = 2
    phone: int = 30


@dataclass(frozen=True)
class CustomerWidths(AddressWidths):
    """The widths of a local customer's columns (`store.models.Customer`): its address's,
    the phone's extension and the e-mail (as typed: it may hold a list)."""

    phone_ext: int = 10
    email: int = 254


ADDRESS = AddressWidths()
CUSTOMER = CustomerWidths()
#: A local customer's number; a ship-to address's code.
CUSTOMER_NO = 20
SHIP_TO_CODE = 10
#: An organisation's or a ship-to's tax registration number.
TAX_REGISTRATION_NO = 30
#: A Shopify order's name ("#1001") as kept locally.
ORDER_NAME = 50
#: A sales document's (or posted shipment's) line description.
LINE_DESCRIPTION = 255
