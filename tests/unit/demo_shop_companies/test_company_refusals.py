"""Every refusal of the demo shop's company mutations: the payload's object is null and
``userErrors`` carries Shopify's field, message and code."""

from __future__ import annotations

import pytest
from test_demo_companies import run

from desktop_app.demo_shop import ShopBackend

SETUP = """mutation($i: CompanyCreateInput!) { companyCreate(input: $i) {
  company { id contacts(first: 1) { nodes { id customer { id } } }
    locations(first: 1) { nodes { id } } } } }"""
NO_EMAIL = """mutation { customerCreate(input: {firstName: "No", phone: "+16135550123"}) {
  customer { id } } }"""
MISSING = "RESOURCE_NOT_FOUND"
NO_COMPANY = (["companyId"], "Company does not exist.", MISSING)
NO_LOCATION = (["companyLocationId"], "Company location does not exist.", MISSING)
NO_CONTACT = (["companyContactId"], "Company contact does not exist.", MISSING)
# The update mutations say it their own way (captured: b2b-company-mutation-validation)
NO_COMPANY_TO_UPDATE = (["companyId"], "Resource requested does not exist.", MISSING)
NO_LOCATION_TO_UPDATE = (["input"], "The company location doesn't exist", MISSING)
NO_CONTACT_TO_UPDATE = (["companyContactId"], "The company contact doesn't exist.", MISSING)
NOT_ITS_CONTACT = (["companyContactId"], "The company contact does not exist on this company.",
                   "INVALID_INPUT")
ZONE = "Zone code is invalid"
UNKNOWN = {"C": "gid://shopify/Company/999", "L": "gid://shopify/CompanyLocation/999",
           "K": "gid://shopify/CompanyContact/999"}
ADDRESS = {"address1": "1 A St", "countryCode": "CA"}

