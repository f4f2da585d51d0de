"""The client's GraphQL documents against Shopify's real Admin schema (../shared/shopify)."""

from __future__ import annotations

import re

import pytest
from graphql import GraphQLSchema, parse, specified_rules, validate
from graphql.validation import NoDeprecatedCustomRule

from desktop_app import SHOPIFY_API_VERSION
from desktop_app.shopify import operations

DOCUMENTS = operations.available()

#: Deprecated fields used on purpose, with the reason (see the documents' headers).
ALLOWED_DEPRECATED = {
    # Scalars cost 0 points; their replacements are objects costing 1 point each per customer.
    "Customer.email",
    "Customer.phone",
}


@pytest.fixture(scope="module")
def schema(shopify_schema: GraphQLSchema) -> GraphQLSchema:
    # graphql-core 3.3 would reject Shopify's schema while validating (PLATFORM.md); we pin
    # 3.2, where this is a no-op. Clearing the cache keeps both working.
    shopify_schema._validation_errors = []  # type: ignore[attr-defined]
    return shopify_schema


def test_there_are_documents_to_check():
    assert {"ShopInfo", "CustomersPage", "BulkCustomers", "BulkOperationRunQuery"} <= set(DOCUMENTS)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_validates_against_real_schema(schema, name):
    errors = validate(schema, parse(operations.load_text(name)))
    assert [e.message for e in errors] == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_uses_no_unexpected_deprecated_field(schema, name):
    errors = validate(schema, parse(operations.load_text(name)), [NoDeprecatedCustomRule])
    used = {re.search(r"The field (\S+) is deprecated", e.message).group(1) for e in errors}
    assert used - ALLOWED_DEPRECATED == set()


def test_bulk_query_texts_validate_and_follow_bulk_rules(schema):
    bulk = [n for n in DOCUMENTS if operations.load(n).settings.get("bulk") == "true"]
    assert bulk, "no bulk query text found"
    for name in bulk:
        text = operations.load(name).text
        assert validate(schema, parse(text)) == []
        assert "nodes" not in re.findall(r"\b\w+\b", text), f"{name}: bulk queries use edges"
        assert "first:" not in text.replace(" ", ""), f"{name}: bulk queries page by themselves"


def test_validation_really_runs_a_made_up_field_is_rejected(schema):
    bogus = "query Bogus { shop { name loyaltyPointsBalance } }"
    errors = validate(schema, parse(bogus))
    assert any("loyaltyPointsBalance" in e.message for e in errors)
    wrong_argument = "query Bogus2 { customers(first: 1, colour: RED) { nodes { id } } }"
    assert validate(schema, parse(wrong_argument), specified_rules) != []


def test_pinned_version_equals_the_schema_file_version(shared):
    versions = [
        m.group(1)
        for p in (shared / "shopify").glob("admin-schema-*.graphql")
        if (m := re.fullmatch(r"admin-schema-(\d{4}-\d{2})\.graphql", p.name))
    ]
    assert versions == [SHOPIFY_API_VERSION]
