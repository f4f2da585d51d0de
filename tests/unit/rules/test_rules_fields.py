"""Local customer fields from a Shopify address (bc_connector §1.2 FillInCustomerFields)."""

from __future__ import annotations

from desktop_app.records.widths import CustomerWidths
from desktop_app.sync.rules.fields import (
    LocalFields,
    local_fields_from_shopify,
)
from desktop_app.sync.rules.mapping import LocalIndex, MatchSettings, match_customer
from desktop_app.sync.rules.names import NameSources
from desktop_app.sync.rules.records import LocalCustomerRow, ShopifyAddressIn, ShopifyCustomerIn

ADDRESS = ShopifyAddressIn(
    id="a1", is_default=True, first_name=" Ann ", last_name="Lee", company="Acme Inc",
    address1="1  Main St", address2="", city="Toronto", province="Ontario", province_code="ON",
    zip="M5V 2T6", country_code="ca", phone="",
)
CUSTOMER = ShopifyCustomerIn(id="gid://c/1", first_name="Annie", last_name="L",
                             email=" Ann@Example.com ", phone="+1 (416) 555-0123 x45",
                             addresses=(ADDRESS,))


def test_fields_from_default_sources() -> None:
    fields = local_fields_from_shopify(CUSTOMER, ADDRESS, NameSources(), "code")
    assert fields == LocalFields(
        name="Acme Inc", name_2="Ann Lee", contact="Ann Lee", address="1 Main St",
        post_code="M5V 2T6", city="Toronto", county="ON", country="CA",
        phone="+14165550123", phone_ext="45", email="Ann@Example.com",
    )


def test_address_phone_wins_and_county_by_name() -> None:
    address = ShopifyAddressIn(country_code="CA", province_code="QC", phone="514 555 0199",
                               last_name="Tremblay")
    fields = local_fields_from_shopify(CUSTOMER, address, NameSources(), "name")
    assert (fields.phone, fields.phone_ext, fields.county) == ("+15145550199", "", "Quebec")
    # The address has a last name, so the customer's names are not used.
    assert (fields.name, fields.name_2) == ("Tremblay", "")


def test_customer_names_when_the_address_has_none() -> None:
    address = ShopifyAddressIn(country_code="FR", city="Paris")
    fields = local_fields_from_shopify(CUSTOMER, address, NameSources(), "code")
    assert (fields.name, fields.contact, fields.county) == ("Annie L", "Annie L", "")


def test_unparseable_phone_is_kept_as_given_and_cut() -> None:
    customer = ShopifyCustomerIn(id="x", phone="ask at the front desk, room twelve")
    fields = local_fields_from_shopify(customer, None, NameSources(), "code",
                                       lengths=CustomerWidths(phone=12))
    assert fields.phone == "ask at the f"
    assert fields == LocalFields(phone="ask at the f")


def test_values_are_cut_to_the_columns() -> None:
    address = ShopifyAddressIn(first_name="Ann", city="Llanfairpwllgwyngyllgogerychwyrndrobwll",
                               address1="x" * 150, country_code="GB")
    fields = local_fields_from_shopify(CUSTOMER, address, NameSources(), "code")
    assert (len(fields.city), len(fields.address)) == (30, 100)


def test_a_customer_created_from_an_address_is_found_again_by_bill_to() -> None:
    address = ShopifyAddressIn(first_name="Ann", last_name="Lee", company="Acme",
                               address1="1 Main St", city="Llanfairpwllgwyngyllgogerychwyrndrobwll",
                               zip="LL61 5UJ", country_code="GB", is_default=True)
    customer = ShopifyCustomerIn(id="gid://c/2", addresses=(address,))
    fields = local_fields_from_shopify(customer, address, NameSources(), "code")
    row = LocalCustomerRow("C9", **{k: v for k, v in fields.__dict__.items()
                                   if k in LocalCustomerRow.__dataclass_fields__})
    index = LocalIndex.build([row], "GB")
    decision = match_customer(customer, index, MatchSettings("bill_to"))
    assert (decision.kind, decision.customer_no) == ("matched", "C9")
