"""Which county source (province code or name) an address of a given country uses.

A shop's per-country customer template may say `code` or `name` for its country (issue 17,
`country-templates set CC county_source=...`); a country without one follows the Shop Card's
`county_source` setting. The county rules take either a plain source or a `CountySources`
and read the one for the address's country (`source_for`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from desktop_app.records.settings import CountySource

_SOURCES: tuple[CountySource, ...] = ("code", "name")


@dataclass(frozen=True)
class CountySources:
    """The Shop Card's county source (`default`) and the countries that differ from it."""

    default: CountySource = "code"
    by_country: Mapping[str, CountySource] = field(default_factory=dict)

    @classmethod
    def of(cls, default: CountySource, per_country: Mapping[str, str]) -> CountySources:
        """From the Shop Card's setting and {country: "code" | "name" | ""} (blank: the card's;
        anything else is ignored, as the store never saves it)."""
        by_country: dict[str, CountySource] = {}
        for country, source in per_country.items():
            for known in _SOURCES:
                if source == known:
                    by_country[country.strip().upper()] = known
        return cls(default, by_country)

    def for_country(self, country_code: str | None) -> CountySource:
        """The source for an address of `country_code` (ISO, any case)."""
        return self.by_country.get((country_code or "").strip().upper(), self.default)


#: What the county rules take: one source for every country, or one per country.
CountySetting = CountySource | CountySources


def source_for(setting: CountySetting, country_code: str | None) -> CountySource:
    """The county source for an address of `country_code`."""
    if isinstance(setting, CountySources):
        return setting.for_country(country_code)
    return setting
