"""The plain records the customer rules read: a Shopify customer with its addresses, a local row.

The sync jobs fill these from the store (peewee rows) or from the Shopify client's records, so
the rules never see a database row, a Qt object or raw JSON, and tests can build them in one
line. Every text field defaults to "" rather than None: the rules treat "missing" and "blank"
the same way, as the store does.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ShopifyAddressIn:
    """One address of a Shopify customer (a `MailingAddress`), as staged locally.

    `country_code` is the ISO 3166-1 alpha-2 code (`countryCodeV2`); `province_code` and
    `province` are Shopify's code and name for the state or province, when the country has them.
    """

    id: str = ""
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
    country_code: str = ""
    phone: str = ""


@dataclass(frozen=True)
class ShopifyCustomerIn:
    """A Shopify customer as the matching and import rules need it.

    `linked_no` is the local customer this Shopify customer is already linked to (the link saved
    by an earlier match or by the merchant), or "" when it has none.
    """

    id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""
    addresses: tuple[ShopifyAddressIn, ...] = ()
    linked_no: str = ""

    def main_address(self) -> ShopifyAddressIn | None:
        """The default address, else the first one (bc_connector §1.2); None without any."""
        for address in self.addresses:
            if address.is_default:
                return address
        return self.addresses[0] if self.addresses else None


@dataclass(frozen=True)
class LocalCustomerFields:
    """The fields of a local customer the rules compare, export or write ("" when blank).

    `email` is the field as typed, which may hold a `;`- or `,`-separated list; `phone` is the
    store's phone column (E.164 when it was valid on save, else as typed) and `phone_ext` its
    extension kept apart. `country` is an ISO code or blank (blank = the company's country).
    """

    name: str = ""
    name_2: str = ""
    contact: str = ""
    address: str = ""
    address_2: str = ""
    post_code: str = ""
    city: str = ""
    county: str = ""
    country: str = ""
    phone: str = ""
    phone_ext: str = ""
    email: str = ""


@dataclass(frozen=True)
class _CustomerNo:
    no: str


@dataclass(frozen=True)
class LocalCustomerRow(LocalCustomerFields, _CustomerNo):
    """A local customer as the rules read it: `no`, then its `LocalCustomerFields` (a
    dataclass takes the fields of its last base first, so `LocalCustomerRow("C1", "Ann")`
    is customer C1 named Ann)."""
