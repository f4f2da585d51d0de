"""A linked company without a main contact gets one on the next Sync Companies when the local
organisation has an e-mail (its contact person and phone with it): companyContactCreate, or
the company's contact that already has that e-mail, then companyAssignMainContact (demo shop,
real service)."""

from __future__ import annotations

import pytest

from desktop_app.store import companies as store
from desktop_app.store import customers

READS = ["PaymentTermsTemplates"]
CONTACT_CREATE = """
mutation C($companyId: ID!, $input: CompanyContactInput!) {
  companyContactCreate(companyId: $companyId, input: $input) {
    companyContact { id } userErrors { field message code }
  }
}"""


def _organisation(no: str = "O9", **changes) -> None:
    row = {"no": no, "name": "Bistro Nord", "contact": "Marc Roy", "email": "", "phone": "",
           "address": "5 Rue Principale", "city": "Ottawa", "post_code": "K1N 5T2",
           "county": "ON", "country": "CA", "category": "organisation", "web_upload": True}
    row.update(changes)
    customers.upsert_customers([row])


@pytest.fixture
async def exported_without_contact(harness):
    """Organisation O9 (contact person Marc Roy), exported while it had no e-mail: a company
    with no main contact."""
    h = harness
    h.settings(company_import="none")
    _organisation()
    first = await h.sync()
    assert (first.created, first.failed) == (1, 0), first.errors
    (company,) = h.backend.state.companies.values()
    assert company.main_contact is None and company.contacts == []
    assert store.get_company(h.code, company.gid).main_contact_id == ""
    return h, company


async def test_an_email_given_later_makes_the_main_contact(exported_without_contact):
    h, company = exported_without_contact
    _organisation(email="Marc@Bistro.example")

    result = await h.sync()

    assert (result.updated, result.failed) == (1, 0), result.errors
    assert h.transport.operations == [*READS, "CompanyContactsPage", "CompanyContactCreate",
                                      "CompanyAssignMainContact", "CompanyById"]
    contact = company.main_contact
    assert contact is not None
    customer = h.backend.state.customers[contact.customer_id]
    assert (customer.email, customer.first_name, customer.last_name) == (
        "marc@bistro.example", "Marc", "Roy")
    staged = store.get_company(h.code, company.gid)
    assert staged.main_contact_id == contact.gid
    assert staged.main_contact_email == "marc@bistro.example"
    # Made once: the next run has nothing to send.
    await h.sync()
    assert h.transport.operations == READS
    assert len(company.contacts) == 1


async def test_no_email_no_contact_and_nothing_sent(exported_without_contact):
    h, company = exported_without_contact
    # A contact person but no e-mail (Shopify needs one): no contact, nothing to send.
    result = await h.sync()

    assert h.transport.operations == READS
    assert (result.updated, result.failed) == (0, 0)
    assert company.main_contact is None


async def test_a_contact_that_already_has_the_email_is_made_main(exported_without_contact):
    """A run cut off between the create and the assignment left a contact that is not the
    main one: it is assigned, not created a second time (which Shopify refuses as taken)."""
    h, company = exported_without_contact
    data = await h.gql(CONTACT_CREATE, {"companyId": company.gid,
                                        "input": {"email": "marc@bistro.example"}})
    assert data["companyContactCreate"]["userErrors"] == []
    _organisation(email="marc@bistro.example")

    result = await h.sync()

    assert (result.updated, result.failed) == (1, 0), result.errors
    assert "CompanyContactCreate" not in h.transport.operations
    assert "CompanyAssignMainContact" in h.transport.operations
    assert len(company.contacts) == 1
    assert company.main_contact is company.contacts[0]


async def test_a_company_from_shopify_without_contact_gets_one_when_updates_go_out(harness):
    h = harness
    customers.upsert_customers([{"no": "O3", "name": "Acme", "email": "office@acme.example",
                               "contact": "Ann Lee", "address": "1 Bank St", "city": "Ottawa",
                               "country": "CA", "county": "ON", "category": "organisation"}])
    store.set_business_details("O3", vat_registration_no="123456789RT0001")
    h.settings(company_import="all", company_mapping="tax_id",
               can_update_shopify_customers=True)
    made = await h.company(company={"name": "Acme"}, companyLocation={
        "name": "Head office", "taxRegistrationId": "123456789RT0001",
        "billingSameAsShipping": True,
        "shippingAddress": {"address1": "1 Bank St", "city": "Ottawa", "countryCode": "CA",
                            "zoneCode": "ON"}})

    result = await h.sync()

    assert result.failed == 0, result.errors
    assert store.get_company(h.code, made["id"]).customer_no == "O3"
    assert "CompanyContactCreate" in h.transport.operations
    company = next(iter(h.backend.state.companies.values()))
    customer = h.backend.state.customers[company.main_contact.customer_id]
    assert (customer.email, customer.first_name, customer.last_name) == (
        "office@acme.example", "Ann", "Lee")


async def test_an_email_of_another_companys_contact_is_a_per_record_error(
        exported_without_contact):
    h, company = exported_without_contact
    other = await h.company(company={"name": "Other Co"},
                            companyContact={"email": "shared@example.com"})
    assert other["id"] != company.gid
    _organisation(email="shared@example.com")

    result = await h.sync()

    assert result.failed == 1
    [error] = result.errors
    assert (error.record, error.field, error.message) == (
        "O9", "input.email", "Email address has already been taken.")
    assert "CompanyAssignMainContact" not in h.transport.operations
    assert company.main_contact is None
