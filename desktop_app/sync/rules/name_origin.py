"""Whose names an address holds: its own person's, or only a copy of the customer's.

Business Central takes a local customer's names from the default address when it has any
(`fields.local_fields_from_shopify`, bc_connector §1.2): a company contact or a gift recipient
named on the address wins over the account holder. Real Shopify, though, gives an address made
without names the customer's own first and last name and stores them on the address (captured:
customer-address-lifecycle); a later rename of the customer leaves the address as it was. With
the rule alone, a merchant's rename of such a customer in Shopify would never come down.

The link's last exchange (`store/agreed.py`) tells the two cases apart. The address's names are
only the customer's own, and the customer's own names are read instead, when the address still
holds the names it held then, the customer's names have changed since, and then either

- the address held the customer's own names (Shopify's copy), or
- the local side already followed the customer's own names (a rename that came down before
  this way: the address has kept the older names since).

Without an exchange on record (a link made by hand or before schema v9, a first import) nothing
tells them apart, and Business Central's rule stands.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from desktop_app.sync.rules.names import NameSources, PersonName, clean, local_names
from desktop_app.sync.rules.records import ShopifyAddressIn, ShopifyCustomerIn


def _person(first: str, last: str) -> tuple[str, str]:
    return clean(first).casefold(), clean(last).casefold()


def copied_names(
    customer: ShopifyCustomerIn,
    before: ShopifyCustomerIn | None,
    local_then: Mapping[str, str] | None,
    sources: NameSources,
) -> bool:
    """Whether the main address's names are only the customer's own names copied by Shopify
    (see the module text), so the customer's own names should be read instead.

    Args:
        customer: the Shopify customer today.
        before: the Shopify customer as last agreed (None without an exchange on record).
        local_then: the local customer's side as last agreed (None without one).
        sources: the shop's name sources.
    """
    address = customer.main_address()
    if address is None or before is None or local_then is None:
        return False
    held = _person(address.first_name, address.last_name)
    own = _person(customer.first_name, customer.last_name)
    if not any(held) or not any(own) or held == own:
        return False  # no names to pass over, none to read instead, or the same anyway
    address_then = before.main_address()
    if address_then is None or _person(address_then.first_name, address_then.last_name) != held:
        return False  # the address was named (or made) since: its names are its own
    own_then = _person(before.first_name, before.last_name)
    if own_then == held:
        return True  # Shopify's copy, and the customer has been renamed since
    followed = local_names(PersonName(before.first_name, before.last_name,
                                      address_then.company), sources)
    return all(clean(getattr(followed, key)) == clean(local_then.get(key, ""))
               for key in ("name", "name_2", "contact"))


def names_address(customer: ShopifyCustomerIn, copied: bool) -> ShopifyAddressIn | None:
    """The main address to read the local fields from: as it is, or, when its names are only
    a copy (`copied_names`), without them (its company stays), so that
    `fields.local_fields_from_shopify` reads the customer's own names instead."""
    address = customer.main_address()
    if address is None or not copied:
        return address
    return dataclasses.replace(address, first_name="", last_name="")
