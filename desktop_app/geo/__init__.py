"""Reference data about countries and provinces: ISO codes, names, calling codes.

Pure data, no app logic: the app's validation and the demo shop both read it (the demo shop
plays Shopify, whose country and province lists are the same public ISO data).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    calling_code: int | None
    provinces: dict[str, str]  # code -> name; empty when Shopify uses no provinces


@cache
def countries() -> dict[str, Country]:
    raw = json.loads(resources.files(__package__).joinpath("countries.json").read_text("utf-8"))
    return {
        code: Country(code, c["name"], c.get("calling_code"), dict(c.get("provinces", {})))
        for code, c in raw["countries"].items()
    }


def country(code: str | None) -> Country | None:
    """The country with this ISO 3166-1 alpha-2 code (any case), or None."""
    if not code:
        return None
    return countries().get(code.strip().upper())


def country_by_name(name: str) -> Country | None:
    """Exact, case-insensitive match on the English name."""
    wanted = name.strip().casefold()
    for item in countries().values():
        if item.name.casefold() == wanted:
            return item
    return None


def province_code(country_code: str, code_or_name: str) -> str | None:
    """The province code for a code or a name of that country's province, else None."""
    item = country(country_code)
    if item is None or not item.provinces or not code_or_name:
        return None
    text = code_or_name.strip()
    if text.upper() in item.provinces:
        return text.upper()
    folded = text.casefold()
    for code, name in item.provinces.items():
        if name.casefold() == folded:
            return code
    return None
