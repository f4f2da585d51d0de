"""A document's tax area by the tax area priority (bc_connector §1.11; issue 17)."""

from __future__ import annotations

import pytest

from desktop_app.sync.rules.tax_area import (
    PRIORITIES,
    DocumentTaxArea,
    TaxAddress,
    TaxAreaRow,
    document_tax_area,
)

ROWS = (
    TaxAreaRow("CA", "ON", "Ontario", "ON-HST", True),
    TaxAreaRow("CA", "QC", "Quebec", "QC-GST", True),
    TaxAreaRow("US", "NY", "New York", "NY-STATE", False),
)
TORONTO = TaxAddress("Toronto", "CA", "ON", "Ontario")
MONTREAL = TaxAddress("Montréal", "CA", "", "quebec")  # a name only, other case
BUFFALO = TaxAddress("Buffalo", "us", "ny", "")
NO_CITY = TaxAddress("", "CA", "QC", "Quebec")


def test_none_gives_no_tax_area_whatever_the_addresses():
    addresses = {"ship_to": TORONTO, "sell_to": MONTREAL, "bill_to": BUFFALO}
    assert document_tax_area("none", addresses, ROWS) == DocumentTaxArea()


@pytest.mark.parametrize(("priority", "expected"), [
    ("ship_sell_bill", ("ON-HST", True, "ship_to")),
    ("sell_ship_bill", ("QC-GST", True, "sell_to")),
    ("bill_ship_sell", ("NY-STATE", False, "bill_to")),
])
def test_the_first_address_of_the_priority_gives_it(priority, expected):
    addresses = {"ship_to": TORONTO, "sell_to": MONTREAL, "bill_to": BUFFALO}
    found = document_tax_area(priority, addresses, ROWS)
    assert (found.tax_area_code, found.tax_liable, found.source) == expected


def test_an_address_without_a_city_is_passed_over_and_a_missing_one_too():
    addresses = {"ship_to": NO_CITY, "sell_to": None, "bill_to": TORONTO}
    assert document_tax_area("ship_sell_bill", addresses, ROWS).tax_area_code == "ON-HST"


def test_the_first_address_with_a_city_decides_even_without_a_row():
    """As Business Central: no row for it means no tax area, the others are not tried."""
    paris = TaxAddress("Paris", "FR", "", "")
    found = document_tax_area("ship_sell_bill", {"ship_to": paris, "sell_to": TORONTO}, ROWS)
    assert found == DocumentTaxArea(source="ship_to")


def test_a_tax_exempt_order_is_never_tax_liable():
    found = document_tax_area("ship_bill_sell", {"ship_to": TORONTO}, ROWS, tax_exempt=True)
    assert (found.tax_area_code, found.tax_liable) == ("ON-HST", False)


def test_every_priority_names_the_three_addresses_once_and_unknown_is_refused():
    assert all(sorted(p) == ["bill_to", "sell_to", "ship_to"]
               for name, p in PRIORITIES.items() if name != "none")
    with pytest.raises(ValueError):
        document_tax_area("ship_first", {}, ROWS)


def test_the_rule_knows_every_choice_of_the_shop_card_setting():
    from typing import get_args

    from desktop_app.records.settings import ShopSettings, TaxAreaPriority

    assert tuple(PRIORITIES) == get_args(TaxAreaPriority)
    assert ShopSettings().tax_area_priority == "none"  # as before: documents get none
