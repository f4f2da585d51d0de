"""Which local customer a Shopify customer is (bc_connector §1.2, §1.4; seeds 003, 004)."""

from __future__ import annotations

import re

import pytest

from desktop_app.records.settings import ShopSettings
from desktop_app.sync.rules.mapping import (
    LocalIndex,
    MatchDecision,
    MatchSettings,
    email_keys,
    match_customer,
    phone_key,
    without_invalid_email,
)
from desktop_app.sync.rules.names import NameSources
from desktop_app.sync.rules.records import LocalCustomerRow, ShopifyAddressIn, ShopifyCustomerIn

EMAIL_PHONE = MatchSettings("email_phone", auto_create=True, shop_country="FR")


def shopify(email: str = "", phone: str = "", linked: str = "", country: str = "FR",
            **address: str) -> ShopifyCustomerIn:
    addresses = (ShopifyAddressIn(id="a1", is_default=True, country_code=country, **address),)
    return ShopifyCustomerIn(id="gid://shopify/Customer/9", email=email, phone=phone,
                             addresses=addresses if country or address else (),
                             linked_no=linked)


def index(*rows: LocalCustomerRow, shop_country: str = "FR") -> LocalIndex:
    return LocalIndex.build(rows, shop_country)


# --- Keys ---------------------------------------------------------------------------------


def test_email_keys_split_lists_and_fold_case() -> None:
    assert email_keys(" Ann@X.com ; b@y.org,, ann@x.com ") == ["ann@x.com", "b@y.org"]
    assert email_keys("") == []


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        ("+33612345678", None, "+33612345678"),
        ("+33 6 12 34 56 78", None, "+33612345678"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("06 12 34 56 78", None, None),  # national number, no country to read it in
        ("+1 (613) 450-5293", None, "+16134505293"),
        ("613-450-5293", "CA", "+16134505293"),
        ("613-450-5293", "US", "+16134505293"),
        ("call me", "FR", None),
        ("", "FR", None),
    ],
)
def test_phone_key(text: str, region: str | None, expected: str | None) -> None:
    assert phone_key(text, region) == expected


# --- email_phone ----------------------------------------------------------------------------


def test_existing_link_wins_when_the_customer_still_exists() -> None:
    idx = index(LocalCustomerRow("C1"), LocalCustomerRow("C2", email="ann@x.com"))
    decision = match_customer(shopify(email="ann@x.com", linked="C1"), idx, EMAIL_PHONE)
    assert decision == MatchDecision("linked", "C1", "existing link")


def test_stale_link_is_reported_and_the_customer_matched_again() -> None:
    idx = index(LocalCustomerRow("C2", email="ann@x.com"))
    decision = match_customer(shopify(email="ann@x.com", linked="GONE"), idx, EMAIL_PHONE)
    assert decision == MatchDecision("matched", "C2", "email", stale_link=True)


def test_email_differing_in_case_and_spaces_matches() -> None:
    idx = index(LocalCustomerRow("C1", email="  Ann.Lee@Example.COM "))
    decision = match_customer(shopify(email="ann.lee@example.com"), idx, EMAIL_PHONE)
    assert (decision.kind, decision.customer_no, decision.reason) == ("matched", "C1", "email")


def test_any_entry_of_a_local_email_list_matches() -> None:
    idx = index(LocalCustomerRow("C1", email="office@acme.fr; ann@acme.fr"))
    decision = match_customer(shopify(email="ANN@acme.fr"), idx, EMAIL_PHONE)
    assert (decision.kind, decision.customer_no) == ("matched", "C1")


def test_shared_email_is_ambiguous_never_linked() -> None:
    idx = index(LocalCustomerRow("C2", email="family@x.com"),
                LocalCustomerRow("C1", email="Family@x.com"))
    decision = match_customer(shopify(email="family@x.com"), idx, EMAIL_PHONE)
    assert decision == MatchDecision("ambiguous", None, "email", ("C1", "C2"))


