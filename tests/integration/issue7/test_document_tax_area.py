"""An order's document takes its tax area from the shop's county table, by the Shop Card's
tax area priority (bc_connector §1.11; issue 17), against the in-process demo shop."""

from __future__ import annotations

import pytest
from issue7_harness import SHOP, document_of, make_harness

from desktop_app.store import customer_templates
from desktop_app.store.document_tax import document_tax_area
from desktop_app.sync.jobs import sync_orders_and_refunds

TORONTO = {"firstName": "Ann", "lastName": "Lee", "address1": "1 King St W",
           "city": "Toronto", "provinceCode": "ON", "countryCode": "CA", "zip": "M5H 1A1"}
MONTREAL = {"firstName": "Ann", "lastName": "Lee", "address1": "400 Rue Saint-Paul O",
            "city": "Montréal", "provinceCode": "QC", "countryCode": "CA", "zip": "H2Y 2A6"}


def _harness(priority: str):
    harness = make_harness(tax_area_priority=priority)
    customer_templates.set_tax_areas(SHOP, [
        customer_templates.TaxAreaRecord("CA", "ON", "Ontario", "ON-HST", True),
        customer_templates.TaxAreaRecord("CA", "QC", "Quebec", "QC-GST", True)])
    return harness


async def _document_tax(h, **addresses) -> tuple[str, bool]:
    (a,) = h.variants(1)
    order = await h.order([(a, 1)], **addresses)
    result = await h.run(sync_orders_and_refunds)
    assert result.failed == 0, result.errors
    return document_tax_area(document_of(order["id"]))


@pytest.mark.parametrize(("priority", "expected"), [
    ("ship_bill_sell", ("ON-HST", True)),
    ("bill_ship_sell", ("QC-GST", True)),
    ("none", ("", False)),  # control: the default gives none, as before
])
async def test_the_priority_picks_the_address_whose_county_gives_the_tax_area(
        db, priority, expected):
    h = _harness(priority)
    try:
        assert await _document_tax(h, shippingAddress=TORONTO,
                                   billingAddress=MONTREAL) == expected
    finally:
        h.backend.close()

