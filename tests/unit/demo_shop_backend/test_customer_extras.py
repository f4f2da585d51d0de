"""customerByIdentifier and the tax exemption mutations answer as the real-store captures show
(customer-by-identifier, customer-add/remove/replace-tax-exemptions-parity)."""

from __future__ import annotations

from typing import Any

import pytest
from demo_shops import BackendClient

from desktop_app.demo_shop import ShopBackend

SCOPES = frozenset({"read_customers", "write_customers"})
CREATE = """mutation C($input: CustomerInput!) { customerCreate(input: $input) {
  customer { id } userErrors { field message } } }"""
BY = """query B($identifier: CustomerIdentifierInput!) {
  customerByIdentifier(identifier: $identifier) { id } }"""
EXEMPT = """mutation E($customerId: ID!, $taxExemptions: [TaxExemption!]!) {
  customer%sTaxExemptions(customerId: $customerId, taxExemptions: $taxExemptions) {
    customer { taxExemptions } userErrors { field message } } }"""


@pytest.fixture
def client() -> Any:
    backend = ShopBackend()
    yield BackendClient(backend, SCOPES)
    backend.close()


def _customer(client: BackendClient, **fields: Any) -> str:
    payload = client.ok(CREATE, {"input": fields})["customerCreate"]
    assert payload["userErrors"] == []
    return payload["customer"]["id"]


def test_a_customer_is_found_by_id_email_in_any_case_or_phone(client: BackendClient) -> None:
    ann = _customer(client, email="ann@example.com", phone="+16135550142")
    _customer(client, email="bob@example.com")
    found = [client.ok(BY, {"identifier": identifier})["customerByIdentifier"]
             for identifier in ({"id": ann}, {"emailAddress": "Ann@Example.com"},
                                {"phoneNumber": "+1 613-555-0142"},
                                {"emailAddress": "missing@example.com"})]
    assert found == [{"id": ann}, {"id": ann}, {"id": ann}, None]


def test_a_custom_id_or_no_identifier_is_a_top_level_error(client: BackendClient) -> None:
    custom = client(BY, {"identifier": {"customId": {"key": "erp", "value": "1"}}})
    assert custom.data == {"customerByIdentifier": None}
    assert [(e["message"], e["extensions"]["code"]) for e in custom.errors] == [
        ("Metafield definition of type 'id' is required when using custom ids.", "NOT_FOUND")]
    empty = client(BY, {"identifier": {}})
    assert [e["extensions"]["code"] for e in empty.errors] == ["INVALID_VARIABLE"]


def test_tax_exemptions_are_added_removed_and_replaced_each_once(client: BackendClient) -> None:
    customer = _customer(client, email="tax@example.com")

    def exempt(action: str, exemptions: list[str]) -> Any:
        return client.ok(EXEMPT % action, {"customerId": customer, "taxExemptions": exemptions})[
            f"customer{action}TaxExemptions"]

    bc, us = "CA_BC_RESELLER_EXEMPTION", "US_CA_RESELLER_EXEMPTION"
    eu = "EU_REVERSE_CHARGE_EXEMPTION_RULE"
    assert exempt("Add", [bc, us])["customer"] == {"taxExemptions": [bc, us]}
    assert exempt("Add", [bc, bc])["customer"] == {"taxExemptions": [bc, us]}
    assert exempt("Add", [])["customer"] == {"taxExemptions": [bc, us]}
    assert exempt("Remove", [us])["customer"] == {"taxExemptions": [bc]}
    assert exempt("Remove", [us])["customer"] == {"taxExemptions": [bc]}
    assert exempt("Replace", [eu, eu])["customer"] == {"taxExemptions": [eu]}
    assert exempt("Replace", [])["customer"] == {"taxExemptions": []}


def test_an_unknown_customer_gets_the_captured_text(client: BackendClient) -> None:
    for action in ("Add", "Remove", "Replace"):
        answer = client.ok(EXEMPT % action, {"customerId": "gid://shopify/Customer/999999999999999",
                                             "taxExemptions": ["CA_BC_RESELLER_EXEMPTION"]})
        assert answer[f"customer{action}TaxExemptions"] == {"customer": None, "userErrors": [
            {"field": ["customerId"], "message": "Customer does not exist."}]}


ERASURE = """mutation R($customerId: ID!) { customer%sDataErasure(customerId: $customerId) {
  customerId userErrors { field message code } } }"""


def test_a_data_erasure_is_requested_then_cancelled_once(client: BackendClient) -> None:
    customer = _customer(client, email="erase@example.com")

    def erasure(action: str, customer_id: str = customer) -> Any:
        return client.ok(ERASURE % action, {"customerId": customer_id})[
            f"customer{action}DataErasure"]

    ok = {"customerId": customer, "userErrors": []}
    assert erasure("Request") == ok
    assert erasure("Request") == ok  # asked twice: accepted (captured)
    assert erasure("Cancel") == ok
    assert erasure("Cancel") == {"customerId": None, "userErrors": [
        {"field": ["customerId"], "message": "Customer's data is not scheduled for erasure",
         "code": "NOT_BEING_ERASED"}]}
    unknown = "gid://shopify/Customer/999999999999999"
    for action in ("Request", "Cancel"):
        assert erasure(action, unknown) == {"customerId": None, "userErrors": [
            {"field": ["customerId"], "message": "Customer does not exist",
             "code": "DOES_NOT_EXIST"}]}
