"""A Shopify customer and its addresses, as read from Shopify and as staged in the store.

The shapes here are shared: `MailingAddress` (a Shopify address's fields) and `PersonDetails`
(a person's names, e-mail and phone) are declared once and held by every record of a Shopify
address or person (`AddressRecord`, `ShopifyPerson`, `records.companies.CompanyContactRecord`,
and the rules' `sync.rules.records.ShopifyAddressIn`/`ShopifyCustomerIn`). Each record puts
its own key first with a key base (`ShopifyKey`): a dataclass takes the fields of its last
base first, so `AddressRecord("gid://...", True, "Ann")` still reads id, default, first name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class ShopifyKey:
    """The Shopify GID a record starts with (the last base of a record, so its first field)."""

    shopify_id: str


@dataclass(frozen=True)
class MailingAddress:
    """The fields of a Shopify `MailingAddress` (a customer's or an order's address) after its
    id: whether it is the default, the names, the lines, the province (name and code), the post
    code, the country (name and ISO code) and the phone ("" when unknown)."""

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
class AddressRecord(MailingAddress, ShopifyKey):
    """One address of a customer (Shopify's `MailingAddress`); also an order's addresses:
    its `shopify_id`, then the `MailingAddress` fields."""


@dataclass(frozen=True)
class PersonDetails:
    """A person's first and last names, e-mail and phone, as Shopify gives them ("" when
    unknown)."""

    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ShopifyPerson(PersonDetails, ShopifyKey):
    """A Shopify customer's id, names, e-mail and phone: all an order tells of its customer
    (`records.orders.OrderCustomer`), and the start of a whole `CustomerRecord`."""


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
