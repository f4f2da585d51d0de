"""The county source a shop uses for each country: its per-country customer template's
`county_source` where set, else the Shop Card's (issue 17). Every place that reads or writes
a county (customers, companies, order documents, the export) takes it from here."""

from __future__ import annotations

from desktop_app.records.settings import ShopSettings
from desktop_app.store.customer_templates import county_sources_by_country
from desktop_app.sync.rules.county_sources import CountySources


def shop_county_sources(shop: str, settings: ShopSettings) -> CountySources:
    """The shop's county sources: `settings.county_source`, overridden per country."""
    return CountySources.of(settings.county_source, county_sources_by_country(shop))
