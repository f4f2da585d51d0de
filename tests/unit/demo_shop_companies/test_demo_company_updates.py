"""The demo shop's company update mutations: companyLocationAssignAddress,
companyLocationTaxSettingsUpdate and companyContactUpdate (what the companies export uses
to send local changes of a linked company)."""

from __future__ import annotations

import pytest

from desktop_app.demo_shop import ShopBackend
from test_demo_companies import CREATE, run

ASSIGN = """mutation($id: ID!, $a: CompanyAddressInput!, $t: [CompanyAddressType!]!) {
  companyLocationAssignAddress(locationId: $id, address: $a, addressTypes: $t) {
    addresses { id address1 city zoneCode countryCode }
    userErrors { field message code } } }"""
TAX = """mutation($id: ID!, $tax: String, $exempt: Boolean) {
  companyLocationTaxSettingsUpdate(companyLocationId: $id, taxRegistrationId: $tax,
                                   taxExempt: $exempt) {
    companyLocation { taxSettings { taxRegistrationId taxExempt } }
    userErrors { field message code } } }"""
CONTACT = """mutation($id: ID!, $i: CompanyContactInput!) {
  companyContactUpdate(companyContactId: $id, input: $i) {
    companyContact { title customer { firstName lastName email phone } }
    userErrors { field message code } } }"""
READ = """query($id: ID!) { company(id: $id) { updatedAt mainContact { id }
  locations(first: 2) { nodes { updatedAt
    billingAddress { address1 city } shippingAddress { address1 city } } } } }"""


@pytest.fixture
def backend():
    shop = ShopBackend()
    yield shop
    shop.close()


def _company(backend, email: str = "buyer@acme.example") -> tuple[str, str]:
    answer = run(backend, CREATE, {"i": {
        "company": {"name": "Acme"},
        "companyContact": {"email": email, "firstName": "Ann"},
        "companyLocation": {"billingSameAsShipping": True, "taxRegistrationId": "T1",
                            "shippingAddress": {"address1": "1 Bank St", "city": "Ottawa",
                                                "countryCode": "CA", "zoneCode": "ON"}}}})
    company = answer.data["companyCreate"]["company"]
    return company["id"], company["locations"]["nodes"][0]["id"]


def test_assign_address_replaces_the_named_slots_only(backend):
    company_id, location_id = _company(backend)
    before = run(backend, READ, {"id": company_id}).data["company"]
    answer = run(backend, ASSIGN, {"id": location_id, "t": ["SHIPPING"], "a": {
        "address1": "9 Dock Rd", "city": "Toronto", "countryCode": "CA", "zoneCode": "on"}})
    data = answer.data["companyLocationAssignAddress"]
    assert data["userErrors"] == []
    assert [(a["address1"], a["zoneCode"]) for a in data["addresses"]] == [("9 Dock Rd", "ON")]
    after = run(backend, READ, {"id": company_id}).data["company"]
    [location] = after["locations"]["nodes"]
    assert location["shippingAddress"] == {"address1": "9 Dock Rd", "city": "Toronto"}
    assert location["billingAddress"] == {"address1": "1 Bank St", "city": "Ottawa"}
    assert after["updatedAt"] > before["updatedAt"]
    both = run(backend, ASSIGN, {"id": location_id, "t": ["BILLING", "SHIPPING"], "a": {
        "address1": "5 Main St", "city": "Kingston", "countryCode": "CA"}})
    addresses = both.data["companyLocationAssignAddress"]["addresses"]
    assert len(addresses) == 2 and addresses[0]["id"] != addresses[1]["id"]
    [location] = run(backend, READ, {"id": company_id}).data["company"]["locations"]["nodes"]
    assert location["billingAddress"] == location["shippingAddress"] == {
        "address1": "5 Main St", "city": "Kingston"}


def test_assign_address_errors(backend):
    _company_id, location_id = _company(backend)
    bad = run(backend, ASSIGN, {"id": location_id, "t": ["SHIPPING"], "a": {
        "address1": "1 A St", "countryCode": "CA", "zoneCode": "ZZ"}})
    assert bad.data["companyLocationAssignAddress"] == {"addresses": None, "userErrors": [
        {"field": ["address", "zoneCode"], "message": "Zone code is invalid", "code": "INVALID"}]}
    missing = run(backend, ASSIGN, {"id": "gid://shopify/CompanyLocation/1", "t": ["BILLING"],
                                    "a": {"address1": "1 A St", "countryCode": "CA"}})
    assert missing.data["companyLocationAssignAddress"]["userErrors"][0]["code"] == (
        "RESOURCE_NOT_FOUND")


def test_tax_settings_change_only_what_is_given(backend):
    _company_id, location_id = _company(backend)
    exempt = run(backend, TAX, {"id": location_id, "exempt": True}).data
    assert exempt["companyLocationTaxSettingsUpdate"]["companyLocation"]["taxSettings"] == {
        "taxRegistrationId": "T1", "taxExempt": True}
    changed = run(backend, TAX, {"id": location_id, "tax": " T2 "}).data
    assert changed["companyLocationTaxSettingsUpdate"]["companyLocation"]["taxSettings"] == {
        "taxRegistrationId": "T2", "taxExempt": True}


def test_contact_update_changes_its_customer_and_checks_what_is_taken(backend):
    company_id, _location_id = _company(backend)
    other_id, _ = _company(backend, "other@acme.example")
    contact_id = run(backend, READ, {"id": company_id}).data["company"]["mainContact"]["id"]
    answer = run(backend, CONTACT, {"id": contact_id, "i": {
        "email": "Boss@Acme.example", "lastName": "Lee", "phone": "+1 613 555 0101",
        "title": "Buyer"}}).data["companyContactUpdate"]
    assert answer["userErrors"] == []
    assert answer["companyContact"] == {"title": "Buyer", "customer": {
        "firstName": "Ann", "lastName": "Lee", "email": "boss@acme.example",
        "phone": "+16135550101"}}
    owners = backend.state.email_owner
    assert "buyer@acme.example" not in owners and "boss@acme.example" in owners
    other_contact = run(backend, READ, {"id": other_id}).data["company"]["mainContact"]["id"]
    taken = run(backend, CONTACT, {"id": other_contact, "i": {
        "email": "boss@acme.example", "phone": "+16135550101"}}).data["companyContactUpdate"]
    assert taken == {"companyContact": None, "userErrors": [
        {"field": ["input", "email"], "message": "Email address has already been taken.",
         "code": "TAKEN"},
        {"field": ["input", "phone"], "message": "Phone number has already been taken.",
         "code": "TAKEN"}]}
