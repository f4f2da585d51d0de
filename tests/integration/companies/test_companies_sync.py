"""Sync Companies against the in-process demo shop: each mapping type, multiple locations,
export of an organisation with two addresses, B2B order parties, userErrors per record."""

from __future__ import annotations

from desktop_app.store import companies as store
from desktop_app.store import customer_templates, customers
from desktop_app.sync.companies import b2b_order_parties
from desktop_app.sync.context import JobContext, NullReporter
from desktop_app.sync.results import SyncResult

NET30 = "gid://shopify/PaymentTermsTemplate/4"
NET60 = "gid://shopify/PaymentTermsTemplate/5"


def _address(city: str, street: str) -> dict:
    return {"address1": street, "city": city, "zip": "K1P 1J1", "countryCode": "CA",
            "zoneCode": "ON"}


async def _acme(h, **contact) -> dict:
    company = await h.company(
        company={"name": "Acme Supply Inc."},
        companyContact={"email": "buyer@acme.example", "firstName": "Ann", "lastName": "Lee",
                        **contact},
        companyLocation={"name": "Head office", "taxRegistrationId": "123 456 789 RT0001",
                         "billingSameAsShipping": True,
                         "shippingAddress": _address("Ottawa", "1 Bank St"),
                         "buyerExperienceConfiguration": {"paymentTermsTemplateId": NET30}},
    )
    await h.location(company["id"], name="Warehouse", shippingAddress=_address("Toronto", "9 Dock Rd"),
                     buyerExperienceConfiguration={"paymentTermsTemplateId": NET60})
    return company


async def test_email_mapping_links_the_organisation_not_the_person(harness):
    h = harness
    customers.upsert_customers([
        {"no": "P1", "name": "Ann Lee", "email": "buyer@acme.example", "category": "person"},
        {"no": "O1", "name": "Acme", "email": "Buyer@Acme.example", "category": "organisation"},
    ])
    h.settings(company_import="all", company_mapping="email_phone")
    company = await _acme(h)
    result = await h.sync()
    assert result.failed == 0, result.errors
    staged = store.get_company(h.code, company["id"])
    assert staged.customer_no == "O1" and staged.match_reason == "email"
    # Two locations: the first is the organisation's own address, the second a new ship-to.
    codes = sorted(loc.ship_to_code for loc in staged.locations)
    assert codes == ["", "L1"]
    ship_to = store.ship_to_addresses("O1")[0]
    assert (ship_to.city, ship_to.payment_terms) == ("Toronto", "NET60")


async def test_phone_is_tried_when_the_email_matches_nobody(harness):
    h = harness
    customers.upsert_customers([{"no": "O2", "name": "Acme", "email": "office@acme.example",
                               "phone": "+16135550199", "category": "organisation"}])
    h.settings(company_import="all", company_mapping="email_phone")
    company = await _acme(h, phone="+16135550199")
    await h.sync()
    staged = store.get_company(h.code, company["id"])
    assert (staged.customer_no, staged.match_reason) == ("O2", "phone")


async def test_tax_id_mapping_uses_vat_registration_no(harness):
    h = harness
    customers.upsert_customers([{"no": "O3", "name": "Acme", "category": "organisation"},
                              {"no": "O4", "name": "Other", "category": "organisation"}])
    store.set_business_details("O3", vat_registration_no="123456789-RT0001")
    store.set_business_details("O4", registration_no="999")
    h.settings(company_import="all", company_mapping="tax_id")
    company = await _acme(h)
    await h.sync()
    staged = store.get_company(h.code, company["id"])
    assert (staged.customer_no, staged.match_reason) == ("O3", "tax id")


async def test_default_company_links_nothing_and_orders_use_it(harness):
    h = harness
    customers.upsert_customers([{"no": "DEF", "name": "Trade sales", "category": "organisation"}])
    h.settings(company_import="all", company_mapping="default_company", default_company_no="DEF")
    company = await _acme(h)
    result = await h.sync()
    assert result.skipped == 1 and result.created == 0
    assert store.get_company(h.code, company["id"]).customer_no is None
    ctx = JobContext(h.code, await h.service.client_for(h.code), SyncResult("orders"),
                     NullReporter(), 0)
    parties = await b2b_order_parties(ctx, company["id"], company["locations"]["nodes"][0]["id"])
    assert (parties.sell_to_no, parties.bill_to_no, parties.payment_terms_code) == (
        "DEF", "DEF", "NET30")


