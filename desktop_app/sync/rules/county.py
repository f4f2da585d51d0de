"""Converting the local County field to Shopify's province code and back.

The local County holds either the province code ("ON") or its name ("Ontario"), as the shop's
`county_source` setting says (bc_connector §1.2, §1.3). A country "has provinces" when Shopify
lists provinces for it (`desktop_app.geo`) or when the shop's county table (its Tax Area rows,
seed 000 "Tax Area ... Country Code and County Name pair") has rows for it. For any other
country the county is free text that Shopify does not take, so nothing is sent and nothing is
refused.

Differences from Business Central, on purpose: a county that matches nothing is reported as an
error instead of being dropped silently (Shopify would keep an address without its state and
the merchant would never know), and a name prefix that fits several provinces ("New" in the
US) is an error instead of taking whichever row sorts first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from desktop_app import geo
from desktop_app.records.settings import CountySource as CountySource
from desktop_app.sync.rules.county_sources import CountySetting as CountySetting
from desktop_app.sync.rules.county_sources import CountySources as CountySources
from desktop_app.sync.rules.county_sources import source_for

#: Longest county code the shop's county table holds (BC's "County Code" field).
MAX_COUNTY_CODE = 10


@dataclass(frozen=True)
class CountyRow:
    """One row of the shop's county table: a country and a province's code and name."""

    country_code: str
    county_code: str = ""
    county_name: str = ""


@dataclass(frozen=True)
class CountyResult:
    """The province code to send (None: send none) or, when the county cannot be sent, why."""

    province_code: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _provinces(country_code: str, rows: Iterable[CountyRow]) -> list[tuple[str, str]]:
    """(code, name) pairs for a country: the shop's rows first, then Shopify's list."""
    wanted = country_code.strip().upper()
    pairs = [
        (row.county_code.strip(), row.county_name.strip())
        for row in rows
        if row.country_code.strip().upper() == wanted
    ]
    known = geo.country(wanted)
    if known is not None:
        pairs.extend(known.provinces.items())
    return [(code, name) for code, name in pairs if code]


def county_for_shopify(
    country_code: str,
    county_text: str,
    county_source: CountySetting,
    tax_areas: Iterable[CountyRow] = (),
) -> CountyResult:
    """The Shopify province code for a local County (bc_connector §1.3 "County").

    Code mode: the text must equal a province code (ignoring case) and be at most 10
    characters. Name mode: the text must equal a province name (ignoring case), else be the
    start of exactly one province name.

    Args:
        country_code: the ISO code already resolved for the address.
        county_text: the local County field.
        county_source: "code" or "name", the shop setting (or one per country).
        tax_areas: the shop's county table; rows of other countries are ignored.
    """
    county_source = source_for(county_source, country_code)
    text = " ".join((county_text or "").split())
    pairs = _provinces(country_code or "", tax_areas)
    if not text or not pairs:
        return CountyResult()
    country = (country_code or "").strip().upper()
    if county_source == "code":
        if len(text) > MAX_COUNTY_CODE:
            return CountyResult(
                error=f"county code is longer than {MAX_COUNTY_CODE} characters; "
                "the county source is 'code', so the County field must hold a province code"
            )
        for code, _name in pairs:
            if code.upper() == text.upper():
                return CountyResult(province_code=code)
        return CountyResult(error=f"'{text}' is not a province code of {country}")
    if county_source != "name":
        raise ValueError(f"unknown county source {county_source!r}")
    folded = text.casefold()
    for code, name in pairs:
        if name.casefold() == folded:
            return CountyResult(province_code=code)
    starts = sorted({code for code, name in pairs if name.casefold().startswith(folded)})
    if len(starts) == 1:
        return CountyResult(province_code=starts[0])
    if starts:
        return CountyResult(
            error=f"'{text}' could be several provinces of {country} ({', '.join(starts)})"
        )
    return CountyResult(error=f"'{text}' is not a province name of {country}")


def county_from_shopify(
    country_code: str,
    province_code: str,
    province_name: str,
    county_source: CountySetting,
    tax_areas: Iterable[CountyRow] = (),
    max_length: int = 30,
) -> str:
    """The local County text for a Shopify address (bc_connector §1.2 "County").

    Code mode keeps the province code; name mode keeps the trimmed province name. When
    Shopify gave only the other one, it is converted through the shop's county table and
    Shopify's list, so the field always holds what its setting promises; failing that, the
    county stays blank rather than holding the wrong kind of value.
    """
    county_source = source_for(county_source, country_code)
    code = (province_code or "").strip()
    name = " ".join((province_name or "").split())
    if county_source == "code":
        if not code and name:
            folded = name.casefold()
            code = next(
                (c for c, n in _provinces(country_code or "", tax_areas) if n.casefold() == folded),
                "",
            )
        return code[:max_length]
    if county_source != "name":
        raise ValueError(f"unknown county source {county_source!r}")
    if not name and code:
        name = next(
            (n for c, n in _provinces(country_code or "", tax_areas) if c.upper() == code.upper()),
            "",
        )
    return name[:max_length].rstrip()
