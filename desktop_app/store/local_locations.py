"""The local locations (code and name; the `location` table of schema v1; issue 17).

A Shopify location is linked to a local location (`store.shopify_locations`: the default and
the return location), the Shop Card's `return_location` setting names one, and a document
line keeps the location its items left from. Until now the table could only be filled with
an SQLite client; now `shop-sync local-locations` and the Setup dialog's Local locations page
add and remove rows, and a location still named somewhere is not removed.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.store.code_tables import CodeTable, document_uses, setting_uses
from desktop_app.store.models import Location, Shop
from desktop_app.store.order_models import SalesDocument, SalesLine
from desktop_app.store.setup_checks import SetupUse
from desktop_app.store.shopify_locations import ShopifyLocationLink

__all__ = ["TABLE", "LocalLocationRecord", "location_uses"]


@dataclass(frozen=True)
class LocalLocationRecord:
    code: str
    name: str = ""


def location_uses(code: str) -> list[SetupUse]:
    """What names location `code`: Shop Card settings, Shopify locations linked to it (as
    their location, then as their return location), and documents' lines (the first few,
    then how many more)."""
    uses = setting_uses("location", code)
    for kind, field in (("location_link", ShopifyLocationLink.location_code),
                        ("return_location_link", ShopifyLocationLink.return_location_code)):
        uses += [SetupUse(kind, shop, name or gid) for name, gid, shop in
                 ShopifyLocationLink.select(ShopifyLocationLink.name,
                                            ShopifyLocationLink.shopify_id, Shop.code)
                 .join(Shop).where(field == code)
                 .order_by(Shop.code, ShopifyLocationLink.name).tuples()]
    uses += document_uses(SalesDocument.select(SalesDocument.no).join(SalesLine).where(
        SalesLine.location_code == code))
    return uses


TABLE: CodeTable[LocalLocationRecord] = CodeTable(
    Location, LocalLocationRecord, "local location", "local-locations", "location",
    location_uses, text_field="name")
