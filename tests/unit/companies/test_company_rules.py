"""Pure company rules: mapping types, B2B order parties, export inputs."""

from __future__ import annotations

import pytest

from desktop_app.records.settings import ShopSettings
from desktop_app.sync.rules.companies import (
    AddressOut,
    B2BLocationIn,
    CompanyIn,
    CompanyIndex,
    OrganisationOut,
    OrganisationRow,
    match_company,
    order_parties_for_b2b,
    prepare_company,
    tax_id_key,
)
from desktop_app.sync.rules.names import NameSources

INDEX = CompanyIndex.build([
    OrganisationRow("O1", email="Sales@Acme.example; ap@acme.example", phone="+16135550100",
                    country="CA", vat_registration_no="GB 123.456-789"),
    OrganisationRow("O2", email="office@beta.example", phone="613 555 0199", country="CA",
                    registration_no="RN-42"),
    OrganisationRow("O3", email="office@beta.example"),
], shop_country="CA")


def _match(mapping: str = "email_phone", allow_create: bool = False, **company):
    return match_company(CompanyIn(id="gid://shopify/Company/1", **company), INDEX, mapping,
                         allow_create=allow_create, default_company_no="DEF")


def test_email_match_any_address_of_a_list_case_insensitive():
    decision = _match(main_email="AP@acme.example")
    assert (decision.kind, decision.customer_no, decision.reason) == ("matched", "O1", "email")


def test_phone_tried_when_email_matches_nobody():
    decision = _match(main_email="someone@else.example", main_phone="+16135550199")
    assert (decision.kind, decision.customer_no, decision.reason) == ("matched", "O2", "phone")


def test_shared_email_is_ambiguous_never_linked():
    decision = _match(main_email="office@beta.example")
    assert decision.kind == "ambiguous" and decision.candidates == ("O2", "O3")


def test_existing_link_wins_and_a_stale_one_is_reported():
    assert _match(linked_no="O2", main_email="ap@acme.example").customer_no == "O2"
    stale = _match(linked_no="GONE", allow_create=True)
    assert (stale.kind, stale.stale_link) == ("create", True)


def test_tax_id_matches_registration_or_vat_no_ignoring_punctuation():
    assert tax_id_key(" gb-123.456 789 ") == "GB123456789"
    assert _match("tax_id", tax_ids=("GB123456789",)).customer_no == "O1"
    assert _match("tax_id", tax_ids=("x", "rn 42")).customer_no == "O2"
    assert _match("tax_id", tax_ids=("123456789",)).kind == "none"


def test_default_company_mapping():
    assert (_match("default_company").kind, _match("default_company").customer_no) == (
        "default", "DEF")
    missing = match_company(CompanyIn(id="x"), INDEX, "default_company", allow_create=True)
    assert missing.kind == "error"


def test_not_found_creates_only_when_allowed():
    assert _match(main_email="new@x.example").kind == "none"
    assert _match(main_email="new@x.example", allow_create=True).kind == "create"


@pytest.mark.parametrize(
    ("company_no", "location", "settings", "own_terms", "expected"),
    [
        # Location-specific payment terms and ship-to.
        ("O1", B2BLocationIn("L", "SHIP2", "NET60"), ShopSettings(), "NET30",
         (True, "O1", "O1", "SHIP2", "NET60")),
        # The company's own address: no ship-to code; the customer's terms when the location
        # has none.
        ("O1", B2BLocationIn("L", "", ""), ShopSettings(), "NET30",
         (True, "O1", "O1", None, "NET30")),
        # Location overrides of Sell-to and Bill-to.
        ("O1", B2BLocationIn("L", "SHIP2", "NET7", sell_to_no="O5", bill_to_no="O6"),
         ShopSettings(), "",
         (True, "O5", "O6", None, "NET7")),
        # Unlinked company: the default company.
        (None, B2BLocationIn("L", None, "NET30"), ShopSettings(default_company_no="DEF"), "",
         (True, "DEF", "DEF", None, "NET30")),
        (None, None, ShopSettings(), "", (False, "", "", None, "")),
        ("O1", B2BLocationIn("L", "SHIP2", "NET60"),
         ShopSettings(company_mapping="default_company", default_company_no="DEF"), "",
         (True, "DEF", "DEF", None, "NET60")),
    ],
)
def test_order_parties_for_b2b(company_no, location, settings, own_terms, expected):
    parties = order_parties_for_b2b(company_no, location, settings, own_terms)
    assert (parties.ok, parties.sell_to_no, parties.bill_to_no, parties.ship_to_code,
            parties.payment_terms_code) == expected


def test_prepare_company_two_addresses_two_locations():
    org = OrganisationOut(
        no="O9", name="Bistro Nord", contact="Marc Roy", email="Marc@Bistro.example",
        phone="+16135550123", vat_registration_no="CA-555", payment_terms="NET30",
        addresses=(
            AddressOut(code="", name="Bistro Nord", address="5 Rue Principale", city="Ottawa",
                       county="ON", country="CA"),
            AddressOut(code="KITCHEN", name="Kitchen", address="77 Mill Rd", city="Gatineau",
                       county="QC", country="CA", payment_terms="NET60"),
        ),
    )
    prepared = prepare_company(org, {"NET30": "T30", "NET60": "T60"}, sources=NameSources())
    assert prepared.ok
    create = prepared.create_input
    assert create["company"] == {"name": "Bistro Nord", "externalId": "O9"}
    assert create["companyContact"] == {"email": "marc@bistro.example", "firstName": "Marc",
                                        "lastName": "Roy", "phone": "+16135550123"}
    main = create["companyLocation"]
    assert main["billingSameAsShipping"] is True and main["taxRegistrationId"] == "CA-555"
    assert main["shippingAddress"]["zoneCode"] == "ON"
    assert main["buyerExperienceConfiguration"] == {"paymentTermsTemplateId": "T30"}
    [(code, kitchen)] = prepared.locations
    assert code == "KITCHEN" and kitchen["externalId"] == "O9/KITCHEN"
    assert kitchen["billingAddress"]["city"] == "Ottawa"
    assert kitchen["shippingAddress"]["city"] == "Gatineau"
    assert kitchen["buyerExperienceConfiguration"] == {"paymentTermsTemplateId": "T60"}


def test_prepare_company_reports_unmapped_terms_and_missing_name():
    org = OrganisationOut(no="O1", name="X", payment_terms="COD",
                          addresses=(AddressOut(code="", country="CA"),))
    prepared = prepare_company(org, {}, sources=NameSources())
    assert not prepared.ok and prepared.issues[0].field == "payment_terms"
    nameless = prepare_company(OrganisationOut(no="O2", name=" "), {}, sources=NameSources())
    assert {i.field for i in nameless.issues} == {"name", "address"}
    no_email = prepare_company(OrganisationOut(no="O3", name="Y", addresses=(
        AddressOut(code="", country="CA"),)), {}, sources=NameSources())
    assert no_email.ok and "companyContact" not in no_email.create_input
