"""A shop's Shopify locations linked to local location codes (schema v15; issue 17).

Business Central's "Shop Location": a Shopify location gives the local location of the
document lines it concerns. `location_code` is the default (sales lines), and
`return_location_code` where a refund restocks items at that location (blank: the default).
Only linked locations have a row; which locations exist is Shopify's to say
(`sync.locations`), so a code is only ever set for a location Shopify listed.
"""

from __future__ import annotations

from dataclasses import dataclass

import peewee

from desktop_app.store.database import transaction
from desktop_app.store.models import BaseModel, Location, Shop
from desktop_app.store.setup_checks import SetupValueError, check_text, optional_code
from desktop_app.store.shops import shop_by_code

__all__ = [
    "LocationLink", "ShopifyLocationLink", "known_location_codes", "list_location_links",
    "return_locations", "set_location_link",
]


class ShopifyLocationLink(BaseModel):
    """One Shopify location of a shop and its local location codes."""

    shop = peewee.ForeignKeyField(Shop, backref="location_links", on_delete="CASCADE")
    shopify_id = peewee.CharField(max_length=100)
    name = peewee.CharField(max_length=255, default="")
    location_code = peewee.CharField(max_length=20, default="")
    return_location_code = peewee.CharField(max_length=20, default="")

    class Meta:
        table_name = "shopify_location"
        indexes = ((("shop", "shopify_id"), True),)


@dataclass(frozen=True)
class LocationLink:
    shopify_id: str
    name: str = ""
    location_code: str = ""
    return_location_code: str = ""


def _link(row: ShopifyLocationLink) -> LocationLink:
    return LocationLink(row.shopify_id, row.name, row.location_code, row.return_location_code)


def list_location_links(shop: str) -> list[LocationLink]:
    """The shop's linked Shopify locations, by name."""
    shop_row = shop_by_code(shop)
    return [_link(r) for r in ShopifyLocationLink.select()
            .where(ShopifyLocationLink.shop == shop_row)
            .order_by(ShopifyLocationLink.name, ShopifyLocationLink.shopify_id)]


def set_location_link(shop: str, shopify_id: str, name: str, code: str, *,
                      return_location: bool = False) -> tuple[LocationLink, tuple[str, str]]:
    """Set the local location (or, with `return_location`, the return location) of a Shopify
    location the caller has just read from Shopify; "" clears it. A row left with no code is
    deleted.

    Returns:
        The link as saved and the code's (old, new) value.

    Raises:
        NotFoundError: no such shop.
        SetupValueError: a bad code, naming the field.
    """
    field = "return_location_code" if return_location else "location_code"
    record = f"Shopify location '{name or shopify_id}' of shop {shop}"
    text = optional_code(code, record, field)
    label = check_text(name, record, "name", ShopifyLocationLink.name.max_length)
    if not shopify_id:
        raise SetupValueError(record, "shopify_id", "a Shopify location is needed",
                              kind="required")
    with transaction():
        shop_row = shop_by_code(shop)
        row = ShopifyLocationLink.get_or_none(
            (ShopifyLocationLink.shop == shop_row) & (ShopifyLocationLink.shopify_id == shopify_id)
        ) or ShopifyLocationLink(shop=shop_row, shopify_id=shopify_id)
        old = getattr(row, field) or ""
        setattr(row, field, text)
        row.name = label or row.name or ""
        if row.location_code or row.return_location_code:
            row.save()
        elif row.id is not None:
            row.delete_instance()
    return _link(row), (old, text)


def return_locations(shop: str) -> dict[str, str]:
    """{Shopify location gid: local location} for returned items restocked there: the
    return location, else the default (what the credit memos' `shopify_locations` reads)."""
    return {link.shopify_id: link.return_location_code or link.location_code
            for link in list_location_links(shop)
            if link.return_location_code or link.location_code}


def known_location_codes() -> list[tuple[str, str]]:
    """(code, what it is) of the local locations: the location table's, then every code a
    Shopify location is linked to (the window's picker offers them)."""
    found = {row.code: row.name for row in Location.select().order_by(Location.code)}
    for row in ShopifyLocationLink.select().order_by(ShopifyLocationLink.name):
        for code in (row.location_code, row.return_location_code):
            if code and code not in found:
                found[code] = row.name
    return sorted(found.items())