@pytest.mark.parametrize(
    ("local_phone", "local_country", "shopify_phone", "shopify_country"),
    [
        ("06 12 34 56 78", "FR", "+33612345678", "FR"),
        ("+33 6 12 34 56 78", "FR", "+33612345678", "FR"),
        ("06 12 34 56 78", "", "+33 6 12 34 56 78", "FR"),  # local country from the shop (FR)
        ("613-450-5293", "CA", "+1 (613) 450-5293", "CA"),
        ("613-450-5293", "US", "+16134505293", "US"),
        ("(613) 450-5293", "US", "613.450.5293", "CA"),  # Shopify side read in its country
    ],
)
def test_phone_formats_compare_as_numbers(local_phone: str, local_country: str,
                                          shopify_phone: str, shopify_country: str) -> None:
    idx = index(LocalCustomerRow("C1", phone=local_phone, country=local_country))
    decision = match_customer(shopify(phone=shopify_phone, country=shopify_country), idx,
                              EMAIL_PHONE)
    assert (decision.kind, decision.customer_no, decision.reason) == ("matched", "C1", "phone")


def _bc_loose_match(shopify_phone: str, local_phone: str) -> bool:
    """Business Central's filter: Shopify's digits, in order, anywhere in the local phone."""
    digits = iter(re.sub(r"\D", "", local_phone))
    return all(d in digits for d in re.sub(r"\D", "", shopify_phone).lstrip("0"))


def test_phone_is_never_a_loose_digit_match() -> None:
    shopify_phone, local_phone = "+494512345678", "+49 4512 345678 9"
    assert _bc_loose_match(shopify_phone, local_phone)  # BC would link these two
    idx = index(LocalCustomerRow("C1", phone=local_phone, country="DE"))
    decision = match_customer(shopify(phone=shopify_phone, country="DE"), idx, EMAIL_PHONE)
    assert decision.kind == "create"


def test_shared_phone_is_ambiguous() -> None:
    idx = index(LocalCustomerRow("C1", phone="+33612345678"),
                LocalCustomerRow("C2", phone="06 12 34 56 78", country="FR"))
    decision = match_customer(shopify(phone="+33612345678"), idx, EMAIL_PHONE)
    assert (decision.kind, decision.candidates) == ("ambiguous", ("C1", "C2"))


def test_email_and_phone_pointing_at_different_customers_is_ambiguous() -> None:
    idx = index(LocalCustomerRow("C1", email="ann@x.com"),
                LocalCustomerRow("C2", phone="+33612345678"))
    decision = match_customer(shopify(email="ann@x.com", phone="+33612345678"), idx,
                              EMAIL_PHONE)
    assert (decision.kind, decision.candidates) == ("ambiguous", ("C1", "C2"))


def test_email_wins_when_the_phone_is_shared_with_its_customer() -> None:
    idx = index(LocalCustomerRow("C1", email="ann@x.com", phone="+33612345678"),
                LocalCustomerRow("C2", phone="+33612345678"))
    decision = match_customer(shopify(email="ann@x.com", phone="+33612345678"), idx,
                              EMAIL_PHONE)
    assert (decision.kind, decision.customer_no, decision.reason) == ("matched", "C1", "email")


def test_email_match_ignores_a_phone_that_matches_nobody() -> None:
    idx = index(LocalCustomerRow("C1", email="ann@x.com", phone="+33600000001"))
    decision = match_customer(shopify(email="ann@x.com", phone="+33612345678"), idx,
                              EMAIL_PHONE)
    assert (decision.kind, decision.customer_no) == ("matched", "C1")


def test_unparseable_phones_match_nothing() -> None:
    idx = index(LocalCustomerRow("C1", phone="n/a"), LocalCustomerRow("C2", phone="12"))
    assert idx.by_phone == {}
    assert match_customer(shopify(phone="n/a"), idx, EMAIL_PHONE).kind == "create"


def test_not_found_creates_only_when_allowed() -> None:
    idx = index(LocalCustomerRow("C1", email="bob@x.com"))
    assert match_customer(shopify(email="ann@x.com"), idx, EMAIL_PHONE).kind == "create"
    no_create = MatchSettings("email_phone", auto_create=False, shop_country="FR")
    assert match_customer(shopify(email="ann@x.com"), idx, no_create) == MatchDecision(
        "none", None, "not found"
    )


def test_guest_and_later_order_end_on_one_customer() -> None:
    """Issue 4: same person, e-mail in another case, phone in another format."""
    idx = index()
    first = shopify(email="Ann.Lee@Example.com", phone="+33 6 12 34 56 78")
    assert match_customer(first, idx, EMAIL_PHONE).kind == "create"
    idx.add(LocalCustomerRow("C100", email="Ann.Lee@Example.com", phone="+33612345678",
                             country="FR"))
    later = shopify(email="ann.lee@example.COM", phone="06 12 34 56 78")
    assert match_customer(later, idx, EMAIL_PHONE) == MatchDecision("matched", "C100", "email")
    phone_only = shopify(phone="06.12.34.56.78")
    assert match_customer(phone_only, idx, EMAIL_PHONE) == MatchDecision("matched", "C100",
                                                                         "phone")


