"""Checking and preparing a local customer for Shopify (bc_connector §1.3, seed 000, issue 5)."""

from __future__ import annotations

import pytest

from desktop_app.records.settings import ShopSettings
from desktop_app.sync.rules.county import CountyRow
from desktop_app.sync.rules.export import (
    ExportSettings,
    PhoneRegistry,
    RecordIssue,
    SearchHit,
    ShopifyAddressInput,
    ShopifyCustomerInput,
    email_search_query,
    exact_match,
    phone_search_query,
    phone_taken_issue,
    prepare_customer,
)
from desktop_app.sync.rules.names import NameSources
from desktop_app.sync.rules.records import LocalCustomerRow, ShopifyAddressIn, ShopifyCustomerIn

US = ExportSettings(company_country="US")
ANN = LocalCustomerRow(
    "C1", name="Acme Inc", name_2="Ann Lee", contact="", address="1 Main St", address_2="",
    post_code="10001", city="New York", county="NY", country="US", phone="212-555-0100",
    email="Ann.Lee@Example.com; billing@example.com",
)


def row(**changes: str) -> LocalCustomerRow:
    return LocalCustomerRow(**{**ANN.__dict__, **changes})


def issues_of(customer: LocalCustomerRow, settings: ExportSettings = US) -> dict[str, str]:
    prepared = prepare_customer(customer, settings)
    assert prepared.input is None
    return {issue.field: issue.message for issue in prepared.issues}


def test_a_complete_customer() -> None:
    prepared = prepare_customer(row(phone="+1 212-555-0188"), US)
    assert prepared.ok and not prepared.issues
    assert prepared.input == ShopifyCustomerInput(
        first_name="Ann", last_name="Lee", email="ann.lee@example.com", phone="+12125550188",
        address=ShopifyAddressInput(
            address1="1 Main St", city="New York", zip="10001", country_code="US",
            province_code="NY", company="Acme Inc", phone="+12125550188", first_name="Ann",
            last_name="Lee",
        ),
    )


@pytest.mark.parametrize(
    "phone",
    [
        "2125550188",          # xxxxxxxxxx
        "+12125550188",        # +xxxxxxxxxxx
        "(212)555-0188",       # (xxx)xxx-xxxx
        "+1 212-555-0188",     # +x xxx-xxx-xxxx
        "212.555.0188",
        "1-212-555-0188",      # with the trunk prefix
        "011 1 212 555 0188",  # with the US international prefix
    ],
)
def test_every_accepted_phone_format_is_sent_in_e164(phone: str) -> None:
    prepared = prepare_customer(row(phone=phone), US)
    assert prepared.input is not None
    assert prepared.input.phone == "+12125550188"


def test_national_phone_read_in_the_company_country_when_the_country_is_blank() -> None:
    prepared = prepare_customer(row(country="", county="", phone="06 12 34 56 78"),
                                ExportSettings(company_country="FR"))
    assert prepared.input is not None
    assert prepared.input.phone == "+33612345678"
    assert prepared.input.address is not None
    assert prepared.input.address.country_code == "FR"


def test_extension_is_kept_apart() -> None:
    prepared = prepare_customer(row(phone="(212) 555-0188 ext. 42"), US)
    assert prepared.input is not None
    assert (prepared.input.phone, prepared.input.phone_extension) == ("+12125550188", "42")
    assert "42" not in str(prepared.input.to_create_variables())
    stored = prepare_customer(row(phone="+12125550188", phone_ext="7"), US)
    assert stored.input is not None and stored.input.phone_extension == "7"


@pytest.mark.parametrize(
    ("phone", "reason"),
    [
        ("call after 5", "not a number"),
        ("555-01", "too short"),
        ("+999 1234567", "unknown country calling code"),
    ],
)
def test_unusable_phone_is_refused_naming_the_field(phone: str, reason: str) -> None:
    assert issues_of(row(phone=phone)) == {
        "phone": f"the phone number cannot be used: {reason}"
    }


def test_no_phone_is_fine() -> None:
    prepared = prepare_customer(row(phone="  "), US)
    assert prepared.input is not None
    assert prepared.input.phone is None
    assert "phone" not in prepared.input.to_create_variables()["input"]


@pytest.mark.parametrize(
    ("email", "reason"),
    [
        ("", "no e-mail address; Shopify export needs a valid one"),
        (" ; , ", "no e-mail address; Shopify export needs a valid one"),
        ("ann@", "the e-mail address is not valid"),
        ("not valid@x.com; ann@x.com", "the e-mail address is not valid"),  # only the first
    ],
)
def test_email_is_required_and_must_be_valid(email: str, reason: str) -> None:
    assert issues_of(row(email=email)) == {"email": reason}


def test_phone_without_email_is_still_refused() -> None:
    assert set(issues_of(row(email="", phone="+12125550188"))) == {"email"}


