"""The demo shop's companies: captured userErrors, defaults, B2B orders, state round trip."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import graphql
import pytest

from desktop_app.demo_shop import ShopBackend
from desktop_app.demo_shop.context import RequestContext

CREATE = """mutation($i: CompanyCreateInput!) { companyCreate(input: $i) {
  company { id name mainContact { isMainContact customer { email } }
    locations(first: 5) { nodes { id name taxSettings { taxRegistrationId }
      buyerExperienceConfiguration { paymentTermsTemplate { name dueInDays } } } } }
  userErrors { field message code } } }"""


def run(backend: ShopBackend, query: str, variables: dict | None = None,
        scopes: frozenset[str] | None = None) -> graphql.ExecutionResult:
    document = graphql.parse(query)
    assert graphql.validate(backend.schema, document) == []
    context = RequestContext("http://demo", scopes if scopes is not None else backend.access_scopes,
                             datetime(2026, 11, 1, tzinfo=UTC))
    return backend.execute(document, variables, None, context)


@pytest.fixture
def backend():
    shop = ShopBackend()
    yield shop
    shop.close()


def test_company_without_location_input_gets_one_named_after_it(backend):
    data = run(backend, CREATE, {"i": {"company": {"name": "Solo"}}}).data["companyCreate"]
    assert data["userErrors"] == []
    assert [n["name"] for n in data["company"]["locations"]["nodes"]] == ["Solo"]


def test_captured_validation_errors(backend):
    answer = run(backend, CREATE, {"i": {"company": {"name": "", "externalId": "x" * 65},
                                         "companyContact": {"firstName": "No email"}}})
    errors = answer.data["companyCreate"]["userErrors"]
    assert {"field": ["input", "company", "name"], "message": "Name can't be blank",
            "code": "BLANK"} in errors
    assert {"field": ["input", "company", "externalId"],
            "message": "External Id must be 64 characters or less.", "code": "TOO_LONG"} in errors
    assert {"field": ["input", "companyContact"],
            "message": "Either the attribute email or customer_id must be provided",
            "code": "INVALID"} in errors
    assert backend.state.companies == {}


def test_contact_email_taken_and_location_terms(backend):
    first = run(backend, CREATE, {"i": {"company": {"name": "A"},
                                        "companyContact": {"email": "x@y.example"},
                                        "companyLocation": {"taxRegistrationId": "T1",
                                            "buyerExperienceConfiguration": {
                                                "paymentTermsTemplateId":
                                                    "gid://shopify/PaymentTermsTemplate/4"}}}})
    company = first.data["companyCreate"]["company"]
    assert company["mainContact"] == {"isMainContact": True, "customer": {"email": "x@y.example"}}
    [location] = company["locations"]["nodes"]
    assert location["taxSettings"]["taxRegistrationId"] == "T1"
    assert location["buyerExperienceConfiguration"]["paymentTermsTemplate"] == {
        "name": "Net 30", "dueInDays": 30}
    second = run(backend, CREATE, {"i": {"company": {"name": "B"},
                                         "companyContact": {"email": "X@Y.example"}}})
    assert second.data["companyCreate"]["userErrors"] == [{
        "field": ["input", "companyContact", "email"],
        "message": "Email address has already been taken.", "code": "TAKEN"}]


def test_scopes_are_required(backend):
    answer = run(backend, "{ companies(first: 1) { nodes { id } } }", scopes=frozenset())
    assert answer.errors and answer.errors[0].extensions["code"] == "ACCESS_DENIED"


def test_b2b_order_through_order_create(backend):
    created = run(backend, CREATE, {"i": {"company": {"name": "A"},
                                          "companyContact": {"email": "b@y.example"}}})
    location_id = created.data["companyCreate"]["company"]["locations"]["nodes"][0]["id"]
    order = run(backend, """mutation($o: OrderCreateOrderInput!) { orderCreate(order: $o) {
      order { purchasingEntity { __typename ... on PurchasingCompany {
        company { name } location { id } contact { customer { email } } } } }
      userErrors { field message } } }""", {"o": {
        "companyLocationId": location_id, "currency": "CAD",
        "lineItems": [{"title": "Crate", "quantity": 1,
                       "priceSet": {"shopMoney": {"amount": "10.00", "currencyCode": "CAD"}}}]}})
    assert order.errors is None, order.errors
    entity = order.data["orderCreate"]["order"]["purchasingEntity"]
    assert entity == {"__typename": "PurchasingCompany", "company": {"name": "A"},
                      "location": {"id": location_id}, "contact": {"customer": {"email": "b@y.example"}}}


def test_generated_shop_has_companies_and_b2b_orders_and_round_trips():
    shop = ShopBackend.generate(seed=7, customers=100, orders=150,
                                now=datetime(2026, 11, 1, tzinfo=UTC))
    try:
        companies = list(shop.state.companies.values())
        assert len(companies) == 4
        assert all(1 <= len(c.locations) <= 3 and c.main_contact for c in companies)
        assert all(loc.shipping_address and loc.billing_address
                   for c in companies for loc in c.locations)
        assert any(o.company_location_id for o in shop.state.orders.values())
        plain = ShopBackend.generate(seed=7, customers=100, orders=150,
                                     now=datetime(2026, 11, 1, tzinfo=UTC))
        data = json.loads(json.dumps(shop.to_json()))
        assert ShopBackend.from_json(data).to_json() == data == plain.to_json()
        plain.close()
    finally:
        shop.close()
