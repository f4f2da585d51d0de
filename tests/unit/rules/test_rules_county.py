"""Local County <-> Shopify province code, by the County Source setting (bc_connector §1.2-1.3)."""

from __future__ import annotations

import pytest

from desktop_app.sync.rules.county import (
    CountyResult,
    CountyRow,
    county_for_shopify,
    county_from_shopify,
)

FR_ROWS = (
    CountyRow("FR", "IDF", "Île-de-France"),
    CountyRow("FR", "BRE", "Bretagne"),
    CountyRow("DE", "BY", "Bayern"),
)


@pytest.mark.parametrize(
    ("country", "text", "expected"),
    [
        ("US", "NY", "NY"),
        ("us", " ny ", "NY"),
        ("CA", "ON", "ON"),
        ("AU", "NSW", "NSW"),
    ],
)
def test_code_mode_exact_code(country: str, text: str, expected: str) -> None:
    assert county_for_shopify(country, text, "code") == CountyResult(province_code=expected)


def test_code_mode_refuses_a_name() -> None:
    result = county_for_shopify("US", "New York", "code")
    assert result.province_code is None
    assert result.error == "'New York' is not a province code of US"


def test_code_mode_refuses_more_than_ten_characters() -> None:
    result = county_for_shopify("CA", "British Columbia", "code")
    assert not result.ok
    assert "longer than 10 characters" in (result.error or "")


@pytest.mark.parametrize(
    ("country", "text", "expected"),
    [
        ("US", "New York", "NY"),
        ("US", "  new   york ", "NY"),
        ("CA", "British Columbia", "BC"),
        ("US", "Calif", "CA"),  # prefix that fits one state
        ("CA", "Newfoundland", "NL"),
        # An exact name wins over being the prefix of a longer one.
        ("MX", "Baja California", "BC"),
    ],
)
def test_name_mode(country: str, text: str, expected: str) -> None:
    assert county_for_shopify(country, text, "name") == CountyResult(province_code=expected)


def test_name_mode_ambiguous_prefix_is_an_error() -> None:
    result = county_for_shopify("US", "New", "name")
    assert result.province_code is None
    assert "several provinces" in (result.error or "")
    assert "NY" in (result.error or "") and "NJ" in (result.error or "")


def test_name_mode_unknown_name() -> None:
    result = county_for_shopify("US", "Ontario", "name")
    assert result.error == "'Ontario' is not a province name of US"


@pytest.mark.parametrize("source", ["code", "name"])
def test_country_without_provinces_sends_nothing(source: str) -> None:
    # France has no provinces in Shopify's list and no rows here: free text, not refused.
    result = county_for_shopify("FR", "A very long county name", source)  # type: ignore[arg-type]
    assert result == CountyResult()


@pytest.mark.parametrize("source", ["code", "name"])
def test_blank_county_sends_nothing(source: str) -> None:
    assert county_for_shopify("US", "  ", source) == CountyResult()  # type: ignore[arg-type]


def test_shop_rows_give_provinces_to_other_countries() -> None:
    assert county_for_shopify("FR", "idf", "code", FR_ROWS).province_code == "IDF"
    assert county_for_shopify("FR", "bretagne", "name", FR_ROWS).province_code == "BRE"
    assert county_for_shopify("FR", "Île", "name", FR_ROWS).province_code == "IDF"
    assert county_for_shopify("FR", "BY", "code", FR_ROWS).error is not None  # a DE row
    assert county_for_shopify("DE", "BY", "code", FR_ROWS).province_code == "BY"


def test_unknown_county_source_is_a_bug() -> None:
    with pytest.raises(ValueError):
        county_for_shopify("US", "NY", "iso")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("country", "code", "name", "source", "expected"),
    [
        ("US", "NY", "New York", "code", "NY"),
        ("US", "NY", "  New  York ", "name", "New York"),
        ("US", "", "New York", "code", "NY"),  # converted by Shopify's list
        ("CA", "QC", "", "name", "Quebec"),
        ("FR", "", "", "code", ""),
        ("FR", "", "", "name", ""),
        ("DE", "", "Bayern", "name", "Bayern"),  # free text kept in name mode
        ("DE", "", "Niedersachsen", "code", ""),  # no code known: blank, not a name
    ],
)
def test_county_from_shopify(country: str, code: str, name: str, source: str,
                             expected: str) -> None:
    assert county_from_shopify(country, code, name, source) == expected  # type: ignore[arg-type]


def test_county_from_shopify_converts_through_shop_rows_and_cuts() -> None:
    assert county_from_shopify("FR", "", "Bretagne", "code", FR_ROWS) == "BRE"
    assert county_from_shopify("FR", "IDF", "", "name", FR_ROWS) == "Île-de-France"
    assert county_from_shopify("US", "", "Armed Forces Americas", "name", max_length=12) == (
        "Armed Forces"
    )
