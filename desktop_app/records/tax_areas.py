"""A shop's county row (`store.models.TaxArea`): what the setup tables keep and hand out, and
what the tax area rule (`sync/rules/tax_area.py`) looks a document's address up in."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TaxAreaRow:
    """One county row of the shop: a country, a county's code and name, the tax area it maps
    to and whether its customers are tax liable."""

    country_code: str
    county_code: str
    county_name: str
    tax_area_code: str = ""
    tax_liable: bool = False