# --- email_only, always_new, default_customer ---------------------------------------------


def test_email_only_never_uses_the_phone() -> None:
    settings = MatchSettings("email_only", auto_create=True, shop_country="FR")
    idx = index(LocalCustomerRow("C1", phone="+33612345678"),
                LocalCustomerRow("C2", email="ann@x.com"))
    assert match_customer(shopify(phone="+33612345678"), idx, settings).kind == "create"
    decision = match_customer(shopify(email="ANN@x.com", phone="+33612345678"), idx, settings)
    assert (decision.kind, decision.customer_no) == ("matched", "C2")


def test_always_new_creates_even_when_an_email_matches_but_keeps_links() -> None:
    settings = MatchSettings("always_new", auto_create=False)
    idx = index(LocalCustomerRow("C1", email="ann@x.com"))
    assert match_customer(shopify(email="ann@x.com"), idx, settings).kind == "create"
    assert match_customer(shopify(linked="C1"), idx, settings).kind == "linked"
    stale = match_customer(shopify(linked="C9"), idx, settings)
    assert (stale.kind, stale.stale_link) == ("create", True)


def test_default_customer_always_and_error_without_one() -> None:
    idx = index(LocalCustomerRow("C1", email="ann@x.com"))
    settings = MatchSettings("default_customer", default_customer_no="WEB")
    decision = match_customer(shopify(email="ann@x.com", linked="C1"), idx, settings)
    assert decision == MatchDecision("default", "WEB", "default customer")
    assert match_customer(shopify(), idx, MatchSettings("default_customer")).kind == "error"


def test_unknown_mapping_is_refused() -> None:
    with pytest.raises(ValueError):
        MatchSettings("by_name")  # type: ignore[arg-type]


def test_settings_from_shop_settings() -> None:
    settings = MatchSettings.from_shop(
        ShopSettings(customer_mapping="bill_to", auto_create_customers=True,
                     default_customer_no=" WEB ", name_source="none", county_source="name"),
        shop_country="CA",
    )
    assert settings == MatchSettings("bill_to", True, "WEB", "CA",
                                     NameSources("none", "first_last", "first_last"), "name")


# --- bill_to ------------------------------------------------------------------------------

BILL_TO = MatchSettings("bill_to", auto_create=True, shop_country="US")
ACME = LocalCustomerRow("C1", name="Acme Inc", name_2="Ann Lee", address="1 Main St",
                        address_2="Suite 4", post_code="10001", city="New York", county="NY",
                        country="US")
ACME_ADDRESS = dict(first_name="Ann", last_name="Lee", company="Acme Inc",
                    address1="1 Main St", address2="Suite 4", zip="10001", city="New York",
                    province_code="NY", province="New York")


def test_bill_to_identity_matches_ignoring_case_and_spacing() -> None:
    idx = index(ACME, shop_country="US")
    customer = shopify(country="us", **{**ACME_ADDRESS, "company": " ACME  inc ",
                                        "city": "new york"})
    assert match_customer(customer, idx, BILL_TO) == MatchDecision("matched", "C1", "bill_to")


@pytest.mark.parametrize("field", ["address1", "address2", "zip", "city", "province_code",
                                   "first_name", "company"])
def test_bill_to_any_different_field_means_another_customer(field: str) -> None:
    idx = index(ACME, shop_country="US")
    customer = shopify(country="US", **{**ACME_ADDRESS, field: "Other"})
    assert match_customer(customer, idx, BILL_TO).kind == "create"


def test_bill_to_uses_the_order_billing_address_when_given() -> None:
    idx = index(ACME, shop_country="US")
    billing = ShopifyAddressIn(country_code="US", **ACME_ADDRESS)
    decision = match_customer(shopify(country="FR"), idx, BILL_TO, bill_to=billing)
    assert (decision.kind, decision.customer_no) == ("matched", "C1")


def test_bill_to_same_identity_twice_is_ambiguous() -> None:
    idx = index(ACME, LocalCustomerRow(**{**ACME.__dict__, "no": "C0"}), shop_country="US")
    decision = match_customer(shopify(country="US", **ACME_ADDRESS), idx, BILL_TO)
    assert (decision.kind, decision.candidates) == ("ambiguous", ("C0", "C1"))


