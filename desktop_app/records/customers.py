"""A Shopify customer and its addresses, as read from Shopify and as staged in the store."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class AddressRecord:
    """One address of a customer (Shopify's `MailingAddress`); also an order's addresses."""

    shopify_id: str
    is_default: bool = False
    first_name: str = ""
    last_name: str = ""
    company: str = ""
    address1: str = ""
    address2: str = ""
    city: str = ""
    province: str = ""
    province_code: str = ""
    zip: str = ""
    country: str = ""
    country_code: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ShopifyPerson:
    """A Shopify customer's id, names, e-mail and phone: all an order tells of its customer
    (`records.orders.OrderCustomer`), and the start of a whole `CustomerRecord`."""

    shopify_id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class CustomerRecord(ShopifyPerson):
    """A Shopify customer. `addresses=None`: the query did not read the addresses (the store
    then keeps the staged ones)."""

    company: str = ""
    state: str = ""
    tags: str = ""
    note: str = ""
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None
    addresses: tuple[AddressRecord, ...] | None = ()

    @property
    def default_address(self) -> AddressRecord | None:
        """The default address, else the first one (bc_connector §1.2), else None."""
        if not self.addresses:
            return None
        for address in self.addresses:
            if address.is_default:
                return address
        return self.addresses[0]
