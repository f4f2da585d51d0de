"""Template for a new customer (seed 000, bc_connector §1.2) and an order's customer (§1.4)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop_app.records.settings import ShopSettings
from desktop_app.store.settings import defaults, typed
from desktop_app.sync.rules.records import ShopifyAddressIn, ShopifyCustomerIn
from desktop_app.sync.rules.templates import (
    NO_ADDRESS,
    OrderCustomerPlan,
    TemplateRow,
    choose_template,
    default_customer_for_order,
    rows_by_country,
)

ROWS = (
    TemplateRow("FR", template_code="EU-PERSON"),
    TemplateRow("US", template_code="", default_customer_no="WEB-US"),
    TemplateRow("CA", template_code="CA-PERSON", default_customer_no=""),
)


def customer(*countries: str, default: int | None = None) -> ShopifyCustomerIn:
    addresses = tuple(
        ShopifyAddressIn(id=f"a{i}", country_code=code, is_default=(i == default))
        for i, code in enumerate(countries)
    )
    return ShopifyCustomerIn(id="gid://shopify/Customer/1", addresses=addresses)


def test_default_address_country_wins_over_first_address() -> None:
    choice = choose_template(customer("US", "FR", default=1), ROWS, "SHOP")
    assert (choice.template_code, choice.country_code, choice.source) == ("EU-PERSON", "FR",
                                                                           "country")
    assert choice.address is not None and choice.address.id == "a1"
    assert not choice.missing_template_row


def test_first_address_when_none_is_default() -> None:
    choice = choose_template(customer("CA", "FR"), ROWS, "SHOP")
    assert (choice.template_code, choice.country_code) == ("CA-PERSON", "CA")


def test_no_address_cannot_be_created() -> None:
    choice = choose_template(customer(), ROWS, "SHOP")
    assert choice.template_code is None
    assert choice.reason == NO_ADDRESS == "cannot create: the Shopify customer has no address"


def test_no_address_takes_the_template_of_the_shops_country_when_given() -> None:
    """Issue 17: with the shop's country given, a customer with no address is made from
    that country's template (else the shop's), without an address."""
    choice = choose_template(customer(), ROWS, "SHOP", shop_country="fr")
    assert (choice.template_code, choice.country_code, choice.source, choice.address) == (
        "EU-PERSON", "FR", "country", None)
    assert choose_template(customer(), ROWS, "SHOP", shop_country="US").template_code == "SHOP"
    assert choose_template(customer(), ROWS, "", shop_country="").reason == (
        "no customer template is set for a customer without a country or the shop")


def test_order_template_still_needs_an_address() -> None:
    assert choose_template(customer(), ROWS, "SHOP", order_template="ORDER").template_code is None
    choice = choose_template(customer("FR"), ROWS, "SHOP", order_template="ORDER")
    assert (choice.template_code, choice.source) == ("ORDER", "order")


def test_blank_country_row_falls_back_to_shop_template_without_flag() -> None:
    choice = choose_template(customer("US"), ROWS, "SHOP")
    assert (choice.template_code, choice.source) == ("SHOP", "shop")
    assert not choice.missing_template_row


def test_missing_country_row_uses_shop_template_and_flags_the_row() -> None:
    choice = choose_template(customer("de"), ROWS, "SHOP")
    assert (choice.template_code, choice.country_code) == ("SHOP", "DE")
    assert choice.missing_template_row
    assert choice.reason is None


def test_nothing_set_gives_a_reason_naming_the_country() -> None:
    choice = choose_template(customer("DE"), ROWS, "  ")
    assert choice.template_code is None
    assert choice.reason == "no customer template is set for DE or the shop"
    assert choice.missing_template_row


def test_address_without_country_uses_shop_template_and_flags_nothing() -> None:
    choice = choose_template(customer(""), ROWS, "SHOP")
    assert (choice.template_code, choice.missing_template_row) == ("SHOP", False)
    assert choose_template(customer(""), ROWS, "").reason == (
        "no customer template is set for a customer without a country or the shop"
    )


def test_rows_may_be_given_as_an_index() -> None:
    index = rows_by_country(ROWS)
    assert choose_template(customer("FR"), index, "").template_code == "EU-PERSON"


# --- Order customer -----------------------------------------------------------------------


SETTINGS = ShopSettings(customer_import="with_orders", customer_mapping="email_phone",
                        auto_create_customers=True, default_customer_no="WEB")


def settings(**values) -> ShopSettings:
    return replace(SETTINGS, **values)


def test_step_1_country_default_beats_every_setting() -> None:
    for values in ({}, {"customer_import": "none"}, {"customer_mapping": "default_customer"}):
        plan = default_customer_for_order("us", ROWS, settings(**values))
        assert (plan.path, plan.customer_no) == ("country_default", "WEB-US")


def test_step_2_import_none_takes_shop_default() -> None:
    plan = default_customer_for_order("FR", ROWS, settings(customer_import="none"))
    assert (plan.path, plan.customer_no) == ("shop_default", "WEB")
    plan = default_customer_for_order("FR", ROWS, settings(customer_import="none",
                                                           default_customer_no=""))
    assert plan.path == "error"
    assert "no default customer" in plan.reason


def test_default_customer_mapping() -> None:
    plan = default_customer_for_order("FR", ROWS, settings(customer_mapping="default_customer"))
    assert (plan.path, plan.customer_no) == ("shop_default", "WEB")
    plan = default_customer_for_order(
        "FR", ROWS, settings(customer_mapping="default_customer", default_customer_no="")
    )
    assert plan.path == "error"


@pytest.mark.parametrize(
    ("auto_create", "mapping", "allow"),
    [(True, "email_phone", True), (False, "email_phone", False), (False, "always_new", True),
     (False, "bill_to", False), (True, "email_only", True)],
)
def test_step_3_and_4_map_with_creation_rule(auto_create: bool, mapping: str,
                                             allow: bool) -> None:
    plan = default_customer_for_order(
        "FR", ROWS, settings(auto_create_customers=auto_create, customer_mapping=mapping)
    )
    assert (plan.path, plan.mapping, plan.allow_create) == ("map", mapping, allow)
    assert plan.fallback_customer_no == "WEB"


def test_step_4_bill_to_without_names_is_mapped_by_email_phone() -> None:
    plan = default_customer_for_order("FR", ROWS, settings(customer_mapping="bill_to"),
                                      bill_to_names_empty=True)
    assert plan.mapping == "email_phone"


def test_step_5_no_fallback_without_shop_default() -> None:
    plan = default_customer_for_order("", ROWS, settings(default_customer_no=""))
    assert (plan.path, plan.fallback_customer_no) == ("map", None)


def test_missing_settings_take_store_defaults() -> None:
    plan = default_customer_for_order("DE", (), ShopSettings())
    assert (plan.path, plan.mapping, plan.allow_create) == ("map", "email_phone", False)
    assert plan == default_customer_for_order("DE", (), typed(defaults()))


@pytest.mark.parametrize(("values", "plan"), [
    ({"customer_import": "none"},
     OrderCustomerPlan("shop_default", customer_no="WEB", reason="customer import is 'none'")),
    ({"customer_import": "none", "default_customer_no": ""},
     OrderCustomerPlan("error",
                       reason="customer import is 'none' and no default customer is set")),
    ({"customer_mapping": "default_customer"},
     OrderCustomerPlan("shop_default", customer_no="WEB", reason="default customer")),
    ({"customer_mapping": "default_customer", "default_customer_no": ""},
     OrderCustomerPlan("error", reason="customer mapping is 'default_customer' but no default "
                       "customer is set")),
])
def test_shop_default_plans_say_why(values, plan) -> None:
    assert default_customer_for_order("FR", ROWS, settings(**values)) == plan
