"""What an order's document takes from the Shop Card besides its lines (issue 17): its tax
area, by `tax_area_priority` and the shop's county table (`rules.tax_area`; bc_connector
§1.11), and its number, the Shopify order's when `use_shopify_order_no` is on."""

from __future__ import annotations

from desktop_app.records.customers import AddressRecord
from desktop_app.records.orders import OrderRecord, ShipTo
from desktop_app.records.settings import ShopSettings
from desktop_app.store.customer_templates import list_tax_areas
from desktop_app.store.document_tax import customer_tax_address
from desktop_app.sync.rules.tax_area import (
    DocumentTaxArea,
    TaxAddress,
    TaxAreaRow,
    document_tax_area,
)


def _shopify(address: AddressRecord | None) -> TaxAddress | None:
    if address is None:
        return None
    return TaxAddress(address.city, address.country_code, address.province_code,
                      address.province)


def order_tax_area(shop: str, priority: str, record: OrderRecord, sell_to_no: str,
                   ship_to: ShipTo) -> DocumentTaxArea:
    """The document's tax area: ship-to as the document holds it, sell-to the local
    customer's address, bill-to the order's."""
    if priority == "none":
        return DocumentTaxArea()
    own = customer_tax_address(sell_to_no)
    addresses = {
        "ship_to": TaxAddress(ship_to.city, ship_to.country, ship_to.county, ship_to.county),
        "sell_to": None if own is None else TaxAddress(own[0], own[1], own[2], own[2]),
        "bill_to": _shopify(record.bill_to),
    }
    rows = [TaxAreaRow(t.country_code, t.county_code, t.county_name, t.tax_area_code,
                       t.tax_liable) for t in list_tax_areas(shop)]
    return document_tax_area(priority, addresses, rows, tax_exempt=record.tax_exempt)


def tax_area_priority(settings: ShopSettings) -> str:
    """The Shop Card's `tax_area_priority`."""
    return settings.tax_area_priority


def document_no(settings: ShopSettings, record: OrderRecord) -> str:
    """The document's number: the Shopify order's (its name, e.g. "#1001") when the Shop
    Card's `use_shopify_order_no` is on, else "" (the next of the series)."""
    if not settings.use_shopify_order_no:
        return ""
    return " ".join((record.name or "").split())
