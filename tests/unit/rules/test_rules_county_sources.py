"""A country's own county source (issue 17: `country-templates set CC county_source=...`)
read wherever a county is read or written: the shop's setting for the other countries."""

from __future__ import annotations

from desktop_app.sync.rules.county import county_for_shopify, county_from_shopify
from desktop_app.sync.rules.county_sources import CountySources, source_for
from desktop_app.sync.rules.document_header import ship_to_from_order
from desktop_app.sync.rules.names import NameSources
from desktop_app.sync.rules.records import ShopifyAddressIn

CA_BY_NAME = CountySources.of("code", {"ca": "name", "US": "", "FR": "bogus"})


def test_a_country_row_overrides_the_card_and_blank_or_unknown_follow_it():
    assert CA_BY_NAME.by_country == {"CA": "name"}
    assert [CA_BY_NAME.for_country(c) for c in ("CA", "ca ", "US", "FR", "", None)] == [
        "name", "name", "code", "code", "code", "code"]
    assert source_for("name", "CA") == "name"  # a plain source is every country's


def test_shopify_to_local_and_back_by_the_addresses_country():
    assert county_from_shopify("CA", "ON", "Ontario", CA_BY_NAME) == "Ontario"
    assert county_from_shopify("US", "NY", "New York", CA_BY_NAME) == "NY"
    assert county_for_shopify("CA", "Ontario", CA_BY_NAME).province_code == "ON"
    assert county_for_shopify("US", "NY", CA_BY_NAME).province_code == "NY"
    # Control: the card's source alone reads "Ontario" as a code, and refuses it.
    assert county_for_shopify("CA", "Ontario", "code").error


def test_a_documents_ship_to_county_follows_its_country():
    def ship_to(country: str, code: str, name: str) -> str:
        address = ShopifyAddressIn(first_name="Ann", last_name="Lee", address1="1 Main St",
                                   city="Town", province=name, province_code=code,
                                   zip="00000", country_code=country)
        return ship_to_from_order("", address, NameSources(), CA_BY_NAME).county
    assert ship_to("CA", "QC", "Quebec") == "Quebec"
    assert ship_to("US", "CA", "California") == "CA"