async def test_auto_create_makes_an_organisation_with_ship_tos_and_terms(harness):
    h = harness
    customer_templates.save_customer_template({"code": "B2B", "country": "CA", "category": "organisation"})
    h.settings(company_import="all", auto_create_customers=True, customer_template="B2B")
    company = await _acme(h)
    result = await h.sync()
    assert result.created == 1, result.errors
    no = store.get_company(h.code, company["id"]).customer_no
    local = customers.get_customer(no)
    assert (local.name, local.category, local.city, local.email) == (
        "Acme Supply Inc.", "organisation", "Ottawa", "buyer@acme.example")
    assert local.contact == "Ann Lee"
    details = store.business_details(no)
    assert (details.vat_registration_no, details.payment_terms) == ("123 456 789 RT0001", "NET30")
    # A B2B order at the warehouse takes that location's ship-to and its own payment terms.
    ctx = JobContext(h.code, await h.service.client_for(h.code), SyncResult("orders"),
                     NullReporter(), 0)
    [warehouse] = [
        loc for loc in store.get_company(h.code, company["id"]).locations if loc.name == "Warehouse"
    ]
    parties = await b2b_order_parties(ctx, company["id"], warehouse.shopify_id)
    assert (parties.sell_to_no, parties.ship_to_code, parties.payment_terms_code) == (
        no, "L1", "NET60")
    # A second run changes nothing.
    again = await h.sync()
    assert (again.created, again.updated, again.skipped) == (0, 0, 1)


async def test_export_organisation_with_two_addresses_gives_one_company_two_locations(harness):
    h = harness
    customers.upsert_customers([{
        "no": "O9", "name": "Bistro Nord", "contact": "Marc Roy", "email": "marc@bistro.example",
        "phone": "+16135550123", "address": "5 Rue Principale", "city": "Ottawa",
        "post_code": "K1N 5T2", "county": "ON", "country": "CA", "category": "organisation",
        "web_upload": True,
    }])
    store.set_business_details("O9", vat_registration_no="CA-555", payment_terms="NET30")
    store.upsert_ship_to("O9", "KITCHEN", {"name": "Central kitchen", "address": "77 Mill Rd",
                                           "city": "Gatineau", "post_code": "J8X 1A1",
                                           "county": "QC", "country": "CA"})
    result = await h.sync()
    assert (result.created, result.failed) == (1, 0), result.errors
    companies = list(h.backend.state.companies.values())
    assert len(companies) == 1
    company = companies[0]
    assert (company.name, company.external_id) == ("Bistro Nord", "O9")
    assert sorted(loc.external_id for loc in company.locations) == ["O9", "O9/KITCHEN"]
    kitchen = next(loc for loc in company.locations if loc.external_id == "O9/KITCHEN")
    assert (kitchen.shipping_address.city, kitchen.billing_address.city) == ("Gatineau", "Ottawa")
    assert all(loc.payment_terms_template_id == 4 for loc in company.locations)
    contact = h.backend.state.customers[company.main_contact.customer_id]
    assert (contact.email, contact.first_name, contact.last_name) == (
        "marc@bistro.example", "Marc", "Roy")
    assert store.company_of_customer(h.code, "O9") == company.gid
    # Linked now: the next run neither creates nor fails.
    again = await h.sync()
    assert (again.created, again.failed) == (0, 0)
    assert len(h.backend.state.companies) == 1


async def test_user_errors_become_per_record_errors(harness):
    h = harness
    await _acme(h)  # buyer@acme.example is now a company contact
    customers.upsert_customers([
        {"no": "O7", "name": "Copycat", "email": "buyer@acme.example", "address": "1 A St",
         "city": "Ottawa", "country": "CA", "category": "organisation", "web_upload": True},
        {"no": "O8", "name": "Fine Co", "email": "fine@co.example", "address": "2 B St",
         "city": "Ottawa", "country": "CA", "category": "organisation", "web_upload": True},
    ])
    result = await h.sync()
    assert result.created == 1 and result.failed == 1
    error = result.errors[0]
    assert (error.record, error.field, error.message) == (
        "O7", "input.companyContact.email", "Email address has already been taken.")


async def test_long_company_values_cut_to_the_local_fields_are_named(harness):
    """Never cut without a word (issue 15): a company name and a location name longer than
    the local fields are cut, and the run names each (field_cut)."""
    h = harness
    customer_templates.save_customer_template({"code": "B2B", "country": "CA", "category": "organisation"})
    h.settings(company_import="all", auto_create_customers=True, customer_template="B2B")
    name = "Acme " + "Supply and Trading " * 9  # 176 characters
    company = await h.company(
        company={"name": name},
        companyContact={"email": "long@acme.example", "firstName": "Ann", "lastName": "Lee"},
        companyLocation={"name": "Head office", "billingSameAsShipping": True,
                         "shippingAddress": _address("Ottawa", "1 Bank St")},
    )
    await h.location(company["id"], name="Depot " + "x" * 120,
                     shippingAddress=_address("Toronto", "9 Dock Rd"))
    result = await h.sync()
    assert result.created == 1, result.errors
    cut = {(w.record, w.field) for w in result.warnings if w.code == "field_cut"}
    assert (company["id"], "name") in cut, result.warnings
    assert any(field == "ship_to_name" for _record, field in cut), result.warnings
    local = customers.get_customer(store.get_company(h.code, company["id"]).customer_no)
    assert local.name == name[:100]