def test_blank_country_falls_back_to_company_country() -> None:
    prepared = prepare_customer(row(country="", county="ON", phone="613-450-5293"),
                                ExportSettings(company_country="ca"))
    assert prepared.input is not None and prepared.input.address is not None
    assert (prepared.input.address.country_code, prepared.input.address.province_code) == (
        "CA", "ON")


@pytest.mark.parametrize(
    ("country", "company_country", "reason"),
    [
        ("XX", "US", "'XX' is not a known ISO country code"),
        # Issue 18: names what to do, not a setting that does not exist ("the company's
        # own country"): the shop's country comes from Test connection.
        ("", "", "no country, and the shop's country is not known yet: enter the customer's "
                 "country, or run Test connection on the Shop Card to take the shop's"),
        ("", "Atlantis",
         "no country, and the company's country 'Atlantis' is not a known ISO code"),
    ],
)
def test_country_refusals(country: str, company_country: str, reason: str) -> None:
    issues = issues_of(row(country=country, phone=""),
                       ExportSettings(company_country=company_country))
    assert issues == {"country": reason}


def test_every_problem_is_reported_at_once() -> None:
    issues = issues_of(row(email="nope", phone="abc", county="Narnia"))
    assert set(issues) == {"email", "phone", "county"}


def test_county_by_name_and_refusal() -> None:
    by_name = ExportSettings(company_country="US", county_source="name")
    prepared = prepare_customer(row(county="new york"), by_name)
    assert prepared.input is not None and prepared.input.address is not None
    assert prepared.input.address.province_code == "NY"
    assert issues_of(row(county="Too long for a code")) == {
        "county": "county code is longer than 10 characters; the county source is 'code', "
        "so the County field must hold a province code"
    }


def test_county_of_a_country_without_provinces_is_not_sent() -> None:
    prepared = prepare_customer(row(country="DE", county="Bayern", phone="030 1234567"), US)
    assert prepared.input is not None and prepared.input.address is not None
    assert prepared.input.address.province_code is None
    rows = ExportSettings(company_country="US", tax_areas=(CountyRow("DE", "BY", "Bayern"),))
    prepared = prepare_customer(row(country="DE", county="BY", phone="030 1234567"), rows)
    assert prepared.input is not None and prepared.input.address is not None
    assert prepared.input.address.province_code == "BY"


def test_no_street_city_or_post_code_means_no_address() -> None:
    prepared = prepare_customer(row(address="", post_code="", city="", county="Narnia"), US)
    assert prepared.input is not None
    assert prepared.input.address is None
    assert prepared.input.address_create_variables("gid://shopify/Customer/1") is None


def test_names_follow_the_sources() -> None:
    settings = ExportSettings("US", NameSources("last_first", "company", "none"))
    prepared = prepare_customer(row(name="van der Berg Jan", name_2="Berg BV"), settings)
    assert prepared.input is not None and prepared.input.address is not None
    assert (prepared.input.first_name, prepared.input.last_name) == ("Jan", "van der Berg")
    assert prepared.input.address.company == "Berg BV"


def test_settings_from_shop_settings() -> None:
    settings = ExportSettings.from_shop(ShopSettings(name_source="none", county_source="name"),
                                        "FR")
    assert settings == ExportSettings("FR", NameSources("none", "first_last", "first_last"),
                                      "name")


# --- Variables and changes ----------------------------------------------------------------


def prepared_input(**changes: str) -> ShopifyCustomerInput:
    prepared = prepare_customer(row(**changes), US)
    assert prepared.input is not None
    return prepared.input


def test_create_variables() -> None:
    sent = prepared_input()
    assert sent.to_create_variables() == {"input": {
        "firstName": "Ann", "lastName": "Lee", "email": "ann.lee@example.com",
        "phone": "+12125550100",
    }}
    with_address = sent.to_create_variables(include_address=True)["input"]["addresses"]
    assert with_address == [{
        "firstName": "Ann", "lastName": "Lee", "company": "Acme Inc", "address1": "1 Main St",
        "city": "New York", "zip": "10001", "countryCode": "US", "provinceCode": "NY",
        "phone": "+12125550100",
    }]
    assert sent.address_create_variables("gid://c/1") == {
        "customerId": "gid://c/1", "address": with_address[0], "setAsDefault": True,
    }


def test_nothing_changed_sends_nothing() -> None:
    sent = prepared_input()
    assert sent.changed_fields(sent) == {}
    assert sent.to_update_variables("gid://c/1", sent) is None
    assert sent.address_update_variables("gid://c/1", "gid://a/1", sent) is None


def test_only_the_changed_phone_is_sent() -> None:
    before = prepared_input()
    after = prepared_input(phone="(212) 555-0199")
    assert after.changed_fields(before) == {
        "phone": "+12125550199", "address": {"phone": "+12125550199"},
    }
    assert after.to_update_variables("gid://c/1", before) == {
        "input": {"id": "gid://c/1", "phone": "+12125550199"}
    }
    assert after.address_update_variables("gid://c/1", "gid://a/7", before) == {
        "customerId": "gid://c/1", "addressId": "gid://a/7", "address": {"phone": "+12125550199"},
    }


