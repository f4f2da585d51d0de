"""rules.companies.company_changes: what a linked company's update sends, only what differs."""

from __future__ import annotations

import dataclasses

from desktop_app.sync.rules.companies import (
    AddressOut,
    CompanyMirror,
    LocationMirror,
    OrganisationOut,
    company_changes,
    prepare_company,
)
from desktop_app.sync.rules.names import NameSources

TERMS = {"NET30": "T30", "NET60": "T60"}
MAIN = AddressOut(code="", name="Bistro Nord", contact="Marc Roy", address="5 Rue Principale",
                  city="Ottawa", post_code="K1N 5T2", county="ON", country="CA")
KITCHEN = AddressOut(code="KITCHEN", name="Kitchen", address="77 Mill Rd", city="Gatineau",
                     county="QC", country="CA", payment_terms="NET60")
ORG = OrganisationOut(no="O9", name="Bistro Nord", contact="Marc Roy",
                      email="marc@bistro.example", phone="+16135550123",
                      vat_registration_no="CA-555", payment_terms="NET30",
                      addresses=(MAIN, KITCHEN))


def _prepared(org: OrganisationOut = ORG):
    prepared = prepare_company(org, TERMS, sources=NameSources())
    assert prepared.ok, prepared.issues
    return prepared


def _mirror_of(org: OrganisationOut = ORG) -> CompanyMirror:
    """What Shopify holds right after exporting `org` (as the demo shop would answer)."""
    prepared = _prepared(org)
    create = prepared.create_input
    main = create["companyLocation"]
    locations = [LocationMirror(
        "gid://shopify/CompanyLocation/1", "", name=main["name"], phone=main.get("phone", ""),
        tax_registration_id=main["taxRegistrationId"], payment_terms_id="T30",
        billing=dict(main["shippingAddress"]), shipping=dict(main["shippingAddress"]))]
    for number, (code, values) in enumerate(prepared.locations, start=2):
        locations.append(LocationMirror(
            f"gid://shopify/CompanyLocation/{number}", code, name=values["name"],
            phone=values.get("phone", ""), tax_registration_id=values["taxRegistrationId"],
            payment_terms_id=values["buyerExperienceConfiguration"]["paymentTermsTemplateId"],
            billing=dict(values["billingAddress"]), shipping=dict(values["shippingAddress"])))
    contact = create["companyContact"]
    return CompanyMirror(name=create["company"]["name"], contact_id="gid://shopify/CompanyContact/7",
                         contact_email=contact["email"], contact_first_name=contact["firstName"],
                         contact_last_name=contact["lastName"], contact_phone=contact["phone"],
                         locations=tuple(locations))


def test_nothing_changed_sends_nothing():
    assert company_changes(_prepared(), _mirror_of()).empty


def test_shopify_spelling_of_the_same_values_is_no_change():
    mirror = _mirror_of()
    main = mirror.locations[0]
    spelled = dataclasses.replace(
        main, name=" Bistro Nord ",
        shipping={**main.shipping, "zoneCode": "on", "city": "Ottawa "},
        billing={**main.billing, "phone": ""})
    mirror = dataclasses.replace(mirror, contact_email="MARC@bistro.example",
                                 contact_phone="+1 613-555-0123",
                                 locations=(spelled, *mirror.locations[1:]))
    assert company_changes(_prepared(), mirror).empty


def test_a_new_name_is_one_company_update_with_only_the_name():
    # The main address carries the organisation's name too (location name, recipient):
    # those are Shopify's after the create, as Shopify keeps them when a company is renamed.
    renamed = dataclasses.replace(ORG, name="Bistro Nord & Fils", addresses=(
        dataclasses.replace(MAIN, name="Bistro Nord & Fils"), KITCHEN))
    changes = company_changes(_prepared(renamed), _mirror_of())
    assert changes.company == {"name": "Bistro Nord & Fils"}
    assert (changes.contact, changes.locations, changes.new_locations) == ({}, (), ())


