"""Whose names an address holds (issue 20, `rules.name_origin`): Shopify's copy of the
customer's names gives way to the customer's own; another person's names on it stay."""

from __future__ import annotations

import pytest

from desktop_app.sync.rules.name_origin import copied_names, names_address
from desktop_app.sync.rules.names import NameSources
from desktop_app.sync.rules.records import ShopifyAddressIn, ShopifyCustomerIn

SOURCES = NameSources()  # company / first_last / first_last


def customer(first: str, last: str, on_address: tuple[str, str] | None) -> ShopifyCustomerIn:
    addresses = () if on_address is None else (ShopifyAddressIn(
        is_default=True, first_name=on_address[0], last_name=on_address[1], company="Acme",
        city="Toronto"),)
    return ShopifyCustomerIn(id="gid://shopify/Customer/1", first_name=first, last_name=last,
                             addresses=addresses)


def local(name: str) -> dict[str, str]:
    return {"name": "Acme", "name_2": name, "contact": name}


@pytest.mark.parametrize(
    ("now", "before", "local_then", "copied"),
    [
        # Shopify's copy, then the customer's rename: read the customer's own names.
        (customer("Ann", "Roe", ("Ann", "Lee")), customer("Ann", "Lee", ("Ann", "Lee")),
         local("Ann Lee"), True),
        # A second rename, the local side following the customer since the first.
        (customer("Bea", "Roe", ("Ann", "Lee")), customer("Ann", "Roe", ("Ann", "Lee")),
         local("Ann Roe"), True),
        # Another person on the address (a company contact): Business Central's rule.
        (customer("Bea", "Roe", ("Cy", "Poe")), customer("Ann", "Lee", ("Cy", "Poe")),
         local("Cy Poe"), False),
        # The address renamed in Shopify since: its names are its own now.
        (customer("Ann", "Roe", ("Cy", "Poe")), customer("Ann", "Roe", ("Ann", "Lee")),
         local("Ann Roe"), False),
        # No exchange on record: nothing tells a copy from a person.
        (customer("Ann", "Roe", ("Ann", "Lee")), None, None, False),
        # The customer has no names of its own any more: keep the address's.
        (customer("", "", ("Ann", "Lee")), customer("Ann", "Lee", ("Ann", "Lee")),
         local("Ann Lee"), False),
        # Same names on both: nothing to choose.
        (customer("Ann", "Lee", ("Ann", "Lee")), customer("Ann", "Lee", ("Ann", "Lee")),
         local("Ann Lee"), False),
        # No address.
        (customer("Ann", "Roe", None), customer("Ann", "Lee", None), local("Ann Lee"), False),
    ],
)
def test_copied_names(now, before, local_then, copied):
    assert copied_names(now, before, local_then, SOURCES) is copied


def test_names_address_leaves_out_only_the_names():
    now = customer("Ann", "Roe", ("Ann", "Lee"))
    read = names_address(now, True)
    assert read is not None
    assert (read.first_name, read.last_name, read.company, read.city) == ("", "", "Acme",
                                                                          "Toronto")
    assert names_address(now, False) == now.main_address()
