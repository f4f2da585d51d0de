"""The tax area of a sales document (bc_connector §1.11 "Tax Area"; issue 17).

The Shop Card's `tax_area_priority` names the order in which the document's addresses are
tried (ship-to, sell-to, bill-to); "none" (the default, Business Central's "No Taxes") gives
no tax area. The first address with a city is the one: its country and county are looked up
in the shop's county table (`TaxArea` rows: country, county code and name, tax area, tax
liable), by county code or by name, ignoring case. The match gives the tax area code and
whether the customer is tax liable; a tax-exempt order is never tax liable. No row for that
address: no tax area (the later addresses are not tried, as in Business Central).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from desktop_app.records.tax_areas import TaxAreaRow

#: The choices of `tax_area_priority`, and the addresses each tries, in order.
PRIORITIES: Mapping[str, tuple[str, ...]] = {
    "none": (),
    "sell_ship_bill": ("sell_to", "ship_to", "bill_to"),
    "sell_bill_ship": ("sell_to", "bill_to", "ship_to"),
    "ship_sell_bill": ("ship_to", "sell_to", "bill_to"),
    "ship_bill_sell": ("ship_to", "bill_to", "sell_to"),
    "bill_sell_ship": ("bill_to", "sell_to", "ship_to"),
    "bill_ship_sell": ("bill_to", "ship_to", "sell_to"),
}


@dataclass(frozen=True)
class TaxAddress:
    """What the rule reads of an address: its city, ISO country, and county (a code or a
    name, whichever the address holds; both when Shopify gave both)."""

    city: str = ""
    country: str = ""
    county_code: str = ""
    county_name: str = ""


@dataclass(frozen=True)
class DocumentTaxArea:
    tax_area_code: str = ""
    tax_liable: bool = False
    #: Which address gave it ("ship_to", "sell_to", "bill_to"; "" for none).
    source: str = ""


def _folded(text: str) -> str:
    return " ".join((text or "").split()).casefold()


def _match(address: TaxAddress, rows: Iterable[TaxAreaRow]) -> TaxAreaRow | None:
    country = (address.country or "").strip().upper()
    wanted = {_folded(t) for t in (address.county_code, address.county_name) if _folded(t)}
    if not wanted:
        return None
    for row in rows:
        if row.country_code.strip().upper() != country:
            continue
        if _folded(row.county_code) in wanted or _folded(row.county_name) in wanted:
            return row
    return None


def document_tax_area(priority: str, addresses: Mapping[str, TaxAddress | None],
                      rows: Iterable[TaxAreaRow], *, tax_exempt: bool = False
                      ) -> DocumentTaxArea:
    """The tax area and tax liability a document gets (see the module's docstring).

    Raises:
        ValueError: an unknown priority (the settings refuse it before).
    """
    if priority not in PRIORITIES:
        raise ValueError(f"unknown tax area priority {priority!r}")
    table = tuple(rows)
    for source in PRIORITIES[priority]:
        address = addresses.get(source)
        if address is None or not address.city.strip():
            continue
        row = _match(address, table)
        if row is None:
            return DocumentTaxArea(source=source)
        return DocumentTaxArea(row.tax_area_code, row.tax_liable and not tax_exempt, source)
    return DocumentTaxArea()
