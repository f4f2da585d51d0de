"""rules.document_header: a document's payment terms with their due date, and its ship-to."""

from __future__ import annotations

import datetime as dt

from desktop_app.sync.rules.document_header import (
    ShipTo,
    TermsTemplate,
    document_terms,
    ship_to_from_order,
)
from desktop_app.sync.rules.names import NameSources
from desktop_app.sync.rules.records import ShopifyAddressIn

DAY = dt.date(2026, 11, 23)
TEMPLATES = (
    TermsTemplate("RECEIPT", "RECEIPT", None, "Due on receipt"),
    TermsTemplate("FULFILLMENT", "FULFILLMENT", None, "Due on fulfillment"),
    TermsTemplate("NET30", "NET", 30, "Net 30"),
    TermsTemplate("NET60", "NET", 60, "Net 60"),
    TermsTemplate("FIXED", "FIXED", None, "Fixed"),
    TermsTemplate("", "NET", 7, "Net 7"),  # not mapped to a local code
)


def test_net_terms_are_due_their_days_after_the_document_date():
    terms = document_terms("NET30", DAY, TEMPLATES)
    assert (terms.payment_terms_code, terms.due_date) == ("NET30", dt.date(2026, 12, 23))
    terms = document_terms(" NET60 ", DAY, TEMPLATES)
    assert (terms.payment_terms_code, terms.due_date) == ("NET60", dt.date(2027, 1, 22))


def test_due_on_receipt_is_the_document_date_other_kinds_have_no_due_date():
    assert document_terms("RECEIPT", DAY, TEMPLATES).due_date == DAY
    for code in ("FULFILLMENT", "FIXED"):
        terms = document_terms(code, DAY, TEMPLATES)
        assert (terms.payment_terms_code, terms.due_date) == (code, None)


def test_unknown_or_ambiguous_codes_keep_the_code_without_due_date():
    assert document_terms("NET14", DAY, TEMPLATES).due_date is None  # a local code only
    both = (*TEMPLATES, TermsTemplate("NET30", "NET", 45, "Net 45"))
    assert document_terms("NET30", DAY, both).due_date is None
    same = (*TEMPLATES, TermsTemplate("NET30", "NET", 30, "Thirty days"))
    assert document_terms("NET30", DAY, same).due_date == dt.date(2026, 12, 23)
    assert document_terms("NET30", None, TEMPLATES).due_date is None
    assert document_terms("", DAY, TEMPLATES) == document_terms("", None, ())
    assert document_terms("", DAY, TEMPLATES).payment_terms_code == ""


def test_the_order_address_becomes_local_ship_to_fields():
    address = ShopifyAddressIn(first_name="Ann", last_name="  Lee ", company="Acme Supply Inc.",
                               address1="1 Bank St", address2="Dock 4", city="Ottawa",
                               province="Ontario", province_code="", zip="K1P 1J1",
                               country_code="ca", phone="613 555 0100")
    ship_to = ship_to_from_order("L1", address, NameSources(), "code", shop_country="CA")
    assert ship_to == ShipTo(
        code="L1", name="Acme Supply Inc.", name_2="Ann Lee", contact="Ann Lee",
        address="1 Bank St", address_2="Dock 4", city="Ottawa", post_code="K1P 1J1",
        county="ON", country="CA", phone="+16135550100")
    by_name = ship_to_from_order("", address, NameSources("first_last", "none", "none"),
                                 "name")
    assert (by_name.name, by_name.name_2, by_name.county) == ("Ann Lee", "", "Ontario")


def test_long_values_are_cut_to_the_columns():
    address = ShopifyAddressIn(address1="x" * 150, city="y" * 40, country_code="FR",
                               first_name="A" * 120)
    ship_to = ship_to_from_order("CODE-TOO-LONG", address, NameSources("first_last"), "code")
    assert (len(ship_to.code), len(ship_to.name), len(ship_to.address), len(ship_to.city)) == (
        10, 100, 100, 30)


def test_no_shipping_address_takes_the_locations_local_address():
    local = ShipTo(name="Warehouse", address="9 Dock Rd", city="Toronto",
                           country="CA")
    ship_to = ship_to_from_order("L1", None, NameSources(), "code", fallback=local)
    assert (ship_to.code, ship_to.name, ship_to.city) == ("L1", "Warehouse", "Toronto")
    empty = ShopifyAddressIn()
    assert ship_to_from_order("L1", empty, NameSources(), "code", fallback=local) == ship_to
    assert ship_to_from_order("", None, NameSources(), "code") == ShipTo()
    assert ship_to_from_order("", None, NameSources(), "code").empty