def test_bill_to_county_follows_county_source() -> None:
    by_name = MatchSettings("bill_to", auto_create=True, county_source="name")
    idx = index(LocalCustomerRow(**{**ACME.__dict__, "county": "New York"}), shop_country="US")
    assert match_customer(shopify(country="US", **ACME_ADDRESS), idx, by_name).kind == "matched"
    assert match_customer(shopify(country="US", **ACME_ADDRESS), idx, BILL_TO).kind == "create"


def test_bill_to_without_names_falls_back_to_email_phone() -> None:
    idx = index(LocalCustomerRow("C1", email="ann@x.com"), shop_country="US")
    customer = shopify(email="ann@x.com", country="US", address1="1 Main St")
    assert match_customer(customer, idx, BILL_TO) == MatchDecision("matched", "C1", "email")
    no_address = ShopifyCustomerIn(id="x", email="ann@x.com")
    assert match_customer(no_address, idx, BILL_TO).customer_no == "C1"


def test_bill_to_link_first() -> None:
    idx = index(ACME, LocalCustomerRow("C7"), shop_country="US")
    decision = match_customer(shopify(linked="C7", country="US", **ACME_ADDRESS), idx, BILL_TO)
    assert decision == MatchDecision("linked", "C7", "existing link")


def test_bill_to_fields_cannot_trade_words() -> None:
    idx = index(LocalCustomerRow("C1", name="Ann", name_2="Lee Acme", country="US"),
                shop_country="US")
    settings = MatchSettings("bill_to", auto_create=False,
                             name_sources=NameSources("first_last", "company", "none"))
    # Name "Ann Lee", Name 2 "Acme": the same words, split differently.
    customer = shopify(country="US", first_name="Ann", last_name="Lee", company="Acme")
    assert match_customer(customer, idx, settings).kind == "none"


def test_bill_to_needs_an_index_with_bill_to_keys() -> None:
    idx = LocalIndex.build([ACME], "US", with_bill_to=False)
    assert idx.by_bill_to == {}
    with pytest.raises(ValueError):
        match_customer(shopify(country="US", **ACME_ADDRESS), idx, BILL_TO)


def test_the_index_keeps_its_keys_out_of_the_cycle_collectors_way() -> None:
    # A key held by one customer is a tuple of strings, which Python's cycle collector
    # stops tracking: a list per key made each full collection walk 140,000 more objects at
    # 100,000 customers and freeze the window 60-100 ms (issue 9's stall benchmark).
    import gc

    idx = index(LocalCustomerRow("C1", email="ann@x.com", phone="+33600000001"),
                LocalCustomerRow("C2", email="bob@x.com"),
                LocalCustomerRow("C3", email="BOB@x.com"))
    gc.collect()  # untracks the tuples that hold only strings
    assert not gc.is_tracked(idx.by_email["ann@x.com"])
    assert not gc.is_tracked(idx.by_phone["+33600000001"])
    assert list(idx.by_email["bob@x.com"]) == ["C2", "C3"]  # a shared key keeps both, in order
    idx.add(LocalCustomerRow("C4", email="bob@x.com"))
    assert list(idx.by_email["bob@x.com"]) == ["C2", "C3", "C4"]
    decision = match_customer(shopify(email="bob@x.com"), idx, EMAIL_PHONE)
    assert decision.kind == "ambiguous"


@pytest.mark.parametrize("email", ["bad@", "no-at-sign", "a b@x.example", "a@@x.example",
                                   "x" * 250 + "@x.example"])
def test_an_email_that_is_no_address_is_neither_matched_on_nor_kept(email: str) -> None:
    """Issue 9: a local customer who happens to carry the same broken text is not that
    Shopify customer; the phone still matches, and creating leaves the e-mail out."""
    local = index(LocalCustomerRow(no="L1", name="Same text", email=email),
                  LocalCustomerRow(no="L2", name="Phone", phone="+33612345678"))
    customer, left_out = without_invalid_email(shopify(email=email))
    assert (customer.email, left_out) == ("", email)
    assert match_customer(customer, local, EMAIL_PHONE).kind == "create"
    by_phone, _ = without_invalid_email(shopify(email=email, phone="+33612345678"))
    assert match_customer(by_phone, local, EMAIL_PHONE).customer_no == "L2"


@pytest.mark.parametrize("email", ["", "  ", "Ann.Lee@Example.com"])
def test_a_valid_or_blank_email_is_left_as_it_is(email: str) -> None:
    customer = shopify(email=email)
    assert without_invalid_email(customer) == (customer, "")
