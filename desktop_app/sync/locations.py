"""A shop's Shopify locations, read from Shopify (`shop-sync locations list`; issue 17).

Nothing is stored: the list is what Shopify says now. No local location is linked to a
Shopify location yet (`local_code` stays blank), so a credit memo's return location is the
Shop Card's `return_location`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from desktop_app.shopify.client import ShopifyClient

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
