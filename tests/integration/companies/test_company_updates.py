"""Linked companies are kept up to date: a local change of an exported organisation (its
name, an address, its contact, a new ship-to) is sent on the next Sync Companies, only what
changed; nothing changed, nothing is sent (demo shop, real service)."""

from __future__ import annotations

import pytest

from desktop_app.store import companies as store
from desktop_app.store import customers

#: What every Sync Companies reads before exporting (the payment terms templates).
READS = ["PaymentTermsTemplates"]


def _organisation(no: str = "O9", **changes) -> None:
    row = {"no": no, "name": "Bistro Nord", "contact": "Marc Roy",
           "email": f"marc@{no.lower()}.example", "phone": "+16135550123",
           "address": "5 Rue Principale", "city": "Ottawa", "post_code": "K1N 5T2",
           "county": "ON", "country": "CA", "category": "organisation", "web_upload": True}
    row.update(changes)
    customers.upsert_customers([row])


@pytest.fixture
async def exported(harness):
    """Organisation O9 with a ship-to, exported and linked; the import is off."""
    h = harness
    h.settings(company_import="none")
    _organisation()
    store.set_business_details("O9", vat_registration_no="CA-555", payment_terms="NET30")
    store.upsert_ship_to("O9", "KITCHEN", {"name": "Central kitchen", "address": "77 Mill Rd",
                                           "city": "Gatineau", "post_code": "J8X 1A1",
                                           "county": "QC", "country": "CA"})
    first = await h.sync()
    assert (first.created, first.failed) == (1, 0), first.errors
    (company,) = h.backend.state.companies.values()
    return h, company


async def test_nothing_changed_sends_nothing(exported):
    h, _company = exported
    result = await h.sync()
    assert h.transport.operations == READS
    assert (result.updated, result.skipped, result.failed) == (0, 1, 0)


async def test_a_new_name_is_exactly_one_update(exported):
    h, company = exported
    _organisation(name="Bistro Nord & Fils")

    result = await h.sync()

    assert h.transport.operations == [*READS, "CompanyUpdate", "CompanyById"]
    assert (result.updated, result.failed) == (1, 0), result.errors
    assert company.name == "Bistro Nord & Fils"
    assert store.get_company(h.code, company.gid).name == "Bistro Nord & Fils"
    await h.sync()
    assert h.transport.operations == READS  # sent once, not again


async def test_a_moved_ship_to_is_exactly_one_address_assignment(exported):
    h, company = exported
    store.upsert_ship_to("O9", "KITCHEN", {"address": "2 Rue du Port", "city": "Hull"})

    result = await h.sync()

    assert h.transport.operations == [*READS, "CompanyLocationAssignAddress", "CompanyById"]
    assert result.updated == 1 and result.failed == 0, result.errors
    kitchen = next(loc for loc in company.locations if loc.external_id == "O9/KITCHEN")
    assert (kitchen.shipping_address.address1, kitchen.shipping_address.city) == (
        "2 Rue du Port", "Hull")
    assert kitchen.billing_address.city == "Ottawa"  # it still bills to the main address
    await h.sync()
    assert h.transport.operations == READS


async def test_the_main_address_goes_to_every_location_that_uses_it(exported):
    h, company = exported
    _organisation(address="12 Rue Neuve")

    await h.sync()

    operations = h.transport.operations
    # The main location (billing and shipping in one request), and the kitchen's billing.
    assert operations.count("CompanyLocationAssignAddress") == 2
    assert {(loc.external_id, loc.billing_address.address1) for loc in company.locations} == {
        ("O9", "12 Rue Neuve"), ("O9/KITCHEN", "12 Rue Neuve")}
    main = next(loc for loc in company.locations if loc.external_id == "O9")
    assert main.shipping_address.address1 == "12 Rue Neuve"


async def test_contact_phone_terms_and_tax_changes(exported):
    h, company = exported
    _organisation(contact="Marc Roy-Lamy")
    store.set_business_details("O9", vat_registration_no="CA-777", payment_terms="NET60")

    result = await h.sync()

    assert result.failed == 0, result.errors
    operations = h.transport.operations
    assert operations.count("CompanyContactUpdate") == 1
    assert operations.count("CompanyLocationUpdate") == 2  # terms of both locations
    assert operations.count("CompanyLocationTaxSettingsUpdate") == 2
    contact = h.backend.state.customers[company.main_contact.customer_id]
    assert (contact.first_name, contact.last_name) == ("Marc", "Roy-Lamy")
    assert {loc.tax_registration_id for loc in company.locations} == {"CA-777"}
    assert {loc.payment_terms_template_id for loc in company.locations} == {5}
    await h.sync()
    assert h.transport.operations == READS


async def test_a_new_ship_to_becomes_a_location_once(exported):
    h, company = exported
    store.upsert_ship_to("O9", "DEPOT", {"name": "Depot", "address": "3 Quai", "city": "Ottawa",
                                         "country": "CA", "county": "ON"})

    result = await h.sync()

    assert result.failed == 0, result.errors
    assert h.transport.operations == [*READS, "CompanyById", "CompanyLocationCreate",
                                      "CompanyById"]
    assert sorted(loc.external_id for loc in company.locations) == [
        "O9", "O9/DEPOT", "O9/KITCHEN"]
    depot = next(loc for loc in store.get_company(h.code, company.gid).locations
                 if loc.external_id == "O9/DEPOT")
    assert depot.ship_to_code == "DEPOT"
    await h.sync()
    assert h.transport.operations == READS


async def test_only_web_upload_or_can_update_linked_companies_are_sent(exported):
    h, company = exported
    customers.set_web_upload(["O9"], False)
    _organisation(name="Renamed", web_upload=False)
    await h.sync()
    assert h.transport.operations == READS and company.name == "Bistro Nord"
    h.settings(can_update_shopify_customers=True)
    await h.sync()
    assert "CompanyUpdate" in h.transport.operations and company.name == "Renamed"


async def test_user_errors_are_the_records_and_the_other_changes_still_go(exported):
    h, company = exported
    await h.company(company={"name": "Other"}, companyContact={"email": "taken@other.example"})
    _organisation(name="Bistro Nord SA", email="taken@other.example")

    result = await h.sync()

    assert result.failed == 1 and result.updated == 1
    (error,) = result.errors
    assert (error.record, error.field, error.message) == (
        "O9", "input.email", "Email address has already been taken.")
    assert company.name == "Bistro Nord SA"
    again = await h.sync()  # the e-mail is tried again, the name is not sent twice
    assert h.transport.operations == [*READS, "CompanyContactUpdate"]
    assert again.failed == 1 and again.errors[0].repeated
