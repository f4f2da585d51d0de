"""The plain records the customer rules read: a Shopify customer with its addresses, a local row.

The sync jobs fill these from the store (peewee rows) or from the Shopify client's records, so
the rules never see a database row, a Qt object or raw JSON, and tests can build them in one
line. Every text field defaults to "" rather than None: the rules treat "missing" and "blank"
the same way, as the store does.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.records.addresses import LocalContact
from desktop_app.records.customers import MailingAddress, PersonDetails


@dataclass(frozen=True)
class _AddressId:
    id: str = ""


@dataclass(frozen=True)
class ShopifyAddressIn(MailingAddress, _AddressId):
    """One address of a Shopify customer (a `MailingAddress`), as staged locally: its `id`
    ("" when it has none), then the `records.customers.MailingAddress` fields.

    `country_code` is the ISO 3166-1 alpha-2 code (`countryCodeV2`); `province_code` and
    `province` are Shopify's code and name for the state or province, when the country has them.
    The rules read the country by its code only (`country`, the name, stays "").
    """


@dataclass(frozen=True)
class _CustomerId:
    id: str


@dataclass(frozen=True)
class ShopifyCustomerIn(PersonDetails, _CustomerId):
    """A Shopify customer as the matching and import rules need it: `id`, its
    `records.customers.PersonDetails`, its addresses.

    `linked_no` is the local customer this Shopify customer is already linked to (the link saved
    by an earlier match or by the merchant), or "" when it has none.
    """

    addresses: tuple[ShopifyAddressIn, ...] = ()
    linked_no: str = ""

    def main_address(self) -> ShopifyAddressIn | None:
        """The default address, else the first one (bc_connector §1.2); None without any."""
        for address in self.addresses:
            if address.is_default:
                return address
        return self.addresses[0] if self.addresses else None


@dataclass(frozen=True)
class LocalCustomerFields(LocalContact):
    """The fields of a local customer the rules compare, export or write ("" when blank): its
    `records.addresses.LocalContact`.

    `email` is the field as typed, which may hold a `;`- or `,`-separated list; `phone` is the
    store's phone column (E.164 when it was valid on save, else as typed) and `phone_ext` its
    extension kept apart. `country` is an ISO code or blank (blank = the company's country).
    """


@dataclass(frozen=True)
class _CustomerNo:
    no: str


@dataclass(frozen=True)
class LocalCustomerRow(LocalCustomerFields, _CustomerNo):
    """A local customer as the rules read it: `no`, then its `LocalCustomerFields` (a
    dataclass takes the fields of its last base first, so `LocalCustomerRow("C1", "Ann")`
    is customer C1 named Ann)."""