def test_a_renamed_ship_to_renames_its_location_and_recipient():
    kitchen = dataclasses.replace(KITCHEN, name="Cuisine centrale")
    org = dataclasses.replace(ORG, addresses=(MAIN, kitchen))
    [change] = company_changes(_prepared(org), _mirror_of()).locations
    assert change.fields == {"name": "Cuisine centrale"}
    [(address, kinds)] = change.addresses
    assert kinds == ("SHIPPING",) and address["recipient"] == "Cuisine centrale"


def test_the_main_address_moves_billing_and_shipping_in_one_request():
    moved = dataclasses.replace(MAIN, address="12 Rue Neuve", post_code="K1N 6A1")
    org = dataclasses.replace(ORG, addresses=(moved, KITCHEN))
    changes = company_changes(_prepared(org), _mirror_of())
    main, kitchen = changes.locations
    assert (main.code, main.fields, main.tax_registration_id) == ("", {}, None)
    [(address, kinds)] = main.addresses
    assert kinds == ("BILLING", "SHIPPING")
    assert (address["address1"], address["zip"]) == ("12 Rue Neuve", "K1N 6A1")
    # The kitchen bills to the main address: only its billing address follows.
    [(billing, kinds)] = kitchen.addresses
    assert kinds == ("BILLING",) and billing["address1"] == "12 Rue Neuve"
    assert changes.company == {} and changes.contact == {}


def test_a_ship_to_change_touches_only_its_location_and_fields():
    kitchen = dataclasses.replace(KITCHEN, city="Hull", payment_terms="NET30", phone="6135550199",
                                  tax_registration_no="QC-1")
    org = dataclasses.replace(ORG, addresses=(MAIN, kitchen))
    [change] = company_changes(_prepared(org), _mirror_of()).locations
    assert change.location_id == "gid://shopify/CompanyLocation/2"
    assert change.fields == {"phone": "6135550199",
                             "buyerExperienceConfiguration": {"paymentTermsTemplateId": "T30"}}
    assert change.tax_registration_id == "QC-1"
    [(address, kinds)] = change.addresses
    assert kinds == ("SHIPPING",) and address["city"] == "Hull"


def test_contact_changes_only_what_the_local_record_gives():
    org = dataclasses.replace(ORG, email="orders@bistro.example", contact="Marc Roy-Lamy")
    changes = company_changes(_prepared(org), _mirror_of())
    assert changes.contact == {"email": "orders@bistro.example", "lastName": "Roy-Lamy"}
    # Without a main contact in Shopify there is no contact to update.
    no_contact = dataclasses.replace(_mirror_of(), contact_id="")
    assert company_changes(_prepared(org), no_contact).contact == {}


def test_empty_local_values_clear_nothing_and_a_new_ship_to_is_a_new_location():
    bare = dataclasses.replace(ORG, phone="", vat_registration_no="", payment_terms="",
                               addresses=(MAIN, dataclasses.replace(KITCHEN, payment_terms=""),
                                          AddressOut(code="DEPOT", name="Depot", address="3 Quai",
                                                     city="Ottawa", country="CA")))
    changes = company_changes(_prepared(bare), _mirror_of())
    assert changes.locations == ()
    [(code, values)] = changes.new_locations
    assert code == "DEPOT" and values["externalId"] == "O9/DEPOT"
    assert values["billingAddress"]["address1"] == "5 Rue Principale"


def test_a_company_without_main_contact_gets_one_from_the_email():
    org = dataclasses.replace(ORG, email="Orders@Bistro.example")
    no_contact = dataclasses.replace(_mirror_of(), contact_id="", contact_email="",
                                     contact_first_name="", contact_last_name="",
                                     contact_phone="")
    changes = company_changes(_prepared(org), no_contact)
    assert changes.new_contact == {"email": "orders@bistro.example", "firstName": "Marc",
                                   "lastName": "Roy", "phone": "+16135550123"}
    assert changes.contact == {} and not changes.empty
    # With a main contact there is nothing to create; without an e-mail nothing can be.
    assert company_changes(_prepared(org), _mirror_of()).new_contact == {}
    no_email = dataclasses.replace(ORG, email="")
    assert company_changes(_prepared(no_email), no_contact).empty
