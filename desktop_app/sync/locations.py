"""A shop's Shopify locations, read from Shopify, with the local location codes linked to
them (`shop-sync locations list|set`, the Setup page's Shopify locations; issue 17).

Which locations exist is what Shopify says now; the links (`store.shopify_locations`) hold a
local code for a location: `local_code` for its sales lines, `return_location_code` for the
items a refund restocks there (the credit memos read them when the Shop Card's return
location priority is "original_then_default"). A link whose location Shopify no longer lists
is still shown (`in_shopify` false), never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Protocol

from desktop_app.errors import NotFoundError
from desktop_app.shopify.client import ShopifyClient
from desktop_app.store.shopify_locations import LocationLink, list_location_links

#: A page of locations (Shopify allows 250; a shop has a handful), and the most read.
_PAGE = 50
_MOST = 1000


class ClientSource(Protocol):
    async def client_for(self, shop_code: str) -> ShopifyClient: ...


@dataclass(frozen=True)
class ShopifyLocation:
    shopify_id: str
    name: str
    active: bool
    ships_inventory: bool
    fulfills_online_orders: bool
    country: str
    province: str
    local_code: str = ""
    return_location_code: str = ""
    in_shopify: bool = True


def _location(node: dict[str, Any]) -> ShopifyLocation:
    address = node.get("address") or {}
    return ShopifyLocation(
        shopify_id=str(node.get("id") or ""), name=str(node.get("name") or ""),
        active=bool(node.get("isActive")), ships_inventory=bool(node.get("shipsInventory")),
        fulfills_online_orders=bool(node.get("fulfillsOnlineOrders")),
        country=str(address.get("countryCode") or ""),
        province=str(address.get("provinceCode") or ""))


async def shopify_locations(service: ClientSource, shop: str) -> list[ShopifyLocation]:
    """Every location of the shop, page by page (at most `_MOST`).

    Raises:
        AuthError, NetworkError...: as any request to the shop.
    """
    client = await service.client_for(shop)
    found: list[ShopifyLocation] = []
    after: str | None = None
    while len(found) < _MOST:
        data = await client.execute("Locations", {"first": _PAGE, "after": after})
        connection = data.get("locations") or {}
        found += [_location(n) for n in connection.get("nodes") or []]
        page = connection.get("pageInfo") or {}
        after = page.get("endCursor")
        if not page.get("hasNextPage") or not after:
            break
    return found


def with_links(shop: str, found: list[ShopifyLocation]) -> list[ShopifyLocation]:
    """Shopify's locations with their local codes, then the linked locations Shopify did
    not list (`in_shopify` false)."""
    links = {link.shopify_id: link for link in list_location_links(shop)}
    rows = [replace(loc, local_code=links[loc.shopify_id].location_code,
                    return_location_code=links[loc.shopify_id].return_location_code)
            if loc.shopify_id in links else loc for loc in found]
    listed = {loc.shopify_id for loc in found}
    rows += [_gone(link) for link in links.values() if link.shopify_id not in listed]
    return rows


def _gone(link: LocationLink) -> ShopifyLocation:
    return ShopifyLocation(link.shopify_id, link.name, False, False, False, "", "",
                           link.location_code, link.return_location_code, in_shopify=False)


async def linked_locations(service: ClientSource, shop: str) -> list[ShopifyLocation]:
    """`locations list`: the shop's Shopify locations read now, with their local codes."""
    return with_links(shop, await shopify_locations(service, shop))


def find_location(rows: list[ShopifyLocation], wanted: str) -> ShopifyLocation:
    """The location `wanted` names: its gid, the number at its end, or its name (any case).

    Raises:
        NotFoundError: none, or a name several locations share (the known ones are named).
    """
    text = (wanted or "").strip()
    by_id = [r for r in rows if text and (r.shopify_id == text
                                          or r.shopify_id.rsplit("/", 1)[-1] == text)]
    by_name = [r for r in rows if text and r.name.casefold() == text.casefold()]
    matches = by_id or by_name
    if len(matches) == 1:
        return matches[0]
    known = "; ".join(f"{r.name} ({r.shopify_id.rsplit('/', 1)[-1]})" for r in rows) or "none"
    why = "several locations have this name" if matches else "the shop has no such location"
    raise NotFoundError(f"Shopify location '{text}': {why} (known: {known})", record=text)