def test_cleared_field_is_sent_as_null_and_email_case_is_no_change() -> None:
    before = prepared_input()
    after = prepared_input(phone="", email="ANN.LEE@example.com")
    assert after.changed_fields(before) == {"phone": None, "address": {"phone": None}}


def test_address_change_only_goes_to_the_address() -> None:
    before = prepared_input()
    after = prepared_input(city="Brooklyn", post_code="11201")
    assert after.to_update_variables("gid://c/1", before) is None
    assert after.address_update_variables("gid://c/1", "gid://a/1", before) == {
        "customerId": "gid://c/1", "addressId": "gid://a/1",
        "address": {"city": "Brooklyn", "zip": "11201"},
    }


def test_against_what_shopify_holds() -> None:
    shopify = ShopifyCustomerIn(
        id="gid://c/1", first_name="Ann", last_name="Lee", email="ann.lee@example.com",
        phone="+12125550100",
        addresses=(
            ShopifyAddressIn(id="gid://a/2", address1="9 Side St", country_code="US"),
            ShopifyAddressIn(id="gid://a/1", is_default=True, first_name="Ann",
                             last_name="Lee", company="Acme Inc", address1="1 Main St",
                             city="New York", zip="10001", country_code="US",
                             province_code="NY", phone="+12125550100"),
        ),
    )
    previous = ShopifyCustomerInput.from_shopify(shopify)
    assert prepared_input().changed_fields(previous) == {}
    assert prepared_input(name_2="Ann Lee-Smith").changed_fields(previous) == {
        "lastName": "Lee-Smith", "address": {"lastName": "Lee-Smith"},
    }


def test_a_first_address_is_reported_whole() -> None:
    before = ShopifyCustomerInput(first_name="Ann", last_name="Lee",
                                  email="ann.lee@example.com", phone="+12125550100")
    after = prepared_input()
    changed = after.changed_fields(before)
    assert set(changed) == {"address"}
    assert changed["address"]["address1"] == "1 Main St"
    assert after.address_update_variables("gid://c/1", "gid://a/1", before) is None


def test_note_is_sent_only_when_managed() -> None:
    before = ShopifyCustomerInput(email="a@x.com", note="written in Shopify")
    assert ShopifyCustomerInput(email="a@x.com").changed_fields(before) == {}
    assert ShopifyCustomerInput(email="a@x.com", note="ours").changed_fields(before) == {
        "note": "ours"
    }


# --- Phone registry -------------------------------------------------------------------------


def test_registry_refuses_a_phone_held_by_another_customer() -> None:
    registry = PhoneRegistry([("+12125550100", "gid://c/77")])
    assert registry.claim("+12125550100", "C1") == "gid://c/77"
    assert registry.claim("+12125550199", "C1") is None
    assert registry.claim("+12125550199", "C2") == "C1"  # two local customers, one phone
    assert registry.claim("+12125550199", "C1") is None  # claiming again is fine
    assert phone_taken_issue("C2", "C1") == RecordIssue(
        "C2", "phone", "the phone number is already used by another customer (C1)",
        code="phone_taken")


def test_registry_lets_a_customer_keep_its_own_shopify_phone() -> None:
    registry = PhoneRegistry([("+12125550100", "gid://c/1")])
    assert registry.claim("+12125550100", "C1", aliases=("gid://c/1",)) is None
    assert registry.owner("+12125550100") == "C1"
    registry.release("+12125550100", "C2")
    assert registry.owner("+12125550100") == "C1"
    registry.release("+12125550100", "C1")
    assert registry.owner("+12125550100") is None
    assert len(registry) == 0


# --- Exact match of search hits -------------------------------------------------------------


@pytest.mark.parametrize(
    ("hit", "expected"),
    [
        (SearchHit("1", email="ANN@x.com "), True),
        (SearchHit("2", email="ann.x@x.com"), False),
        (SearchHit("3", email="ann@x.com.au"), False),
        (SearchHit("4", email="", phone="+12125550100"), True),
        (SearchHit("5", phone="+121255501001"), False),
        (SearchHit("6"), False),
    ],
)
def test_exact_match(hit: SearchHit, expected: bool) -> None:
    assert exact_match("ann@x.com", "+12125550100", hit) is expected


def test_exact_match_with_nothing_local_accepts_nothing() -> None:
    assert not exact_match(None, None, SearchHit("1", email="", phone=""))
    assert not exact_match("", "", SearchHit("1", email="", phone=""))


def test_search_queries() -> None:
    assert email_search_query(" Ann@X.com ") == 'email:"ann@x.com"'
    assert phone_search_query("+12125550100") == "phone:+12125550100"