# (mutation, its arguments' types, payload key, arguments, expected userErrors)
CASES = [
    ("companyCreate", {"input": "CompanyCreateInput!"}, "company",
     {"input": {"company": {"name": " "}}},
     [(["input", "company", "name"], "Name can't be blank", "BLANK")]),
    ("companyCreate", {"input": "CompanyCreateInput!"}, "company",
     {"input": {"company": {"name": "B"}, "companyLocation": {
         "shippingAddress": {**ADDRESS, "zoneCode": "ZZ"}}}},
     [(["input", "companyLocation", "shippingAddress", "zoneCode"], ZONE, "INVALID")]),
    ("companyUpdate", {"companyId": "ID!", "input": "CompanyInput!"}, "company",
     {"companyId": UNKNOWN["C"], "input": {"name": "X"}}, [NO_COMPANY_TO_UPDATE]),
    ("companyUpdate", {"companyId": "ID!", "input": "CompanyInput!"}, "company",
     {"companyId": "gid://shopify/Customer/1", "input": {}}, [NO_COMPANY_TO_UPDATE]),
    ("companyUpdate", {"companyId": "ID!", "input": "CompanyInput!"}, "company",
     {"companyId": "C", "input": {"name": ""}},
     [(["input", "name"], "Name can't be blank", "BLANK")]),
    ("companyLocationCreate", {"companyId": "ID!", "input": "CompanyLocationInput!"},
     "companyLocation", {"companyId": UNKNOWN["C"], "input": {"name": "X"}}, [NO_COMPANY]),
    ("companyLocationCreate", {"companyId": "ID!", "input": "CompanyLocationInput!"},
     "companyLocation", {"companyId": "C", "input": {"name": None}},
     [(None, "Company location create input is empty.", "NO_INPUT")]),
    ("companyLocationCreate", {"companyId": "ID!", "input": "CompanyLocationInput!"},
     "companyLocation", {"companyId": "C", "input": {"phone": "nope"}},
     [(["input", "phone"], "Phone is invalid", "INVALID")]),
    ("companyLocationUpdate",
     {"companyLocationId": "ID!", "input": "CompanyLocationUpdateInput!"}, "companyLocation",
     {"companyLocationId": UNKNOWN["L"], "input": {"name": "X"}}, [NO_LOCATION_TO_UPDATE]),
    ("companyLocationUpdate",
     {"companyLocationId": "ID!", "input": "CompanyLocationUpdateInput!"}, "companyLocation",
     {"companyLocationId": "L", "input": {"phone": "nope"}},
     [(["input", "phone"], "Phone is invalid", "INVALID")]),
    ("companyContactCreate", {"companyId": "ID!", "input": "CompanyContactInput!"},
     "companyContact", {"companyId": UNKNOWN["C"], "input": {"email": "x@y.example"}},
     [NO_COMPANY]),
    ("companyContactCreate", {"companyId": "ID!", "input": "CompanyContactInput!"},
     "companyContact", {"companyId": "C", "input": {}},
     [(None, "Company contact create input is empty.", "NO_INPUT")]),
    ("companyContactCreate", {"companyId": "ID!", "input": "CompanyContactInput!"},
     "companyContact", {"companyId": "C", "input": {"email": "buyer@acme.example"}},
     [(["input", "email"], "Email address has already been taken.", "TAKEN")]),
    ("companyAssignCustomerAsContact", {"companyId": "ID!", "customerId": "ID!"},
     "companyContact", {"companyId": UNKNOWN["C"], "customerId": "U"}, [NO_COMPANY]),
    ("companyAssignCustomerAsContact", {"companyId": "ID!", "customerId": "ID!"},
     "companyContact", {"companyId": "C", "customerId": "gid://shopify/Customer/999"},
     [(["customerId"], "Customer does not exist.", MISSING)]),
    ("companyAssignCustomerAsContact", {"companyId": "ID!", "customerId": "ID!"},
     "companyContact", {"companyId": "C", "customerId": "U"},
     [(["companyId"], "Customer is already associated with a company contact.",
       "INVALID_INPUT")]),
    ("companyAssignCustomerAsContact", {"companyId": "ID!", "customerId": "ID!"},
     "companyContact", {"companyId": "C", "customerId": "NO_EMAIL"},
     [(["companyId"], "Customer must have an email address.", "INVALID_INPUT")]),
    ("companyAssignMainContact", {"companyId": "ID!", "companyContactId": "ID!"}, "company",
     {"companyId": UNKNOWN["C"], "companyContactId": "K"}, [NO_COMPANY]),
    ("companyAssignMainContact", {"companyId": "ID!", "companyContactId": "ID!"}, "company",
     {"companyId": "C", "companyContactId": UNKNOWN["K"]}, [NOT_ITS_CONTACT]),
    ("companyAssignMainContact", {"companyId": "ID!", "companyContactId": "ID!"}, "company",
     {"companyId": "C", "companyContactId": "gid://shopify/Customer/1"}, [NOT_ITS_CONTACT]),
    ("companyLocationAssignAddress", {"locationId": "ID!", "address": "CompanyAddressInput!",
                                      "addressTypes": "[CompanyAddressType!]!"}, "addresses",
     {"locationId": UNKNOWN["L"], "address": ADDRESS, "addressTypes": ["BILLING"]},
     [(["locationId"], "Company location does not exist.", MISSING)]),
    ("companyLocationAssignAddress", {"locationId": "ID!", "address": "CompanyAddressInput!",
                                      "addressTypes": "[CompanyAddressType!]!"}, "addresses",
     {"locationId": "L", "address": ADDRESS, "addressTypes": []},
     [(["addressTypes"], "Invalid input.", "INVALID_INPUT")]),
    ("companyLocationAssignAddress", {"locationId": "ID!", "address": "CompanyAddressInput!",
                                      "addressTypes": "[CompanyAddressType!]!"}, "addresses",
     {"locationId": "L", "address": {**ADDRESS, "zoneCode": "ZZ"}, "addressTypes": ["SHIPPING"]},
     [(["address", "zoneCode"], ZONE, "INVALID")]),
    ("companyLocationTaxSettingsUpdate", {"companyLocationId": "ID!", "taxExempt": "Boolean"},
     "companyLocation", {"companyLocationId": UNKNOWN["L"], "taxExempt": True}, [NO_LOCATION]),
    ("companyLocationTaxSettingsUpdate", {"companyLocationId": "ID!", "taxExempt": "Boolean"},
     "companyLocation", {"companyLocationId": "gid://shopify/Company/1", "taxExempt": True},
     [NO_LOCATION]),
    ("companyContactUpdate", {"companyContactId": "ID!", "input": "CompanyContactInput!"},
     "companyContact", {"companyContactId": UNKNOWN["K"], "input": {"title": "X"}},
     [NO_CONTACT_TO_UPDATE]),
    ("companyContactUpdate", {"companyContactId": "ID!", "input": "CompanyContactInput!"},
     "companyContact", {"companyContactId": "gid://shopify/Company/1", "input": {}},
     [NO_CONTACT_TO_UPDATE]),
    ("companyContactUpdate", {"companyContactId": "ID!", "input": "CompanyContactInput!"},
     "companyContact", {"companyContactId": "K", "input": {"email": "bad", "locale": "?"}},
     [(["input", "email"], "Email is invalid", "INVALID"),
      (["input", "locale"], "Invalid locale format.", "INVALID")]),
]


@pytest.fixture
def shop():
    backend = ShopBackend()
    made = run(backend, SETUP, {"i": {"company": {"name": "Acme"}, "companyContact": {
        "email": "buyer@acme.example", "firstName": "Ann"}}}).data["companyCreate"]["company"]
    contact = made["contacts"]["nodes"][0]
    no_email = run(backend, NO_EMAIL).data["customerCreate"]["customer"]["id"]
    ids = {"C": made["id"], "L": made["locations"]["nodes"][0]["id"], "K": contact["id"],
           "U": contact["customer"]["id"], "NO_EMAIL": no_email}
    yield backend, ids
    backend.close()


@pytest.mark.parametrize(("mutation", "types", "key", "arguments", "expected"), CASES,
                         ids=[f"{case[0]}-{n}" for n, case in enumerate(CASES)])
def test_refusal(shop, mutation, types, key, arguments, expected) -> None:
    backend, ids = shop
    declared = ", ".join(f"${name}: {type_}" for name, type_ in types.items())
    passed = ", ".join(f"{name}: ${name}" for name in types)
    document = (f"mutation({declared}) {{ {mutation}({passed}) {{ {key} {{ id }} "
                "userErrors { field message code } } }")
    variables = {name: ids.get(value, value) if isinstance(value, str) else value
                 for name, value in arguments.items()}
    answer = run(backend, document, variables)
    assert answer.errors is None
    assert answer.data == {mutation: {key: None, "userErrors": [
        {"field": field, "message": message, "code": code} for field, message, code in expected
    ]}}
