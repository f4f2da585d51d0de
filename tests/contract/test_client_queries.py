"""The client's GraphQL documents against Shopify's real Admin schema (../shared/shopify).

Each document is checked as the client sends it: its file with the shared fragments
(`queries/fragments/`) it uses appended (`operations.load(name).text`)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from graphql import (
    DocumentNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLSchema,
    InlineFragmentNode,
    OperationDefinitionNode,
    Visitor,
    build_schema,
    parse,
    print_ast,
    specified_rules,
    validate,
    value_from_ast_untyped,
    visit,
)
from graphql.validation import NoDeprecatedCustomRule

from desktop_app import SHOPIFY_API_VERSION, demo_shop
from desktop_app.demo_shop.cost import requested_cost
from desktop_app.shopify import operations
from desktop_app.shopify.operations import Operation

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


@pytest.fixture(scope="module")
def demo_schema() -> GraphQLSchema:
    return build_schema(Path(demo_shop.__file__).with_name("schema.graphql").read_text("utf-8"))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_validates_against_real_schema(schema, name):
    errors = validate(schema, parse(operations.load(name).text))
    assert [e.message for e in errors] == []


@pytest.mark.parametrize("name", DOCUMENTS)
def test_document_uses_no_unexpected_deprecated_field(schema, name):
    errors = validate(schema, parse(operations.load(name).text), [NoDeprecatedCustomRule])
    used = {re.search(r"The field (\S+) is deprecated", e.message).group(1) for e in errors}
    assert used - ALLOWED_DEPRECATED == set()


def test_bulk_query_texts_validate_and_follow_bulk_rules(schema):
    # The rules of bulk QUERIES; a bulk mutation's text (`# bulk: true` too, for its fragments
    # written out) selects its result as any mutation does.
    bulk = [n for n in DOCUMENTS if operations.load(n).settings.get("bulk") == "true"
            and not operations.load(n).is_mutation]
    assert bulk, "no bulk query text found"
    for name in bulk:
        text = operations.load(name).text
        assert validate(schema, parse(text)) == []
        assert "nodes" not in re.findall(r"\b\w+\b", text), f"{name}: bulk queries use edges"
        assert "first:" not in text.replace(" ", ""), f"{name}: bulk queries page by themselves"


class _Inline(Visitor):
    """Each fragment spread replaced by its selection (an inline fragment on the same type)."""

    def __init__(self, fragments: dict[str, FragmentDefinitionNode]) -> None:
        super().__init__()
        self.fragments = fragments

    def enter_fragment_spread(self, node: FragmentSpreadNode, *_):
        fragment = self.fragments[node.name.value]
        inner = visit(fragment.selection_set, self)
        return InlineFragmentNode(type_condition=fragment.type_condition,
                                  directives=node.directives, selection_set=inner)


def _inlined(document: DocumentNode) -> DocumentNode:
    fragments = {d.name.value: d for d in document.definitions
                 if isinstance(d, FragmentDefinitionNode)}
    operation = next(d for d in document.definitions if not isinstance(d, FragmentDefinitionNode))
    return DocumentNode(definitions=(visit(operation, _Inline(fragments)),))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_the_demo_shop_takes_the_document_and_prices_its_fragments_as_their_fields(
        schema, demo_schema, name):
    """The demo shop validates what the client sends, and a shared fragment costs the same
    as its fields written out in its place (in the demo shop, Shopify's real schema and the
    client's own estimate)."""
    operation = operations.load(name)
    inlined = _inlined(operation.document)
    assert validate(demo_schema, operation.document) == []
    assert validate(schema, inlined) == []
    definition = next(d for d in operation.document.definitions
                      if isinstance(d, OperationDefinitionNode))
    # The demo shop prices coerced variables (defaults filled in), as the server hands them.
    variables = {v.variable.name.value: value_from_ast_untyped(v.default_value)
                 for v in definition.variable_definitions if v.default_value is not None}
    variables.update({"id": "gid://shopify/Order/1", "first": 50, "query": ""})
    for target in (demo_schema, schema):
        assert requested_cost(target, operation.document, variables, name).total == \
            requested_cost(target, inlined, variables, name).total
    assert operation.estimate_cost(variables) == \
        Operation.from_text(print_ast(inlined), name).estimate_cost(variables)


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
